"""Schema versions of the data files and the steps between them.

Each file carries ``{"_meta": {"1": {"schema": N}}}``. Version 1 files (the
first format) carry no stamp and kept a block's state as a boolean ``done``;
version 2 keeps ``"todo" | "done" | "skipped"`` so a block can be skipped.
"""

from __future__ import annotations

from collections.abc import Callable

from cadence.data.storage import Tables

SCHEMA_VERSION = 2
META_TABLE = "_meta"


class NewerSchemaError(Exception):
    """The file was written by a newer Cadence; it is left untouched."""

    def __init__(self, name: str, found: int) -> None:
        super().__init__(
            f"{name} has schema {found}, newer than this Cadence understands "
            f"({SCHEMA_VERSION}); upgrade Cadence to open it"
        )
        self.found = found


def schema_of(tables: Tables) -> int:
    """The schema version of a file's tables; an unstamped non-empty file is version 1."""
    meta = tables.get(META_TABLE, {})
    for doc in meta.values():
        version = doc.get("schema")
        if isinstance(version, int):
            return version
    return 1 if tables else SCHEMA_VERSION


def stamp(tables: Tables, version: int = SCHEMA_VERSION) -> None:
    tables[META_TABLE] = {"1": {"schema": version}}


def _v1_to_v2(tables: Tables) -> None:
    for doc in tables.get("days", {}).values():
        states = doc.get("states")
        if isinstance(states, dict):
            doc["states"] = {
                key: ("done" if value is True else "todo" if value is False else value)
                for key, value in states.items()
            }


MIGRATIONS: dict[int, Callable[[Tables], None]] = {1: _v1_to_v2}


def migrate(tables: Tables, name: str) -> bool:
    """Bring ``tables`` to SCHEMA_VERSION in place. Returns True when anything changed."""
    version = schema_of(tables)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(name, version)
    if version == SCHEMA_VERSION:
        return False
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](tables)
        version += 1
    stamp(tables)
    return True
