"""The board's app-wide service: the plan's cards appear, and due dates raise reminders.

Runs at start and whenever the plan's day changes (checked once a minute), on
whichever screen is showing. The work is done off the UI thread through
``app.persist``; each card is made once ever and each reminder goes out once per
card per day (both recorded in the board file under the write lock).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pendulum import Date

from cadence.clock import parse_local
from cadence.data.board import generate_cards
from cadence.data.models import Deliverable
from cadence.domain.deliverables import reminders_due
from cadence.domain.schedule import logical_date
from cadence.i18n import _

if TYPE_CHECKING:
    from cadence.app import CadenceApp

CHECK_EVERY_S = 60.0
#: More reminders than this on one day are sent as one summary.
MAX_SINGLE = 3
STATE_TITLES = {"overdue": "Overdue", "today": "Due today", "soon": "Due soon"}


class BoardService:
    """Makes the plan's cards and sends due-date reminders, once per plan day."""

    def __init__(self, app: CadenceApp) -> None:
        self.app = app
        self.day: Date | None = None
        #: Reminders held back by a mute, to send when it ends.
        self.reminders_pending = False

    def tick(self) -> None:
        """Run the day's work when the plan's day has changed (or reminders wait on a mute)."""
        app = self.app
        if app.runtime.read_only:
            return  # the instance that holds the data does this
        now = app.clock.now()
        today = logical_date(now, app.settings.rollover_hour)
        if today == self.day and not (self.reminders_pending and not self._muted()):
            return
        self.day = today
        now_iso = now.isoformat()
        app.persist(lambda: self.run(today, now_iso))

    def _muted(self) -> bool:
        until = self.app.settings.reminders_muted_until
        if not until:
            return False
        try:
            return parse_local(until, self.app.clock.tz) > self.app.clock.now()
        except ValueError:
            return False

    def run(self, today: Date, now_iso: str) -> list[Deliverable]:
        """Make the day's cards, then send its reminders. Blocking: run it off the UI thread."""
        made = generate_cards(self.app.repo, today, now_iso)
        self.remind(today)
        return made

    def remind(self, today: Date) -> int:
        """Send the reminders due on ``today`` not sent yet; returns how many cards."""
        if self._muted():
            self.reminders_pending = True
            return 0
        self.reminders_pending = False
        repo = self.app.repo
        settings = repo.settings()
        due = reminders_due(repo.cards(), today, settings.due_soon_days)
        fresh = set(repo.claim_reminders((c.id for c, _s in due), today.isoformat()))
        due = [(c, s) for c, s in due if c.id in fresh]
        send = self.app.notifier.send
        if len(due) > MAX_SINGLE:
            names = "; ".join(c.title for c, _s in due[:MAX_SINGLE])
            send(
                _("{n} cards are due soon or overdue", n=len(due)),
                _("{names} and {more} more", names=names, more=len(due) - MAX_SINGLE),
                urgency="normal",
            )
        else:
            for card, state in due:
                send(
                    _(STATE_TITLES[state]),
                    _("{title} (due {due})", title=card.title, due=card.due or ""),
                    urgency="critical" if state == "overdue" else "normal",
                )
        return len(due)


def start(app: CadenceApp) -> BoardService:
    """Start the board service on ``app``: once now, then at every change of the plan's day."""
    service = BoardService(app)
    service.tick()
    app.set_interval(CHECK_EVERY_S, service.tick)
    return service
