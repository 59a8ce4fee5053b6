"""A day's time blocks: the template for its weekday plus that date's own changes.

Blocks are stored as wall-clock "HH:MM" and built into instants for each date in
the plan's zone, so daylight-saving changes never drift a block (PITFALLS): a
local time that does not exist that day (spring forward) is moved to the first
valid moment after it and marked ``shifted``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pendulum
from pendulum import Date, DateTime

from cadence.data.models import DayRecord, DayTemplate, TimeBlock

HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class TimeFormatError(ValueError):
    pass


def parse_hhmm(text: str) -> tuple[int, int]:
    """``"20:30"`` → ``(20, 30)``. Raises TimeFormatError for anything but HH:MM, 00:00–23:59."""
    m = HHMM.match(text.strip())
    if not m:
        raise TimeFormatError(f"{text!r} is not a time as HH:MM (00:00–23:59)")
    return int(m.group(1)), int(m.group(2))


def crosses_midnight(block: TimeBlock) -> bool:
    return parse_hhmm(block.end) <= parse_hhmm(block.start)


@dataclass(frozen=True)
class ScheduledBlock:
    """A block placed on a date: real instants, its state and where it came from."""

    block: TimeBlock
    date: Date
    start: DateTime
    end: DateTime
    state: str = "todo"
    source: str = "template"  # "template" | "edited" | "added"
    shifted: bool = False

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def contains(self, moment: DateTime) -> bool:
        return self.start <= moment < self.end


def template_for(templates: list[DayTemplate], day: Date) -> DayTemplate | None:
    """The template whose weekdays include ``day`` (Monday = 0, as pendulum 3 counts)."""
    weekday = int(day.day_of_week)
    for template in templates:
        if weekday in template.weekdays:
            return template
    return None


def _instant(day: Date, hhmm: str, tz: str) -> tuple[DateTime, bool]:
    hour, minute = parse_hhmm(hhmm)
    moment = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=tz)
    shifted = (moment.hour, moment.minute) != (hour, minute) or moment.date() != day
    return moment, shifted


def place(block: TimeBlock, day: Date, tz: str) -> tuple[DateTime, DateTime, bool]:
    """Instants of ``block`` on ``day``; the end falls on the next day when it crosses midnight."""
    start, shifted_start = _instant(day, block.start, tz)
    end_day = day.add(days=1) if crosses_midnight(block) else day
    end, shifted_end = _instant(end_day, block.end, tz)
    return start, end, shifted_start or shifted_end


def blocks_for(
    templates: list[DayTemplate], record: DayRecord | None, day: Date, tz: str
) -> list[ScheduledBlock]:
    """The blocks of ``day``, sorted by start: template, edited and added blocks with states."""
    record = record or DayRecord(date=day.isoformat())
    template = template_for(templates, day)
    chosen: list[tuple[TimeBlock, str]] = []
    if template is not None:
        for block in template.blocks:
            if block.id in record.removed:
                continue
            if block.id in record.edited:
                merged = {**block.to_dict(), **record.edited[block.id], "id": block.id}
                chosen.append((TimeBlock.from_dict(merged), "edited"))
            else:
                chosen.append((block, "template"))
    chosen.extend((block, "added") for block in record.added)
    out = []
    for block, source in chosen:
        start, end, shifted = place(block, day, tz)
        state = record.states.get(block.id, "todo")
        out.append(ScheduledBlock(block, day, start, end, state, source, shifted))
    return sorted(out, key=lambda b: (b.start, b.end))


def logical_date(now: DateTime, rollover_hour: int) -> Date:
    """The plan's "today": before the rollover hour (default 04:00) it is still yesterday."""
    return now.subtract(hours=rollover_hour).date()


def current_and_next(
    blocks: list[ScheduledBlock], now: DateTime
) -> tuple[ScheduledBlock | None, ScheduledBlock | None]:
    """The block under ``now`` (the latest-starting one if several overlap) and the next to start."""
    current = None
    upcoming = None
    for b in blocks:
        if b.contains(now) and (current is None or b.start >= current.start):
            current = b
        if b.start > now and (upcoming is None or b.start < upcoming.start):
            upcoming = b
    return current, upcoming


def study_minutes(blocks: list[ScheduledBlock]) -> int:
    """Minutes of the day planned for study or building."""
    return sum(b.minutes for b in blocks if b.block.kind in ("study", "build"))


def format_duration(seconds: float, *, round_up: bool = False) -> str:
    """``5400`` → ``"1h30"``, ``300`` → ``"5m"``; ``round_up`` for time left (59.5 s → 1m)."""
    whole = -(-seconds // 60) if round_up else seconds // 60
    minutes = max(0, int(whole))
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}" if hours else f"{minutes}m"
