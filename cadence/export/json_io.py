"""Everything as one JSON file, and back into a data folder after validation.

The export holds every Cadence data file as it is (its tables and documents, ids
kept), with the data schema version, so an import restores exactly what was
exported. An import checks the whole file first and refuses it with a message
naming the first problems found: its size and nesting, its shape, only known
file names, every record against its model and what it must mean (real dates,
sessions that end after they start and last at most a day, sane settings),
unique ids; its texts lose any control characters; only then are the files it holds
replaced, in one store transaction, after a copy of each was kept under
``backups/pre-import-<moment>/``. Files of the folder the export does not hold
are left as they are. No Textual here (the shell command uses it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pendulum

from cadence import __version__
from cadence.data import migrations
from cadence.data.paths import ensure_private_dir
from cadence.data.repository import FILE_MODELS, FILE_SKIP, KNOWN_FILES, YEAR_FILES
from cadence.data.storage import Tables, atomic_write_bytes, copy_tables
from cadence.data.store import BACKUP_DIR, Store, file_kind
from cadence.data.text import clean_value
from cadence.data.validate import document_errors, show, type_name

FORMAT = "cadence-export"
FORMAT_VERSION = 1
MAX_ERRORS = 8

FILE_NAME = re.compile(r"^[a-z][a-z0-9_]*(-\d{4})?$")
DOC_ID = re.compile(r"^[1-9]\d*$")
#: An export larger than this is refused before it is read (5 years of use is ~4 MB).
MAX_BYTES = 64 * 1024 * 1024
#: JSON nested deeper than this is refused before it is checked (Cadence's own is ~6).
MAX_DEPTH = 32
#: Documents one table may hold: a board of 60,000 cards took Kanban 22 s to open.
MAX_DOCS = {("board", "cards"): 5_000}
MAX_DOCS_PER_TABLE = 50_000
#: The field that identifies a document of a known table (unique within the export);
#: None: the table holds one document.
ID_FIELD: dict[tuple[str, str], str | None] = {
    ("settings", "settings"): None,
    ("plan", "plan"): None,
    ("timer", "state"): None,
    ("days", "days"): "date",
    ("reviews", "daily"): "date",
    ("weekly", "weekly"): "week",
}
# Fields holding dates, and the per-year files whose year they must match.
YEAR_FIELD = {"days": "date", "focus": "start", "reviews": "date"}


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
        if not _known_name(name):
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


def _too_deep(value: object, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests lists and objects deeper than ``limit`` (without recursion)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _docs(files: dict[str, Any], kind: str, table: str) -> Iterator[tuple[str, str, dict]]:
    for name, tables in files.items():
        if file_kind(name) == kind and isinstance(tables, dict):
            for doc_id, doc in (tables.get(table) or {}).items():
                if isinstance(doc, dict):
                    yield name, doc_id, doc


def _unique_ids(files: dict[str, Any]) -> list[str]:
    """Each record's id once: a card, goal or session twice would show (and change) twice."""
    errors = []
    for kind, models in FILE_MODELS.items():
        for table in models:
            key = ID_FIELD.get((kind, table), "id")
            if key is None:
                continue
            seen: dict[object, str] = {}
            for name, doc_id, doc in _docs(files, kind, table):
                value = doc.get(key)
                if value is None or not isinstance(value, str | int):
                    continue
                here = f"files.{name}.{table}[{doc_id}]"
                if value in seen:
                    errors.append(f"{here}: the {key} {show(value)} is also used by {seen[value]}")
                    if len(errors) >= MAX_ERRORS:
                        return errors
                else:
                    seen[value] = here
    return errors


def _file_errors(name: str, tables: object) -> list[str]:
    if not isinstance(tables, dict):
        return [f"files.{name}: should be an object of tables, not {type_name(tables)}"]
    errors: list[str] = []
    kind = file_kind(name)
    year = name[len(kind) + 1 :]
    models = FILE_MODELS.get(kind, {})
    skip = FILE_SKIP.get(kind, {})
    for table, docs in tables.items():
        where = f"files.{name}.{table}"
        if not isinstance(docs, dict):
            errors.append(f"{where}: should be an object of documents, not {type_name(docs)}")
            continue
        limit = MAX_DOCS.get((kind, table), MAX_DOCS_PER_TABLE)
        if len(docs) > limit:
            errors.append(f"{where}: {len(docs):,} documents, more than the {limit:,} allowed")
            continue
        model = models.get(table)
        left_out = skip.get(table, frozenset())
        for doc_id, doc in docs.items():
            here = f"{where}[{doc_id}]"
            if not DOC_ID.match(doc_id):
                errors.append(f"{where}: document id {doc_id!r} is not a positive whole number")
                continue
            if not isinstance(doc, dict):
                errors.append(f"{here}: should be an object, not {type_name(doc)}")
                continue
            if model is not None:
                view = {k: v for k, v in doc.items() if k not in left_out}
                errors.extend(document_errors(model, view, here, strict=True))
                key = YEAR_FIELD.get(kind)
                value = doc.get(key) if key else None
                if year and isinstance(value, str) and not value.startswith(year):
                    errors.append(f"{here}: {key!r} {value!r} does not belong in {name}")
            if len(errors) >= MAX_ERRORS:
                return errors
    return errors


def _known_name(name: object) -> bool:
    """A file this Cadence writes: ``board``, ``focus-2026``; not ``instance``, not ``x``."""
    if not isinstance(name, str) or not FILE_NAME.match(name):
        return False
    kind = file_kind(name)
    return kind in YEAR_FILES if kind != name else name in KNOWN_FILES


def _clean(name: str, tables: Tables) -> Tables:
    """The export's texts without control characters, each field by its model's rules
    (notes keep their line breaks); the documents keep exactly their own keys."""
    models = FILE_MODELS.get(file_kind(name), {})
    out: Tables = {}
    for table, docs in tables.items():
        model = models.get(table)
        out[table] = {
            doc_id: _clean_doc(model, doc) if model is not None else clean_value(doc)  # type: ignore[misc]
            for doc_id, doc in docs.items()
        }
    return out


def _clean_doc(model: type, doc: Any) -> Any:
    if not isinstance(doc, dict):
        return doc
    multiline: frozenset[str] = getattr(model, "MULTILINE", frozenset())
    nested: dict[str, type] = getattr(model, "NESTED", {})
    out: dict[str, Any] = {}
    for key, value in doc.items():
        inner = nested.get(key)
        if inner is not None and isinstance(value, list):
            out[key] = [_clean_doc(inner, item) for item in value]
        else:
            out[key] = clean_value(value, multiline=key in multiline)
    return out


def parse_export(raw: bytes) -> ExportFile:
    """Read and check an export. Raises ImportRefused naming what is wrong.

    A file from an older schema is brought up to this build's; a newer one is refused.
    """
    if len(raw) > MAX_BYTES:
        raise ImportRefused(
            f"the file is {len(raw) / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB "
            "an export of Cadence can be"
        )
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in str(exc) or "recursion" in str(exc):
            raise ImportRefused(f"nested more than {MAX_DEPTH} levels deep") from exc
        raise ImportRefused(f"not valid JSON: {exc}") from exc
    if _too_deep(data):
        raise ImportRefused(f"nested more than {MAX_DEPTH} levels deep")
    if not isinstance(data, dict):
        raise ImportRefused(f"the top level should be an object, not {type_name(data)}")
    if data.get("format") != FORMAT:
        raise ImportRefused(
            f'not a Cadence export: "format" should be {FORMAT!r}, not {show(data.get("format"))}'
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
        raise ImportRefused(f'"files" should be an object, not {type_name(files)}')
    errors: list[str] = []
    for name in files:
        if not _known_name(name):
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
        if not errors:
            errors = _unique_ids(files)
    if errors:
        shown = errors[:MAX_ERRORS]
        more = " (and more)" if len(errors) > MAX_ERRORS else ""
        raise ImportRefused("the file is not valid:\n  " + "\n  ".join(shown) + more)
    if not files:
        raise ImportRefused('"files" is empty: there is nothing to import')
    return ExportFile(
        files={name: _clean(name, tables) for name, tables in files.items()},
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
            ensure_private_dir(store.root / BACKUP_DIR)
            ensure_private_dir(backup)
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
