"""The one store: TinyDB files in a private folder, written in short locked transactions.

Design (see PITFALLS.md):
- one file per kind of record, and logs one file per year, so each write is small;
- every file is read once and kept in memory; a read re-reads only a file whose
  inode, mtime or size changed on disk (another process, a sync client);
- a write is a transaction under a cross-process lock: re-read what changed,
  apply the change to a copy, write the copy atomically, then swap it in; on an
  error nothing is written and the old data stays;
- a file that cannot be read is moved aside and the newest good backup restored;
- one backup of each file a day (before that day's first change), 14 days kept,
  and one before every migration.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock
from tinydb import TinyDB
from tinydb.table import Table

from cadence.data import migrations
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
    read_tables,
    signature,
)

WRITE_LOCK = ".write.lock"
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


@dataclass(frozen=True)
class Notice:
    """Something the user must be told: a recovery, an external change, a migration."""

    kind: str  # "recovered" | "lost" | "external" | "migrated" | "conflict"
    file: str
    moved_to: Path | None = None
    restored_from: Path | None = None
    detail: str = ""


class _File:
    __slots__ = ("name", "path", "tables", "sig", "loaded")

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path
        self.tables: Tables = {}
        self.sig: Signature | None = None
        self.loaded = False


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
        file-name-safe moment (for moved-aside files); both come from the app's clock."""
        self.root = ensure_private_dir(root)
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
        if not read_only:
            with self._write_lock:
                clean_stale_temps(self.root)

    # ------------------------------------------------------------ files

    def path(self, name: str) -> Path:
        return self.root / f"{name}.json"

    def names_on_disk(self) -> list[str]:
        return sorted(p.stem for p in self.root.glob("*.json") if p.name != "instance.json")

    def _file(self, name: str) -> _File:
        f = self._files.get(name)
        if f is None:
            f = self._files[name] = _File(name, self.path(name))
        return f

    def _load(self, f: _File) -> None:
        try:
            tables, sig = read_tables(f.path)
        except CorruptFileError as exc:
            tables, sig = self._recover(f, exc)
        except OSError as exc:
            tables, sig = self._recover(f, CorruptFileError(f.path, str(exc)))
        if migrations.migrate(tables, f.name) and not self.read_only:
            with self._write_lock:
                if signature(f.path) != sig:
                    # Another process changed (or migrated) it meanwhile: read that.
                    self._load(f)
                    return
                self._backup(f, f"pre-migration-v{migrations.SCHEMA_VERSION}-{self._stamp()}")
                atomic_write_bytes(f.path, encode(tables))
            sig = signature(f.path)
            self.notices.append(Notice("migrated", f.name, detail=str(migrations.SCHEMA_VERSION)))
        f.tables, f.sig, f.loaded = tables, sig, True

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
            for f in list(self._files.values()):
                if f.loaded and signature(f.path) != f.sig:
                    self._load(f)
                    changed.add(f.name)
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

    def _recover(self, f: _File, error: CorruptFileError) -> tuple[Tables, Signature | None]:
        """Move a broken file aside and restore the newest backup that reads cleanly."""
        if self.read_only:
            # Never touch the disk read-only: show an empty file and say so.
            self.notices.append(Notice("lost", f.name, detail=error.reason))
            return {}, signature(f.path)
        with self._write_lock:
            # Another process may have recovered the file while we waited for the lock.
            try:
                return read_tables(f.path)
            except (CorruptFileError, OSError):
                pass
            stamp = self._stamp()
            moved = f.path.with_name(f"{f.path.name}.corrupt-{stamp}")
            n = 1
            while moved.exists():  # never overwrite a broken file kept earlier
                n += 1
                moved = f.path.with_name(f"{f.path.name}.corrupt-{stamp}-{n}")
            f.path.replace(moved)
            for candidate in self.backups_of(f.name):
                try:
                    tables = decode(candidate.read_bytes(), candidate)
                except (CorruptFileError, OSError):
                    continue
                atomic_write_bytes(f.path, encode(tables))
                self.notices.append(
                    Notice("recovered", f.name, moved, candidate, detail=error.reason)
                )
                return tables, signature(f.path)
        self.notices.append(Notice("lost", f.name, moved, None, detail=error.reason))
        return {}, None


class Transaction:
    """The body of ``Store.transaction``: ``txn.db(name)`` is a writable TinyDB."""

    def __init__(self, store: Store, names: tuple[str, ...]) -> None:
        self._store = store
        self._names = names
        self._storages: dict[str, MemoryStorage] = {}

    def include(self, name: str) -> None:
        """Add a file to this transaction once it has begun (the lock is already held):
        e.g. the year a change moves a record to. It is read as it is on disk now."""
        if name in self._names:
            return
        f = self._store._file(name)
        if self._store._fresh(f):
            self._store.notices.append(Notice("external", name))
        self._names = (*self._names, name)

    def db(self, name: str) -> TinyDB:
        if name not in self._names:
            raise KeyError(f"{name} is not part of this transaction")
        storage = self._storages.get(name)
        if storage is None:
            f = self._store._file(name)
            storage = MemoryStorage(copy_tables(f.tables), writable=True)
            self._storages[name] = storage
        return TinyDB(storage=lambda: storage)

    def _commit(self) -> set[str]:
        written: set[str] = set()
        for name, storage in self._storages.items():
            if not storage.dirty:
                continue
            f = self._store._file(name)
            backed_up = self._store._daily_backup(f)
            tables = storage.tables
            migrations.stamp(tables)
            atomic_write_bytes(f.path, encode(tables))
            f.tables, f.sig = tables, signature(f.path)
            if not backed_up:
                self._store._daily_backup(f)
            written.add(name)
        return written
