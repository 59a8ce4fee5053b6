"""The weekly review reminder: on the plan's review evening (default Sunday 20:30).

An app-wide service (``start(app)``): whichever screen shows, once the review slot
has begun and until the end of that day, a notification goes out once per week
while that week's review is not finished. Time comes from the app's clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadence.domain.weekly import reminder_due, review_slot
from cadence.i18n import _

if TYPE_CHECKING:
    from cadence.app import CadenceApp

CHECK_EVERY_S = 30


class WeeklyReviewReminder:
    def __init__(self, app: CadenceApp) -> None:
        self.app = app
        self.sent: set[str] = set()

    def check(self) -> str | None:
        """Send the reminder when it is due; returns the week it was sent for."""
        app = self.app
        now = app.clock.now()
        slot = review_slot(app.repo.templates())
        finished = {r.week for r in app.repo.weekly_reviews() if r.finished}
        week = reminder_due(now, slot, finished)
        if week is None or week in self.sent:
            return None
        self.sent.add(week)
        app.notifier.send(
            _("Weekly review"),
            _(
                "Close week {week}: one or two key learnings and next week's plan "
                "(Insights, then w).",
                week=week,
            ),
        )
        return week


def start(app: CadenceApp) -> WeeklyReviewReminder:
    """Check now and every 30 seconds (the clock decides; the timer only wakes us up)."""
    reminder = WeeklyReviewReminder(app)
    app.set_interval(CHECK_EVERY_S, reminder.check)
    app.call_later(reminder.check)
    return reminder
