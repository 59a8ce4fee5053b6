"""App-wide services: they run whichever screen shows (and in ``cadence agent``).

No Textual here. Each service is built on a :class:`~cadence.services.host.Host`
(what it needs from whoever runs it) and started once, after the first paint.

- ``focus``: the Pomodoro timer, its log and its phase ends;
- ``reminders``: block, wind-down and bedtime notifications;
- ``board``: the plan's cards and due-date reminders;
- ``weekly``: the weekly review's reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cadence.services.board import BoardService
    from cadence.services.focus import FocusService
    from cadence.services.host import Host
    from cadence.services.reminders import ReminderService
    from cadence.services.weekly import WeeklyReviewReminder


@dataclass
class Services:
    """The services of one host, built but not started."""

    focus: FocusService
    reminders: ReminderService
    board: BoardService
    weekly: WeeklyReviewReminder

    def start(self) -> None:
        """Start every service: timers, and what fell due while nothing ran."""
        self.board.start()
        self.reminders.start()
        self.weekly.start()
        self.focus.start()


def build_services(host: Host) -> Services:
    """Every app-wide service on ``host`` (cheap: nothing is started or scheduled)."""
    from cadence.services.board import BoardService
    from cadence.services.focus import FocusService
    from cadence.services.reminders import ReminderService
    from cadence.services.weekly import WeeklyReviewReminder

    return Services(
        focus=FocusService(host),
        reminders=ReminderService(host),
        board=BoardService(host),
        weekly=WeeklyReviewReminder(host),
    )
