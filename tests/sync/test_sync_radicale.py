"""Two-way sync with a real Radicale, checked through an independent client read.

Every check reads the server with the ``caldav`` library's own search (not the
engine's listing) and parses what it gets with ``icalendar``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pendulum
import pytest
from icalendar import Calendar

from cadence.data.models import DayRecord, Deliverable, TimeBlock
from cadence.domain.schedule import template_for
from tests.sync.conftest import (
    NOW,
    TZ,
    folder_bytes,
    remote_calendar,
    remote_components,
    setup_args,
)


@pytest.fixture
def synced(cadence, data_dir, account):
    """Set up and run ``cadence sync``; returns a function running it again."""

    def run(*extra: str):
        result = cadence("--data", str(data_dir), "sync", *extra)
        assert result.code == 0, result.err
        return result

    setup = cadence(*setup_args(data_dir, account))
    assert setup.code == 0, setup.err
    return run


def _events(comps):
    return {uid: v for uid, v in comps.items() if v[1].walk("VEVENT")}


def _todos(comps):
    return {uid: v for uid, v in comps.items() if v[1].walk("VTODO")}


def _component(entry, name):
    return entry[1].walk(name)[0]


def _add_cards(repo):
    due = Deliverable(title="Case study: meeting notes", due="2026-12-10", column="doing")
    no_due = Deliverable(title="Someday idea", column="backlog")
    done_before = Deliverable(title="Old demo", due="2026-11-20", column="done")
    for card in (due, no_due, done_before):
        repo.save_card(card)
    return due, no_due, done_before


def test_first_sync_puts_the_schedule_and_the_due_cards_on_the_server(
    synced, data_dir, account, open_repo
):
    from cadence.export.run import export_ics

    repo = open_repo(data_dir).repo
    due, no_due, done_before = _add_cards(repo)
    thursday = pendulum.Date(2026, 12, 3)
    template = template_for(repo.plan().templates, thursday)
    study = next(b for b in template.blocks if b.kind == "study")
    other = next(b for b in template.blocks if b.id != study.id and b.kind != "sleep")
    repo.save_day(
        DayRecord(date="2026-12-03", edited={study.id: {"start": "21:00"}}, removed=[other.id])
    )
    repo.add_day_block("2026-12-05", TimeBlock("15:00", "16:00", "Pair session", kind="build"))

    result = synced()
    assert "Synced:" in result.out

    comps = remote_components(account)
    events, todos = _events(comps), _todos(comps)
    # The same events as the .ics export (which also has the due cards as all-day events).
    now = pendulum.parse(NOW, tz=TZ)
    export = Calendar.from_ical(export_ics(repo, now, TZ))
    exported = {str(e["UID"]) for e in export.walk("VEVENT")}
    assert set(events) == {u for u in exported if not u.startswith("cadence-card-")}
    assert len(events) > 20

    # The study block's weekly series: RRULE, the zone, the alarm at the lead time, EXDATE.
    series_uid = f"cadence-{repo.plan().id}-{template.id}-{study.id}@cadence"
    series = events[series_uid][1]
    event = _component(events[series_uid], "VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["DTSTART"].params["TZID"] == TZ
    assert [str(z["TZID"]) for z in series.walk("VTIMEZONE")] == [TZ]
    alarm = event.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)  # the user's lead time
    excluded = [d.dt for d in event["EXDATE"].dts]
    assert excluded[0].date() == date(2026, 12, 3)
    assert "METHOD" not in series  # a CalDAV resource carries no METHOD
    # The one-day changes: the edited block on its date, the added one.
    singles = {
        str(_component(v, "VEVENT")["SUMMARY"]): v for u, v in events.items() if "-day-" in u
    }
    moved = _component(singles[study.title], "VEVENT").decoded("DTSTART")
    assert moved == datetime(2026, 12, 3, 21, 0, tzinfo=moved.tzinfo)
    assert str(moved.tzinfo) == TZ
    assert "Pair session" in singles
    # The other block's series skips 2026-12-03.
    other_event = _component(
        events[f"cadence-{repo.plan().id}-{template.id}-{other.id}@cadence"], "VEVENT"
    )
    assert [d.dt.date() for d in other_event["EXDATE"].dts] == [date(2026, 12, 3)]

    # The to-dos: the card with a due date that is not done; nothing for the others.
    assert set(todos) == {f"cadence-todo-{due.id}@cadence"}
    todo = _component(todos[f"cadence-todo-{due.id}@cadence"], "VTODO")
    assert str(todo["SUMMARY"]) == due.title
    assert todo.decoded("DUE") == date(2026, 12, 10)
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    assert todo.walk("VALARM")[0]["TRIGGER"].params["RELATED"] == "END"
    # The calendar takes both kinds, so the to-dos are beside the events.
    assert set(remote_calendar(account).get_supported_components()) >= {"VEVENT", "VTODO"}


def test_a_second_sync_right_after_the_first_changes_nothing(synced, data_dir, account, open_repo):
    import orjson

    _add_cards(open_repo(data_dir).repo)
    synced()
    before_server = {uid: v[0] for uid, v in remote_components(account).items()}
    before_here = folder_bytes(data_dir)

    result = synced()

    assert "In sync: nothing to change." in result.out
    assert "0 created, 0 changed, 0 removed" in result.out
    after_server = {uid: v[0] for uid, v in remote_components(account).items()}
    assert after_server == before_server  # same objects, same ETags: nothing was written
    after_here = folder_bytes(data_dir)
    assert {k: v for k, v in after_here.items() if not k.startswith("sync.json")} == {
        k: v for k, v in before_here.items() if not k.startswith("sync.json")
    }
    # The state keeps the same items; only the "last run" line moved on.
    items = [orjson.loads(b["sync.json"])["items"] for b in (before_here, after_here)]
    assert items[0] == items[1]


def test_a_todo_completed_on_the_server_is_done_here_and_reopened_goes_back(
    synced, data_dir, account, open_repo, small_plan
):
    repo = open_repo(data_dir).repo
    due, _no_due, _done = _add_cards(repo)
    synced()
    uid = f"cadence-todo-{due.id}@cadence"

    todo = remote_calendar(account).todo_by_uid(uid)
    todo.complete()  # as a phone does: STATUS:COMPLETED and a COMPLETED date

    result = synced()
    assert "completed on the server" in result.out
    card = next(c for c in repo.cards() if c.id == due.id)
    assert card.column == "done"
    # The phone's completion stays as the phone wrote it; nothing else changes.
    assert "In sync: nothing to change." in synced().out

    todo = remote_calendar(account).todo_by_uid(uid)
    todo.uncomplete()
    result = synced()
    assert "reopened on the server" in result.out
    card = next(c for c in repo.cards() if c.id == due.id)
    assert card.column == "doing"  # back where it was before Done


def test_a_card_done_here_completes_its_todo_and_a_deleted_card_removes_it(
    synced, data_dir, account, open_repo, small_plan
):
    repo = open_repo(data_dir).repo
    due, _no_due, _done = _add_cards(repo)
    other = Deliverable(title="Demo video", due="2026-12-20", column="week")
    repo.save_card(other)
    synced()

    repo.update_card(due.id, lambda c: setattr(c, "column", "done"))
    repo.delete_card(other.id)
    result = synced()
    assert "1 changed, 1 removed" in result.out

    todos = _todos(remote_components(account))
    assert set(todos) == {f"cadence-todo-{due.id}@cadence"}
    todo = _component(todos[f"cadence-todo-{due.id}@cadence"], "VTODO")
    assert str(todo["STATUS"]) == "COMPLETED"
    assert "COMPLETED" in todo


def test_a_todo_deleted_on_the_server_stays_away_until_its_card_changes(
    synced, data_dir, account, open_repo, small_plan
):
    repo = open_repo(data_dir).repo
    due, _no_due, _done = _add_cards(repo)
    synced()
    uid = f"cadence-todo-{due.id}@cadence"
    remote_calendar(account).todo_by_uid(uid).delete()

    first = synced()
    assert "was deleted on the server" in first.out
    assert uid not in remote_components(account)
    again = synced()
    assert "In sync: nothing to change." in again.out
    assert uid not in remote_components(account)

    repo.update_card(due.id, lambda c: setattr(c, "title", "Case study: meeting notes v2"))
    synced()
    todo = _component(remote_components(account)[uid], "VTODO")
    assert str(todo["SUMMARY"]) == "Case study: meeting notes v2"


def test_an_event_edited_on_the_server_is_replaced_only_after_the_report_said_so(
    synced, data_dir, account, open_repo, small_plan
):
    synced()
    comps = _events(remote_components(account))
    uid = sorted(comps)[0]
    original = str(_component(comps[uid], "VEVENT")["SUMMARY"])
    obj = comps[uid][2]
    obj.icalendar_component["SUMMARY"] = "Mine now"
    obj.save()

    first = synced()
    assert "was edited on the server; the next sync replaces it with the plan" in first.out
    assert str(_component(remote_components(account)[uid], "VEVENT")["SUMMARY"]) == "Mine now"

    second = synced()
    assert "had been edited on the server; the plan replaced it" in second.out
    assert "1 changed" in second.out
    assert str(_component(remote_components(account)[uid], "VEVENT")["SUMMARY"]) == original
    assert "In sync: nothing to change." in synced().out


def test_plan_changes_reach_the_server(synced, data_dir, account, open_repo, small_plan):
    repo = open_repo(data_dir).repo
    synced()
    templates = repo.plan().templates
    block = templates[0].blocks[0]
    block.start = "06:15"
    repo.save_templates(templates)
    repo.add_day_block("2026-12-09", TimeBlock("19:00", "20:00", "Mock interview", kind="study"))

    result = synced()
    assert "1 created, 1 changed, 0 removed" in result.out

    events = _events(remote_components(account))
    series = _component(
        events[f"cadence-{repo.plan().id}-{templates[0].id}-{block.id}@cadence"], "VEVENT"
    )
    assert series.decoded("DTSTART").strftime("%H:%M") == "06:15"
    titles = {str(_component(v, "VEVENT")["SUMMARY"]) for v in events.values()}
    assert "Mock interview" in titles


def test_a_dry_run_changes_nothing_on_either_side(
    cadence, data_dir, account, open_repo, small_plan
):
    import caldav

    assert cadence(*setup_args(data_dir, account)).code == 0
    before = folder_bytes(data_dir)

    result = cadence("--data", str(data_dir), "sync", "--dry-run")

    assert result.code == 0, result.err
    assert "Dry run: would create" in result.out
    assert "nothing was changed (--dry-run)" in result.out
    assert folder_bytes(data_dir) == before
    client = caldav.DAVClient(url=account.url, username=account.username, password=account.password)
    assert [c.get_display_name() for c in client.principal().calendars()] == []

    assert cadence("--data", str(data_dir), "sync").code == 0
    repo = open_repo(data_dir).repo
    repo.save_card(Deliverable(title="New card", due="2026-12-12", column="week"))
    etags = {uid: v[0] for uid, v in remote_components(account).items()}
    dry = cadence("--data", str(data_dir), "sync", "--dry-run")
    assert "Dry run: would create 1, change 0, remove 0" in dry.out
    assert {uid: v[0] for uid, v in remote_components(account).items()} == etags


def test_an_existing_calendar_without_todos_gets_a_todo_calendar_beside_it(
    cadence, data_dir, account, open_repo, small_plan
):
    import caldav

    client = caldav.DAVClient(url=account.url, username=account.username, password=account.password)
    mine = client.principal().make_calendar(
        name="Work plan", supported_calendar_component_set=["VEVENT"]
    )
    own = mine.save_event(
        dtstart=datetime(2026, 12, 2, 10), dtend=datetime(2026, 12, 2, 11), summary="Dentist"
    )
    due, _no_due, _done = _add_cards(open_repo(data_dir).repo)
    assert cadence(*setup_args(data_dir, account, "--calendar", "Work plan")).code == 0

    result = cadence("--data", str(data_dir), "sync")

    assert result.code == 0, result.err
    assert "+ the calendar Cadence to-dos" in result.out
    events = remote_components(account, "Work plan")
    assert own.id in {str(_component(v, "VEVENT")["UID"]) for v in events.values()}  # untouched
    assert not _todos(events)
    assert len(_events(events)) >= 4
    todos = remote_components(account, "Cadence to-dos")
    assert set(todos) == {f"cadence-todo-{due.id}@cadence"}
    assert "In sync: nothing to change." in cadence("--data", str(data_dir), "sync").out


def test_a_calendar_deleted_on_the_server_is_made_again(synced, data_dir, account, small_plan):
    synced()
    count = len(remote_components(account))
    remote_calendar(account).delete()

    result = synced()

    assert "+ the calendar Cadence" in result.out
    assert len(remote_components(account)) == count
    assert "In sync: nothing to change." in synced().out
