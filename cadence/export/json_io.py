"""Everything as one JSON file, and back into a data folder after validation.

The export holds every store file as it is (its tables and documents, ids kept),
with the data schema version, so an import restores exactly what was exported,
including files this build does not know about. An import checks the whole file
first (shape, names, every known record's fields and dates) and refuses it with
a message naming the first problems found; only then are the files it holds
replaced, in one store transaction, after a copy of each was kept under
``backups/pre-import-<moment>/``. Files of the folder the export does not hold
are left as they are. No Textual here (the shell command uses it).
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pendulum

from cadence import __version__
from cadence.data import migrations
from cadence.data.models import (
    DailyReview,
    DayRecord,
    Deliverable,
    FocusSession,
    FreelanceEntry,
    ImpactEntry,
    JobLead,
    MustDo,
    Plan,
    Record,
    Resource,
    RoadmapGoal,
    Settings,
    Skill,
    WeeklyReview,
)
from cadence.data.storage import Tables, atomic_write_bytes, copy_tables
from cadence.data.store import BACKUP_DIR, Store
from cadence.domain.weeks import parse_week

FORMAT = "cadence-export"
FORMAT_VERSION = 1
MAX_ERRORS = 8

FILE_NAME = re.compile(r"^[a-z][a-z0-9_]*(-\d{4})?$")
DOC_ID = re.compile(r"^[1-9]\d*$")

# Known (file kind, table) → the record its documents hold. Plan documents are checked
# without their lists (those are separate tables).
KNOWN: dict[tuple[str, str], type[Record]] = {
    ("settings", "settings"): Settings,
    ("plan", "goals"): RoadmapGoal,
    ("plan", "must_dos"): MustDo,
    ("plan", "resources"): Resource,
    ("plan", "skills"): Skill,
    ("plan", "plan"): Plan,
    ("board", "cards"): Deliverable,
    ("weekly", "weekly"): WeeklyReview,
    ("days", "days"): DayRecord,
    ("focus", "sessions"): FocusSession,
    ("reviews", "daily"): DailyReview,
    ("career", "freelance"): FreelanceEntry,
    ("career", "impact"): ImpactEntry,
    ("career", "jobs"): JobLead,
}
# Fields holding dates or moments, and the per-year files whose year they must match.
DATE_FIELDS = {
    DayRecord: ("date",),
    DailyReview: ("date",),
    FocusSession: ("start", "end"),
}
YEAR_FIELD = {"days": "date", "focus": "start", "reviews": "date"}
# Plan lists kept as their own tables, not inside the plan document.
PLAN_TABLES = {"goals", "must_dos", "resources", "skills"}


class ImportRefused(ValueError):
    """The file cannot be imported; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class ExportFile:
    """A validated export: every file's tables, at this build's schema."""

    files: dict[str, Tables]
    schema: int
    exported_at: str
    app_version: str


@dataclass(frozen=True)
class FileChange:
    """What an import does to one file of the folder."""

    name: str
    status: str  # "new" | "replace" | "unchanged" | "kept"
    added: int = 0
    removed: int = 0
    changed: int = 0
    documents: int = 0


# ---------------------------------------------------------------- export


def _without_meta(tables: Tables) -> Tables:
    return {t: docs for t, docs in tables.items() if t != migrations.META_TABLE}


def export_data(store: Store, *, exported_at: str) -> dict[str, Any]:
    """Everything in ``store`` as one JSON-able dict, with the schema version."""
    files: dict[str, Tables] = {}
    for name in store.names_on_disk():
        if not FILE_NAME.match(name):
            continue  # e.g. a sync-conflict copy: not Cadence's own
        tables = _without_meta(copy_tables(store.tables(name)))
        if tables:
            files[name] = tables
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": migrations.SCHEMA_VERSION,
        "app_version": __version__,
        "exported_at": exported_at,
        "files": files,
    }


def dumps(data: dict[str, Any]) -> bytes:
    """UTF-8 JSON, Chinese readable, indented, keys sorted (stable diffs)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


# ---------------------------------------------------------------- validation


def _type_name(value: object) -> str:
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


def _matches(value: object, hint: Any) -> str | None:
    """None when ``value`` fits the type ``hint``, else what was expected."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return None
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(hint)
        if all(_matches(value, h) is not None for h in options):
            return " or ".join(_expected(h) for h in options)
        return None
    if hint is type(None):
        return None if value is None else "null"
    if hint is bool:
        return None if isinstance(value, bool) else "true/false"
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "a whole number"
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "a number"
    if hint is str:
        return None if isinstance(value, str) else "text"
    if origin is list:
        if not isinstance(value, list):
            return "a list"
        (item,) = typing.get_args(hint) or (Any,)
        for element in value:
            wrong = _matches(element, item)
            if wrong is not None:
                return f"a list of {_expected(item)}"
        return None
    if origin is dict:
        if not isinstance(value, dict):
            return "an object"
        _key, item = typing.get_args(hint) or (str, Any)
        for element in value.values():
            if _matches(element, item) is not None:
                return f"an object of {_expected(item)}"
        return None
    if isinstance(hint, type) and issubclass(hint, Record):
        return (
            None
            if isinstance(value, dict) and not _record_errors(hint, value, "")
            else ("a valid " + hint.__name__)
        )
    return None


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
    if isinstance(hint, type):
        return hint.__name__
    return str(hint)


def _hints(model: type[Record]) -> dict[str, Any]:
    """The fields' types. Evaluated one by one in the models' module: ``typing.get_type_hints``
    would read ``type`` as the Deliverable field of that name, not the builtin."""
    import cadence.data.models as models_module

    names = {**vars(models_module), "Any": Any}
    out = {}
    for f in dataclasses.fields(model):  # type: ignore[arg-type]
        out[f.name] = eval(f.type, names) if isinstance(f.type, str) else f.type
    return out


def _record_errors(model: type[Record], doc: dict[str, Any], where: str) -> list[str]:
    """Problems of one stored document read as ``model``: missing or mistyped fields, bad dates."""
    errors: list[str] = []
    hints = _hints(model)
    skip = PLAN_TABLES if model is Plan else set()
    for f in dataclasses.fields(model):  # type: ignore[arg-type]
        if f.name in skip:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.name not in doc:
            if required:
                errors.append(f"{where}: the field {f.name!r} is missing")
            continue
        value = doc[f.name]
        hint = hints[f.name]
        nested = model.NESTED.get(f.name)
        if nested is not None and isinstance(value, list):
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    errors.append(f"{where}.{f.name}[{i}]: should be an object")
                else:
                    errors.extend(_record_errors(nested, item, f"{where}.{f.name}[{i}]"))
            continue
        wrong = _matches(value, hint)
        if wrong is not None:
            errors.append(
                f"{where}: {f.name!r} should be {wrong}, not {_type_name(value)} {_show(value)}"
            )
    for name in DATE_FIELDS.get(model, ()):
        value = doc.get(name)
        if isinstance(value, str) and not _is_date(value, moment=model is FocusSession):
            what = "a date and time (ISO 8601)" if model is FocusSession else "a date (YYYY-MM-DD)"
            errors.append(f"{where}: {name!r} should be {what}, not {value!r}")
    if model is WeeklyReview and isinstance(doc.get("week"), str):
        try:
            parse_week(doc["week"])
        except ValueError as exc:
            errors.append(f"{where}: 'week' {exc}")
    return errors


def _show(value: object) -> str:
    text = orjson.dumps(value).decode("utf-8", "replace")
    return text if len(text) <= 40 else text[:37] + "..."


def _is_date(text: str, *, moment: bool) -> bool:
    try:
        if moment:
            parsed = pendulum.parse(text, strict=True)
            return isinstance(parsed, pendulum.DateTime)
        pendulum.Date.fromisoformat(text)
        return len(text) == 10
    except Exception:  # pendulum's parser raises several kinds
        return False


def _file_errors(name: str, tables: object) -> list[str]:
    if not isinstance(tables, dict):
        return [f"files.{name}: should be an object of tables, not {_type_name(tables)}"]
    errors: list[str] = []
    kind, _dash, year = name.partition("-")
    for table, docs in tables.items():
        where = f"files.{name}.{table}"
        if not isinstance(docs, dict):
            errors.append(f"{where}: should be an object of documents, not {_type_name(docs)}")
            continue
        model = KNOWN.get((kind, table))
        for doc_id, doc in docs.items():
            here = f"{where}[{doc_id}]"
            if not DOC_ID.match(doc_id):
                errors.append(f"{where}: document id {doc_id!r} is not a positive whole number")
                continue
            if not isinstance(doc, dict):
                errors.append(f"{here}: should be an object, not {_type_name(doc)}")
                continue
            if model is not None:
                errors.extend(_record_errors(model, doc, here))
                key = YEAR_FIELD.get(kind)
                value = doc.get(key) if key else None
                if year and isinstance(value, str) and not value.startswith(year):
                    errors.append(f"{here}: {key!r} {value!r} does not belong in {name}")
        if len(errors) >= MAX_ERRORS:
            break
    return errors


def parse_export(raw: bytes) -> ExportFile:
    """Read and check an export. Raises ImportRefused naming what is wrong.

    A file from an older schema is brought up to this build's; a newer one is refused.
    """
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ImportRefused(f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ImportRefused(f"the top level should be an object, not {_type_name(data)}")
    if data.get("format") != FORMAT:
        raise ImportRefused(
            f'not a Cadence export: "format" should be {FORMAT!r}, not {_show(data.get("format"))}'
        )
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportRefused('"format_version" is missing or not a whole number')
    if version > FORMAT_VERSION:
        raise ImportRefused(
            f"the export format is version {version}, newer than this Cadence reads "
            f"({FORMAT_VERSION}): upgrade Cadence to import it"
        )
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise ImportRefused('"schema" is missing or not a whole number from 1')
    if schema > migrations.SCHEMA_VERSION:
        raise ImportRefused(
            f"the data has schema {schema}, newer than this Cadence understands "
            f"({migrations.SCHEMA_VERSION}): upgrade Cadence to import it"
        )
    files = data.get("files")
    if not isinstance(files, dict):
        raise ImportRefused(f'"files" should be an object, not {_type_name(files)}')
    errors: list[str] = []
    for name in files:
        if not isinstance(name, str) or not FILE_NAME.match(name):
            errors.append(f"files: {name!r} is not a Cadence data file name")
    if not errors:
        # Old data is brought to this schema first, then checked as this build reads it.
        migrated: dict[str, Tables] = {}
        for name, tables in files.items():
            if isinstance(tables, dict) and all(isinstance(t, dict) for t in tables.values()):
                tables = copy_tables(tables)
                if schema < migrations.SCHEMA_VERSION:
                    migrations.stamp(tables, schema)
                    migrations.migrate(tables, name)
                tables = _without_meta(tables)
            migrated[name] = tables
            errors.extend(_file_errors(name, tables))
            if len(errors) >= MAX_ERRORS:
                break
        files = migrated
    if errors:
        shown = errors[:MAX_ERRORS]
        more = " (and more)" if len(errors) > MAX_ERRORS else ""
        raise ImportRefused("the file is not valid:\n  " + "\n  ".join(shown) + more)
    if not files:
        raise ImportRefused('"files" is empty: there is nothing to import')
    return ExportFile(
        files=files,
        schema=migrations.SCHEMA_VERSION,
        exported_at=str(data.get("exported_at", "")),
        app_version=str(data.get("app_version", "")),
    )


def read_export(path: Path) -> ExportFile:
    """Read and check an export file. Raises ImportRefused (also for a missing file)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportRefused(f"no such file: {path}") from exc
    except OSError as exc:
        raise ImportRefused(f"cannot read {path}: {exc.strerror or exc}") from exc
    return parse_export(raw)


# ---------------------------------------------------------------- import


def _diff(old: Tables, new: Tables) -> tuple[int, int, int]:
    added = removed = changed = 0
    for table in set(old) | set(new):
        a, b = old.get(table, {}), new.get(table, {})
        added += sum(1 for k in b if k not in a)
        removed += sum(1 for k in a if k not in b)
        changed += sum(1 for k in b if k in a and a[k] != b[k])
    return added, removed, changed


def plan_import(store: Store | None, export: ExportFile) -> list[FileChange]:
    """What importing ``export`` would do to each file of the folder (changes nothing).

    ``store`` None stands for a folder that does not exist yet.
    """
    out: list[FileChange] = []
    on_disk = set(store.names_on_disk()) if store is not None else set()
    for name in sorted(set(export.files) | on_disk):
        new = export.files.get(name)
        if new is None:
            out.append(FileChange(name, "kept"))
            continue
        count = sum(len(docs) for docs in new.values())
        if name not in on_disk:
            out.append(FileChange(name, "new", added=count, documents=count))
            continue
        assert store is not None
        old = _without_meta(store.tables(name))
        added, removed, changed = _diff(old, new)
        status = "unchanged" if (added, removed, changed) == (0, 0, 0) else "replace"
        out.append(FileChange(name, status, added, removed, changed, count))
    return out


def apply_import(store: Store, export: ExportFile, *, stamp: str) -> list[FileChange]:
    """Replace the folder's files with the export's: a backup of each first, one transaction."""
    changes = plan_import(store, export)
    names = [c.name for c in changes if c.status in ("new", "replace")]
    if not names:
        return changes
    backup = store.root / BACKUP_DIR / f"pre-import-{stamp}"
    for name in names:
        path = store.path(name)
        if path.exists():
            backup.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(backup / path.name, path.read_bytes())
    with store.transaction(*names) as txn:
        for name in names:
            txn.db(name).storage.write(copy_tables(export.files[name]))
    return changes


def describe_changes(changes: list[FileChange]) -> list[str]:
    """One line per file, for the shell."""
    width = max((len(c.name) for c in changes), default=0)
    lines = []
    for c in changes:
        if c.status == "new":
            what = f"new file, {c.documents} documents"
        elif c.status == "replace":
            what = f"replaced: {c.added} added, {c.removed} removed, {c.changed} changed"
        elif c.status == "unchanged":
            what = "unchanged"
        else:
            what = "kept as it is (not in the export)"
        lines.append(f"  {c.name.ljust(width)}  {what}")
    return lines


def open_folder(folder: Path, now: Callable[[], pendulum.DateTime], *, read_only: bool) -> Store:
    """A store on ``folder`` that seeds nothing (an import must not add a default plan)."""
    return Store(
        folder,
        today=lambda: now().to_date_string(),
        stamp=lambda: now().format("YYYYMMDD[T]HHmmss"),
        read_only=read_only,
    )
