"""A day's time blocks: the template for its weekday plus that date's own changes.

Blocks are stored as wall-clock "HH:MM" and built into instants for each date in
the plan's zone, so daylight-saving changes never drift a block (docs/pitfalls.md): a
local time that does not exist that day (spring forward) is moved to the first
valid moment after it and marked ``shifted``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pendulum
from pendulum import Date, DateTime

from cadence.data.models import BLOCK_KINDS, DayRecord, DayTemplate, TimeBlock, WeekendGuide
from cadence.i18n import _

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
    """Instants of ``block`` on ``day``; the end falls on the next day when it crosses midnight.

    A wall time that does not exist that day (spring forward) is moved to the same
    wall time plus the gap (02:30 → 03:30) and the block is marked shifted; a
    block squeezed to nothing by that move keeps its start as its end.
    """
    start, shifted_start = _instant(day, block.start, tz)
    end_day = day.add(days=1) if crosses_midnight(block) else day
    end, shifted_end = _instant(end_day, block.end, tz)
    if end < start:
        end = start
    return start, end, shifted_start or shifted_end


def day_blocks(
    templates: list[DayTemplate], record: DayRecord | None, day: Date
) -> list[tuple[TimeBlock, str]]:
    """The blocks of ``day`` as ``(block, source)``, in template order then added ones:
    the template's blocks (date-only edits applied, hidden ones left out) and the date's
    own. Wall-clock only, no zone: for counting minutes; :func:`blocks_for` places them."""
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
    return chosen


def blocks_for(
    templates: list[DayTemplate], record: DayRecord | None, day: Date, tz: str
) -> list[ScheduledBlock]:
    """The blocks of ``day``, sorted by start: template, edited and added blocks with states."""
    record = record or DayRecord(date=day.isoformat())
    out = []
    for block, source in day_blocks(templates, record, day):
        start, end, shifted = place(block, day, tz)
        state = record.states.get(block.id, "todo")
        out.append(ScheduledBlock(block, day, start, end, state, source, shifted))
    return sorted(out, key=lambda b: (b.start, b.end))


def logical_date(now: DateTime, rollover_hour: int) -> Date:
    """The plan's "today": before the rollover hour (default 04:00) it is still yesterday.

    Read from the wall clock, so a daylight-saving night moves nothing: at 04:30
    it is the new day even when only three real hours have passed since midnight.
    """
    day = now.date()
    return day.subtract(days=1) if now.hour < max(0, min(23, rollover_hour)) else day


def day_start(day: Date, rollover_hour: int, tz: str) -> DateTime:
    """The moment the plan's ``day`` begins (its rollover hour, on the wall clock)."""
    moment, _shifted = _instant(day, f"{max(0, min(23, rollover_hour)):02d}:00", tz)
    return moment


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


def first_plan_day(now: DateTime, rollover_hour: int) -> Date:
    """The date a plan started at ``now`` begins on: the plan's today, not the calendar's.

    A first run at 01:30 belongs to the evening before (the day rolls over at
    ``rollover_hour``), so month 0 starts on that date and Today never opens with
    "Before the plan starts".
    """
    return logical_date(now, rollover_hour)


#: Kinds whose planned time is study time (Today's "planned", the weekend's 6–10 hours).
#: "publish" (learn in public) is output too, but it is the day's short post, planned on
#: its own: it is not counted here (see the kinds listed in ``models.BLOCK_KINDS``).
STUDY_BUILD_KINDS = ("study", "build")


def study_minutes(blocks: list[ScheduledBlock]) -> int:
    """Minutes of the day planned for study or building."""
    return sum(b.minutes for b in blocks if b.block.kind in STUDY_BUILD_KINDS)


#: ``f`` on Today starts on a study or build block that starts within this many minutes.
FOCUS_SOON_MIN = 15


@dataclass(frozen=True)
class FocusPick:
    """What ``f`` focuses on: ``block``, or (``block`` None) a choice among ``choices``."""

    block: ScheduledBlock | None
    choices: tuple[ScheduledBlock, ...] = ()
    why: str = ""  # "selected" | "current" | "soon" | "ask"


def pick_focus_block(
    blocks: list[ScheduledBlock],
    selected_id: str | None,
    now: DateTime | None,
    soon_min: int = FOCUS_SOON_MIN,
) -> FocusPick:
    """The block ``f`` starts focus on.

    The selected block when it is study or build; else the study/build block under
    ``now``; else the next study/build block starting within ``soon_min`` minutes; else
    none, with the day's study/build blocks to choose from (those still to come first).
    ``now`` is None when the day shown is not today (only the selection counts then).
    """
    focusable = [b for b in blocks if b.block.kind in STUDY_BUILD_KINDS]
    selected = next((b for b in focusable if b.block.id == selected_id), None)
    if selected is not None:
        return FocusPick(selected, why="selected")
    if now is not None:
        current = [b for b in focusable if b.contains(now)]
        if current:
            return FocusPick(max(current, key=lambda b: b.start), why="current")
        soon = [b for b in focusable if now < b.start <= now.add(minutes=soon_min)]
        if soon:
            return FocusPick(min(soon, key=lambda b: b.start), why="soon")
        later = [b for b in focusable if b.start > now]
        earlier = [b for b in focusable if b.start <= now]
        return FocusPick(None, tuple(later + earlier), why="ask")
    return FocusPick(None, tuple(focusable), why="ask")


@dataclass(frozen=True)
class WeekendHours:
    """Study and building planned over one weekend against the plan's guidance (6–10 h).

    ``days`` holds, for Saturday and Sunday, the date, its planned study and build
    minutes, and which way the day leans by the plan ("study", "build" or "").
    """

    saturday: Date
    planned_min: int  # study + build minutes planned over the two days
    done_min: int  # of those, in blocks ticked done
    low_h: float
    high_h: float
    days: tuple[tuple[Date, int, int, str], ...]  # (date, study min, build min, lean)

    @property
    def planned_h(self) -> float:
        return self.planned_min / 60

    @property
    def status(self) -> str:
        """ "under", "within" or "over" the guidance."""
        if self.planned_h < self.low_h:
            return "under"
        return "over" if self.planned_h > self.high_h else "within"


def weekend_of(day: Date) -> Date:
    """The Saturday of ``day``'s weekend: the coming one on a weekday, this one on Sat/Sun."""
    weekday = int(day.day_of_week)  # Monday = 0
    return day.add(days=5 - weekday) if weekday <= 5 else day.subtract(days=1)


def weekend_hours(
    templates: list[DayTemplate],
    records: dict[str, DayRecord],
    day: Date,
    guide: WeekendGuide | None = None,
) -> WeekendHours:
    """Hours of study and building planned for ``day``'s weekend, against ``guide`` (the plan's
    ``weekend``; 6–10 h when None). ``records`` maps ISO dates to their day records (date-only
    changes count: a block added on Saturday adds to it, a hidden one takes away)."""
    low, high = (guide.min_hours, guide.max_hours) if guide else (6.0, 10.0)
    saturday = weekend_of(day)
    days = []
    planned = done = 0
    for date in (saturday, saturday.add(days=1)):
        record = records.get(date.isoformat())
        per_kind = {"study": 0, "build": 0}
        for block, _source in day_blocks(templates, record, date):
            if block.kind not in STUDY_BUILD_KINDS:
                continue
            minutes = block_minutes(block.start, block.end)
            per_kind[block.kind] += minutes
            if record is not None and record.states.get(block.id) == "done":
                done += minutes
        planned += per_kind["study"] + per_kind["build"]
        template = template_for(templates, date)
        lean = ""
        if guide and template is not None:
            if template.id == guide.study_template:
                lean = "study"
            elif template.id == guide.build_template:
                lean = "build"
        days.append((date, per_kind["study"], per_kind["build"], lean))
    return WeekendHours(saturday, planned, done, low, high, tuple(days))


def format_duration(seconds: float, *, round_up: bool = False) -> str:
    """``5400`` → ``"1h30"``, ``300`` → ``"5m"``; ``round_up`` for time left (59.5 s → 1m)."""
    whole = -(-seconds // 60) if round_up else seconds // 60
    minutes = max(0, int(whole))
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}" if hours else f"{minutes}m"


# ---------------------------------------------------------------- editing blocks

#: A block that ends the next day may last at most this long; longer is a typing mistake
#: (21:00–20:00 is far more likely a slip than a 23-hour block).
MAX_OVERNIGHT_MIN = 16 * 60


def block_minutes(start: str, end: str) -> int:
    """Wall-clock minutes from ``start`` to ``end`` ("HH:MM"); an end at or before the start
    is on the next day."""
    sh, sm = parse_hhmm(start)
    eh, em = parse_hhmm(end)
    minutes = (eh * 60 + em) - (sh * 60 + sm)
    return minutes if minutes > 0 else minutes + 24 * 60


def check_block(start: str, end: str, title: str, kind: str) -> dict[str, str]:
    """What is wrong with a block as typed, by field ("start", "end", "title", "kind").

    Empty when the block can be saved. Times must be HH:MM (00:00–23:59); the end
    comes after the start, or on the next day for a block that crosses midnight
    (sleep 23:00–07:00), which may last at most 16 hours.
    """
    problems: dict[str, str] = {}
    times_ok = True
    for name, text in (("start", start), ("end", end)):
        try:
            parse_hhmm(text)
        except TimeFormatError:
            problems[name] = _("Use HH:MM, from 00:00 to 23:59 (e.g. 20:30)")
            times_ok = False
    if times_ok:
        if parse_hhmm(start) == parse_hhmm(end):
            problems["end"] = _("The end must differ from the start")
        elif parse_hhmm(end) < parse_hhmm(start) and block_minutes(start, end) > MAX_OVERNIGHT_MIN:
            problems["end"] = _(
                "The end must be after the start; a block past midnight lasts at most 16 hours"
            )
    if not title.strip():
        problems["title"] = _("A block needs a title")
    if kind not in BLOCK_KINDS:
        problems["kind"] = _("Unknown kind of block")
    return problems


def overlaps(
    block: TimeBlock, blocks: list[ScheduledBlock], day: Date, tz: str
) -> list[ScheduledBlock]:
    """The blocks of ``day`` that ``block`` would overlap (itself, by id, excluded).

    Blocks that only touch (one ends when the other starts) do not overlap.
    """
    start, end, _shifted = place(block, day, tz)
    return [
        b
        for b in blocks
        if b.block.id != block.id and b.start < end and start < b.end and b.end > b.start
    ]


def _copy_record(record: DayRecord) -> DayRecord:
    return DayRecord.from_dict(record.to_dict())


def change_for_date(record: DayRecord, block: TimeBlock, source: str) -> DayRecord:
    """``record`` with ``block`` added or changed on its date only.

    ``source`` is where the block came from: "added" blocks are replaced in
    ``added`` (a new id is appended); template blocks get an entry in ``edited``
    and are no longer hidden.
    """
    out = _copy_record(record)
    if source == "added" or source == "new":
        kept = [b for b in out.added if b.id != block.id]
        out.added = [*kept, TimeBlock.from_dict(block.to_dict())]
    else:
        out.edited[block.id] = {
            "start": block.start,
            "end": block.end,
            "title": block.title,
            "kind": block.kind,
            "note": block.note,
        }
        out.removed = [i for i in out.removed if i != block.id]
    return out


def remove_for_date(record: DayRecord, block_id: str, source: str) -> DayRecord:
    """``record`` without the block on its date: an added block is dropped, a template
    block hidden (its date-only edit forgotten)."""
    out = _copy_record(record)
    if source == "added":
        out.added = [b for b in out.added if b.id != block_id]
    else:
        out.edited.pop(block_id, None)
        if block_id not in out.removed:
            out.removed.append(block_id)
    out.states.pop(block_id, None)
    return out


def _copy_templates(templates: list[DayTemplate]) -> list[DayTemplate]:
    return [DayTemplate.from_dict(t.to_dict()) for t in templates]


def change_in_template(
    templates: list[DayTemplate], template_id: str, block: TimeBlock
) -> list[DayTemplate]:
    """Copies of ``templates`` with ``block`` put into template ``template_id``: it replaces
    the block of the same id, or is added. Blocks stay sorted by start time."""
    out = _copy_templates(templates)
    for template in out:
        if template.id == template_id:
            kept = [b for b in template.blocks if b.id != block.id]
            kept.append(TimeBlock.from_dict(block.to_dict()))
            template.blocks = sorted(kept, key=lambda b: (b.start, b.end))
            return out
    raise KeyError(f"no day template {template_id!r}")


def remove_from_template(
    templates: list[DayTemplate], template_id: str, block_id: str
) -> list[DayTemplate]:
    """Copies of ``templates`` without block ``block_id`` in template ``template_id``."""
    out = _copy_templates(templates)
    for template in out:
        if template.id == template_id:
            template.blocks = [b for b in template.blocks if b.id != block_id]
            return out
    raise KeyError(f"no day template {template_id!r}")
