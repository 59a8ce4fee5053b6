"""Damage of every shape is damage: kept aside, recovered with today's changes, never migrated."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from cadence.data.models import Deliverable, RoadmapGoal
from cadence.data.repository import Repository
from cadence.data.store import BACKUP_DIR, InvalidRecordError, Store
from cadence.runtime import describe_notice

BOARD_DAMAGE = {
    "zero bytes": b"",
    "blank": b"\n\n",
    "not json": b'{"cards": {"1": {"title": "A"',
    "a list": b"[]",
    "a table that is a list": b'{"cards": []}',
    "a document id that is not a number": b'{"cards": {"x": {"title": "A"}}}',
    "a card missing its title": b'{"cards": {"1": {}}}',
    "a mistyped title and an unknown column": (
        b'{"cards": {"1": {"title": 123, "column": "nowhere"}}}'
    ),
    "an unknown column": b'{"cards": {"1": {"title": "A", "column": "nowhere"}}}',
    "a bad due date": b'{"cards": {"1": {"title": "A", "due": "2027-02-30"}}}',
    "a checklist item of the wrong type": b'{"cards": {"1": {"title": "A", "checklist": [1]}}}',
    "an empty object": b"{}",
    "another file's table": b'{"settings": {"1": {"theme": "nord"}}}',
}


def make_repo(root: Path, stamp: str = "20261201T093000", **kw: object) -> Repository:
    store = Store(root, today=lambda: "2026-12-01", stamp=lambda: stamp, **kw)  # type: ignore[arg-type]
    return Repository(store)


def board_with_todays_changes(root: Path) -> list[Deliverable]:
    """A board with cards from yesterday and a move made today (after today's backup)."""
    yesterday = Repository(Store(root, today=lambda: "2026-11-30", stamp=lambda: "x"))
    for n in range(3):
        yesterday.add_card(Deliverable(f"Card {n}", id=f"c{n}"))
    today = make_repo(root)
    today.update_card("c1", lambda c: setattr(c, "column", "doing"))
    today.add_card(Deliverable("Made today", id="c9"))
    assert (root / BACKUP_DIR / "2026-12-01" / "board.json").exists()
    return today.cards()


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize("damage", list(BOARD_DAMAGE), ids=list(BOARD_DAMAGE))
def test_damaged_board_is_kept_aside_and_restored_with_todays_changes(
    tmp_path: Path, damage: str
) -> None:
    cards = board_with_todays_changes(tmp_path)
    raw = BOARD_DAMAGE[damage]
    (tmp_path / "board.json").write_bytes(raw)

    repo = make_repo(tmp_path, stamp="20261201T120000")
    assert repo.cards() == cards  # the move and the card made today are there
    moved = tmp_path / "board.json.corrupt-20261201T120000"
    assert moved.read_bytes() == raw
    (notice,) = repo.store.take_notices()
    assert (notice.kind, notice.moved_to, notice.source) == ("recovered", moved, "prev")
    assert notice.restored_from == tmp_path / "board.json.prev"
    message, _title, severity = describe_notice(notice)
    assert str(moved) in message and str(tmp_path / "board.json.prev") in message
    assert severity == "warning"
    # A fresh process reads the restored file as it is, with no notice.
    again = make_repo(tmp_path)
    assert again.cards() == cards and again.store.take_notices() == []


def test_damage_while_the_app_is_open_is_restored_from_its_memory(tmp_path: Path) -> None:
    cards = board_with_todays_changes(tmp_path)
    repo = make_repo(tmp_path, stamp="20261201T130000")
    assert repo.cards() == cards
    for name in ("board.json", "board.json.prev"):
        (tmp_path / name).write_bytes(b"")  # both truncated: ": > board.json*"
    assert "board" in repo.store.poll()
    assert repo.cards() == cards
    (notice,) = repo.store.take_notices()
    assert (notice.kind, notice.source) == ("recovered", "memory")
    assert "open in this window" in describe_notice(notice)[0]
    assert make_repo(tmp_path).cards() == cards  # written back to disk


def test_settings_holding_another_files_tables_are_damage(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.update_settings(lambda s: setattr(s, "weekly_target_h", 12.0))
    (tmp_path / "settings.json").write_bytes(b'{"cards": {"1": {}}}')
    assert make_repo(tmp_path).settings().weekly_target_h == 12.0


def test_a_damaged_plan_is_never_upgraded(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    from cadence.data.models import Plan

    repo.install_plan(Plan("p", "Plan", "en", goals=[RoadmapGoal(1, "tech", "G", id="g")]))
    raw = b'{"plan": {"1": {"id": 5}}}'  # no schema stamp: would read as version 1
    (tmp_path / "plan.json").write_bytes(raw)
    again = make_repo(tmp_path, stamp="20261201T140000")
    plan = again.plan()
    assert (plan.id, [g.id for g in plan.goals]) == ("p", ["g"])
    assert (tmp_path / "plan.json.corrupt-20261201T140000").read_bytes() == raw
    assert not list((tmp_path / BACKUP_DIR).glob("pre-migration-*"))
    assert [n.kind for n in again.store.take_notices()] == ["recovered"]


def test_an_old_good_file_is_still_upgraded(tmp_path: Path) -> None:
    v1 = {"days": {"1": {"date": "2026-12-01", "states": {"a": True, "b": False}}}}
    (tmp_path / "days-2026.json").write_bytes(orjson.dumps(v1))
    repo = make_repo(tmp_path)
    assert repo.day("2026-12-01").states == {"a": "done", "b": "todo"}
    assert [n.kind for n in repo.store.take_notices()] == ["migrated"]


def test_every_kind_of_file_is_checked(tmp_path: Path) -> None:
    bad = {
        "settings": {"settings": {"1": {"weekly_target_h": 1e300}}},
        "weekly": {"weekly": {"1": {"week": "2026-W60"}}},
        "days-2026": {"days": {"1": {"date": "2026-12-01", "states": {"a": "maybe"}}}},
        "focus-2026": {"sessions": {"1": {"start": "x", "end": "y", "planned_s": 1}}},
        "reviews-2026": {"daily": {"1": {"date": "2026-12-01", "energy": "high"}}},
        "timer": {"state": {"1": {"status": "flying"}}},
        "plan": {"goals": {"1": {"month": 1, "track": "art", "text": "x"}}},
    }
    for name, tables in bad.items():
        (tmp_path / f"{name}.json").write_bytes(orjson.dumps(tables))
    repo = make_repo(tmp_path)
    for name in bad:
        repo.store.tables(name)
    notices = repo.store.take_notices()
    assert sorted(n.file for n in notices if n.kind == "lost") == sorted(bad)
    assert len(list(tmp_path.glob("*.corrupt-*"))) == len(bad)


def test_a_change_that_would_write_damage_is_refused(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.add_card(Deliverable("A", id="a"))
    before = files_of(tmp_path)
    with pytest.raises(InvalidRecordError, match="column"):
        repo.update_card("a", lambda c: setattr(c, "column", "nowhere"))
    with pytest.raises(InvalidRecordError, match="date"):
        repo.update_day("2027-02-30", lambda r: r.states.update(a="done"))
    assert files_of(tmp_path) == before
    assert repo.cards()[0].column == "backlog"


def test_temp_files_left_in_backups_are_cleaned(tmp_path: Path) -> None:
    make_repo(tmp_path).add_card(Deliverable("A", id="a"))
    day = tmp_path / BACKUP_DIR / "2026-12-01"
    left = [day / ".board.json.123.abcdabcd.tmp", tmp_path / ".board.json.prev.1.ab.tmp"]
    for path in left:
        path.write_bytes(b"{")
    make_repo(tmp_path)
    assert not any(p.exists() for p in left)
    assert (day / "board.json").exists()


def test_read_only_never_creates_or_chmods_the_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    repo = make_repo(missing, read_only=True)
    assert repo.cards() == [] and not missing.exists()
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, 0o755)
    make_repo(folder, read_only=True).cards()
    assert (folder.stat().st_mode & 0o777) == 0o755


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_not_chmodded_back(tmp_path: Path) -> None:  # pragma: no cover
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(PermissionError):
            make_repo(folder)
        assert (folder.stat().st_mode & 0o777) == 0o500
    finally:
        os.chmod(folder, 0o700)


def test_a_group_readable_folder_loses_only_others_access(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, 0o550)
    make_repo(folder, read_only=True)
    assert (folder.stat().st_mode & 0o777) == 0o550  # read-only: untouched
    os.chmod(folder, 0o750)
    make_repo(folder)
    assert (folder.stat().st_mode & 0o777) == 0o700


def test_damage_on_a_full_disk_shows_the_copy_and_leaves_the_file(tmp_path, monkeypatch) -> None:
    import errno

    from cadence.data import storage

    cards = board_with_todays_changes(tmp_path)
    (tmp_path / "board.json").write_bytes(b"")

    class FullDisk:
        def __getattr__(self, name: str) -> object:
            return getattr(os, name)

        @staticmethod
        def write(fd: int, data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "os", FullDisk())
    repo = make_repo(tmp_path, stamp="20261201T150000")
    assert repo.cards() == cards  # shown from the last version written
    (notice,) = repo.store.take_notices()
    assert (notice.kind, notice.moved_to, notice.source) == ("recovered", None, "prev")
    assert (tmp_path / "board.json").read_bytes() == b""  # left for a later recovery
    assert not list(tmp_path.glob("board.json.corrupt-*"))
    monkeypatch.undo()
    again = make_repo(tmp_path, stamp="20261201T160000")
    assert again.cards() == cards
    assert (tmp_path / "board.json.corrupt-20261201T160000").read_bytes() == b""
