"""The reminders service: desktop notifications for the day's blocks, whichever screen shows.

Built and started by ``cadence.services.start_services``. The host's timer only
*triggers* :meth:`ReminderService.check`; what is due comes from the host's clock and the
pure :mod:`cadence.domain.reminders`, so a test moves a FakeClock and calls
``check()`` itself. The moment of the last check is kept in the store: on the
next start, reminders that fell while Cadence was closed are listed once.

A read-only instance (the data is open in another Cadence) reminds nothing: the
other one does.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pendulum
from pendulum import DateTime

from cadence.domain import reminders as rules
from cadence.domain.reminders import Reminder
from cadence.domain.schedule import logical_date
from cadence.i18n import _

if TYPE_CHECKING:
    from cadence.services.host import Host

#: Seconds between checks (real time; the check itself reads the app's clock).
CHECK_EVERY_S = 5.0
#: At most this many missed reminders are listed by name.
MISSED_SHOWN = 8

log = logging.getLogger("cadence.services.reminders")


class ReminderService:
    def __init__(self, host: Host) -> None:
        self.host = host
        self.last_checked: DateTime | None = None
        #: Every reminder sent (newest last), for the curious and for tests.
        self.sent: list[Reminder] = []

    @property
    def active(self) -> bool:
        return not self.host.read_only

    def start(self) -> None:
        if not self.active:
            return
        now = self.host.clock.now()
        stored = self._stored()
        self.last_checked = now
        if stored is not None and stored < now:
            missed = self._due(stored, now)
            if missed:
                self._list_missed(missed, since_open=True)
        self._save(now)
        self.host.every(CHECK_EVERY_S, self.check, name="reminders")

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
            self._list_missed(late, since_open=False)
        for reminder in on_time:
            title, message = self.describe(reminder, now)
            urgency = "critical" if reminder.kind == rules.BEDTIME else "normal"
            self.host.notifier.send(title, message, urgency)
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
        self.host.toast("\n".join(shown), title=title, severity="warning", timeout=20)

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
