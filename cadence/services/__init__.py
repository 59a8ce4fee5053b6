"""App-wide services: they run whichever screen shows (and in ``cadence agent``).

No Textual here. Each service is built on a :class:`~cadence.services.host.Host`
(what it needs from whoever runs it) and started once, after the first paint.

- ``focus``: the Pomodoro timer, its log and its phase ends;
- ``reminders``: block, wind-down and bedtime notifications;
- ``board``: the plan's cards and due-date reminders;
- ``weekly``: the weekly review's reminder;
- ``sync``: the CalDAV sync in the background, when an account is set up;
- ``delivery``: what they all notify through, once whoever else runs.
- ``service``: what they share: the host, the delivery, a wake-up timer (``Sleeper``).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cadence.services.board import BoardService
    from cadence.services.delivery import Delivery
    from cadence.services.focus import FocusService
    from cadence.services.host import Host
    from cadence.services.reminders import ReminderService
    from cadence.services.sync import BackgroundSync
    from cadence.services.weekly import WeeklyReviewReminder


class Services:
    """The services of one host, built but not started.

    Each is made when first asked for (a UI's first paint needs only the timer; the
    others' modules load after it), and all of them by ``start``.
    """

    def __init__(self, host: Host) -> None:
        from cadence.services.delivery import Delivery

        self.delivery: Delivery = Delivery(host)

    @functools.cached_property
    def focus(self) -> FocusService:
        from cadence.services.focus import FocusService

        return FocusService(self.delivery.host, self.delivery)

    @functools.cached_property
    def reminders(self) -> ReminderService:
        from cadence.services.reminders import ReminderService

        return ReminderService(self.delivery.host, self.delivery)

    @functools.cached_property
    def board(self) -> BoardService:
        from cadence.services.board import BoardService

        return BoardService(self.delivery.host, self.delivery)

    @functools.cached_property
    def weekly(self) -> WeeklyReviewReminder:
        from cadence.services.weekly import WeeklyReviewReminder

        return WeeklyReviewReminder(self.delivery.host, self.delivery)

    @functools.cached_property
    def sync(self) -> BackgroundSync:
        from cadence.services.sync import BackgroundSync

        return BackgroundSync(self.delivery.host)

    def start(self) -> None:
        """Start every service: timers, and what fell due while nothing ran.

        A UI says what it has to say on opening in one toast: the start's notes are
        gathered until the start's own writes have landed (queued behind them).
        """
        from cadence.i18n import _
        from cadence.services.delivery import StartNotes
        from cadence.services.host import Toast

        host = self.delivery.host
        notes = None
        if host.role == "app" and not host.read_only:

            def show(text: str, title: str) -> None:
                host.toast(Toast(text, title=title or _("Cadence"), timeout=15, quiet=True))

            notes = self.delivery.notes = StartNotes(show)
        self.board.start()
        self.reminders.start()
        self.weekly.start()
        self.focus.start()
        self.sync.start()
        if notes is not None:
            close = notes.close
            host.persist(lambda: host.on_main(close))


def build_services(host: Host) -> Services:
    """Every app-wide service on ``host`` (cheap: nothing is started or scheduled, and
    each service is made when first used)."""
    return Services(host)
