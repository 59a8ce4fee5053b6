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
    from cadence.services import board  # the plan's cards and due-date reminders

    board.start(app)
    from cadence.services import reminders  # block, wind-down and bedtime notifications

    reminders.start(app)
    from cadence.services import weekly  # the weekly review, on the plan's review evening

    weekly.start(app)
    from cadence.services import focus  # the focus timer, its prompt and its log

    focus.start(app)
