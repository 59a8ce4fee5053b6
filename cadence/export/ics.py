"""The plan as an iCalendar file, built with ``icalendar``.

- Each day template's blocks become weekly recurring events (``RRULE:FREQ=WEEKLY;
  BYDAY=MO,TU,TH``) in the plan's time zone (``TZID`` with its ``VTIMEZONE``), from the
  plan's first matching day until the plan's last day.
- A date's own changes: blocks added for one date are single events; a template block
  edited or removed for one date is excluded from its series (``EXDATE``) and, when
  edited, given as a single event for that date.
- Cards with a due date (not done) are all-day events.
- Reminders (``VALARM``): N minutes before the blocks the plan cares most about (study,
  build, health, social, sleep) and at 09:00 the day before a card is due.

UIDs are stable, so importing the file again updates events instead of duplicating them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pendulum
from icalendar import Alarm, Calendar, Event, vRecur
from pendulum import Date, DateTime

from cadence import __version__
from cadence.data.models import DayRecord, DayTemplate, Deliverable, Plan, TimeBlock
from cadence.domain.plan_time import LAST_MONTH, month_span
from cadence.domain.schedule import crosses_midnight, parse_hhmm, template_for
from cadence.domain.weeks import Period
from cadence.i18n import _

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # Monday = 0, as pendulum 3 counts
ALARM_KINDS = ("study", "build", "health", "social", "sleep", "publish")
CARD_ALARM = timedelta(hours=-15)  # 09:00 the day before an all-day event
PRODID = f"-//Cadence//cadence {__version__}//EN"


def _at(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    hour, minute = parse_hhmm(hhmm)
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def _span(block: TimeBlock, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = _at(day, block.start, zone)
    end_day = day + timedelta(days=1) if crosses_midnight(block) else day
    return start, _at(end_day, block.end, zone)


def _alarm(description: str, trigger: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", trigger)
    return alarm


def _block_event(
    block: TimeBlock, day: date, zone: ZoneInfo, uid: str, stamp: datetime, lead_min: int
) -> Event:
    start, end = _span(block, day, zone)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", block.title)
    kind = _(block.kind)
    event.add("categories", [kind])
    description = f"{kind}: {block.note}" if block.note else kind
    event.add("description", description)
    if block.kind in ALARM_KINDS:
        event.add_component(_alarm(block.title, timedelta(minutes=-lead_min)))
    return event


def first_day(template: DayTemplate, anchor: Date) -> Date | None:
    """The first date on or after ``anchor`` that the template applies to."""
    if not template.weekdays:
        return None
    for offset in range(7):
        day = anchor.add(days=offset)
        if int(day.day_of_week) in template.weekdays:
            return day
    return None


def build_calendar(
    plan: Plan,
    *,
    days: list[DayRecord],
    cards: list[Deliverable],
    plan_start: Date,
    tz: str,
    now: DateTime,
    lead_min: int = 5,
    period: Period | None = None,
    name: str = "Cadence",
) -> Calendar:
    """The calendar of a plan: template series, the dates' own blocks, card due dates.

    ``period`` limits the single events (date changes and due cards) to its dates; the
    recurring series always run from the plan's start to its end.
    """
    zone = ZoneInfo(tz)
    stamp = now.in_timezone("UTC")
    stamp_dt = datetime(
        stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second,
        tzinfo=ZoneInfo("UTC"),
    )  # fmt: skip
    plan_end = month_span(plan_start, LAST_MONTH).last
    until_local = datetime.combine(plan_end, time(23, 59, 59), tzinfo=zone)
    until = until_local.astimezone(ZoneInfo("UTC"))

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz)

    in_period = (
        (lambda d: period.first.isoformat() <= d <= period.last.isoformat())
        if period is not None
        else (lambda d: plan_start.isoformat() <= d <= plan_end.isoformat())
    )

    # Dates whose template blocks are replaced or hidden: excluded from their series.
    excluded: dict[str, list[datetime]] = {}
    singles: list[tuple[TimeBlock, Date, str]] = []
    for record in days:
        day = pendulum.Date.fromisoformat(record.date)
        template = template_for(plan.templates, day)
        if template is not None:
            by_id = {b.id: b for b in template.blocks}
            for block_id in set(record.removed) | set(record.edited):
                block = by_id.get(block_id)
                if block is None:
                    continue
                excluded.setdefault(block_id, []).append(_at(day, block.start, zone))
                if block_id in record.edited and block_id not in record.removed:
                    merged = {**block.to_dict(), **record.edited[block_id], "id": block_id}
                    singles.append((TimeBlock.from_dict(merged), day, "edited"))
        singles.extend((block, day, "added") for block in record.added)

    for template in plan.templates:
        start_day = first_day(template, plan_start)
        if start_day is None:
            continue
        rule = vRecur(
            freq="WEEKLY",
            byday=[BYDAY[d] for d in sorted(set(template.weekdays)) if 0 <= d <= 6],
            until=until,
            wkst="MO",
        )
        for block in template.blocks:
            uid = f"cadence-{plan.id}-{template.id}-{block.id}@cadence"
            event = _block_event(block, start_day, zone, uid, stamp_dt, lead_min)
            event.add("rrule", rule)
            dates = sorted(excluded.get(block.id, []))
            if dates:
                event.add("exdate", dates)
            cal.add_component(event)

    for block, day, source in singles:
        if not in_period(day.isoformat()):
            continue
        uid = f"cadence-day-{day.isoformat()}-{source}-{block.id}@cadence"
        cal.add_component(_block_event(block, day, zone, uid, stamp_dt, lead_min))

    for card in cards:
        if not card.due or card.column == "done":
            continue
        try:
            due = pendulum.Date.fromisoformat(card.due[:10])
        except ValueError:
            continue
        if period is not None and not in_period(due.isoformat()):
            continue
        event = Event()
        event.add("uid", f"cadence-card-{card.id}@cadence")
        event.add("dtstamp", stamp_dt)
        event.add("dtstart", date(due.year, due.month, due.day))
        event.add("dtend", date(due.year, due.month, due.day) + timedelta(days=1))
        title = _("Due: {title}", title=card.title)
        event.add("summary", title)
        event.add("categories", [_(card.type)])
        if card.description:
            event.add("description", card.description)
        event.add("transp", "TRANSPARENT")
        event.add_component(_alarm(title, CARD_ALARM))
        cal.add_component(event)

    # The zone's rules around the plan's year only: a short VTIMEZONE, still exact.
    cal.add_missing_timezones(
        first_date=date(plan_start.year - 1, 1, 1), last_date=date(plan_end.year + 2, 1, 1)
    )
    return cal


def calendar_bytes(cal: Calendar) -> bytes:
    """The calendar as an .ics file's bytes (CRLF line ends, folded lines, UTF-8)."""
    return cal.to_ical()
