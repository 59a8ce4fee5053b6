"""The one way to change data: ``update_*(key, fn)`` inside one transaction, on the record as
it is on disk; and ``merge_fields`` for dialogs that edit a record opened earlier."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.data.merge import merge_fields, merging
from cadence.data.models import (
    DailyReview,
    DayRecord,
    DayTemplate,
    Deliverable,
    FocusSession,
    MustDo,
    Plan,
    Resource,
    RoadmapGoal,
    Settings,
    TimeBlock,
    WeeklyReview,
)
from cadence.data.repository import BOARD, BoardEdit, Repository, year_file
from cadence.data.store import Store


def make_repo(root: Path) -> Repository:
    return Repository(Store(root, today=lambda: "2026-11-29", stamp=lambda: "20261129T093000"))


def docs(root: Path, name: str, table: str) -> list[dict[str, Any]]:
    path = root / f"{name}.json"
    if not path.exists():
        return []
    return list(json.loads(path.read_bytes()).get(table, {}).values())


def small_plan() -> Plan:
    return Plan(
        id="p",
        name="P",
        language="en",
        templates=[
            DayTemplate("wd", "Weekday", [0, 1, 2, 3, 4], [TimeBlock("07:00", "08:00", "A")])
        ],
        goals=[RoadmapGoal(1, "tech", "Learn", id="g1")],
        must_dos=[MustDo("m1", "Course", "course")],
        resources=[Resource("Podcast", "podcast", id="r1")],
    )


# ---------------------------------------------------------------- days


def test_update_day_makes_the_record_and_returns_it_as_written(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    out = repo.update_day("2026-12-01", lambda r: r.states.update(b1="done"))
    assert out == DayRecord("2026-12-01", states={"b1": "done"})
    assert docs(tmp_path, "days-2026", "days") == [out.to_dict()]


def test_update_day_sees_a_change_another_process_made_meanwhile(tmp_path: Path) -> None:
    ours, theirs = make_repo(tmp_path), make_repo(tmp_path)
    ours.update_day("2026-12-01", lambda r: r.states.update(a="done"))
    theirs.update_day("2026-12-01", lambda r: r.states.update(b="skipped"))
    out = ours.update_day("2026-12-01", lambda r: r.states.update(c="done"))
    assert out.states == {"a": "done", "b": "skipped", "c": "done"}
    assert make_repo(tmp_path).day("2026-12-01").states == out.states


def test_a_burst_of_updates_from_threads_loses_none(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    other = make_repo(tmp_path)
    barrier = threading.Barrier(12)

    def tick(n: int) -> None:
        barrier.wait()
        target = repo if n % 2 else other
        target.update_day("2026-12-01", lambda r: r.states.update({f"b{n}": "done"}))

    threads = [threading.Thread(target=tick, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert make_repo(tmp_path).day("2026-12-01").states == {f"b{n}": "done" for n in range(12)}


def test_a_change_that_raises_writes_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.update_day("2026-12-01", lambda r: r.states.update(a="done"))
    before = (tmp_path / "days-2026.json").read_bytes()

    def boom(record: DayRecord) -> None:
        record.states["a"] = "skipped"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        repo.update_day("2026-12-01", boom)
    assert (tmp_path / "days-2026.json").read_bytes() == before
    assert repo.day("2026-12-01").states == {"a": "done"}


def test_a_change_may_not_alter_the_key(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)

    def move(record: DayRecord) -> DayRecord:
        return DayRecord("2026-12-02")

    with pytest.raises(ValueError, match="date"):
        repo.update_day("2026-12-01", move)
    assert not (tmp_path / "days-2026.json").exists()


def test_a_change_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.update_day("2026-12-01", lambda r: r.states.update(a="done"))
    mtime = (tmp_path / "days-2026.json").stat().st_mtime_ns
    repo.update_day("2026-12-01", lambda r: r.states.update(a="done"))
    assert (tmp_path / "days-2026.json").stat().st_mtime_ns == mtime


# ---------------------------------------------------------------- cards, board, weekly review


def test_update_card_and_add_card(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert repo.update_card("nope", lambda c: None) is None
    assert not (tmp_path / "board.json").exists()
    card = Deliverable("Write", id="c1", source="case_study:2026-12")
    assert repo.add_card(card) == card
    assert repo.add_card(Deliverable("Again", id="c1")) is None  # same id
    assert repo.add_card(Deliverable("Dup", id="c2", source="case_study:2026-12")) is None
    moved = repo.update_card("c1", lambda c: setattr(c, "column", "doing"))
    assert moved is not None and moved.column == "doing" and moved.title == "Write"
    assert [d["column"] for d in docs(tmp_path, BOARD, "cards")] == ["doing"]


def test_update_card_keeps_a_field_another_process_changed(tmp_path: Path) -> None:
    ours, theirs = make_repo(tmp_path), make_repo(tmp_path)
    ours.add_card(Deliverable("Write", id="c1"))
    assert ours.cards()[0].column == "backlog"
    theirs.update_card("c1", lambda c: setattr(c, "title", "Write it"))
    out = ours.update_card("c1", lambda c: setattr(c, "column", "week"))
    assert out is not None and (out.title, out.column) == ("Write it", "week")


def test_update_board_moves_cards_and_finishes_a_week_together(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.add_card(Deliverable("A", id="a"))
    repo.add_card(Deliverable("B", id="b", column="doing"))

    def change(board: BoardEdit) -> None:
        board.cards["a"].column = "done"
        board.remove("b")
        board.add(Deliverable("C", id="c"))
        board.review("2026-W49").finished = True

    out = repo.update_board(change)
    assert sorted(out) == ["a", "c"]
    fresh = make_repo(tmp_path)
    assert {c.id: c.column for c in fresh.cards()} == {"a": "done", "c": "backlog"}
    review = fresh.weekly_review("2026-W49")
    assert review is not None and review.finished


def test_update_board_rolls_back_everything_on_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.add_card(Deliverable("A", id="a"))
    before = (tmp_path / "board.json").read_bytes()

    def change(board: BoardEdit) -> None:
        board.cards["a"].column = "done"
        board.review("2026-W49").finished = True
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        repo.update_board(change)
    assert (tmp_path / "board.json").read_bytes() == before
    assert not (tmp_path / "weekly.json").exists()


def test_weekly_review_and_its_cards_in_one_transaction_repeatable(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    written: list[set[str]] = []
    repo.store.add_listener(written.append)

    def review(r: WeeklyReview) -> None:
        r.next_week = ["Ship demo"]

    def cards(board: BoardEdit) -> None:
        board.add(Deliverable("Ship demo", id="k1", source="weekly-plan:2026-W49/x"))
        board.review("2026-W49").finished = True

    for _ in range(3):  # a repeat after a crash, or a second keypress: no duplicates
        out = repo.update_weekly_review("2026-W49", review, board=cards)
    assert out.finished and out.next_week == ["Ship demo"]
    assert [c.id for c in repo.cards()] == ["k1"]
    assert written[0] == {"weekly", "board"}  # one transaction, both files
    assert docs(tmp_path, "weekly", "weekly") == [out.to_dict()]


# ---------------------------------------------------------------- reviews


def test_update_review_with_the_day_in_one_transaction(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.update_day("2026-12-01", lambda r: r.states.update(a="done"))
    written: list[set[str]] = []
    repo.store.add_listener(written.append)

    def review(r: DailyReview) -> None:
        r.learned = ["RAG"]
        r.finished = True

    out = repo.update_review("2026-12-01", review, day=lambda d: d.states.update(b="skipped"))
    assert out.learned == ["RAG"] and out.finished
    assert written == [{"reviews-2026", "days-2026"}]
    assert repo.day("2026-12-01").states == {"a": "done", "b": "skipped"}
    assert repo.daily_review("2026-12-01") == out


# ---------------------------------------------------------------- plan, settings, sessions


def test_goals_resources_must_dos_templates(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.install_plan(small_plan())
    goal = repo.update_goal("g1", lambda g: setattr(g, "done", True))
    assert goal is not None and goal.done and goal.text == "Learn"
    assert repo.update_goal("missing", lambda g: None) is None
    assert repo.add_goal(RoadmapGoal(2, "product", "Interview", id="g2")).text == "Interview"
    assert repo.add_goal(RoadmapGoal(2, "product", "Other", id="g2")).text == "Interview"
    assert [g.id for g in repo.goals()] == ["g1", "g2"]
    res = repo.update_resource("r1", lambda r: setattr(r, "status", "done"))
    assert res is not None and res.status == "done"
    assert repo.add_resource(Resource("Book", "book", id="r2")).id == "r2"
    must = repo.update_must_do("m1", lambda m: setattr(m, "url", "https://x"))
    assert must is not None and must.url == "https://x"

    def add_block(templates: list[DayTemplate]) -> None:
        templates[0].blocks.append(TimeBlock("09:00", "10:00", "B", id="b2"))

    out = repo.update_templates(add_block)
    assert [b.title for b in out[0].blocks] == ["A", "B"]
    assert [b.title for b in make_repo(tmp_path).templates()[0].blocks] == ["A", "B"]


def test_update_settings(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    out = repo.update_settings(lambda s: setattr(s, "weekly_target_h", 10.0))
    assert out == Settings(weekly_target_h=10.0)
    other = make_repo(tmp_path)
    other.update_settings(lambda s: setattr(s, "theme", "nord"))
    out = repo.update_settings(lambda s: setattr(s, "focus_min", 50))
    assert (out.weekly_target_h, out.theme, out.focus_min) == (10.0, "nord", 50)
    assert len(docs(tmp_path, "settings", "settings")) == 1


def test_sessions_add_is_idempotent_and_update_moves_across_years(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    s = FocusSession("2026-12-31T23:00:00+08:00", "2026-12-31T23:25:00+08:00", 1500, 1500, id="s1")
    assert repo.add_session(s) == s
    repo.add_session(s)
    assert len(docs(tmp_path, "focus-2026", "sessions")) == 1

    def later(x: FocusSession) -> None:
        x.start, x.end = "2027-01-01T09:00:00+08:00", "2027-01-01T09:25:00+08:00"

    out = repo.update_session("s1", s.start, later)
    assert out is not None and out.start.startswith("2027")
    assert docs(tmp_path, "focus-2026", "sessions") == []
    assert docs(tmp_path, year_file("focus", out.start), "sessions") == [out.to_dict()]
    assert repo.update_session("s1", s.start, later) is None  # no longer in 2026


# ---------------------------------------------------------------- merge_fields


def test_merge_applies_only_the_fields_the_user_changed() -> None:
    original = Deliverable("Write", id="c1", description="draft")
    edited = Deliverable("Write it", id="c1", description="draft")
    current = Deliverable("Write", id="c1", column="doing", description="draft")
    merged, conflicts = merge_fields(original, edited, current)
    assert (merged.title, merged.column, conflicts) == ("Write it", "doing", [])
    assert current.title == "Write"  # the current record is not changed


def test_merge_reports_a_field_both_changed_and_keeps_theirs() -> None:
    original = Deliverable("Write", id="c1")
    edited = Deliverable("Mine", id="c1")
    current = Deliverable("Theirs", id="c1")
    merged, conflicts = merge_fields(original, edited, current)
    assert merged.title == "Theirs" and conflicts == ["title"]
    same, none = merge_fields(original, edited, Deliverable("Mine", id="c1"))
    assert same.title == "Mine" and none == []


def test_merging_through_update_card(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.add_card(Deliverable("Write", id="c1"))
    opened = repo.cards()[0]
    edited = Deliverable("Write well", id="c1", description="with notes")
    make_repo(tmp_path).update_card("c1", lambda c: setattr(c, "description", "theirs"))
    make_repo(tmp_path).update_card("c1", lambda c: setattr(c, "column", "doing"))
    change, conflicts = merging(opened, edited)
    out = repo.update_card("c1", change)
    assert out is not None
    assert (out.title, out.description, out.column) == ("Write well", "theirs", "doing")
    assert conflicts == ["description"]


values = st.one_of(st.none(), st.integers(0, 3), st.sampled_from(["a", "b"]))
records = st.dictionaries(st.sampled_from("pqrs"), values, max_size=4)


@given(records, records, records)
def test_merge_properties(original: dict, edited: dict, current: dict) -> None:
    merged, conflicts = merge_fields(original, edited, current)
    changed = {k for k in set(original) | set(edited) if original.get(k, 0.5) != edited.get(k, 0.5)}
    for key in set(merged) | set(current) | set(edited):
        if key in conflicts:
            assert merged.get(key, 0.5) == current.get(key, 0.5)
        elif key in changed:
            assert merged.get(key, 0.5) == edited.get(key, 0.5)
        else:
            assert merged.get(key, 0.5) == current.get(key, 0.5)
    # Nothing edited: the current record wins whole; nothing else changed: the edit wins whole.
    assert merge_fields(original, original, current) == (current, [])
    assert merge_fields(original, edited, original)[0] == edited
