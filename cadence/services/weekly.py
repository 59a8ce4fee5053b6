"""The weekly review reminder: on the plan's review evening (default Sunday 20:30).

An app-wide service: whichever screen shows, once the review slot
has begun and until the end of that day, a notification goes out once per week
while that week's review is not finished. Time comes from the host's clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadence.domain.weekly import reminder_due, review_slot
from cadence.i18n import _

if TYPE_CHECKING:
    from cadence.services.host import Host

CHECK_EVERY_S = 30


class WeeklyReviewReminder:
    def __init__(self, host: Host) -> None:
        self.host = host
        self.sent: set[str] = set()

    def check(self) -> str | None:
        """Send the reminder when it is due; returns the week it was sent for."""
        host = self.host
        now = host.clock.now()
        slot = review_slot(host.repo.templates())
        finished = {r.week for r in host.repo.weekly_reviews() if r.finished}
        week = reminder_due(now, slot, finished)
        if week is None or week in self.sent:
            return None
        self.sent.add(week)
        host.notifier.send(
            _("Weekly review"),
            _(
                "Close week {week}: one or two key learnings and next week's plan "
                "(Insights, then w).",
                week=week,
            ),
        )
        return week

    def start(self) -> None:
        """Check now and every 30 seconds (the clock decides; the timer only wakes us up)."""
        self.host.every(CHECK_EVERY_S, self.check, name="weekly-review")
        self.host.after(0, self.check)
