"""Files that cannot be torn, and a TinyDB storage over data kept in memory.

TinyDB's own JSONStorage rewrites its file in place and truncates last, so a
crash mid-write leaves a broken file (docs/pitfalls.md). Here every write serialises
first, writes a temporary file in the same folder, flushes and fsyncs it, then
``os.replace``-s it over the old one and fsyncs the folder: a reader sees the
old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

FILE_MODE = 0o600
TMP_SUFFIX = ".tmp"
#: The last version of each data file this app wrote, beside it (``board.json.prev``).
PREV_SUFFIX = ".prev"

Tables = dict[str, dict[str, dict[str, Any]]]
Signature = tuple[int, int, int]


class CorruptFileError(Exception):
    """A data file that does not hold a TinyDB document set."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def signature(path: Path) -> Signature | None:
    """What identifies one version of a file: inode, mtime (ns) and size."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - no directory fds on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _named(exc: OSError, path: Path) -> OSError:
    """The same error, naming ``path`` (a write to a temporary file names none)."""
    if exc.filename and not Path(exc.filename).name.endswith(TMP_SUFFIX):
        return exc
    return type(exc)(exc.errno, exc.strerror, str(path))


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file.

    An error (a full disk, a folder not writable) leaves ``path`` as it was, removes
    the temporary file, and names ``path``.

    ``durable=False`` is for a file whose loss costs nothing (a cache): no fsync, and
    the old file is removed before the new one takes its name, since ext4 flushes a file
    renamed over another at once (ten times the cost of the write). A reader still never
    sees a mix: the old file, none, or the new one; a crash or an error may leave it
    old, missing or (a crash) empty.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{TMP_SUFFIX}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as exc:
        raise _named(exc, path) from exc
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
    except BaseException as exc:
        os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _named(exc, path) from exc
        raise
    os.close(fd)
    if not durable:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as exc:  # a folder in its place, say
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise _named(exc, path) from exc
    for attempt in range(20):
        try:
            os.replace(tmp, path)
            break
        except PermissionError:  # pragma: no cover - Windows: a reader holds the file
            if attempt == 19:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise
            time.sleep(0.05)
    if durable:
        _fsync_dir(path.parent)


def write_output(path: Path, data: bytes) -> Path:
    """Write a file the user named (an export, ``plan export FILE``); returns where it went.

    A new or regular file is replaced atomically, private (0600); a symbolic link is
    followed (the link stays, its target gets the data). An existing character device
    or pipe (``/dev/null``, ``/dev/stdout``, ``>(…)``) is written into, never replaced
    by a file. A folder or any other kind of file is refused (IsADirectoryError /
    OSError), and nothing is written.
    """
    path = Path(path).expanduser()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "a folder, not a file", str(path))
    if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except OSError as exc:
            raise _named(exc, path) from exc
        finally:
            os.close(fd)
        return path
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file: Cadence writes only files", str(path))
    target = path.resolve() if st is not None else path
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
    return target


def write_prev(path: Path, data: bytes) -> None:
    """Keep ``data`` (just written to ``path``) as ``<path>.prev``: the copy recovery restores
    when ``path`` is damaged later, today's changes included.

    Not fsynced: it only matters while ``path`` is broken, and a torn copy is refused by
    the same checks as the file itself. A separate file, not a hard link: truncating
    ``path`` in place (``: > board.json``) must not truncate it too. Removed and made
    anew, which ext4 does not flush at once (a truncate or a rename over it would be).
    """
    prev = prev_path(path)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(prev)
        fd = os.open(prev, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError:
        # The copy is a safety net: a full disk here must not fail the write it follows.
        pass


def prev_path(path: Path) -> Path:
    return path.with_name(path.name + PREV_SUFFIX)


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files left by a crash. Call with the write lock held."""
    removed = []
    for tmp in folder.glob(f".*{TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def encode(tables: Tables) -> bytes:
    """UTF-8 JSON, Chinese left readable, indented for people who open the file."""
    return orjson.dumps(tables, option=orjson.OPT_INDENT_2)


def decode(raw: bytes, path: Path) -> Tables:
    """Parse and check the shape TinyDB needs: {table: {doc_id: {..}}}.

    An empty file is damage, not an empty database: Cadence never writes one (a file
    with nothing in it still holds ``{}``), so 0 bytes means a truncated file.
    """
    if not raw.strip():
        raise CorruptFileError(path, "the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptFileError(path, f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise CorruptFileError(path, "top level is not an object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFileError(path, f"table {name!r} is not an object")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise CorruptFileError(path, f"document {name}/{doc_id} is not an object")
            if not doc_id.isdigit() or not doc_id.isascii():
                raise CorruptFileError(path, f"document id {name}/{doc_id} is not a number")
    return data


def read_data(path: Path) -> tuple[Tables, Signature | None, bytes]:
    """Read a data file: its tables, signature and bytes; a missing file is empty, with no
    signature. Raises CorruptFileError.

    The signature comes from the open file itself, so it always belongs to the
    bytes read, even when the file is replaced meanwhile (the next check then
    sees the new signature and reads again).
    """
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except FileNotFoundError:
        return {}, None, b""
    return decode(raw, path), (st.st_ino, st.st_mtime_ns, st.st_size), raw


def read_tables(path: Path) -> tuple[Tables, Signature | None]:
    """Read a data file; a missing file is empty. Raises CorruptFileError."""
    tables, sig, _raw = read_data(path)
    return tables, sig


def copy_tables(tables: Tables) -> Tables:
    """A deep copy, so that a change made inside a transaction never leaks when it is rolled back."""
    copied: Tables = orjson.loads(orjson.dumps(tables))
    return copied


class MemoryStorage(Storage):
    """A TinyDB storage over a dict held by the Store.

    ``writable=False`` views are for reading; a write through them is a bug.
    """

    def __init__(self, tables: Tables, writable: bool) -> None:
        self.tables = tables
        self.writable = writable
        self.dirty = False

    def read(self) -> Tables:
        return self.tables

    def write(self, data: Tables) -> None:
        if not self.writable:
            raise RuntimeError("write outside a transaction")
        self.tables = data
        self.dirty = True

    def close(self) -> None:
        pass


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)
