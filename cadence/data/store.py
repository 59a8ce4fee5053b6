"""The one store: TinyDB files in a private folder, written in short locked transactions.

Design (see docs/pitfalls.md):
- one file per kind of record, and logs one file per year, so each write is small;
- every file is read once and kept in memory; a read re-reads only a file whose
  inode, mtime or size changed on disk (another process, a sync client);
- a write is a transaction under a cross-process lock: re-read what changed,
  apply the change to a copy, write the copy atomically, then swap it in; on an
  error nothing is written and the old data stays;
- damage of every shape is damage: a file that is empty, not JSON, of the wrong
  shape, or whose documents do not fit their model (the checks registered per
  file kind with :meth:`Store.add_check`) is moved aside as
  ``<name>.json.corrupt-<time>`` and the newest good copy restored: the open
  app's copy in memory, or ``<name>.json.prev`` (the last version Cadence wrote,
  today's changes included), or else the newest daily backup. A damaged file is
  never migrated;
- a transaction that changes several files writes a journal of all of them
  first, so a crash between two files' writes is completed by the next writer;
- one backup of each file a day (before that day's first change), 14 days kept,
  and one before every migration;
- a file is checked only when its bytes are not those the store last found valid
  (checked, or written itself): see ``checked.py``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from cadence.data import migrations
from cadence.data.checked import CheckedFiles, check_key, digest
from cadence.data.paths import ensure_private_dir
from cadence.data.storage import (
    CorruptFileError,
    MemoryStorage,
    Signature,
    Tables,
    atomic_write_bytes,
    clean_stale_temps,
    copy_tables,
    decode,
    encode,
    prev_path,
    read_data,
    signature,
    write_prev,
)

WRITE_LOCK = ".write.lock"
JOURNAL = ".journal.json"
BACKUP_DIR = "backups"
KEEP_DAILY_BACKUPS = 14
SYNC_CONFLICT_PATTERNS = ("*.sync-conflict-*", "*conflicted copy*", "*Conflicted copy*")


class _ReadOnlyTable(Table):
    def _update_table(self, updater):  # type: ignore[no-untyped-def]
        # Refuse before TinyDB touches the shared in-memory data.
        raise RuntimeError("write outside a transaction")


class _ReadOnlyDB(TinyDB):
    table_class = _ReadOnlyTable


class ReadOnlyError(Exception):
    """A write was attempted on a store opened read-only."""


class InvalidRecordError(ValueError):
    """A change would write a document that does not fit its model: nothing was written."""

    def __init__(self, name: str, errors: list[str]) -> None:
        super().__init__(f"{name}: " + "; ".join(errors))
        self.name = name
        self.errors = errors


#: A check of one kind of file: the problems of its tables (empty when they fit).
FileCheck = Callable[[Tables], list[str]]
#: Where a recovered file's content came from.
FROM_MEMORY, FROM_PREV, FROM_BACKUP = "memory", "prev", "backup"


@dataclass(frozen=True)
class Notice:
    """Something the user must be told: a recovery, an external change, a migration.

    For "recovered": ``moved_to`` is where the damaged file was kept aside (None when
    the store is read-only and left it in place), ``source`` says what was restored
    (``memory``: the open app's copy; ``prev``: the last version Cadence wrote;
    ``backup``: a daily backup) and ``restored_from`` names that file.
    """

    kind: str  # "recovered" | "lost" | "external" | "migrated" | "conflict" | "completed"
    file: str
    moved_to: Path | None = None
    restored_from: Path | None = None
    detail: str = ""
    source: str = ""


def file_kind(name: str) -> str:
    """``focus-2026`` -> ``focus``; ``board`` -> ``board``."""
    kind, dash, year = name.rpartition("-")
    return kind if dash and year.isdigit() and len(year) == 4 else name


class _File:
    __slots__ = ("name", "path", "tables", "sig", "loaded", "good")

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path
        self.tables: Tables = {}
        self.sig: Signature | None = None
        self.loaded = False
        # When ``tables`` were last known to be what the file held (ns), for recovery.
        self.good = 0


class Store:
    """All of Cadence's data in one folder. Thread-safe; one writer at a time across processes."""

    def __init__(
        self,
        root: Path,
        *,
        today: Callable[[], str],
        stamp: Callable[[], str],
        read_only: bool = False,
    ) -> None:
        """``today`` gives the local ISO date (for daily backups), ``stamp`` a
        file-name-safe moment (for moved-aside files); both come from the app's clock.

        Read-only, the folder is never created or changed (a missing one reads empty).
        """
        self.root = root if read_only else ensure_private_dir(root)
        self.read_only = read_only
        self._today = today
        self._stamp = stamp
        self._files: dict[str, _File] = {}
        self._mutex = threading.RLock()
        self._write_lock = FileLock(str(self.root / WRITE_LOCK), timeout=30, mode=0o600)
        self._backed_up: set[tuple[str, str]] = set()
        self._conflicts_seen: set[str] = set()
        self.notices: list[Notice] = []
        self._listeners: list[Callable[[set[str]], None]] = []
        self._checks: dict[str, FileCheck] = {}
        self._check_keys: dict[str, bytes | None] = {}
        self._checked = CheckedFiles(self.root)
        if not read_only:
            with self._write_lock:
                clean_stale_temps(self.root)
                backups = self.root / BACKUP_DIR
                if backups.is_dir():
                    for folder in backups.iterdir():
                        if folder.is_dir():
                            clean_stale_temps(folder)
                self._replay_journal()

    def add_check(self, kind: str, check: FileCheck) -> None:
        """Check every file of ``kind`` (``focus`` for ``focus-2026``) when it is read and
        when a transaction changes it: a file that fails is damage, a change that fails is
        refused. Register before the first read of that kind.

        A check with a ``fingerprint`` (text saying what it checks, as
        :class:`~cadence.data.validate.TablesCheck` has) is not run again on a file whose
        bytes it, or this store's writes, already found valid."""
        self._checks[kind] = check
        self._check_keys.pop(kind, None)

    # ------------------------------------------------------------ files

    def path(self, name: str) -> Path:
        return self.root / f"{name}.json"

    def names_on_disk(self) -> list[str]:
        """The data files in the folder (not the lock's note, not our hidden journal)."""
        if not self.root.is_dir():
            return []
        return sorted(
            p.stem
            for p in self.root.glob("*.json")
            if p.name != "instance.json" and not p.name.startswith(".")
        )

    def _file(self, name: str) -> _File:
        f = self._files.get(name)
        if f is None:
            f = self._files[name] = _File(name, self.path(name))
        return f

    def _digest(self, name: str, raw: bytes) -> str | None:
        """The digest of a file's bytes under its check (None: a file never skipped)."""
        kind = file_kind(name)
        if kind not in self._check_keys:
            fingerprint = getattr(self._checks.get(kind), "fingerprint", None)
            key = check_key(fingerprint) if isinstance(fingerprint, str) else None
            self._check_keys[kind] = key
        key = self._check_keys[kind]
        return None if key is None else digest(key, raw)

    def save_checked(self) -> None:
        """Keep the digests of the files found valid since the last save, for the next
        start: a commit and :meth:`poll` do it (one small write, only when a file was
        checked or written). Never read-only; never waits for another process's write
        lock (a later save does it)."""
        with self._mutex:
            if self.read_only or not self._checked.unsaved:
                return
            # Timeout (another writer holds the lock) is an OSError, as is a folder not writable.
            with contextlib.suppress(OSError), self._write_lock.acquire(timeout=0):
                self._checked.save()

    def _check(self, name: str, tables: Tables, path: Path) -> None:
        check = self._checks.get(file_kind(name))
        if check is None:
            return
        errors = check(tables)
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise CorruptFileError(path, f"{errors[0]}{more}")

    def _read_good(
        self, name: str, path: Path, *, remember: bool = False
    ) -> tuple[Tables, Signature | None, bool]:
        """Read, migrate in memory and check a file. Returns (tables, signature, migrated).

        Raises CorruptFileError for damage of any shape (a missing file is empty), and
        NewerSchemaError for a file of a newer Cadence. ``remember`` (the data file
        itself, not a copy) skips the check when the bytes are those last found valid,
        and remembers them when they pass.
        """
        try:
            tables, sig, raw = read_data(path)
        except OSError as exc:
            if isinstance(exc, PermissionError):
                raise
            raise CorruptFileError(path, str(exc)) from exc
        if sig is None:
            return tables, sig, False
        migrated = migrations.migrate(tables, name)
        if not tables:
            # Every file this store writes is stamped with its schema: "{}" is not one.
            raise CorruptFileError(path, "the file holds nothing")
        found = self._digest(name, raw) if remember else None
        if found is not None and self._checked.is_valid(name, found):
            return tables, sig, migrated
        self._check(name, tables, path)
        if found is not None:
            self._checked.remember(name, found)
        return tables, sig, migrated

    def _load(self, f: _File) -> None:
        try:
            tables, sig, migrated = self._read_good(f.name, f.path, remember=True)
        except CorruptFileError as exc:
            tables, sig = self._recover(f, exc)
            migrated = False
        if migrated and not self.read_only:
            with self._write_lock:
                if signature(f.path) != sig:
                    # Another process changed (or migrated) it meanwhile: read that.
                    self._load(f)
                    return
                self._backup(f, f"pre-migration-v{migrations.SCHEMA_VERSION}-{self._stamp()}")
                self._write(f, tables)
            sig = f.sig
            self.notices.append(Notice("migrated", f.name, detail=str(migrations.SCHEMA_VERSION)))
        f.tables, f.sig, f.loaded = tables, sig, True
        f.good = sig[1] if sig else 0

    def _write(self, f: _File, tables: Tables, *, checked: bool = True) -> None:
        """Write ``tables`` as the file (atomically), keep them as its ``.prev``, and hold them.

        ``checked``: the tables passed the file's check (all the store writes but a crash's
        journal), so the written bytes need no check when read next."""
        data = encode(tables)
        atomic_write_bytes(f.path, data)
        f.tables, f.sig = tables, signature(f.path)
        f.good = f.sig[1] if f.sig else 0
        write_prev(f.path, data)
        if checked and (found := self._digest(f.name, data)) is not None:
            self._checked.remember(f.name, found)

    def _fresh(self, f: _File) -> bool:
        """Load the file if needed or changed on disk. True when it was re-read."""
        if not f.loaded:
            self._load(f)
            return False
        if signature(f.path) != f.sig:
            self._load(f)
            return True
        return False

    # ------------------------------------------------------------ reading

    def db(self, name: str) -> TinyDB:
        """A read-only TinyDB over the file's current contents."""
        with self._mutex:
            f = self._file(name)
            self._fresh(f)
            storage = MemoryStorage(f.tables, writable=False)
        return _ReadOnlyDB(storage=lambda: storage)

    def tables(self, name: str) -> Tables:
        """The file's tables as they are now. Treat as read-only."""
        with self._mutex:
            f = self._file(name)
            self._fresh(f)
            return f.tables

    def poll(self) -> set[str]:
        """Names of loaded files changed on disk since last read; they are re-read.

        Cheap (a stat per loaded file): the UI calls it about once a second.
        """
        changed: set[str] = set()
        with self._mutex:
            if not self.read_only and (self.root / JOURNAL).exists():
                # A writer died between the files of one change: complete it now (unless
                # another writer holds the lock: it completes it first).
                with contextlib.suppress(Timeout), self._write_lock.acquire(timeout=0):
                    changed |= self._replay_journal()
            for f in list(self._files.values()):
                if f.loaded and signature(f.path) != f.sig:
                    self._load(f)
                    changed.add(f.name)
            self.save_checked()
        for pattern in SYNC_CONFLICT_PATTERNS:
            for p in self.root.glob(pattern):
                if p.name not in self._conflicts_seen:
                    self._conflicts_seen.add(p.name)
                    self.notices.append(Notice("conflict", p.name, moved_to=p))
        return changed

    def take_notices(self) -> list[Notice]:
        with self._mutex:
            out, self.notices = self.notices, []
        return out

    def add_listener(self, callback: Callable[[set[str]], None]) -> None:
        """Called (in the writing thread) with the names a transaction changed."""
        self._listeners.append(callback)

    # ------------------------------------------------------------ writing

    @contextlib.contextmanager
    def transaction(self, *names: str) -> Iterator[Transaction]:
        """Change one or more files all or nothing (per file).

        Under the cross-process write lock: files changed on disk are re-read
        first (their change is kept, and reported), the body works on copies,
        and only when it returns are the copies written and swapped in.
        """
        if self.read_only:
            raise ReadOnlyError("the data is open read-only")
        with self._mutex, self._write_lock:
            self._replay_journal()
            for name in names:
                f = self._file(name)
                if self._fresh(f):
                    self.notices.append(Notice("external", name))
            txn = Transaction(self, names)
            yield txn
            written = txn._commit()
        if written:
            for callback in self._listeners:
                callback(written)

    def _backup(self, f: _File, folder: str) -> Path | None:
        if not f.path.exists():
            return None
        ensure_private_dir(self.root / BACKUP_DIR)
        target_dir = ensure_private_dir(self.root / BACKUP_DIR / folder)
        target = target_dir / f.path.name
        atomic_write_bytes(target, f.path.read_bytes())
        return target

    def _daily_backup(self, f: _File) -> bool:
        """Keep today's copy of the file as it was before today's first change.

        Returns False when there is nothing to copy yet (a new file): the caller
        then backs up the file it has just written, so even a first day has a backup.
        """
        today = self._today()
        target = self.root / BACKUP_DIR / today / f.path.name
        if (f.name, today) in self._backed_up or target.exists():
            self._backed_up.add((f.name, today))
            return True
        made = self._backup(f, today) is not None
        if made:
            self._backed_up.add((f.name, today))
            self.prune_backups()
        return made

    def prune_backups(self) -> None:
        """Keep the newest KEEP_DAILY_BACKUPS daily folders; pre-migration ones stay."""
        base = self.root / BACKUP_DIR
        if not base.exists():
            return
        daily = sorted(p for p in base.iterdir() if p.is_dir() and p.name[:1].isdigit())
        for old in daily[:-KEEP_DAILY_BACKUPS]:
            shutil.rmtree(old, ignore_errors=True)

    # ------------------------------------------------------------ recovery

    def backups_of(self, name: str) -> list[Path]:
        """Backups of a file, newest first."""
        base = self.root / BACKUP_DIR
        if not base.exists():
            return []
        found = [p for p in base.glob(f"*/{name}.json") if p.is_file()]
        return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.parent.name), reverse=True)

    def _candidates(self, f: _File) -> Iterator[tuple[str, Path | None, Tables]]:
        """Good copies of a damaged file, newest first: the copy in memory or the last
        version written (whichever is newer), then the daily backups."""
        prev = prev_path(f.path)
        from_prev: tuple[Tables, int] | None = None
        try:
            tables, sig, _migrated = self._read_good(f.name, prev)
            if sig is not None:
                from_prev = (tables, sig[1])
        except (CorruptFileError, OSError, migrations.NewerSchemaError):
            pass
        memory = copy_tables(f.tables) if f.loaded and f.sig is not None else None
        if memory is not None and (from_prev is None or f.good > from_prev[1]):
            yield FROM_MEMORY, None, memory
        if from_prev is not None:
            yield FROM_PREV, prev, from_prev[0]
        if memory is not None and from_prev is not None and f.good <= from_prev[1]:
            yield FROM_MEMORY, None, memory
        for candidate in self.backups_of(f.name):
            try:
                tables, _sig, _migrated = self._read_good(f.name, candidate)
            except (CorruptFileError, OSError, migrations.NewerSchemaError):
                continue
            yield FROM_BACKUP, candidate, tables

    def _recover(self, f: _File, error: CorruptFileError) -> tuple[Tables, Signature | None]:
        """Keep a damaged file aside and restore the newest good copy; say what and from where."""
        if self.read_only:
            # Never touch the disk read-only: show the best copy and say so.
            for source, where, tables in self._candidates(f):
                self.notices.append(
                    Notice("recovered", f.name, None, where, detail=error.reason, source=source)
                )
                return tables, signature(f.path)
            self.notices.append(Notice("lost", f.name, detail=error.reason))
            return {}, signature(f.path)
        with self._write_lock:
            # Another process may have recovered the file while we waited for the lock.
            try:
                tables, sig, _migrated = self._read_good(f.name, f.path, remember=True)
                return tables, sig
            except CorruptFileError:
                pass
            stamp = self._stamp()
            moved = f.path.with_name(f"{f.path.name}.corrupt-{stamp}")
            n = 1
            while moved.exists():  # never overwrite a broken file kept earlier
                n += 1
                moved = f.path.with_name(f"{f.path.name}.corrupt-{stamp}-{n}")
            for source, where, tables in self._candidates(f):
                try:
                    # Keep the damaged bytes under the new name, then replace the file.
                    _keep_aside(f.path, moved)
                    migrations.stamp(tables)
                    self._write(f, tables)
                except OSError:
                    # A full disk, say: leave the damaged file where it is, show the copy.
                    with contextlib.suppress(OSError):
                        if moved.exists() and f.path.exists():
                            moved.unlink()
                    self.notices.append(
                        Notice("recovered", f.name, None, where, detail=error.reason, source=source)
                    )
                    return tables, signature(f.path)
                self.notices.append(
                    Notice("recovered", f.name, moved, where, detail=error.reason, source=source)
                )
                return tables, f.sig
            f.path.replace(moved)
        self.notices.append(Notice("lost", f.name, moved, None, detail=error.reason))
        return {}, None

    # ------------------------------------------------------------ journal

    def _replay_journal(self) -> set[str]:
        """Complete a change of several files that a crash interrupted (write lock held).

        The journal holds every file of that change as it was to be written; writing
        them again is harmless when some were written already.
        """
        path = self.root / JOURNAL
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return set()
        try:
            files = orjson.loads(raw)["files"]
            plan = {name: decode(orjson.dumps(t), self.path(name)) for name, t in files.items()}
        except (ValueError, KeyError, TypeError, CorruptFileError):
            plan = {}  # written atomically, so never torn; refuse anything else
        for name, tables in plan.items():
            # Written as the journal holds them, unchecked: checked when read next.
            self._write(self._file(name), tables, checked=False)
            self._file(name).loaded = True
            self.notices.append(Notice("completed", name))
        path.unlink()
        return set(plan)


def _keep_aside(path: Path, moved: Path) -> None:
    """Give ``path``'s file a second name ``moved`` (a hard link, or a copy where links do
    not work), so that replacing ``path`` keeps the old bytes."""
    try:
        os.link(path, moved)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
            raise
        shutil.copyfile(path, moved)


class Transaction:
    """The body of ``Store.transaction``.

    ``txn.db(name)`` is a writable TinyDB over a deep copy of the file. The quicker
    ``txn.docs(name, table)`` / ``put`` / ``drop`` work on the documents directly,
    copying only the tables' dicts: a document is replaced, never changed in place,
    so the store's own copy stays as it was until the commit.
    """

    def __init__(self, store: Store, names: tuple[str, ...]) -> None:
        self._store = store
        self._names = names
        self._storages: dict[str, MemoryStorage] = {}
        self._deep: set[str] = set()

    def include(self, name: str) -> None:
        """Add a file to this transaction once it has begun (the lock is already held):
        e.g. the year a change moves a record to. It is read as it is on disk now."""
        if name in self._names:
            return
        f = self._store._file(name)
        if self._store._fresh(f):
            self._store.notices.append(Notice("external", name))
        self._names = (*self._names, name)

    def _storage(self, name: str) -> MemoryStorage:
        if name not in self._names:
            raise KeyError(f"{name} is not part of this transaction")
        storage = self._storages.get(name)
        if storage is None:
            f = self._store._file(name)
            shallow = {table: dict(docs) for table, docs in f.tables.items()}
            storage = self._storages[name] = MemoryStorage(shallow, writable=True)
        return storage

    def db(self, name: str) -> TinyDB:
        storage = self._storage(name)
        if name not in self._deep:
            # TinyDB changes documents in place: give it copies of its own.
            storage.tables = copy_tables(storage.tables)
            self._deep.add(name)
        return TinyDB(storage=lambda: storage)

    def docs(self, name: str, table: str) -> dict[str, dict[str, Any]]:
        """The documents of ``table`` by id, as they are in this transaction. Read them;
        change them only through :meth:`put` and :meth:`drop`."""
        return self._storage(name).tables.get(table, {})

    def put(self, name: str, table: str, doc: dict[str, Any], doc_id: str | None = None) -> str:
        """Store ``doc`` as document ``doc_id`` (a new id when None); returns the id."""
        storage = self._storage(name)
        docs = storage.tables.setdefault(table, {})
        if doc_id is None:
            doc_id = str(max((int(k) for k in docs), default=0) + 1)
        docs[doc_id] = doc
        storage.dirty = True
        return doc_id

    def drop(self, name: str, table: str, doc_id: str) -> None:
        storage = self._storage(name)
        docs = storage.tables.get(table, {})
        if doc_id in docs:
            del docs[doc_id]
            storage.dirty = True

    def _commit(self) -> set[str]:
        store = self._store
        dirty = [(name, st) for name, st in self._storages.items() if st.dirty]
        for name, storage in dirty:
            self._check_changes(name, storage.tables)
        for _name, storage in dirty:
            migrations.stamp(storage.tables)
        files = [(store._file(name), storage.tables) for name, storage in dirty]
        backed_up = [store._daily_backup(f) for f, _tables in files]
        journal = store.root / JOURNAL
        if len(files) > 1:
            # All or nothing across files: a crash between two writes is completed later.
            try:
                atomic_write_bytes(
                    journal, orjson.dumps({"files": {f.name: tables for f, tables in files}})
                )
            except OSError as exc:  # name the folder, not our bookkeeping file
                raise type(exc)(exc.errno, exc.strerror, str(store.root)) from exc
        for f, tables in files:
            store._write(f, tables)
        if len(files) > 1:
            journal.unlink()
        for (f, _tables), made in zip(files, backed_up, strict=True):
            if not made:
                store._daily_backup(f)
        store._checked.save()  # the write lock is held
        return {f.name for f, _tables in files}

    def _check_changes(self, name: str, tables: Tables) -> None:
        """Refuse a change that writes a document its model cannot read (only the changed
        documents are checked: a year's log holds thousands)."""
        check = self._store._checks.get(file_kind(name))
        if check is None:
            return
        old = self._store._file(name).tables
        changed: Tables = {}
        for table, docs in tables.items():
            before = old.get(table, {})
            fresh = {k: d for k, d in docs.items() if (b := before.get(k)) is not d and b != d}
            if fresh:
                changed[table] = fresh
        errors = check(changed) if changed else []
        if errors:
            raise InvalidRecordError(name, errors)
