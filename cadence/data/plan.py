"""Plan files: read, check and write the TOML a plan lives in.

A plan file is the whole 12-month plan: day templates, roadmap, must-dos,
deliverable rules, capstones, KPIs, habits and resources (see ``models.Plan``).
``parse_plan`` checks everything before it builds a ``Plan``: a file that is
wrong anywhere raises ``PlanError`` naming the line and the field, and is never
half used. ``dump_plan`` writes the same layout the shipped plans use, so an
exported plan reads back equal.

No Textual here (checked by import-linter).
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from cadence.data.models import (
    BLOCK_KINDS,
    CARD_TYPES,
    RESOURCE_KINDS,
    RESOURCE_STATES,
    TRACKS,
    Plan,
    Record,
)

PLANS_DIR = Path(__file__).resolve().parent / "plans"
DEFAULT_PLAN_ID = "ai-pm-12-months"
FALLBACK_LANGUAGE = "en"

EVERY = ("month", "week", "fortnight")
MUST_DO_KINDS = ("course", "ship")
FIRST_MONTH = 0
LAST_MONTH = 12
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_LANGUAGE = re.compile(r"[a-z]{2,3}")

FieldPath = tuple[str | int, ...]  # a field path: ("goals", 3, "track")


# ---------------------------------------------------------------- errors


#: A plan file larger than this is refused (the shipped plans are ~30,000 characters).
MAX_PLAN_CHARS = 1_000_000


class PlanError(ValueError):
    """A plan that cannot be used: what is wrong (``message``), where (``line``, ``field``).

    ``line`` is 1-based, or None when it cannot be told; ``field`` is a path such as
    ``goals[3].track`` (0-based indexes), or "" for the file as a whole. ``problems``
    lists every problem found, this one first.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str = "",
        line: int | None = None,
        source: str = "plan.toml",
    ) -> None:
        self.message = message
        self.field = field
        self.line = line
        self.source = source
        self.problems: list[PlanError] = [self]
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.source if self.line is None else f"{self.source} line {self.line}"
        if self.field:
            where = f"{where}, {self.field}"
        return f"{where}: {self.message}"

    def __str__(self) -> str:
        return self._render()


def format_path(path: FieldPath) -> str:
    """``("goals", 3, "track")`` -> ``"goals[3].track"``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


# ---------------------------------------------------------------- the schema

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
    whole numbers, ``check`` applies to each) or "tables" (array of ``table``).
    """

    type: str
    required: bool = False
    check: Check | None = None
    table: str = ""


_ID = _Key("str", True, _not_empty)
_TEXT = _Key("str", True, _not_empty)
_STR = _Key("str")
_MONTH = _Key("int", True, _between(FIRST_MONTH, LAST_MONTH))

_SCHEMAS: dict[str, dict[str, _Key]] = {
    "plan": {
        "id": _ID,
        "name": _TEXT,
        "language": _TEXT,
        "principles": _Key("strs"),
        "templates": _Key("tables", table="template"),
        "phases": _Key("tables", table="phase"),
        "goals": _Key("tables", table="goal"),
        "must_dos": _Key("tables", table="must_do"),
        "deliverables": _Key("tables", table="deliverable"),
        "capstones": _Key("tables", table="capstone"),
        "kpis": _Key("tables", table="kpi"),
        "habits": _Key("tables", table="habit"),
        "resources": _Key("tables", table="resource"),
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
}

# Collections whose ids must be unique. Blocks and checklist items are one collection
# each across their parents: day records and focus sessions refer to them by id alone.
_ID_COLLECTIONS = (
    "templates",
    "phases",
    "goals",
    "must_dos",
    "deliverables",
    "capstones",
    "kpis",
    "habits",
    "resources",
)
_NESTED_ID_COLLECTIONS = (("templates", "blocks"), ("must_dos", "items"))


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
        for key, spec in _SCHEMAS[schema].items():
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
        for name in _ID_COLLECTIONS:
            self._unique(((name, i), item) for i, item in enumerate(data.get(name, [])))
        for parent, child in _NESTED_ID_COLLECTIONS:
            self._unique(
                ((parent, i, child, j), item)
                for i, table in enumerate(data.get(parent, []))
                for j, item in enumerate(table.get(child, []))
            )
        self._weekdays(data.get("templates", []))
        for i, phase in enumerate(data.get("phases", [])):
            if phase["last_month"] < phase["first_month"]:
                self.add(
                    ("phases", i, "last_month"),
                    f"must not be before first_month ({phase['first_month']})",
                )
        for i, template in enumerate(data.get("templates", [])):
            for j, block in enumerate(template.get("blocks", [])):
                if block["start"] == block["end"]:
                    self.add(("templates", i, "blocks", j, "end"), "must differ from start")

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


# ---------------------------------------------------------------- finding lines

_ARRAY_HEADER = re.compile(r"\s*\[\[\s*([A-Za-z0-9_\-.\"' ]+?)\s*\]\]\s*(?:#.*)?")
_TABLE_HEADER = re.compile(r"\s*\[\s*([A-Za-z0-9_\-.\"' ]+?)\s*\]\s*(?:#.*)?")


def _closing(line: str, pos: int, quotes: str) -> int:
    """Where ``quotes`` close a multi-line string on ``line`` from ``pos``, or -1."""
    while (at := line.find(quotes, pos)) >= 0:
        before = line[:at]
        escapes = len(before) - len(before.rstrip("\\"))
        if quotes.startswith("'") or escapes % 2 == 0:
            return at
        pos = at + 1
    return -1


def _string_end(line: str, pos: int) -> int:
    """The index just past the one-line string that opens at ``pos``."""
    quote = line[pos]
    i = pos + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
        elif line[i] == quote:
            return i + 1
        else:
            i += 1
    return len(line)


def _header_name(raw: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in raw.split("."))


class _Locator:
    """Best-effort line numbers for field paths, from the raw TOML text.

    A path is found by its table headers (the n-th ``[[goals]]``, then the m-th
    ``[[templates.blocks]]`` inside it) and then the ``key =`` line inside that table.
    A key that is missing points at its table's header; tables written inline point
    at the line of the array's key.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.code = self._code_lines(self.lines)
        self.headers: list[tuple[int, str, bool]] = []  # (0-based line, name, is array)
        for n, line in enumerate(self.lines):
            if not self.code[n]:
                continue
            if match := _ARRAY_HEADER.fullmatch(line):
                self.headers.append((n, _header_name(match.group(1)), True))
            elif match := _TABLE_HEADER.fullmatch(line):
                self.headers.append((n, _header_name(match.group(1)), False))

    @staticmethod
    def _code_lines(lines: list[str]) -> list[bool]:
        """Which lines start outside a multi-line string (and so may hold keys/headers)."""
        code: list[bool] = []
        inside: str | None = None  # the closing quotes of the multi-line string we are in
        for line in lines:
            code.append(inside is None)
            pos = 0
            while pos < len(line):
                if inside is not None:
                    end = _closing(line, pos, inside)
                    if end < 0:
                        break
                    inside, pos = None, end + 3
                elif line[pos] == "#":
                    break
                elif line[pos] in "\"'":
                    if line.startswith(line[pos] * 3, pos):
                        inside, pos = line[pos] * 3, pos + 3
                    else:
                        pos = _string_end(line, pos)
                else:
                    pos += 1
        return code

    def line_of(self, path: FieldPath) -> int | None:
        """The 1-based line of ``path``, or None when it cannot be told."""
        header = -1  # index into self.headers of the current table; -1 is the root
        prefix = ""
        i = 0
        while i < len(path):
            key = path[i]
            if not isinstance(key, str):
                return self._table_line(header)
            following = path[i + 1] if i + 1 < len(path) else None
            if isinstance(following, int):
                found = self._nth_child(header, prefix + key, following)
                if found is None:
                    return self._key_line(header, key)
                header, prefix = found, f"{prefix}{key}."
                i += 2
                continue
            if following is None:
                line = self._key_line(header, key, fallback=False)
                if line is None and (first := self._nth_child(header, prefix + key, 0)) is not None:
                    line = self.headers[first][0] + 1
                return line if line is not None else self._table_line(header)
            return self._key_line(header, key)
        return self._table_line(header)

    def _table_line(self, header: int) -> int | None:
        return self.headers[header][0] + 1 if header >= 0 else None

    def _nth_child(self, header: int, name: str, n: int) -> int | None:
        parent = self.headers[header][1] + "." if header >= 0 else ""
        count = 0
        for index in range(header + 1, len(self.headers)):
            _, child, is_array = self.headers[index]
            if not child.startswith(parent):
                break
            if is_array and child == name:
                if count == n:
                    return index
                count += 1
        return None

    def _key_line(self, header: int, key: str, *, fallback: bool = True) -> int | None:
        first = self.headers[header][0] + 1 if header >= 0 else 0
        last = self.headers[header + 1][0] if header + 1 < len(self.headers) else len(self.lines)
        pattern = re.compile(
            rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*="
        )
        for n in range(first, last):
            if self.code[n] and pattern.match(self.lines[n]):
                return n + 1
        return self._table_line(header) if fallback else None


# ---------------------------------------------------------------- reading

_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def _syntax_error(exc: tomllib.TOMLDecodeError, text: str, source: str) -> PlanError:
    message = str(getattr(exc, "msg", "") or exc)
    line: int | None = getattr(exc, "lineno", None)
    if match := _AT_LINE.search(message):
        line = line or int(match.group(1))
        message = f"{message[: match.start()]} (column {match.group(2)})"
    elif match := _AT_END.search(message):
        line = line or max(1, len(text.splitlines()))
        message = f"{message[: match.start()]} (at end of file)"
    return PlanError(f"not valid TOML: {message}", line=line, source=source)


def _checked(data: dict[str, Any], text: str | None, source: str) -> Plan:
    checker = _Checker()
    checker.table(data, "plan", ())
    if not checker.problems:
        checker.rules(data)
    if not checker.problems:
        return Plan.from_dict(data)
    locator = _Locator(text) if text is not None else None
    errors = [
        PlanError(
            message,
            field=format_path(path),
            line=locator.line_of(path) if locator else None,
            source=source,
        )
        for path, message in checker.problems
    ]
    errors.sort(key=lambda e: (e.line is None, e.line or 0))
    first = errors[0]
    first.problems = errors
    raise first


def parse_plan(text: str, source: str = "plan.toml") -> Plan:
    """Parse and check a plan's TOML text; raise ``PlanError`` (with line and field) if wrong.

    ``source`` names the text in error messages. Every problem is collected; the one
    earliest in the file is raised, with all of them on its ``problems``.
    """
    if len(text) > MAX_PLAN_CHARS:
        raise PlanError(f"{len(text):,} characters, more than a plan can be ({MAX_PLAN_CHARS:,})",
                        source=source)  # fmt: skip
    try:
        data = tomllib.loads(text)
        return _checked(data, text, source)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text, source) from None
    except RecursionError:
        raise PlanError("nested too deeply to be a plan", source=source) from None


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def plan_from_dict(data: dict[str, Any], source: str = "plan") -> Plan:
    """Check a plan held as a plain dict (e.g. ``Plan.to_dict()``) and build it.

    None values count as absent, as in a TOML file. Errors carry no line number.
    """
    return _checked(_drop_none(copy.deepcopy(data)), None, source)


def load_plan(path: Path) -> Plan:
    """Read, check and build the plan in the TOML file at ``path``.

    A file that is not UTF-8 raises ``PlanError``; one that cannot be opened raises the
    ``OSError`` (e.g. ``FileNotFoundError``) as it is.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, "a folder, not a plan file", str(path))
    if path.exists() and path.stat().st_size > MAX_PLAN_CHARS * 4:
        raise PlanError(f"the file is larger than a plan can be ({MAX_PLAN_CHARS:,} characters)",
                        source=path.name)  # fmt: skip
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError(f"not UTF-8 text ({exc.reason})", source=path.name) from exc
    return parse_plan(text, source=path.name)


def available_languages() -> list[str]:
    """Languages the default plan ships in, e.g. ``["en", "zh"]``."""
    prefix = f"{DEFAULT_PLAN_ID}."
    return sorted(p.name[len(prefix) : -len(".toml")] for p in PLANS_DIR.glob(f"{prefix}*.toml"))


def default_plan_path(language: str) -> Path:
    """The shipped default plan for ``language`` ("zh", "zh-CN", "en_US" ...), else English."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    if _LANGUAGE.fullmatch(code):
        path = PLANS_DIR / f"{DEFAULT_PLAN_ID}.{code}.toml"
        if path.is_file():
            return path
    return PLANS_DIR / f"{DEFAULT_PLAN_ID}.{FALLBACK_LANGUAGE}.toml"


def load_default_plan(language: str) -> Plan:
    """The shipped default plan in ``language`` (English when there is none in it)."""
    return load_plan(default_plan_path(language))


# ---------------------------------------------------------------- writing


_ALWAYS_WRITTEN = {"kind"}  # a block's kind reads better spelled out, even "routine"
_INT_ARRAY = re.compile(r"\[\n((?:[ ]+-?[0-9]+,\n)+)\]")


def _plain_defaults(cls: type[Record]) -> dict[str, Any]:
    return {
        f.name: f.default
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.default is not dataclasses.MISSING and f.name not in _ALWAYS_WRITTEN
    }


def _dump_table(data: dict[str, Any], cls: type[Record], prefix: str) -> str:
    nested = cls.NESTED
    defaults = _plain_defaults(cls)
    scalars = {
        key: value
        for key, value in data.items()
        if key not in nested
        and value is not None
        and not (key in defaults and value == defaults[key])
    }
    scalars = dict(sorted(scalars.items(), key=lambda kv: kv[0] != "id"))  # id first
    parts = [tomli_w.dumps(scalars)] if scalars else []
    for key, record in nested.items():
        name = prefix + key
        for item in data.get(key, []):
            parts.append(f"[[{name}]]\n" + _dump_table(item, record, f"{name}."))
    return "\n".join(parts)


def _inline_int_arrays(text: str) -> str:
    """Put tomli_w's one-per-line int arrays on one line: ``weekdays = [0, 1, 3]``.

    Safe: tomli_w writes strings on one line, so ``[`` + newline never starts inside one.
    """
    return _INT_ARRAY.sub(
        lambda m: "[" + ", ".join(x.strip(" ,") for x in m.group(1).splitlines()) + "]", text
    )


def dump_plan(plan: Plan) -> str:
    """The plan as TOML, in the shipped files' layout; ``parse_plan`` reads it back equal.

    None values and values equal to the models' plain defaults are left out (TOML has
    no null); reading the file back restores them.
    """
    return _inline_int_arrays(_dump_table(plan.to_dict(), Plan, ""))
