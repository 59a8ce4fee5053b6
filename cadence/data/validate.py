"""Does a stored document fit its model? One checker for loading, writing and importing.

The checks are derived from the dataclass itself, so every model is covered,
including ones added later: each field's type (``str``, ``int``, ``float``,
``bool``, ``None``, unions, ``list[...]``, ``dict[str, ...]``, nested records),
whether a required field is there, and what a model declares in class
variables:

- ``CHOICES = {"column": COLUMNS}``: the allowed values (of each item or value
  for a list or dict field);
- ``FORMATS = {"date": "date"}``: ``date`` (a real YYYY-MM-DD), ``moment``
  (ISO 8601 date and time), ``time`` (HH:MM), ``week`` (YYYY-Www); an empty text
  is allowed where the field's default is empty;
- ``BOUNDS = {"focused_s": (0, 86_400)}``: the lowest and highest number;
- ``RULES``: functions of the whole document returning what is wrong (or None),
  checked only with ``strict=True`` (imports): what a record should mean, beyond
  what the app can read.

A file's checker (:func:`file_checker`) maps its tables to models; documents of
other tables are left alone (a newer Cadence may add tables).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

MAX_ERRORS = 8

_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")

# A check returns None when the value fits, else what was expected ("text", "a list", ...).
Check = Callable[[Any], str | None]
Rule = Callable[[Mapping[str, Any]], str | None]


def type_name(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def show(value: object, limit: int = 40) -> str:
    """A value as it would read in JSON, cut to ``limit`` characters."""
    import orjson

    try:
        text = orjson.dumps(value).decode("utf-8", "replace")
    except TypeError:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---------------------------------------------------------------- formats


def _parses(parse: Callable[[str], object], text: str) -> bool:
    """Whether ``parse`` takes ``text`` without a ValueError (a real date, time, ...)."""
    try:
        parse(text)
    except ValueError:
        return False
    return True


def is_date(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD (2027-02-30 is not)."""
    return bool(_DATE.fullmatch(text)) and _parses(dt.date.fromisoformat, text)


def is_moment(text: str) -> bool:
    """An ISO 8601 date and time with a real date and time (an offset is optional)."""
    if len(text) < 16 or text[4] != "-" or text[7] != "-" or text[10] not in "T ":
        return False
    return _parses(dt.datetime.fromisoformat, text)


def is_week(text: str) -> bool:
    match = _WEEK.fullmatch(text)
    if not match:
        return False
    year, week = int(match[1]), int(match[2])
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return False
    return True


FORMAT_CHECKS: dict[str, tuple[Callable[[str], bool], str]] = {
    "date": (is_date, "a real date (YYYY-MM-DD)"),
    "moment": (is_moment, "a date and time (ISO 8601)"),
    "time": (lambda t: bool(_TIME.fullmatch(t)), "a time HH:MM from 00:00 to 23:59"),
    "week": (is_week, "an ISO week (YYYY-Www)"),
}


# ---------------------------------------------------------------- compiled checks


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    required: bool
    check: Check
    nested: type | None  # a record type checked field by field (or a list of them)
    choices: tuple[Any, ...] | None
    fmt: str | None
    empty_ok: bool
    bounds: tuple[float, float] | None


def _hints(model: type) -> dict[str, Any]:
    """The fields' types, evaluated one by one in the model's module (``get_type_hints``
    would read ``type`` as a field named so, not the builtin)."""
    names = {**vars(sys.modules[model.__module__]), "Any": Any}
    out = {}
    for f in dataclasses.fields(model):
        out[f.name] = eval(f.type, names) if isinstance(f.type, str) else f.type  # noqa: S307
    return out


def _expected(hint: Any) -> str:
    if hint is type(None):
        return "null"
    names = {bool: "true/false", int: "a whole number", float: "a number", str: "text"}
    if hint in names:
        return names[hint]
    origin = typing.get_origin(hint)
    if origin is list:
        return "a list"
    if origin is dict:
        return "an object"
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_expected(h) for h in typing.get_args(hint))
    if isinstance(hint, type):
        return "an object" if dataclasses.is_dataclass(hint) else hint.__name__
    return str(hint)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    return isinstance(v, float) and math.isfinite(v)


def _compile(hint: Any) -> Check:
    """A fast check of a value against a type hint."""
    if hint is Any or hint is object:
        return lambda v: None
    if hint is type(None):
        return lambda v: None if v is None else "null"
    if hint is bool:
        return lambda v: None if isinstance(v, bool) else "true/false"
    if hint is int:
        return lambda v: None if _is_int(v) else "a whole number"
    if hint is float:
        return lambda v: None if _is_number(v) else "a number"
    if hint is str:
        return lambda v: None if isinstance(v, str) else "text"
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [_compile(h) for h in typing.get_args(hint)]
        wanted = _expected(hint)

        def union(v: Any) -> str | None:
            return None if any(c(v) is None for c in options) else wanted

        return union
    if origin is list:
        (item_hint,) = typing.get_args(hint) or (Any,)
        item = _compile(item_hint)
        what = f"a list of {_expected(item_hint)}"

        def a_list(v: Any) -> str | None:
            if not isinstance(v, list):
                return "a list"
            return what if any(item(x) is not None for x in v) else None

        return a_list
    if origin is dict:
        key_hint, value_hint = typing.get_args(hint) or (str, Any)
        value = _compile(value_hint)
        what = f"an object of {_expected(value_hint)}"

        def a_dict(v: Any) -> str | None:
            if not isinstance(v, dict):
                return "an object"
            return what if any(value(x) is not None for x in v.values()) else None

        return a_dict
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        model = hint

        def record(v: Any) -> str | None:
            if not isinstance(v, dict):
                return "an object"
            return (
                None if not document_errors(model, v, "", limit=1) else "a valid " + model.__name__
            )

        return record
    return lambda v: None


def _record_hint(hint: Any) -> type | None:
    """The record type a field holds (itself, or as a list's items), for nested messages."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return hint
    if typing.get_origin(hint) is list:
        args = typing.get_args(hint)
        if args and isinstance(args[0], type) and dataclasses.is_dataclass(args[0]):
            return args[0]
    return None


@cache
def _fields(model: type) -> tuple[_Field, ...]:
    hints = _hints(model)
    choices = getattr(model, "CHOICES", {})
    formats = getattr(model, "FORMATS", {})
    bounds = getattr(model, "BOUNDS", {})
    nested_of = getattr(model, "NESTED", {})
    out = []
    for f in dataclasses.fields(model):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        hint = hints[f.name]
        out.append(
            _Field(
                name=f.name,
                required=required,
                check=_compile(hint),
                nested=nested_of.get(f.name) or _record_hint(hint),
                choices=tuple(choices[f.name]) if f.name in choices else None,
                fmt=formats.get(f.name),
                empty_ok=f.default in ("", None),
                bounds=bounds.get(f.name),
            )
        )
    return tuple(out)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:g}"


_MISSING = object()


def _cond(hint: Any, var: str, env: dict[str, Any], depth: int = 0) -> str:
    """A Python expression true when ``var`` fits ``hint`` (exact JSON types only)."""
    if hint is Any or hint is object:
        return "True"
    if hint is type(None):
        return f"{var} is None"
    if hint is bool:
        return f"type({var}) is bool"
    if hint is int:
        return f"type({var}) is int"
    if hint is float:
        return f"(type({var}) is int or (type({var}) is float and isfinite({var})))"
    if hint is str:
        return f"type({var}) is str"
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return "(" + " or ".join(_cond(h, var, env, depth) for h in typing.get_args(hint)) + ")"
    item = f"x{depth}"
    if origin is list:
        (item_hint,) = typing.get_args(hint) or (Any,)
        inner = _cond(item_hint, item, env, depth + 1)
        if inner == "True":
            return f"type({var}) is list"
        return f"(type({var}) is list and all({inner} for {item} in {var}))"
    if origin is dict:
        _key, value_hint = typing.get_args(hint) or (str, Any)
        inner = _cond(value_hint, item, env, depth + 1)
        if inner == "True":
            return f"type({var}) is dict"
        return f"(type({var}) is dict and all({inner} for {item} in {var}.values()))"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = f"ok_{hint.__name__}_{id(hint)}"
        env[name] = lambda doc, model=hint: _fast(model)(doc)
        return f"(type({var}) is dict and {name}({var}))"
    return "True"


@cache
def _fast(model: type) -> Callable[[Mapping[str, Any]], bool]:
    """Whether a document fits ``model`` (not strict), as generated code: loading a year's
    log checks thousands of documents. False only says to ask :func:`document_errors` why."""
    hints = _hints(model)
    env: dict[str, Any] = {"MISSING": _MISSING, "isfinite": math.isfinite}
    lines = ["def ok(d):", "    g = d.get"]
    for i, field in enumerate(_fields(model)):
        lines.append(f"    v = g({field.name!r}, MISSING)")
        lines.append("    if v is MISSING:")
        lines.append(f"        {'return False' if field.required else 'pass'}")
        lines.append("    else:")
        lines.append(f"        if not ({_cond(hints[field.name], 'v', env)}): return False")
        if field.choices is not None:
            env[f"C{i}"] = frozenset(field.choices)
            lines.append(
                f"        if not all(x in C{i} for x in (v.values() if type(v) is dict "
                "else v if type(v) is list else (v,))): return False"
            )
        if field.fmt is not None:
            env[f"F{i}"] = FORMAT_CHECKS[field.fmt][0]
            empty = 'v == "" or ' if field.empty_ok else ""
            lines.append(f"        if type(v) is str and not ({empty}F{i}(v)): return False")
        if field.bounds is not None:
            low, high = field.bounds
            lines.append(
                f"        if type(v) in (int, float) and not ({low!r} <= v <= {high!r}): "
                "return False"
            )
    lines.append("    return True")
    exec("\n".join(lines), env)  # noqa: S102 - our own generated code
    return typing.cast(Callable[[Mapping[str, Any]], bool], env["ok"])


def fits(model: type, doc: Mapping[str, Any]) -> bool:
    """Whether ``doc`` can be read as ``model`` (the fast check; not ``RULES``)."""
    return _fast(model)(doc) or not document_errors(model, doc, "", limit=1)


def _choice_errors(field: _Field, value: Any, where: str) -> str | None:
    assert field.choices is not None
    if isinstance(value, dict):
        values = list(value.values())
    elif isinstance(value, list):
        values = value
    else:
        values = [value]
    for v in values:
        if v not in field.choices:
            allowed = ", ".join(str(c) for c in field.choices)
            return f"{where}{field.name!r} should be one of {allowed}, not {show(v)}"
    return None


def document_errors(
    model: type, doc: Mapping[str, Any], where: str, *, strict: bool = False, limit: int = 8
) -> list[str]:
    """What is wrong with ``doc`` read as ``model`` (empty when it fits).

    ``where`` starts each message ("board cards[3]"); ``strict`` adds the model's
    ``RULES`` (what an import must mean, beyond what the app can read).
    """
    if not strict and _fast(model)(doc):
        return []
    errors: list[str] = []
    prefix = f"{where}: " if where else ""
    for field in _fields(model):
        if field.name not in doc:
            if field.required:
                errors.append(f"{prefix}the field {field.name!r} is missing")
            continue
        value = doc[field.name]
        if field.nested is not None and isinstance(value, list | dict):
            items = value if isinstance(value, list) else [value]
            index = isinstance(value, list)
            for i, item in enumerate(items):
                here = f"{where}.{field.name}[{i}]" if index else f"{where}.{field.name}"
                if not isinstance(item, dict):
                    errors.append(f"{here}: should be an object, not {type_name(item)}")
                else:
                    errors.extend(document_errors(field.nested, item, here, strict=strict))
                if len(errors) >= limit:
                    return errors
            continue
        wrong = field.check(value)
        if wrong is not None:
            errors.append(
                f"{prefix}{field.name!r} should be {wrong}, not {type_name(value)} {show(value)}"
            )
        elif field.choices is not None and (bad := _choice_errors(field, value, prefix)):
            errors.append(bad)
        elif field.fmt is not None and isinstance(value, str):
            if not (value == "" and field.empty_ok):
                test, what = FORMAT_CHECKS[field.fmt]
                if not test(value):
                    errors.append(f"{prefix}{field.name!r} should be {what}, not {show(value)}")
        elif field.bounds is not None and _is_number(value):
            low, high = field.bounds
            if not low <= value <= high:
                errors.append(
                    f"{prefix}{field.name!r} should be from {_num(low)} to {_num(high)}, not {show(value)}"
                )
        if len(errors) >= limit:
            return errors
    if strict and not errors:
        for rule in getattr(model, "RULES", ()):
            problem = rule(doc)
            if problem:
                errors.append(f"{prefix}{problem}")
    return errors


# ---------------------------------------------------------------- files


#: Bump when what the checks below accept changes in this module's code: a store that
#: remembers which files it found valid checks them again. (A model's own fields,
#: choices, formats and bounds are part of each check's fingerprint already.)
CHECKS_VERSION = 1


@cache
def _model_spec(model: type) -> tuple[str, ...]:
    """What a check reads of ``model`` and of the records it holds, as text."""
    fields = []
    for f in dataclasses.fields(model):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        fields.append(repr((f.name, str(f.type), required, f.default in ("", None))))
    declared = [
        f"{attr}={sorted((k, repr(v)) for k, v in getattr(model, attr, {}).items())}"
        for attr in ("CHOICES", "FORMATS", "BOUNDS")
    ]
    held: dict[str, type] = {**getattr(model, "NESTED", {}), **getattr(model, "TABLES", {})}
    spec = f"{model.__module__}.{model.__qualname__}({','.join(fields)};{';'.join(declared)})"
    inner = (s for k in sorted(held) if held[k] is not model for s in _model_spec(held[k]))
    return (spec, *inner)


class TablesCheck:
    """A check of one kind of file, made by :func:`tables_check`: call it with the file's
    tables for the first problems found (empty when they fit)."""

    def __init__(
        self,
        models: Mapping[str, type],
        skip: Mapping[str, frozenset[str]],
        extra: frozenset[str],
        strict: bool,
    ) -> None:
        self.models = dict(models)
        self.skip = dict(skip)
        self.extra = extra
        self.strict = strict
        self._own = {*models, *extra}
        self._fingerprint: str | None = None

    @property
    def fingerprint(self) -> str:
        """What this check is, as text: equal fingerprints accept the same files. A store
        keeps it beside the files it found valid, so another check validates them again."""
        if self._fingerprint is None:
            self._fingerprint = repr(
                (
                    CHECKS_VERSION,
                    sorted((t, _model_spec(m)) for t, m in self.models.items()),
                    sorted((t, sorted(f)) for t, f in self.skip.items()),
                    sorted(self.extra),
                    self.strict,
                )
            )
        return self._fingerprint

    def __call__(self, tables: Mapping[str, Mapping[str, Any]]) -> list[str]:
        errors: list[str] = []
        own, skip, strict = self._own, self.skip, self.strict
        others = [t for t in tables if t not in own and t != "_meta"]
        if others and not any(t in own for t in tables):
            errors.append(f"it holds {', '.join(map(repr, others))}, none of its own tables")
        for table, model in self.models.items():
            docs = tables.get(table)
            if not docs:
                continue
            left_out = skip.get(table)
            ok = _fast(model)
            for doc_id, doc in docs.items():
                view = {k: v for k, v in doc.items() if k not in left_out} if left_out else doc
                if not strict and ok(view):
                    continue
                errors.extend(document_errors(model, view, f"{table}[{doc_id}]", strict=strict))
                if len(errors) >= MAX_ERRORS:
                    return errors[:MAX_ERRORS]
        return errors


def tables_check(
    models: Mapping[str, type],
    *,
    skip: Mapping[str, frozenset[str]] | None = None,
    extra: frozenset[str] = frozenset(),
    strict: bool = False,
) -> TablesCheck:
    """A check of one kind of file: ``models`` maps a table to the model of its documents.

    ``extra`` names the other tables the file may hold (bookkeeping without a model). A
    file holding none of these but other tables is damage (``{"cards": ...}`` written into
    settings.json); other tables beside its own are let be (a table added by a newer
    helper of this same schema). ``skip`` leaves out fields of a table's documents that
    are kept elsewhere (the plan's lists are their own tables). The check returns the
    first problems found; its ``fingerprint`` says what it checks.
    """
    return TablesCheck(models, skip or {}, extra, strict)
