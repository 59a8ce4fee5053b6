"""The command palette's entries for the weekly review and the exports (any screen)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from cadence.i18n import _

if TYPE_CHECKING:
    from cadence.app import CadenceApp


def system_commands(app: CadenceApp) -> Iterable[SystemCommand]:
    """Weekly review; export this week as Markdown, the calendar, everything as JSON."""

    def review() -> None:
        from cadence.screens.insights.weekly_review import open_weekly_review

        open_weekly_review(app)

    def export(fmt: str) -> None:
        from cadence.screens.insights.export_dialog import open_export

        open_export(app, fmt)

    yield SystemCommand(
        _("Weekly review"),
        _("Close the week: its figures, key learnings and next week's plan"),
        review,
    )
    yield SystemCommand(
        _("Export a report (Markdown)"),
        _("This week's or a month's figures, learnings and reviews, to post or paste"),
        lambda: export("md"),
    )
    yield SystemCommand(
        _("Export the calendar (.ics)"),
        _("Day templates as weekly events, this date's blocks and due dates, with reminders"),
        lambda: export("ics"),
    )
    yield SystemCommand(
        _("Export everything (JSON)"),
        _("All the data with its schema version; restore it with cadence import"),
        lambda: export("json"),
    )
