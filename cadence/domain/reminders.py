"""Which reminders are due: pure, from the day's blocks, the last check and now.

A day's reminders: N minutes before each block still to do and when it starts;
the plan's wind-down (the block that leads into bedtime, 22:30) and bedtime (the
start of the sleep block, 23:00) take the place of those blocks' start reminders.
The service asks :func:`due` for the reminders in ``(last_checked, now]``: a
reminder is never due twice, and one missed while the app was closed is found
when it opens.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pendulum
from pendulum import Date, DateTime

from cadence.data.models import DayRecord, DayTemplate
from cadence.domain.schedule import ScheduledBlock, blocks_for, day_start, logical_date

#: Kinds of reminder.
SOON, START, WIND_DOWN, BEDTIME = "soon", "start", "wind_down", "bedtime"
#: A reminder more than this late is "missed" (machine asleep, app closed), not fired.
LATE_AFTER_S = 120
#: How far back a check looks at most (a week away is not a list of 150 reminders).
LOOK_BACK_DAYS = 2
#: Without a sleep block, wind-down is this long before bedtime.
WIND_DOWN_MIN = 30


@dataclass(frozen=True)
class Reminder:
    """One reminder: when it is due, what kind, and the block it is about."""

    at: DateTime
    kind: str
    title: str
    start: DateTime
    end: DateTime
    date: Date
    block_id: str = ""

    @property
    def key(self) -> str:
        """Stable identity: the date, the block and the kind."""
        return f"{self.date.isoformat()}:{self.block_id}:{self.kind}"


def bedtime_block(blocks: list[ScheduledBlock]) -> ScheduledBlock | None:
    """The day's sleep block that starts latest in the evening (the night's sleep)."""
    sleeps = [b for b in blocks if b.block.kind == "sleep"]
    return max(sleeps, key=lambda b: b.start) if sleeps else None


def wind_down_block(blocks: list[ScheduledBlock], bedtime: DateTime) -> ScheduledBlock | None:
    """The block that ends at bedtime (the plan's 22:30–23:00), sleep blocks excluded."""
    leading = [b for b in blocks if b.end == bedtime and b.block.kind != "sleep"]
    return max(leading, key=lambda b: b.start) if leading else None


def day_reminders(blocks: list[ScheduledBlock], lead_min: int) -> list[Reminder]:
    """Every reminder of one day's blocks, sorted by time.

    Blocks already done or skipped remind nothing. ``lead_min`` ≤ 0 turns the
    "in N minutes" reminders off.
    """
    out: list[Reminder] = []
    sleep = bedtime_block(blocks)
    wind = wind_down_block(blocks, sleep.start) if sleep is not None else None
    for b in blocks:
        if b.state != "todo":
            continue
        kind = START
        if sleep is not None and b is sleep:
            kind = BEDTIME
        elif wind is not None and b is wind:
            kind = WIND_DOWN
        common = Reminder(
            at=b.start,
            kind=kind,
            title=b.block.title,
            start=b.start,
            end=b.end,
            date=b.date,
            block_id=b.block.id,
        )
        if lead_min > 0:
            out.append(
                dataclasses.replace(common, at=b.start.subtract(minutes=lead_min), kind=SOON)
            )
        out.append(common)
    # A day with a sleep block but nothing leading into it still gets its wind-down.
    if sleep is not None and wind is None and sleep.state == "todo":
        at = sleep.start.subtract(minutes=WIND_DOWN_MIN)
        out.append(Reminder(at, WIND_DOWN, "", at, sleep.start, sleep.date, ""))
    return sorted(out, key=lambda r: (r.at, r.kind != SOON, r.block_id))


def due(reminders: Iterable[Reminder], after: DateTime, upto: DateTime) -> list[Reminder]:
    """The reminders with ``after < at <= upto``, oldest first."""
    return sorted((r for r in reminders if after < r.at <= upto), key=lambda r: r.at)


def reminders_between(
    templates: list[DayTemplate],
    record_of: Callable[[str], DayRecord | None],
    after: DateTime,
    upto: DateTime,
    tz: str,
    lead_min: int,
) -> list[Reminder]:
    """The reminders due in ``(after, upto]`` over every date they can fall on.

    ``record_of(iso_date)`` gives that date's own changes and states. A block of
    the day before can start after midnight, and a "soon" reminder can fall on
    the day before its block, so the dates scanned reach one day either side.
    ``after`` is clamped to ``LOOK_BACK_DAYS`` before ``upto``.
    """
    if upto <= after:
        return []
    floor = upto.subtract(days=LOOK_BACK_DAYS)
    after = max(after, floor)
    first = after.in_timezone(tz).date().subtract(days=1)
    last = upto.in_timezone(tz).date().add(days=1)
    found: list[Reminder] = []
    day = first
    while day <= last:
        blocks = blocks_for(templates, record_of(day.isoformat()), day, tz)
        found.extend(due(day_reminders(blocks, lead_min), after, upto))
        day = day.add(days=1)
    return sorted(found, key=lambda r: r.at)


def split_late(reminders: list[Reminder], now: DateTime) -> tuple[list[Reminder], list[Reminder]]:
    """``(on time, late)``: late ones are more than ``LATE_AFTER_S`` old and are listed, not fired."""
    on_time = [r for r in reminders if (now - r.at).total_seconds() <= LATE_AFTER_S]
    late = [r for r in reminders if (now - r.at).total_seconds() > LATE_AFTER_S]
    return on_time, late


def muted(muted_until: str | None, now: DateTime) -> bool:
    """Whether reminders are muted at ``now`` (``muted_until`` is an ISO moment or None)."""
    if not muted_until:
        return False
    try:
        until = pendulum.parse(muted_until)
    except Exception:
        return False
    return isinstance(until, DateTime) and now < until


def missed_lines(reminders: list[Reminder], untitled: str = "") -> list[str]:
    """One line per block that had reminders, "HH:MM title", in time order (soon reminders
    of a block that also started are folded into it); ``untitled`` names a reminder
    without a block (a wind-down the plan has no block for)."""
    seen: set[tuple[str, str]] = set()
    lines = []
    for r in sorted(reminders, key=lambda r: r.start):
        key = (r.date.isoformat(), r.block_id or r.kind)
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"{r.start.format('HH:mm')} {r.title or untitled}".rstrip())
    return lines


#: Ways to mute, in minutes; "day" mutes until the next day begins (the rollover hour).
MUTE_CHOICES = ("30", "60", "120", "day")


def mute_until(choice: str, now: DateTime, rollover_hour: int, tz: str) -> DateTime:
    """When a mute chosen at ``now`` ends: after N minutes, or ("day") when the plan's
    next day begins."""
    if choice == "day":
        return day_start(logical_date(now, rollover_hour).add(days=1), rollover_hour, tz)
    return now.add(minutes=int(choice))
