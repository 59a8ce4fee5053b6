"""The plan as CalDAV resources: one calendar object per UID, and a fingerprint of each.

Events are the ``.ics`` export's own (``cadence.export.ics.build_calendar``): the
templates' weekly series with ``RRULE`` and ``EXDATE``, the dates' own changes, the
plan's ``VTIMEZONE`` and the ``VALARM`` at the user's lead time. Each event becomes a
calendar of its own (CalDAV keeps one UID per resource, and no ``METHOD``).

Cards with a due date are ``VTODO`` here rather than the export's all-day events, so
the phone's reminders app can tick them; a ticked to-do comes back as a card in Done.

A fingerprint is a hash of the fields Cadence writes (not ``DTSTAMP``, not what a
client adds), read back through ``icalendar`` so that a server's re-serialisation of
the same content gives the same fingerprint.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum
from icalendar import Alarm, Calendar, Component, Todo
from pendulum import DateTime

from cadence.data.models import Deliverable
from cadence.data.repository import Repository
from cadence.export.ics import PRODID, build_calendar
from cadence.i18n import _

EVENT = "event"
TODO = "todo"
#: 09:00 the day before the due date, as the export's card alarm (relative to DUE).
TODO_ALARM = timedelta(hours=-15)

# Control characters other than tab / line ends are not allowed in iCalendar text
# (and reach terminals: PITFALLS); a server may refuse the whole resource for one.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_KEEP = {
    "VEVENT": {
        "UID", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "CATEGORIES",
        "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "TRANSP", "LOCATION", "STATUS",
    },
    "VTODO": {"UID", "DTSTART", "DUE", "SUMMARY", "DESCRIPTION", "CATEGORIES", "RRULE"},
    "VALARM": {"ACTION", "TRIGGER", "DESCRIPTION"},
}  # fmt: skip
_PARAMS = ("TZID", "VALUE", "RELATED")


@dataclass(frozen=True)
class Resource:
    """One calendar object as Cadence wants it on the server."""

    uid: str
    kind: str  # EVENT | TODO
    name: str  # its file name in the collection
    body: bytes
    fp: str
    title: str
    card: str | None = None
    done: bool = False


@dataclass(frozen=True)
class RemoteObject:
    """One calendar object as the server has it."""

    uid: str
    kind: str
    href: str
    etag: str
    fp: str
    title: str
    done: bool = False


def resource_name(uid: str) -> str:
    """A stable file name for a UID: ``cadence-card-1a2b@cadence`` → ``cadence-card-1a2b.ics``."""
    stem = uid.removesuffix("@cadence")
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") + ".ics"


def todo_uid(card_id: str) -> str:
    # Not the export's "cadence-card-…" UID: an imported .ics in the same collection
    # would make the UID clash (CalDAV wants one UID per collection).
    return f"cadence-todo-{card_id}@cadence"


# ---------------------------------------------------------------- fingerprints


def _params(value: object) -> str:
    params = getattr(value, "params", {}) or {}
    out = []
    for key in _PARAMS:
        raw = params.get(key)
        if raw is None or (key == "VALUE" and str(raw).upper() == "DATE-TIME"):
            continue
        out.append(f"{key}={str(raw).upper() if key != 'TZID' else raw}")
    return ";".join(out)


def _ical(value: object) -> str:
    raw = value.to_ical() if hasattr(value, "to_ical") else str(value)
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _canon(comp: Component) -> list[str]:
    name_of = comp.name or ""
    keep = _KEEP.get(name_of, set())
    lines: list[str] = []
    for name, value in comp.items():
        if name not in keep:
            continue
        for one in value if isinstance(value, list) else [value]:
            if name in ("EXDATE", "RDATE") and hasattr(one, "dts"):
                # One line with three dates or three lines with one: the same dates.
                lines.extend(f"{name};{_params(one)}:{_ical(d)}" for d in one.dts)
            else:
                lines.append(f"{name};{_params(one)}:{_ical(one)}")
    for sub in comp.subcomponents:
        if sub.name in _KEEP:
            lines.append(f"{sub.name}{{{'|'.join(_canon(sub))}}}")
    if comp.name == "VTODO":
        lines.append(f"DONE:{is_done(comp)}")
    return sorted(lines)


def fingerprint(components: Iterable[Component]) -> str:
    """A short hash of the fields Cadence writes, over every component of a resource."""
    parts = sorted(f"{c.name}{{{'|'.join(_canon(c))}}}" for c in components)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


def is_done(todo: Component) -> bool:
    """Whether a to-do is completed, as phones mark it (STATUS, or a COMPLETED date alone)."""
    status = str(todo.get("STATUS", "")).upper()
    if status:
        return status == "COMPLETED"
    if "COMPLETED" in todo:
        return True
    try:
        return int(todo.get("PERCENT-COMPLETE", 0)) >= 100
    except (TypeError, ValueError):
        return False


def _items(cal: Calendar) -> list[Component]:
    return [c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO")]


def parse_remote(href: str, etag: str, data: str | bytes) -> RemoteObject | None:
    """A server object's UID, kind and fingerprint; None for what is not an event or to-do."""
    try:
        cal = Calendar.from_ical(data)
    except ValueError:
        return None
    comps = _items(cal)
    if not comps:
        return None
    main = next((c for c in comps if "RECURRENCE-ID" not in c), comps[0])
    uid = str(main.get("UID", ""))
    if not uid:
        return None
    kind = EVENT if main.name == "VEVENT" else TODO
    done = is_done(main) if kind == TODO else False
    return RemoteObject(
        uid, kind, href, etag, fingerprint(comps), str(main.get("SUMMARY", "")), done
    )


# ---------------------------------------------------------------- building


def _resource(
    cal: Calendar, uid: str, kind: str, title: str, card: str | None = None, done: bool = False
) -> Resource:
    body = _CONTROL.sub(b"", cal.to_ical())
    # The fingerprint of what the server will be given, read back as the server's will be.
    fp = fingerprint(_items(Calendar.from_ical(body)))
    return Resource(uid, kind, resource_name(uid), body, fp, title, card, done)


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    return cal


def plan_events(repo: Repository, now: DateTime, tz: str) -> list[Resource]:
    """The schedule as the ``.ics`` export has it (without the cards), one resource per UID."""
    from cadence.domain.plan_time import LAST_MONTH, month_span
    from cadence.export.run import plan_start_of, today_of

    plan_start = plan_start_of(repo, today_of(repo, now))
    plan_end = month_span(plan_start, LAST_MONTH).last
    plan = repo.plan()
    full = build_calendar(
        plan,
        days=repo.days(plan_start.isoformat(), plan_end.isoformat()),
        cards=[],
        plan_start=plan_start,
        tz=tz,
        now=now,
        lead_min=repo.settings().reminder_lead_min,
        period=None,
        name=plan.name or "Cadence",
    )
    zones = [c for c in full.subcomponents if c.name == "VTIMEZONE"]
    out: list[Resource] = []
    seen: set[str] = set()
    for event in full.subcomponents:
        if event.name != "VEVENT":
            continue
        uid = str(event["UID"])
        if uid in seen:  # one resource per UID (a block added twice on one date)
            continue
        seen.add(uid)
        cal = _calendar()
        for zone in zones:
            cal.add_component(zone)
        cal.add_component(event)
        out.append(_resource(cal, uid, EVENT, _event_label(event)))
    return out


def _event_label(event: Component) -> str:
    """``Dinner (MO,TU,TH 18:30)`` for a series, ``Dinner (2026-12-03 18:30)`` for one date."""
    title = str(event.get("SUMMARY", ""))
    start = event.decoded("DTSTART")
    clock = start.strftime("%H:%M") if isinstance(start, datetime) else ""
    rule = event.get("RRULE")
    if rule is not None and rule.get("BYDAY"):
        when = ",".join(str(d) for d in rule["BYDAY"])
    else:
        when = start.strftime("%Y-%m-%d")
    return f"{title} ({when} {clock})".replace(" )", ")")


def _due(card: Deliverable) -> date | None:
    if not card.due:
        return None
    try:
        return date.fromisoformat(card.due[:10])
    except ValueError:
        return None


def _utc(now: DateTime, iso: str) -> datetime:
    moment = now
    if iso:
        try:
            moment = pendulum.parse(iso, tz=now.timezone_name or "UTC")  # type: ignore[assignment]
        except (ValueError, pendulum.parsing.exceptions.ParserError):
            moment = now
    utc = moment.in_timezone("UTC")
    return datetime(
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, tzinfo=ZoneInfo("UTC")
    )


def card_todos(cards: Iterable[Deliverable], now: DateTime, existing: set[str]) -> list[Resource]:
    """The cards with a due date as to-dos.

    A card in Done is a completed to-do when its to-do is already on the server
    (``existing`` UIDs); a card that was done before it was ever synced is left out.
    """
    stamp = _utc(now, "")
    out: list[Resource] = []
    for card in cards:
        due = _due(card)
        if due is None:
            continue
        uid = todo_uid(card.id)
        done = card.column == "done"
        if done and uid not in existing:
            continue
        todo = Todo()
        todo.add("uid", uid)
        todo.add("dtstamp", stamp)
        todo.add("summary", card.title)
        todo.add("due", due)
        todo.add("categories", [_(card.type)])
        if card.description:
            todo.add("description", card.description)
        if done:
            todo.add("status", "COMPLETED")
            todo.add("completed", _utc(now, card.updated))
            todo.add("percent-complete", 100)
        else:
            todo.add("status", "NEEDS-ACTION")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", card.title)
        alarm.add("trigger", TODO_ALARM, parameters={"RELATED": "END"})
        todo.add_component(alarm)
        cal = _calendar()
        cal.add_component(todo)
        label = _("{title} (due {date})", title=card.title, date=due.isoformat())
        out.append(_resource(cal, uid, TODO, label, card.id, done))
    return out
