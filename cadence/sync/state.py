"""The sync state: ``sync.json`` in the data folder, written through the store.

Through the store rather than a sibling file, so it gets what every data file gets: the
cross-process write lock, atomic writes, a daily backup, recovery from a damaged file,
and a reload when another process (``cadence sync`` in a shell, a sync client) changed it.

Tables: ``account`` (one document: server, user name, calendar, the password command —
never the password), ``items`` (one document per synced UID: where it is on the server,
its ETag and what was written), ``last`` (the last successful run), ``failed`` (a
background sync that failed since then: what the open UI shows when the agent syncs for
it; cleared by the next success). Each write applies
its change to the documents as they are on disk, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from tinydb import Query

from cadence.data.models import Record
from cadence.data.repository import Repository

SYNC_FILE = "sync"
TABLES = ("account", "items", "last", "failed")


@dataclass
class Account(Record):
    """The CalDAV account: never holds the password."""

    url: str
    username: str
    calendar: str = ""  # a calendar chosen with --calendar (name or URL); "" = "Cadence"
    password_command: str = ""
    # Found (or made) on the first sync; "" until then.
    events_url: str = ""
    todos_url: str = ""


@dataclass
class Item(Record):
    """One resource Cadence put on the server (or found there under its UID).

    ``etag`` is the server's version that matches ``fp`` (what Cadence last wrote or
    accepted). ``noted`` is the ETag of a server edit already reported ("deleted" for
    a deletion): the next sync that still sees it there replaces it with the plan.
    For to-dos: ``card``, ``done`` (completion as the server last had it), ``column``
    (the card's last column before Done) and ``gone`` (the to-do as it was when it was
    deleted on the server: it stays away until the card changes).
    """

    uid: str
    kind: str  # "event" | "todo"
    href: str
    etag: str = ""
    fp: str = ""
    title: str = ""
    noted: str = ""
    card: str | None = None
    done: bool = False
    column: str = ""
    gone: str = ""


@dataclass
class LastRun(Record):
    at: str  # ISO moment
    line: str  # one line: what it did


@dataclass
class SyncState:
    account: Account | None = None
    items: dict[str, Item] = field(default_factory=dict)
    last: LastRun | None = None
    failed: LastRun | None = None


def load(repo: Repository) -> SyncState:
    """The sync state as it is now (empty when there is none)."""
    tables = repo.store.tables(SYNC_FILE)
    account = next((Account.from_dict(d) for d in tables.get("account", {}).values()), None)
    items = {}
    for doc in tables.get("items", {}).values():
        item = Item.from_dict(doc)
        items[item.uid] = item
    last = next((LastRun.from_dict(d) for d in tables.get("last", {}).values()), None)
    failed = next((LastRun.from_dict(d) for d in tables.get("failed", {}).values()), None)
    return SyncState(account, items, last, failed)


def save_account(repo: Repository, account: Account, *, reset_items: bool) -> None:
    """Save the account; ``reset_items`` forgets what was synced (another server or calendar)."""
    with repo.store.transaction(SYNC_FILE) as txn:
        db = txn.db(SYNC_FILE)
        db.table("account").truncate()
        db.table("account").insert(account.to_dict())
        if reset_items:
            db.table("items").truncate()
            db.table("last").truncate()
            db.table("failed").truncate()


def forget(repo: Repository) -> bool:
    """Forget the account and everything synced. True when there was something to forget."""
    if not any(repo.store.tables(SYNC_FILE).get(name) for name in TABLES):
        return False
    with repo.store.transaction(SYNC_FILE) as txn:
        db = txn.db(SYNC_FILE)
        for name in TABLES:
            db.drop_table(name)
    return True


def record_run(
    repo: Repository,
    items: dict[str, Item | None],
    last: LastRun,
    urls: dict[str, str] | None = None,
) -> None:
    """Apply one run's outcome: ``items`` maps a UID to its new record (None: forget it).

    One transaction; each item is upserted or removed by UID, so items this run did
    not touch stay as they are on disk.
    """
    with repo.store.transaction(SYNC_FILE) as txn:
        db = txn.db(SYNC_FILE)
        table = db.table("items")
        for uid, item in items.items():
            if item is None:
                table.remove(Query().uid == uid)
            else:
                table.upsert(item.to_dict(), Query().uid == uid)
        if urls:
            accounts = db.table("account")
            for doc in accounts.all():
                known = {f.name for f in fields(Account)}
                patch = {k: v for k, v in urls.items() if k in known and doc.get(k) != v}
                if patch:
                    accounts.update(patch, doc_ids=[doc.doc_id])
        db.table("last").truncate()
        db.table("last").insert(last.to_dict())
        db.table("failed").truncate()


def record_failure(repo: Repository, failed: LastRun) -> None:
    """Keep a failed background sync's moment and message (other processes show it)."""
    with repo.store.transaction(SYNC_FILE) as txn:
        table = txn.db(SYNC_FILE).table("failed")
        table.truncate()
        table.insert(failed.to_dict())
