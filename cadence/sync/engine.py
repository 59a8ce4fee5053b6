"""One sync run: read both sides, decide in memory, write the server, then this side.

The order keeps a failure harmless. The server is read, every decision is made in
memory (:func:`decide`, no I/O), the server is written — each write with its
precondition, so an object changed there since it was read is never overwritten — and
only when all of that worked are the cards moved and the state saved. Any failure
before that raises :class:`~cadence.sync.client.SyncError` with nothing changed here;
the next run picks up, recognising by their content what an interrupted run had
already written to the server.

Who wins: the plan is the source for events, the phone for completion. A to-do ticked
(or unticked) on the server moves its card to Done (or back to where it was); an event
edited or deleted on the server is reported first and replaced by the plan only on a
later run; a to-do deleted on the server stays away until its card changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from pendulum import DateTime

from cadence.data.models import COLUMNS, Deliverable
from cadence.data.repository import Repository
from cadence.domain.deliverables import COLUMN_TITLES, column_cards, top_order
from cadence.i18n import _
from cadence.sync import state as sync_state
from cadence.sync.client import (
    CALENDAR_NAME,
    TODO_CALENDAR_NAME,
    CalDAVServer,
    Collections,
    SyncError,
    timeout_from_env,
)
from cadence.sync.resources import EVENT, TODO, RemoteObject, Resource, card_todos, plan_events
from cadence.sync.state import Item, LastRun, SyncState

REOPEN_COLUMN = "week"  # where a reopened card goes when its column before Done is unknown
DELETED = "deleted"


@dataclass
class SyncReport:
    """What a run did (or, dry, would do) on each side, in lines for people."""

    at: str
    dry_run: bool = False
    server: list[str] = field(default_factory=list)
    here: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: int = 0
    changed: int = 0
    removed: int = 0
    moved: int = 0
    error: str = ""  # set when the run failed (by SyncService; ``run_sync`` raises instead)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def unchanged(self) -> bool:
        return not (self.created or self.changed or self.removed or self.moved)

    def summary(self) -> str:
        """One line, for the settings dialog and the end of ``cadence sync``."""
        if self.error:
            return self.error
        if self.unchanged:
            line = (
                _("Dry run: nothing to change.")
                if self.dry_run
                else _("In sync: nothing to change.")
            )
        elif self.dry_run:
            line = _(
                "Dry run: would create {c}, change {u}, remove {r} on the server "
                "and move {m} cards here.",
                c=self.created,
                u=self.changed,
                r=self.removed,
                m=self.moved,
            )
        else:
            line = _(
                "Synced: {c} created, {u} changed, {r} removed on the server; {m} cards moved here.",
                c=self.created,
                u=self.changed,
                r=self.removed,
                m=self.moved,
            )
        if self.notes:
            line += " " + _("{n} notes.", n=len(self.notes))
        return line

    def lines(self) -> list[str]:
        """The whole report: each side's changes, the notes, the summary."""
        out = [
            _("On the server: {c} created, {u} changed, {r} removed.",
              c=self.created, u=self.changed, r=self.removed)
        ]  # fmt: skip
        out += [f"  {line}" for line in self.server]
        out.append(_("Here: {m} cards moved.", m=self.moved))
        out += [f"  {line}" for line in self.here]
        if self.notes:
            out.append(_("Notes:"))
            out += [f"  {line}" for line in self.notes]
        out.append(self.summary())
        return out


@dataclass(frozen=True)
class Write:
    """One request to the server: create (``If-None-Match: *``), update or delete (``If-Match``)."""

    action: str  # "create" | "update" | "delete"
    uid: str
    url: str
    etag: str = ""
    body: bytes = b""


@dataclass(frozen=True)
class Move:
    """A card to move because its to-do was completed or reopened on the server."""

    card: str
    title: str
    to: str
    source: str  # the column it is expected in
    order: float


@dataclass
class SyncPlan:
    """Everything one run decided: server writes, card moves, the state's new records."""

    writes: list[Write]
    moves: list[Move]
    items: dict[str, Item | None]
    report: SyncReport


def _changed(srv: RemoteObject, item: Item) -> bool:
    """Whether the server's object changed since the last sync (by ETag, else by content)."""
    if srv.etag and item.etag:
        return srv.etag != item.etag
    return srv.fp != item.fp


def decide(
    state: SyncState,
    remote: dict[str, RemoteObject],
    cards: list[Deliverable],
    events: Iterable[Resource],
    collections: Collections | None,
    now: DateTime,
    *,
    dry_run: bool = False,
) -> SyncPlan:
    """Compare the plan, the server and the last sync's state; decide every change.

    Pure: no I/O. ``remote`` maps a UID to the server's object; ``collections`` is
    None on a dry run before the calendar exists.
    """
    report = SyncReport(at=now.isoformat(), dry_run=dry_run)
    items = state.items
    by_card = {c.id: c for c in cards}

    # 1. Completion changed on the server: the phone is the source for it.
    moves: dict[str, Move] = {}
    for uid, item in items.items():
        srv = remote.get(uid)
        if item.kind != TODO or not item.card or srv is None:
            continue
        if not _changed(srv, item) or srv.done == item.done:
            continue
        card = by_card.get(item.card)
        if card is None:
            continue
        if srv.done and card.column != "done":
            target, why = "done", _("completed on the server")
        elif not srv.done and card.column == "done":
            back = item.column if item.column in COLUMNS and item.column != "done" else ""
            target, why = back or REOPEN_COLUMN, _("reopened on the server")
        else:
            continue
        order = top_order(column_cards(cards, target))
        moves[card.id] = Move(card.id, card.title, target, card.column, order)
        report.here.append(
            _(
                "{title} -> {column} ({why})",
                title=card.title,
                column=_(COLUMN_TITLES.get(target, target)),
                why=why,
            )
        )
    report.moved = len(moves)
    after = [replace(c, column=moves[c.id].to) if c.id in moves else c for c in cards]

    # 2. What the plan wants on the server now.
    existing = {uid for uid, it in items.items() if not it.gone} | set(remote)
    wanted = {r.uid: r for r in events}
    wanted.update((r.uid, r) for r in card_todos(after, now, existing))
    after_by_id = {c.id: c for c in after}

    def home(kind: str) -> str:
        if collections is None:
            return ""
        return collections.todos if kind == TODO else collections.events

    def record(w: Resource, href: str, etag: str, old: Item | None) -> Item:
        column = ""
        if w.card:
            card = after_by_id.get(w.card)
            if card is not None and card.column != "done":
                column = card.column
            elif w.card in moves:
                column = moves[w.card].source
            elif old is not None:
                column = old.column
        return Item(
            uid=w.uid, kind=w.kind, href=href, etag=etag, fp=w.fp, title=w.title,
            card=w.card, done=w.done, column=column,
        )  # fmt: skip

    writes: list[Write] = []
    new_items: dict[str, Item | None] = {}

    def put(action: str, w: Resource, href: str, etag: str, old: Item | None) -> None:
        writes.append(Write(action, w.uid, href, etag, w.body))
        new_items[w.uid] = record(w, href, "", old)
        if action == "create":
            report.created += 1
            report.server.append(f"+ {w.title}")
        else:
            report.changed += 1
            report.server.append(f"~ {w.title}")

    def remove(uid: str, href: str, etag: str, title: str) -> None:
        writes.append(Write("delete", uid, href, etag))
        new_items[uid] = None
        report.removed += 1
        report.server.append(f"- {title}")

    for uid in sorted(set(wanted) | set(items)):
        w, st, srv = wanted.get(uid), items.get(uid), remote.get(uid)
        if w is not None and st is None:
            if srv is None:
                put("create", w, home(w.kind) + w.name, "", None)
            elif srv.fp == w.fp:
                new_items[uid] = record(w, srv.href, srv.etag, None)  # already there: adopt
            elif w.kind == TODO:
                put("update", w, srv.href, srv.etag, None)
            else:
                report.notes.append(
                    _(
                        "{title} differs on the server; the next sync replaces it with the plan.",
                        title=w.title,
                    )
                )
                new_items[uid] = Item(uid, w.kind, srv.href, title=w.title, noted=srv.etag)
        elif w is not None and st is not None:
            if srv is None:
                if w.kind == EVENT and st.noted == DELETED:
                    put("create", w, st.href, "", st)
                elif w.kind == EVENT:
                    report.notes.append(
                        _(
                            "{title} was deleted on the server; the next sync puts it back "
                            "(remove it from the plan to keep it away).",
                            title=w.title,
                        )
                    )
                    new_items[uid] = replace(st, noted=DELETED)
                elif st.gone and st.gone == w.fp:
                    continue  # deleted on the server, card unchanged since: stays away
                elif st.gone:
                    put("create", w, st.href, "", st)
                else:
                    report.notes.append(
                        _(
                            "The to-do {title} was deleted on the server; it is not made again "
                            "until its card changes.",
                            title=w.title,
                        )
                    )
                    new_items[uid] = replace(st, gone=w.fp, etag="")
            elif not _changed(srv, st):
                if w.fp != st.fp:
                    put("update", w, st.href, srv.etag, st)
                else:
                    fresh = record(w, st.href, srv.etag or st.etag, st)
                    if fresh != st:
                        new_items[uid] = fresh
            elif srv.fp == w.fp:
                new_items[uid] = record(w, srv.href, srv.etag, st)  # same content: adopt
            elif w.kind == TODO:
                put("update", w, srv.href, srv.etag, st)
            elif st.noted == srv.etag:
                put("update", w, srv.href, srv.etag, st)
                report.notes.append(
                    _("{title} had been edited on the server; the plan replaced it.", title=w.title)
                )
            else:
                report.notes.append(
                    _(
                        "{title} was edited on the server; the next sync replaces it with "
                        "the plan.",
                        title=w.title,
                    )
                )
                new_items[uid] = replace(st, noted=srv.etag)
        elif st is not None:  # no longer wanted
            if srv is None:
                new_items[uid] = None
            elif st.kind == EVENT and _changed(srv, st):
                report.notes.append(
                    _(
                        "{title} is no longer in the plan but was edited on the server: "
                        "left there.",
                        title=st.title,
                    )
                )
                new_items[uid] = None
            else:
                remove(uid, srv.href, srv.etag, st.title)
    return SyncPlan(writes, list(moves.values()), new_items, report)


def _apply_move(move: Move, now_iso: str) -> Callable[[Deliverable], None]:
    def change(card: Deliverable) -> None:
        # The card as it is on disk: if it was moved meanwhile here, that move wins.
        if card.column != move.source:
            return
        card.column = move.to
        card.order = move.order
        card.updated = now_iso

    return change


def run_sync(
    repo: Repository,
    now: DateTime,
    tz: str,
    *,
    dry_run: bool = False,
    connect: Callable[..., CalDAVServer] = CalDAVServer,
    timeout: float | None = None,
) -> SyncReport:
    """One sync of ``repo`` with its account's server. Raises SyncError, changing nothing here."""
    from cadence.sync.credentials import account_key, lookup

    current = sync_state.load(repo)
    account = current.account
    if account is None:
        raise SyncError(
            _("Sync is not set up: run `cadence sync setup --url URL --username NAME` first.")
        )
    password, _source = lookup(account_key(account.url, account.username), account.password_command)
    timeout = timeout_from_env() if timeout is None else timeout
    # Two runs at once (the UI's and a shell's) are safe without a lock: every write has
    # its precondition, so the slower one fails with a 412 and changes nothing here.
    with connect(account.url, account.username, password, timeout) as server:
        known = (account.events_url, account.todos_url)
        collections = server.collections(account.calendar, known, create=not dry_run)
        kept = _forget_moved(current, collections)
        remote = _read_server(server, collections, kept.items)
        events = plan_events(repo, now, tz)
        plan = decide(kept, remote, repo.cards(), events, collections, now, dry_run=dry_run)
        for uid in current.items.keys() - kept.items.keys():
            plan.items.setdefault(uid, None)
        made = collections.made if collections else ()
        for name in made:
            plan.report.server.insert(0, _("+ the calendar {name}", name=name))
        missing_name = CALENDAR_NAME if collections is None else TODO_CALENDAR_NAME
        if collections is None or not collections.todos:
            plan.report.notes.append(
                _("The calendar {name} does not exist yet: the sync makes it.", name=missing_name)
            )
        if dry_run:
            return plan.report
        missing = _write_server(server, plan)
        if missing:
            again = _read_server(server, collections, {})
            for uid in missing:
                item = plan.items.get(uid)
                if item is not None and uid in again:
                    plan.items[uid] = replace(item, etag=again[uid].etag)
        # The server has it all: now this side, cards first, then the state.
        now_iso = now.isoformat()
        for move in plan.moves:
            repo.update_card(move.card, _apply_move(move, now_iso))
        urls = {}
        if collections is not None:
            urls = {"events_url": collections.events, "todos_url": collections.todos}
        last = LastRun(at=now_iso, line=plan.report.summary())
        sync_state.record_run(repo, plan.items, last, urls)
    return plan.report


def _forget_moved(current: SyncState, collections: Collections | None) -> SyncState:
    """Drop the records of objects in a calendar that is not the one in use any more
    (deleted on the server and made again): they are all written anew."""
    if collections is None:
        return current
    from cadence.sync.client import href_key

    homes = {EVENT: href_key(collections.events), TODO: href_key(collections.todos)}
    kept = {
        uid: item
        for uid, item in current.items.items()
        if homes[item.kind] and href_key(item.href).startswith(homes[item.kind])
    }
    if len(kept) == len(current.items):
        return current
    return replace(current, items=kept)


def _read_server(
    server: CalDAVServer, collections: Collections | None, items: dict[str, Item]
) -> dict[str, RemoteObject]:
    """The server's objects by UID; those unchanged since the last sync are not downloaded."""
    from cadence.sync.client import href_key

    remote: dict[str, RemoteObject] = {}
    if collections is None:
        return remote
    by_href = {href_key(it.href): it for it in items.values() if it.etag}
    known = {key: it.etag for key, it in by_href.items()}
    for url in dict.fromkeys((collections.events, collections.todos)):
        if not url:
            continue
        parsed, unread = server.objects(url, known)
        for obj in parsed:
            remote.setdefault(obj.uid, obj)
        for href, etag in unread:
            it = by_href[href_key(href)]
            remote.setdefault(
                it.uid, RemoteObject(it.uid, it.kind, href, etag, it.fp, it.title, it.done)
            )
    return remote


def _write_server(server: CalDAVServer, plan: SyncPlan) -> list[str]:
    """Send every write; fill the new ETags in. Returns the UIDs whose ETag the server kept."""
    missing = []
    for write in plan.writes:
        if write.action == "delete":
            server.delete(write.url, etag=write.etag)
            continue
        etag = server.put(write.url, write.body, etag=write.etag, create=write.action == "create")
        item = plan.items.get(write.uid)
        if item is not None:
            plan.items[write.uid] = replace(item, etag=etag)
        if not etag:
            missing.append(write.uid)
    return missing
