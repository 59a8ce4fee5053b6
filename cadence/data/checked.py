"""Which data files the store has found valid, so that an unchanged file is not checked again.

Checking every document of every file on each start costs more than reading them. Most
starts find the files byte for byte as Cadence wrote them, or as it checked them the last
time. So the store keeps, per file, a digest of the content it last found valid: after a
check on read, and after it wrote the file itself (what it writes passed its check in
the transaction). A file whose bytes have that digest is not checked again; any other
content (edited, damaged, truncated, replaced by a sync tool) is checked as always.

The digest is keyed with what the check is: the schema version, Cadence's version and
the check's fingerprint. A file found valid by an older Cadence or another check has
another digest, so it is checked again.

The digests live in the hidden ``.checked.json`` beside the data (hidden names are not
data: not exported, backed up or journaled). It is a cache and nothing else: missing,
unreadable, damaged or foreign, it is empty and everything is checked. It is written
under the store's write lock, only when a digest changed, never by a read-only store,
and without fsync: a crash may leave it old, missing or empty, which costs a check.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import orjson

from cadence import __version__
from cadence.data import migrations
from cadence.data.storage import atomic_write_bytes

CHECKED = ".checked.json"
#: Marks the file as ours: anything else found under its name is ignored.
FORMAT = "cadence-checked-1"
DIGEST_SIZE = 16


def check_key(fingerprint: str) -> bytes:
    """The key of the digests of one kind of file: what its check is, in this Cadence."""
    what = f"{migrations.SCHEMA_VERSION}\0{__version__}\0{fingerprint}"
    return hashlib.blake2b(what.encode("utf-8"), digest_size=32).digest()


def digest(key: bytes, raw: bytes) -> str:
    """The digest of a file's bytes under a check's key (:func:`check_key`)."""
    return hashlib.blake2b(raw, digest_size=DIGEST_SIZE, key=key).hexdigest()


def _read(path: Path) -> dict[str, str]:
    """The digests kept in ``path``; empty when it is missing, unreadable or not ours."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(v, str)}


class CheckedFiles:
    """The digests of the files found valid, read from the folder once and kept in memory.

    Not thread-safe: the store calls it under its own lock.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / CHECKED
        self._known: dict[str, str] | None = None
        # Found valid since the last save (name -> digest).
        self._new: dict[str, str] = {}

    def _digests(self) -> dict[str, str]:
        if self._known is None:
            self._known = _read(self.path)
        return self._known

    def is_valid(self, name: str, found: str) -> bool:
        """Whether the file ``name`` with the digest ``found`` was found valid."""
        return self._digests().get(name) == found

    def remember(self, name: str, found: str) -> None:
        """The file ``name`` with the digest ``found`` is valid (it was checked, or written)."""
        known = self._digests()
        if known.get(name) != found:
            known[name] = found
            self._new[name] = found

    @property
    def unsaved(self) -> bool:
        return bool(self._new)

    def save(self) -> None:
        """Write what was found valid since the last save into the file (call with the
        store's write lock held), merged with what other processes wrote there; only when
        that changes it. A failure (a full disk) is let be: those files are checked again
        at the next start."""
        if not self._new:
            return
        on_disk = _read(self.path)
        merged = {**on_disk, **self._new}
        self._known, self._new = merged, {}
        if merged != on_disk:
            data = orjson.dumps({"format": FORMAT, "files": merged}, option=orjson.OPT_SORT_KEYS)
            with contextlib.suppress(OSError):
                atomic_write_bytes(self.path, data, durable=False)
