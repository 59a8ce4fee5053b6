"""App-wide services that run whichever screen is showing (reminders, the focus timer).

Each service module exposes ``start(app)``, which sets up its own timers and
message handlers on the running app; the app calls :func:`start_services` once
on mount. Add one line per service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cadence.app import CadenceApp


def start_services(app: CadenceApp) -> None:
    """Start every app-wide service."""
    from cadence import board_service  # the plan's cards and due-date reminders

    board_service.start(app)
    from cadence import reminders  # block, wind-down and bedtime notifications

    reminders.start(app)
    from cadence import weekly_reminder  # the weekly review, on the plan's review evening

    weekly_reminder.start(app)
    from cadence import focus_service  # the focus timer, its prompt and its log

    focus_service.start(app)
