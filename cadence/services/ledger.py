"""What went out: one record per notification delivered, kept in the data folder.

The open UI and the agent may both see a reminder fall due; each *claims* it here
before sending it, in one store transaction under the write lock that every Cadence
process shares, and only the one whose claim lands sends. A restart of either reads
the same records, so nothing is sent twice however they come and go.

Keys name what was delivered: ``block:<date>:<block>:<kind>`` for a block's reminders,
``weekly:<week>`` for the weekly review, ``focus:<phase>:<end>`` for a focus phase's
end. Records older than a week and a day are dropped as new ones come in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from cadence.data.store import Store

LEDGER_FILE = "reminders"
TABLE = "delivered"
#: Records older than this (by their due moment) are dropped.
KEEP_S = 8 * 86_400


@dataclass(frozen=True)
class Delivered:
    key: str
    due: float  # seconds since the epoch
    at: str  # ISO moment it was sent
    by: str  # "agent" or "app"


def key(kind: str, *parts: object) -> str:
    """A notification's key in the ledger: ``block:<reminder>``, ``weekly:<week>``,
    ``focus:<phase>:<end>``: the same notification has the same key in every process."""
    return ":".join([kind, *(str(part) for part in parts)])


def claim(store: Store, key: str, *, due: float, at: str, by: str) -> bool:
    """Record ``key`` as delivered now, unless it is already: True when this claim won."""
    with store.transaction(LEDGER_FILE) as txn:
        docs = txn.docs(LEDGER_FILE, TABLE)
        if any(doc.get("key") == key for doc in docs.values()):
            return False
        for doc_id, doc in list(docs.items()):
            stamp = doc.get("due")
            if not isinstance(stamp, int | float) or stamp < due - KEEP_S:
                txn.drop(LEDGER_FILE, TABLE, doc_id)
        txn.put(LEDGER_FILE, TABLE, {"key": key, "due": due, "at": at, "by": by})
    return True


def delivered(store: Store) -> dict[str, Delivered]:
    """Every record kept, by key (read from the store's copy in memory)."""
    return _records(store.tables(LEDGER_FILE).get(TABLE, {}))


def delivered_in(folder: Path) -> dict[str, Delivered]:
    """Every record kept in ``folder``, read from the file as it is (no store, no lock)."""
    try:
        tables = orjson.loads((folder / f"{LEDGER_FILE}.json").read_bytes())
    except (OSError, ValueError):
        return {}
    table = tables.get(TABLE, {}) if isinstance(tables, dict) else {}
    return _records(table if isinstance(table, dict) else {})


def _records(docs: dict[str, Any]) -> dict[str, Delivered]:
    out: dict[str, Delivered] = {}
    for doc in docs.values():
        try:
            record = Delivered(str(doc["key"]), float(doc["due"]), str(doc["at"]), str(doc["by"]))
        except (KeyError, TypeError, ValueError):
            continue  # a record made by hand: not ours to read
        out[record.key] = record
    return out
