"""The engine's decisions, against an in-memory server that keeps ETags and preconditions.

Fast and exhaustive where the Radicale tests are slow and few: any mix of changes on
both sides, then two syncs, and the second one changes nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from cadence.data.models import Deliverable
from cadence.sync import state as sync_state
from cadence.sync.client import Collections, PreconditionFailed
from cadence.sync.engine import run_sync
from cadence.sync.resources import is_done, parse_remote, resource_name
from tests.sync.conftest import NOW, TZ

BASE = "https://dav.example.com/alice/cadence/"


@dataclass
class FakeServer:
    """One calendar: href -> (etag, body). Checks If-Match / If-None-Match like a server."""

    store: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    writes: int = 0
    parsed: dict = field(default_factory=dict)

    def __call__(self, url, username, password, timeout):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def collections(self, chosen, known, create):
        return Collections(BASE, BASE)

    def objects_list(self):
        out = []
        for href, (etag, body) in self.store.items():
            if (href, etag) not in self.parsed:
                self.parsed[(href, etag)] = parse_remote(href, etag, body)
            if self.parsed[(href, etag)] is not None:
                out.append(self.parsed[(href, etag)])
        return out

    def objects(self, url, known=None):
        return self.objects_list(), []

    def _etag(self) -> str:
        return f'"{next(self.counter)}"'

    def put(self, url, body, *, etag="", create=False):
        self.writes += 1
        if create and url in self.store:
            raise PreconditionFailed("412")
        if etag and (url not in self.store or self.store[url][0] != etag):
            raise PreconditionFailed("412")
        new = self._etag()
        self.store[url] = (new, body)
        return new

    def delete(self, url, *, etag):
        self.writes += 1
        if url in self.store and etag and self.store[url][0] != etag:
            raise PreconditionFailed("412")
        self.store.pop(url, None)

    # what a phone does
    def edit(self, uid: str, change) -> None:
        for href, (_etag, body) in self.store.items():
            cal = Calendar.from_ical(body)
            comp = next(c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO"))
            if str(comp["UID"]) == uid:
                change(comp)
                self.store[href] = (self._etag(), cal.to_ical())
                return
        raise KeyError(uid)

    def remove(self, uid: str) -> None:
        for href, (_etag, body) in list(self.store.items()):
            if uid.encode() in body:
                del self.store[href]

    def uids(self, kind: str = "") -> set[str]:
        return {o.uid for o in self.objects_list() if not kind or o.kind == kind}


@pytest.fixture
def repo(open_repo, small_plan):
    runtime = open_repo(small_plan)
    sync_state.save_account(
        runtime.repo, sync_state.Account(url=BASE, username="alice"), reset_items=True
    )
    return runtime.repo


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    monkeypatch.setenv("CADENCE_SYNC_PASSWORD", "x")


def sync(repo, server, **kw):
    return run_sync(repo, pendulum.parse(NOW, tz=TZ), TZ, connect=server, **kw)


def test_first_then_second_sync(repo):
    server = FakeServer()
    repo.save_card(Deliverable(title="A", due="2026-12-09", column="week"))
    first = sync(repo, server)
    assert first.created == len(server.store) > 4
    writes = server.writes
    second = sync(repo, server)
    assert second.unchanged and server.writes == writes


def test_a_dry_run_writes_nothing_anywhere(repo):
    server = FakeServer()
    before = sync_state.load(repo)
    report = sync(repo, server, dry_run=True)
    assert report.created > 4 and server.store == {}
    assert sync_state.load(repo) == before


def test_a_412_midway_changes_nothing_here_and_the_next_run_recovers(repo):
    server = FakeServer()
    card = Deliverable(title="A", due="2026-12-09", column="week")
    repo.save_card(card)
    sync(repo, server)
    uid = f"cadence-todo-{card.id}@cadence"
    server.edit(uid, lambda c: c.__setitem__("STATUS", "COMPLETED"))
    templates = repo.plan().templates
    templates[0].blocks[0].title = "Renamed"
    repo.save_templates(templates)
    real_put = server.put
    calls = []

    def put_then_fail(url, body, **kw):
        calls.append(url)
        if len(calls) == 1:
            return real_put(url, body, **kw)  # the first write lands on the server...
        raise PreconditionFailed("412")  # ...the second is refused

    server.put = put_then_fail
    templates[1].blocks[0].title = "Renamed too"
    repo.save_templates(templates)
    before_items = sync_state.load(repo).items
    with pytest.raises(PreconditionFailed):
        sync(repo, server)
    assert sync_state.load(repo).items == before_items
    assert next(c for c in repo.cards() if c.id == card.id).column == "week"  # not moved yet
    server.put = real_put
    report = sync(repo, server)
    # The write that had landed is recognised by its content, not reported as a server edit.
    assert not any("edited on the server" in n for n in report.notes)
    assert report.changed == 1 and report.moved == 1
    assert sync(repo, server).unchanged


OPS = st.lists(
    st.sampled_from(
        ["complete", "reopen", "delete_todo", "edit_event", "delete_event",
         "card_done", "card_back", "card_title", "card_gone", "card_new", "block_time"]
    ),
    max_size=6,
)  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPS)
def test_whatever_happens_on_both_sides_a_second_sync_changes_nothing(repo, ops):
    server = FakeServer()
    for card in repo.cards():
        repo.delete_card(card.id)
    cards = [Deliverable(title=f"C{i}", due=f"2026-12-1{i}", column="week") for i in range(3)]
    for card in cards:
        repo.save_card(card)
    sync(repo, server)
    made = itertools.count()
    for op in ops:
        todos = sorted(server.uids("todo"))
        events = sorted(server.uids("event"))
        live = repo.cards()
        if op == "complete" and todos:
            server.edit(todos[0], lambda c: c.__setitem__("STATUS", "COMPLETED"))
        elif op == "reopen" and todos:
            server.edit(todos[-1], lambda c: c.__setitem__("STATUS", "NEEDS-ACTION"))
        elif op == "delete_todo" and todos:
            server.remove(todos[0])
        elif op == "edit_event" and events:
            server.edit(events[0], lambda c: c.__setitem__("SUMMARY", "phone"))
        elif op == "delete_event" and events:
            server.remove(events[-1])
        elif op == "card_done" and live:
            repo.update_card(live[0].id, lambda c: setattr(c, "column", "done"))
        elif op == "card_back" and live:
            repo.update_card(live[-1].id, lambda c: setattr(c, "column", "doing"))
        elif op == "card_title" and live:
            repo.update_card(live[0].id, lambda c: setattr(c, "title", c.title + "!"))
        elif op == "card_gone" and live:
            repo.delete_card(live[-1].id)
        elif op == "card_new":
            repo.save_card(Deliverable(title=f"N{next(made)}", due="2026-12-20"))
        elif op == "block_time":
            templates = repo.plan().templates
            templates[0].blocks[0].start = "06:0" + str(len(ops) % 10)
            repo.save_templates(templates)
    # A server edit is reported once and replaced on the next run: up to two runs settle.
    sync(repo, server)
    sync(repo, server)
    writes = server.writes
    final = sync(repo, server)
    assert final.unchanged and not final.notes, final.lines()
    assert server.writes == writes
    # Every card with a due date that is not done has its to-do (unless deleted there).
    gone = {u for u, it in sync_state.load(repo).items.items() if it.gone}
    for card in repo.cards():
        if card.due and card.column != "done":
            uid = f"cadence-todo-{card.id}@cadence"
            assert uid in server.uids("todo") or uid in gone


# ---------------------------------------------------------------- fingerprints


def _event(extra: str = "", exdate: str = "EXDATE;TZID=Asia/Shanghai:20261203T080000,20261210T080000\r\n") -> bytes:  # fmt: skip
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
        "DTSTAMP:20261201T000000Z\r\nDTSTART;TZID=Asia/Shanghai:20261201T080000\r\n"
        "DTEND;TZID=Asia/Shanghai:20261201T090000\r\nSUMMARY:Study\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,TH\r\n"
        + exdate
        + extra
        + "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Study\r\nTRIGGER:-PT10M\r\n"
        "END:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _fp(body: bytes) -> str:
    return parse_remote("h", "e", body).fp


def test_fingerprint_ignores_how_a_server_writes_the_same_content():
    base = _fp(_event())
    split = (
        "EXDATE;TZID=Asia/Shanghai:20261203T080000\r\nEXDATE;TZID=Asia/Shanghai:20261210T080000\r\n"
    )
    assert _fp(_event(exdate=split)) == base
    assert _fp(_event("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC\r\n")) == base
    assert _fp(_event().replace(b"TRIGGER:-PT10M", b"TRIGGER:-P0DT0H10M0S")) == base
    assert _fp(_event().replace(b"DTSTAMP:20261201T000000Z", b"DTSTAMP:20270101T000000Z")) == base


def test_fingerprint_sees_what_the_plan_writes():
    base = _fp(_event())
    assert _fp(_event().replace(b"SUMMARY:Study", b"SUMMARY:Gym")) != base
    assert _fp(_event().replace(b"TRIGGER:-PT10M", b"TRIGGER:-PT5M")) != base
    assert _fp(_event(exdate="")) != base
    override = (
        "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTAMP:20261201T000000Z\r\n"
        "RECURRENCE-ID;TZID=Asia/Shanghai:20261208T080000\r\n"
        "DTSTART;TZID=Asia/Shanghai:20261208T100000\r\nSUMMARY:Study\r\n"
    )
    moved_once = _event().replace(b"END:VEVENT", override.encode() + b"END:VEVENT", 1)
    assert _fp(moved_once) != base  # one occurrence moved on the phone


@pytest.mark.parametrize(
    ("lines", "done"),
    [
        ("STATUS:COMPLETED\r\n", True),
        ("STATUS:NEEDS-ACTION\r\n", False),
        ("STATUS:IN-PROCESS\r\nPERCENT-COMPLETE:50\r\n", False),
        ("COMPLETED:20261202T100000Z\r\n", True),
        ("PERCENT-COMPLETE:100\r\n", True),
        ("", False),
    ],
)
def test_completion_as_phones_write_it(lines, done):
    body = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VTODO\r\nUID:t1\r\n"
        f"DTSTAMP:20261201T000000Z\r\nSUMMARY:x\r\n{lines}END:VTODO\r\nEND:VCALENDAR\r\n"
    )
    cal = Calendar.from_ical(body)
    assert is_done(cal.walk("VTODO")[0]) is done
    assert parse_remote("h", "e", body).done is done


def test_resource_names_are_stable_and_safe():
    uid = "cadence-ai-pm-12-months-workday-wd/mo rning@cadence"
    assert resource_name(uid) == "cadence-ai-pm-12-months-workday-wd-mo-rning.ics"
    assert resource_name(uid) == resource_name(uid)


def test_control_characters_never_reach_the_server(repo):
    server = FakeServer()
    repo.save_card(Deliverable(title="Bad\x1b]0;title\x07 card", due="2026-12-09"))
    sync(repo, server)
    for _etag, body in server.store.values():
        assert b"\x1b" not in body and b"\x07" not in body
