"""The reminders service: notifications for the day's blocks, whichever screen shows.

What is due comes from the host's clock and the pure :mod:`cadence.domain.reminders`;
the service sleeps until the next reminder (at most ``host.max_sleep``: the app
looks every 5 s, the agent only at the next due moment), so a test moves a
FakeClock and calls :meth:`ReminderService.check` itself. Each reminder goes
out through :class:`~cadence.services.delivery.Delivery`: once, whether the UI,
the agent or both run.

The moment of the last check is kept in the store: a UI that opens lists what fell
while nothing ran, in one toast, for the last day only and only for the blocks that
matter (study, build, health, sleep, social); what the agent delivered is not
"missed".

A read-only instance (the data is open in another Cadence) reminds nothing: the
other one does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import pendulum
from pendulum import Date, DateTime

from cadence.domain import reminders as rules
from cadence.domain.reminders import Reminder
from cadence.domain.schedule import blocks_for, logical_date
from cadence.i18n import _
from cadence.services import ledger
from cadence.services.delivery import Delivery
from cadence.services.host import Toast
from cadence.services.service import Sleeper

if TYPE_CHECKING:
    from cadence.services.host import Host

#: At most this many missed reminders are listed by name.
MISSED_SHOWN = 8
#: A UI that opens lists what was missed in this many hours before, no more…
MISSED_WINDOW_H = 24
#: …and only for blocks of these kinds.
MISSED_KINDS = frozenset({"study", "build", "health", "sleep", "social"})
#: How far ahead the next reminder is looked for.
LOOK_AHEAD_H = 36

log = logging.getLogger("cadence.services.reminders")


def reminder_key(reminder: Reminder) -> str:
    return ledger.key("block", reminder.key)


class ReminderService(Sleeper):
    NAME = "reminders"
    #: Blocks, the plan or the lead time changed elsewhere: the next reminder may too.
    WATCHES = ("days-", "plan", "settings")

    def __init__(self, host: Host, delivery: Delivery | None = None) -> None:
        super().__init__(host, delivery)
        self.last_checked: DateTime | None = None
        #: Every reminder due on time while this service ran (newest last).
        self.sent: list[Reminder] = []
        #: The next reminder, as last planned (None: none in the next day and a half).
        self.next: Reminder | None = None
        self._next_listeners: list[Callable[[Reminder | None], None]] = []

    @property
    def active(self) -> bool:
        return not self.host.read_only

    def add_next_listener(self, callback: Callable[[Reminder | None], None]) -> None:
        """``callback(next)`` after each plan (the agent writes it down for ``status``)."""
        self._next_listeners.append(callback)

    def start(self) -> None:
        if not self.active:
            return
        now = self.host.clock.now()
        stored = self._stored()
        self.last_checked = now
        if stored is not None and stored < now:
            missed = self.missed(stored, now)
            if missed:
                self._list_missed(missed, since_open=True)
        self._save(now)
        self.follow()
        self.plan()

    # ------------------------------------------------------------ planning

    def next_due(self, now: DateTime) -> Reminder | None:
        """The first reminder after ``now`` (within ``LOOK_AHEAD_H`` hours)."""
        upcoming = self._due(now, now.add(hours=LOOK_AHEAD_H))
        return upcoming[0] if upcoming else None

    def plan(self) -> None:
        """Sleep until the next reminder (or ``host.max_sleep``), then check."""
        self.stop_waking()
        if not self.active:
            return
        now = self.host.clock.now()
        self.next = self.next_due(now)
        for callback in list(self._next_listeners):
            callback(self.next)
        self.sleep(None if self.next is None else (self.next.at - now).total_seconds())

    # ------------------------------------------------------------ the check

    def check(self) -> list[Reminder]:
        """Send what fell due since the last check; returns those reminders."""
        if not self.active:
            return []
        now = self.host.clock.now()
        last = self.last_checked
        if last is None or now <= last:
            # First check, or the clock went back: start from here.
            self.last_checked = now
            return []
        found = self._due(last, now)
        self.last_checked = now
        if not found:
            return []
        self._save(now)
        if rules.muted(self.host.settings.reminders_muted_until, now):
            return []
        on_time, late = rules.split_late(found, now)
        if late:
            done = self.delivery.delivered()
            late = [r for r in late if reminder_key(r) not in done]
            if late:
                self._list_missed(late, since_open=False)
        for reminder in on_time:
            title, message = self.describe(reminder, now)
            urgency = "critical" if reminder.kind == rules.BEDTIME else "normal"
            self.delivery.send(
                reminder_key(reminder), reminder.at.timestamp(), title, message, urgency
            )
            self.sent.append(reminder)
        return on_time

    def _due(self, after: DateTime, upto: DateTime) -> list[Reminder]:
        host = self.host
        try:
            templates = host.repo.plan().templates
            return rules.reminders_between(
                templates,
                host.repo.day,
                after,
                upto,
                host.clock.tz,
                host.settings.reminder_lead_min,
            )
        except Exception:  # a broken plan must not stop the app's timer
            log.exception("could not compute reminders")
            return []

    def missed(self, since: DateTime, now: DateTime) -> list[Reminder]:
        """What fell due between ``since`` and ``now`` that nobody delivered: within the
        last ``MISSED_WINDOW_H`` hours, for blocks of the ``MISSED_KINDS`` only."""
        found = self._due(max(since, now.subtract(hours=MISSED_WINDOW_H)), now)
        if not found:
            return []
        done = self.delivery.delivered()
        kinds = self._kinds({r.date for r in found})
        return [
            r
            for r in found
            if reminder_key(r) not in done and kinds.get((r.date, r.block_id)) in MISSED_KINDS
        ]

    def _kinds(self, dates: set[Date]) -> dict[tuple[Date, str], str]:
        repo, tz = self.host.repo, self.host.clock.tz
        templates = repo.plan().templates
        kinds: dict[tuple[Date, str], str] = {}
        for day in dates:
            for b in blocks_for(templates, repo.day(day.isoformat()), day, tz):
                kinds[(day, b.block.id)] = b.block.kind
        return kinds

    # ------------------------------------------------------------ words

    def review_pending(self, reminder: Reminder, now: DateTime) -> bool:
        """Whether the daily review of the reminder's day (or today) is still to do."""
        day = min(reminder.date, logical_date(now, self.host.settings.rollover_hour))
        review = self.host.repo.daily_review(day.isoformat())
        return review is None or not review.finished

    def describe(self, reminder: Reminder, now: DateTime) -> tuple[str, str]:
        """The notification's title and text."""
        span = f"{reminder.start.format('HH:mm')}-{reminder.end.format('HH:mm')}"
        if reminder.kind == rules.SOON:
            minutes = max(1, round((reminder.start - now).total_seconds() / 60))
            return reminder.title, _("In {n} min ({span})", n=minutes, span=span)
        if reminder.kind == rules.START:
            return reminder.title, _("Starts now ({span})", span=span)
        nudge = ""
        if self.review_pending(reminder, now):
            nudge = "\n" + _("The daily review is not done yet: press r on Today.")
        if reminder.kind == rules.WIND_DOWN:
            text = reminder.title or _("Time to wind down.")
            return _("Wind down"), text + nudge
        return _("Bedtime"), _("In bed before {time}.", time=reminder.start.format("HH:mm")) + nudge

    def _list_missed(self, missed: list[Reminder], *, since_open: bool) -> None:
        lines = rules.missed_lines(missed, untitled=_("Wind down"))
        shown = lines[:MISSED_SHOWN]
        if len(lines) > MISSED_SHOWN:
            shown.append(_("and {n} more", n=len(lines) - MISSED_SHOWN))
        title = _("Missed while Cadence was closed") if since_open else _("Missed reminders")
        notes = self.delivery.notes
        if notes is not None and notes.add(title, shown):
            return
        self.host.toast(Toast("\n".join(shown), title=title, severity="warning", timeout=20))

    # ------------------------------------------------------------ the stored moment

    def _stored(self) -> DateTime | None:
        raw = self.host.repo.reminders_checked()
        if not raw:
            return None
        try:
            parsed = pendulum.parse(raw)
        except Exception:
            return None
        return parsed if isinstance(parsed, DateTime) else None

    def _save(self, moment: DateTime) -> None:
        repo = self.host.repo
        iso = moment.isoformat()
        self.host.persist(lambda: repo.save_reminders_checked(iso))
