"""Reading and writing plan TOML: parse and check, load a file, dump in the shipped layout."""

from __future__ import annotations

import copy
import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from cadence.data.models import Plan, Record
from cadence.data.plan.edition import DEFAULT_PLAN_ID, FALLBACK_LANGUAGE, language_code
from cadence.data.plan.errors import PlanError, format_path
from cadence.data.plan.locate import Locator
from cadence.data.plan.schema import check_plan_data

PLANS_DIR = Path(__file__).resolve().parent.parent / "plans"

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
    problems = check_plan_data(data)
    if not problems:
        return Plan.from_dict(data)
    locator = Locator(text) if text is not None else None
    errors = [
        PlanError(
            message,
            field=format_path(path),
            line=locator.line_of(path) if locator else None,
            source=source,
        )
        for path, message in problems
    ]
    errors.sort(key=lambda e: (e.line is None, e.line or 0))
    first = errors[0]
    first.problems = errors
    raise first


#: A plan file larger than this is refused (the shipped plans are ~40,000 characters).
MAX_PLAN_CHARS = 1_000_000


def parse_plan(text: str, source: str = "plan.toml") -> Plan:
    """Parse and check a plan's TOML text; raise ``PlanError`` (with line and field) if wrong.

    ``source`` names the text in error messages. Every problem is collected; the one
    earliest in the file is raised, with all of them on its ``problems``.
    """
    if len(text) > MAX_PLAN_CHARS:
        raise PlanError(
            f"{len(text):,} characters, more than a plan can be ({MAX_PLAN_CHARS:,})",
            source=source,
        )
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
        raise PlanError(
            f"the file is larger than a plan can be ({MAX_PLAN_CHARS:,} characters)",
            source=path.name,
        )
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
    code = language_code(language)
    if code:
        path = PLANS_DIR / f"{DEFAULT_PLAN_ID}.{code}.toml"
        if path.is_file():
            return path
    return PLANS_DIR / f"{DEFAULT_PLAN_ID}.{FALLBACK_LANGUAGE}.toml"


def load_default_plan(language: str) -> Plan:
    """The shipped default plan in ``language`` (English when there is none in it)."""
    return load_plan(default_plan_path(language))


# ---------------------------------------------------------------- writing


_ALWAYS_WRITTEN = {"kind", "min_hours", "max_hours"}  # clearer spelled out, even at defaults
_INT_ARRAY = re.compile(r"\[\n((?:[ ]+-?[0-9]+,\n)+)\]")


def _plain_defaults(cls: type[Record]) -> dict[str, Any]:
    return {
        f.name: f.default
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.default is not dataclasses.MISSING and f.name not in _ALWAYS_WRITTEN
    }


def _dump_table(data: dict[str, Any], cls: type[Record], prefix: str) -> str:
    nested, tables = cls.NESTED, cls.TABLES
    defaults = _plain_defaults(cls)
    scalars = {
        key: value
        for key, value in data.items()
        if key not in nested
        and key not in tables
        and value is not None
        and not (key in defaults and value == defaults[key])
    }
    scalars = dict(sorted(scalars.items(), key=lambda kv: kv[0] != "id"))  # id first
    parts = [tomli_w.dumps(scalars)] if scalars else []
    for key, record in nested.items():
        name = prefix + key
        for item in data.get(key, []):
            parts.append(f"[[{name}]]\n" + _dump_table(item, record, f"{name}."))
    for key, record in tables.items():
        if data.get(key) is not None:
            name = prefix + key
            parts.append(f"[{name}]\n" + _dump_table(data[key], record, f"{name}."))
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
