"""The weekly review reminder: on the plan's review evening (default Sunday 20:30).

An app-wide service: whichever screen shows, once the review slot has begun and
until the end of that day, a notification goes out once per week while that week's
review is not finished. "Once" holds across processes and restarts: it is claimed
in the ledger of what was delivered (:mod:`cadence.services.ledger`). Time comes
from the host's clock; the service sleeps until the next slot (at most
``host.max_sleep``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pendulum import DateTime

from cadence.domain.weekly import reminder_due, review_moment, review_slot
from cadence.domain.weeks import shift_week, week_key
from cadence.i18n import _
from cadence.services import ledger
from cadence.services.delivery import Delivery
from cadence.services.service import Sleeper

if TYPE_CHECKING:
    from cadence.services.host import Host


class WeeklyReviewReminder(Sleeper):
    NAME = "weekly-review"
    WATCHES = ("plan", "weekly", "settings")

    def __init__(self, host: Host, delivery: Delivery | None = None) -> None:
        super().__init__(host, delivery)
        #: Weeks this process has reminded of (the ledger keeps them for every process).
        self.sent: set[str] = set()

    def check(self) -> str | None:
        """Send the reminder when it is due; returns the week it was sent for."""
        host = self.host
        if host.read_only:
            return None
        now = host.clock.now()
        slot = review_slot(host.repo.templates())
        finished = {r.week for r in host.repo.weekly_reviews() if r.finished}
        week = reminder_due(now, slot, finished)
        if week is None or week in self.sent:
            return None
        self.sent.add(week)
        title = _("Weekly review")
        message = _(
            "Close week {week}: one or two key learnings and next week's plan (Insights, then w).",
            week=week,
        )
        due = review_moment(week, slot, host.clock.tz).timestamp()
        self.delivery.send(ledger.key("weekly", week), due, title, message, start_title=title)
        return week

    def next_slot(self, now: DateTime) -> DateTime:
        """The next start of a review evening after ``now``."""
        slot = review_slot(self.host.repo.templates())
        week = week_key(now.date())
        moment = review_moment(week, slot, self.host.clock.tz)
        if moment <= now:
            moment = review_moment(shift_week(week, 1), slot, self.host.clock.tz)
        return moment

    def start(self) -> None:
        """Check now, then at each review evening (the clock decides; timers only wake us)."""
        self.follow()
        self.check()
        self.plan()

    def plan(self) -> None:
        now = self.host.clock.now()
        self.sleep((self.next_slot(now) - now).total_seconds())
