"""The plan's schema: what each table may hold, and the rules across fields.

``check_plan_data(data)`` walks a parsed plan (plain dicts and lists, as ``tomllib``
gives them) and returns every problem as ``(field path, message)``; numbers given
for a "num" key are turned into floats on the way. No Textual here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cadence.data.models import (
    BLOCK_KINDS,
    CARD_TYPES,
    RESOURCE_KINDS,
    RESOURCE_STATES,
    SKILL_STATES,
    SKILL_TRACKS,
    TRACKS,
)
from cadence.data.plan.errors import FieldPath, format_path

EVERY = ("month", "week", "fortnight")
MUST_DO_KINDS = ("course", "ship")
FIRST_MONTH = 0
LAST_MONTH = 12
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")

Check = Callable[[Any], str | None]  # returns what is wrong, or None


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


def _between(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        return None if low <= value <= high else f"must be between {low} and {high}"

    return check


def _at_least(low: int) -> Check:
    def check(value: Any) -> str | None:
        return None if value >= low else f"must be at least {low}"

    return check


def _time(value: Any) -> str | None:
    if _TIME.fullmatch(value):
        return None
    return 'must be a time "HH:MM" from 00:00 to 23:59'


def _not_empty(value: Any) -> str | None:
    return None if value.strip() else "must not be empty"


@dataclass(frozen=True)
class _Key:
    """One key of a table: its type, whether it is required, and a check of its value.

    ``type`` is "str", "int", "num", "bool", "strs" (list of strings), "ints" (list of
    whole numbers, ``check`` applies to each), "tables" (array of ``table``) or
    "table" (one ``table``).
    """

    type: str
    required: bool = False
    check: Check | None = None
    table: str = ""


_ID = _Key("str", True, _not_empty)
_TEXT = _Key("str", True, _not_empty)
_STR = _Key("str")
_MONTH = _Key("int", True, _between(FIRST_MONTH, LAST_MONTH))
_OPTIONAL_MONTH = _Key("int", False, _between(FIRST_MONTH, LAST_MONTH))

SCHEMAS: dict[str, dict[str, _Key]] = {
    "plan": {
        "id": _ID,
        "name": _TEXT,
        "language": _TEXT,
        "version": _Key("int", False, _at_least(1)),
        "principles": _Key("strs"),
        # The plan's arrays of tables, each checked against the schema named here.
        **{
            key: _Key("tables", table=table)
            for key, table in (
                ("templates", "template"),
                ("phases", "phase"),
                ("goals", "goal"),
                ("must_dos", "must_do"),
                ("deliverables", "deliverable"),
                ("capstones", "capstone"),
                ("kpis", "kpi"),
                ("habits", "habit"),
                ("resources", "resource"),
                ("skills", "skill"),
            )
        },
        "freelance": _Key("table", table="freelance"),
        "weekend": _Key("table", table="weekend"),
    },
    "template": {
        "id": _ID,
        "name": _TEXT,
        "weekdays": _Key("ints", True, _between(0, 6)),
        "blocks": _Key("tables", table="block"),
    },
    "block": {
        "id": _ID,
        "start": _Key("str", True, _time),
        "end": _Key("str", True, _time),
        "title": _TEXT,
        "kind": _Key("str", False, _one_of(BLOCK_KINDS)),
        "note": _STR,
    },
    "phase": {
        "id": _ID,
        "title": _TEXT,
        "first_month": _MONTH,
        "last_month": _MONTH,
        "summary": _STR,
    },
    "goal": {
        "id": _ID,
        "month": _MONTH,
        "track": _Key("str", True, _one_of(TRACKS)),
        "text": _TEXT,
        "done": _Key("bool"),
        "done_on": _STR,
        "notes": _STR,
    },
    "must_do": {
        "id": _ID,
        "title": _TEXT,
        "kind": _Key("str", True, _one_of(MUST_DO_KINDS)),
        "url": _STR,
        "items": _Key("tables", table="item"),
    },
    "item": {
        "id": _ID,
        "text": _TEXT,
        "done": _Key("bool"),
        "minutes": _Key("int", False, _at_least(0)),
        "url": _STR,
    },
    "deliverable": {
        "id": _ID,
        "every": _Key("str", True, _one_of(EVERY)),
        "type": _Key("str", True, _one_of(CARD_TYPES)),
        "title": _TEXT,
        "description": _STR,
    },
    "capstone": {
        "id": _ID,
        "title": _TEXT,
        "description": _Key("str", True),
        "priority": _Key("int", False, _at_least(0)),
        "measures": _Key("tables", table="measure"),
    },
    "measure": {
        "id": _STR,
        "name": _TEXT,
        "unit": _STR,
        "target": _Key("num"),
        "current": _Key("num"),
    },
    "kpi": {
        "id": _ID,
        "title": _TEXT,
        "target": _Key("num"),
        "unit": _STR,
        "description": _STR,
        "first_month": _OPTIONAL_MONTH,
        "last_month": _OPTIONAL_MONTH,
    },
    "habit": {
        "id": _ID,
        "title": _TEXT,
        "per_week": _Key("int", False, _between(0, 7)),
        "minutes": _Key("int", False, _at_least(0)),
        "by_time": _Key("str", False, _time),
    },
    "resource": {
        "id": _ID,
        "title": _TEXT,
        "kind": _Key("str", True, _one_of(RESOURCE_KINDS)),
        "url": _STR,
        "when": _STR,
        "description": _STR,
        "status": _Key("str", False, _one_of(RESOURCE_STATES)),
        "notes": _STR,
    },
    "skill": {
        "id": _ID,
        "track": _Key("str", True, _one_of(SKILL_TRACKS)),
        "title": _TEXT,
        "topics": _Key("strs"),
        "labels": _Key("strs"),
        "links": _Key("strs"),
        "goals": _Key("strs"),
        "status": _Key("str", False, _one_of(SKILL_STATES)),
        "notes": _STR,
        "updated": _STR,
    },
    "freelance": {
        "title": _TEXT,
        "description": _STR,
        "block": _STR,
        "offers": _Key("strs"),
    },
    "weekend": {
        "text": _TEXT,
        "min_hours": _Key("num", False, _at_least(0)),
        "max_hours": _Key("num", False, _at_least(0)),
        "study_template": _STR,
        "build_template": _STR,
    },
}

# Collections whose ids must be unique. Blocks and checklist items are one collection
# each across their parents: day records and focus sessions refer to them by id alone.
ID_COLLECTIONS = (
    "templates",
    "phases",
    "goals",
    "must_dos",
    "deliverables",
    "capstones",
    "kpis",
    "habits",
    "resources",
    "skills",
)
NESTED_ID_COLLECTIONS = (("templates", "blocks"), ("must_dos", "items"), ("capstones", "measures"))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return _is_int(value) or isinstance(value, float)


# type -> (test, what to say when it fails)
_SCALARS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "str": (lambda v: isinstance(v, str), "must be a string"),
    "int": (_is_int, "must be a whole number"),
    "num": (_is_number, "must be a number"),
    "bool": (lambda v: isinstance(v, bool), "must be true or false"),
}
_LIST_WRONG = {"strs": "must be a list of strings", "ints": "must be a list of whole numbers"}


class _Checker:
    """Walks a parsed plan and collects (path, message) problems; coerces numbers to float."""

    def __init__(self) -> None:
        self.problems: list[tuple[FieldPath, str]] = []

    def add(self, path: FieldPath, message: str) -> None:
        self.problems.append((path, message))

    # -- shapes and values

    def table(self, data: dict[str, Any], schema: str, path: FieldPath) -> None:
        for key, spec in SCHEMAS[schema].items():
            here = (*path, key)
            if key not in data:
                if spec.required:
                    self.add(here, "is required")
                continue
            self.value(data, key, spec, here)

    def value(self, data: dict[str, Any], key: str, spec: _Key, path: FieldPath) -> None:
        value = data[key]
        if spec.type == "tables":
            self.tables(value, spec.table, path)
        elif spec.type == "table":
            if isinstance(value, dict):
                self.table(value, spec.table, path)
            else:
                self.add(path, f"must be a table ([{format_path(path)}])")
        elif spec.type in ("strs", "ints"):
            self.items(value, spec, path)
        else:
            is_type, wrong = _SCALARS[spec.type]
            if not is_type(value):
                self.add(path, wrong)
            elif spec.type == "num" and not math.isfinite(value):
                self.add(path, "must be a finite number")
            elif spec.check and (problem := spec.check(value)):
                self.add(path, problem)
            elif spec.type == "num":
                data[key] = float(value)

    def items(self, value: Any, spec: _Key, path: FieldPath) -> None:
        item_type = spec.type[:-1]  # "strs" -> "str"
        is_type, wrong = _SCALARS[item_type]
        if not isinstance(value, list):
            self.add(path, _LIST_WRONG[spec.type])
            return
        for i, item in enumerate(value):
            if not is_type(item):
                self.add((*path, i), wrong)
            elif spec.check and (problem := spec.check(item)):
                self.add((*path, i), problem)

    def tables(self, value: Any, schema: str, path: FieldPath) -> None:
        if not isinstance(value, list):
            self.add(path, f"must be an array of tables ([[{format_path(path)}]])")
            return
        for i, item in enumerate(value):
            if isinstance(item, dict):
                self.table(item, schema, (*path, i))
            else:
                self.add((*path, i), "must be a table")

    # -- rules across fields

    def rules(self, data: dict[str, Any]) -> None:
        for name in ID_COLLECTIONS:
            self._unique(((name, i), item) for i, item in enumerate(data.get(name, [])))
        for parent, child in NESTED_ID_COLLECTIONS:
            self._unique(
                ((parent, i, child, j), item)
                for i, table in enumerate(data.get(parent, []))
                for j, item in enumerate(table.get(child, []))
                if item.get("id", "") != ""  # a measure's id is optional
            )
        self._weekdays(data.get("templates", []))
        for i, phase in enumerate(data.get("phases", [])):
            if phase["last_month"] < phase["first_month"]:
                self.add(
                    ("phases", i, "last_month"),
                    f"must not be before first_month ({phase['first_month']})",
                )
        for i, kpi in enumerate(data.get("kpis", [])):
            first, last = kpi.get("first_month"), kpi.get("last_month")
            if first is not None and last is not None and last < first:
                self.add(("kpis", i, "last_month"), f"must not be before first_month ({first})")
        for i, template in enumerate(data.get("templates", [])):
            for j, block in enumerate(template.get("blocks", [])):
                if block["start"] == block["end"]:
                    self.add(("templates", i, "blocks", j, "end"), "must differ from start")
        self._references(data)

    def _references(self, data: dict[str, Any]) -> None:
        goals = {g["id"] for g in data.get("goals", [])}
        for i, skill in enumerate(data.get("skills", [])):
            for j, goal in enumerate(skill.get("goals", [])):
                if goal not in goals:
                    self.add(("skills", i, "goals", j), f"no goal {goal!r} in this plan")
        blocks = {b["id"] for t in data.get("templates", []) for b in t.get("blocks", [])}
        freelance = data.get("freelance")
        if freelance and freelance.get("block") and freelance["block"] not in blocks:
            self.add(("freelance", "block"), f"no block {freelance['block']!r} in the templates")
        weekend = data.get("weekend")
        if weekend:
            templates = {t["id"] for t in data.get("templates", [])}
            for key in ("study_template", "build_template"):
                if weekend.get(key) and weekend[key] not in templates:
                    self.add(("weekend", key), f"no day template {weekend[key]!r}")
            low, high = weekend.get("min_hours", 6.0), weekend.get("max_hours", 10.0)
            if high < low:
                self.add(("weekend", "max_hours"), f"must not be below min_hours ({low:g})")

    def _unique(self, items: Iterable[tuple[FieldPath, dict[str, Any]]]) -> None:
        seen: dict[str, FieldPath] = {}
        for path, item in items:
            ident = item["id"]
            if ident in seen:
                self.add(
                    (*path, "id"), f"duplicate id {ident!r} (first at {format_path(seen[ident])})"
                )
            else:
                seen[ident] = path

    def _weekdays(self, templates: list[dict[str, Any]]) -> None:
        owner: dict[int, str] = {}
        for i, template in enumerate(templates):
            for j, day in enumerate(template["weekdays"]):
                if day in owner:
                    self.add(
                        ("templates", i, "weekdays", j),
                        f"{WEEKDAY_NAMES[day]} ({day}) is already covered by template "
                        f"{owner[day]!r}",
                    )
                else:
                    owner[day] = template["id"]
        missing = [f"{WEEKDAY_NAMES[d]} ({d})" for d in range(7) if d not in owner]
        if missing:
            self.add(("templates",), f"no template covers {', '.join(missing)}")


def check_plan_data(data: dict[str, Any]) -> list[tuple[FieldPath, str]]:
    """Every problem of a parsed plan as ``(path, message)``; empty when it is fine.

    Shapes and values are checked first; the rules across fields (unique ids, every
    weekday covered once, references between tables) only when those are right.
    Numbers of "num" keys are turned into floats in ``data``.
    """
    checker = _Checker()
    checker.table(data, "plan", ())
    if not checker.problems:
        checker.rules(data)
    return checker.problems
