"""The board: the plan's cards appear, due dates raise reminders, multi-card writes.

``BoardService`` runs at start and whenever the plan's day changes (checked once a
minute), on whichever screen is showing; each card is made once ever and each
reminder goes out once per card per day (both recorded in the board file under the
write lock). The board's other changes are functions of the board
(``cadence.domain.deliverables``) given to ``Repository.update_board``.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from pendulum import Date

from cadence.clock import parse_local
from cadence.data.models import Deliverable
from cadence.data.repository import BOARD, Repository
from cadence.domain.deliverables import (
    new_cards,
    reminders_due,
)
from cadence.domain.plan_time import parse_date
from cadence.domain.schedule import day_start, logical_date
from cadence.i18n import _

if TYPE_CHECKING:
    from cadence.services.delivery import Delivery
    from cadence.services.host import Host, Timer


def generate_cards(repo: Repository, day: Date, now_iso: str) -> list[Deliverable]:
    """Add the cards the plan asks for on ``day`` that were never made; returns the new ones.

    Safe to run any number of times (restarts, two runs a day, two processes).
    Nothing happens without a plan start.
    """
    settings = repo.settings()
    if not settings.plan_start:
        return []
    try:
        start = parse_date(settings.plan_start)
    except ValueError:
        return []
    plan = repo.plan()
    return repo.add_generated_cards(
        lambda cards, made: new_cards(plan, start, day, cards, made, now_iso)
    )


class CardReader:
    """Reads the board's cards, re-building only those whose stored document changed.

    A board of hundreds of cards is read again after every write; most documents
    are unchanged, and comparing a document costs far less than building its card.
    The cards it returns are shared between reads: change copies, never them.
    """

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._built: dict[str, tuple[dict[str, object], Deliverable]] = {}

    def cards(self) -> list[Deliverable]:
        """The stored cards, sorted by column and order (as ``Repository.cards``)."""
        docs = self.repo.store.tables(BOARD).get("cards", {})
        built: dict[str, tuple[dict[str, object], Deliverable]] = {}
        for doc in docs.values():
            key = str(doc.get("id", ""))
            old = self._built.get(key)
            if old is not None and old[0] == doc:
                built[key] = old
            else:
                built[key] = (doc, Deliverable.from_dict(doc))
        self._built = built
        return sorted((card for _doc, card in built.values()), key=lambda c: (c.column, c.order))


#: More reminders than this on one day are sent as one summary.
MAX_SINGLE = 3
STATE_TITLES = {"overdue": "Overdue", "today": "Due today", "soon": "Due soon"}


class BoardService:
    """Makes the plan's cards and sends due-date reminders, once per plan day.

    It sleeps until the plan's next day begins (or a mute ends), at most
    ``host.max_sleep``. A UI that has just opened lists the due cards in its one
    start toast (``delivery.notes``) instead of one notification per card.
    """

    def __init__(self, host: Host, delivery: Delivery | None = None) -> None:
        self.host = host
        self.delivery = delivery
        self.day: Date | None = None
        #: Reminders held back by a mute, to send when it ends.
        self.reminders_pending = False
        self._wake: Timer | None = None

    def tick(self) -> None:
        """Run the day's work when the plan's day has changed (or reminders wait on a mute)."""
        host = self.host
        if host.read_only:
            return  # the instance that holds the data does this
        now = host.clock.now()
        today = logical_date(now, host.settings.rollover_hour)
        if today == self.day and not (self.reminders_pending and not self._muted()):
            return
        self.day = today
        now_iso = now.isoformat()
        host.persist(lambda: self.run(today, now_iso))

    def start(self) -> None:
        """Once now, then at every change of the plan's day."""
        self.host.follow(self._followed)
        self.tick()
        self._plan()

    def next_wake(self) -> float:
        """Seconds until the plan's next day begins, or a mute ends (at most max_sleep)."""
        host = self.host
        now = host.clock.now()
        rollover = host.settings.rollover_hour
        tomorrow = day_start(logical_date(now, rollover).add(days=1), rollover, host.clock.tz)
        delay = min(host.max_sleep, (tomorrow - now).total_seconds())
        until = host.settings.reminders_muted_until
        if self.reminders_pending and until:
            with contextlib.suppress(ValueError):
                delay = min(delay, (parse_local(until, host.clock.tz) - now).total_seconds())
        return max(0.0, delay)

    def _plan(self) -> None:
        if self._wake is not None:
            self._wake.stop()
        self._wake = self.host.after(self.next_wake() + 0.005, self._woken, name="board")

    def _woken(self) -> None:
        self._wake = None
        self.tick()
        self._plan()

    def _followed(self, names: set[str]) -> None:
        if any(n.startswith("settings") for n in names):
            self._plan()  # the rollover hour or a mute changed

    def _muted(self) -> bool:
        until = self.host.settings.reminders_muted_until
        if not until:
            return False
        try:
            return parse_local(until, self.host.clock.tz) > self.host.clock.now()
        except ValueError:
            return False

    def run(self, today: Date, now_iso: str) -> list[Deliverable]:
        """Make the day's cards, then send its reminders. Blocking: run it off the UI thread."""
        made = generate_cards(self.host.repo, today, now_iso)
        self.remind(today)
        return made

    def remind(self, today: Date) -> int:
        """Send the reminders due on ``today`` not sent yet; returns how many cards."""
        if self._muted():
            if not self.reminders_pending:
                self.reminders_pending = True
                self.host.on_main(self._plan)  # wake when the mute ends
            return 0
        self.reminders_pending = False
        repo = self.host.repo
        settings = repo.settings()
        due = reminders_due(repo.cards(), today, settings.due_soon_days)
        fresh = set(repo.claim_reminders((c.id for c, _s in due), today.isoformat()))
        due = [(c, s) for c, s in due if c.id in fresh]
        notes = self.delivery.notes if self.delivery is not None else None
        if due and notes is not None:
            lines = [
                _(
                    "{state}: {title} (due {due})",
                    state=_(STATE_TITLES[s]),
                    title=c.title,
                    due=c.due or "",
                )
                for c, s in due
            ]
            if notes.add(_("Cards due"), lines):
                return len(due)
        send = self.host.notifier.send
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
