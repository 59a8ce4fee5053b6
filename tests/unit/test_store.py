"""The Store: transactions, changes made by others, recovery, backups, read-only, modes."""

from __future__ import annotations

import copy
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tinydb import Query

from cadence.data import storage as storage_module
from cadence.data.storage import encode
from cadence.data.store import BACKUP_DIR, KEEP_DAILY_BACKUPS, Notice, ReadOnlyError, Store

GARBAGE = b'{"log": {"1": {"n": 1}}, \x00\x00\x00 not json at all'


class Clock:
    """A settable day and stamp, like the app's clock."""

    def __init__(self, day: str = "2026-11-29", stamp: str = "20261129T093000") -> None:
        self.day = day
        self.moment = stamp

    def today(self) -> str:
        return self.day

    def stamp(self) -> str:
        return self.moment


def make_store(root: Path, clock: Clock | None = None, **kwargs: Any) -> Store:
    if clock is None:
        return Store(root, today=lambda: "2026-11-29", stamp=lambda: "20261129T093000", **kwargs)
    return Store(root, today=clock.today, stamp=clock.stamp, **kwargs)


def insert(store: Store, name: str, doc: dict[str, Any], table: str = "t") -> None:
    with store.transaction(name) as txn:
        txn.db(name).table(table).insert(doc)


def values(store: Store, name: str, key: str, table: str = "t") -> list[Any]:
    return [doc[key] for doc in store.tables(name).get(table, {}).values()]


def kinds(notices: list[Notice]) -> list[str]:
    return [n.kind for n in notices]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------- transactions


def test_transaction_writes_and_another_store_reads_it(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "f", {"v": 1})
    assert values(make_store(tmp_path), "f", "v") == [1]
    assert values(store, "f", "v") == [1]


def test_rollback_writes_nothing_and_keeps_memory(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "f", {"v": 1, "tags": ["a"]})
    heard: list[set[str]] = []
    store.add_listener(heard.append)
    before_bytes = store.path("f").read_bytes()
    before_sig = store.path("f").stat().st_mtime_ns, store.path("f").stat().st_ino
    before_mem = copy.deepcopy(store.tables("f"))

    with pytest.raises(RuntimeError, match="boom"), store.transaction("f", "g") as txn:
        db = txn.db("f")
        db.table("t").insert({"v": 2})
        db.table("t").update({"v": 10}, Query().v == 1)
        db.table("t").remove(Query().v == 2)
        db.table("other").insert({"x": 1})
        txn.db("g").table("t").insert({"v": 3})
        raise RuntimeError("boom")

    assert store.path("f").read_bytes() == before_bytes
    assert (store.path("f").stat().st_mtime_ns, store.path("f").stat().st_ino) == before_sig
    assert not store.path("g").exists()
    assert store.tables("f") == before_mem
    assert store.tables("g") == {}
    assert heard == []
    # The store still works after a rollback, and the lock was released.
    insert(store, "f", {"v": 4})
    assert values(make_store(tmp_path), "f", "v") == [1, 4]
    assert heard == [{"f"}]


def test_rollback_of_a_nested_change_keeps_memory_and_disk(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "f", {"v": 1, "tags": ["a"], "states": {"b1": "todo"}})
    before_mem = copy.deepcopy(store.tables("f"))

    def mutate(doc: dict[str, Any]) -> None:
        doc["tags"].append("rolled-back")
        doc["states"]["b1"] = "done"

    with pytest.raises(RuntimeError), store.transaction("f") as txn:
        txn.db("f").table("t").update(mutate)
        raise RuntimeError("boom")
    assert store.tables("f") == before_mem
    # And the next, unrelated commit must not carry the rolled-back change to disk.
    insert(store, "f", {"v": 2})
    doc = make_store(tmp_path).tables("f")["t"]["1"]
    assert doc["tags"] == ["a"]
    assert doc["states"] == {"b1": "todo"}


def test_transaction_only_gives_its_own_files(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    with store.transaction("f") as txn, pytest.raises(KeyError):
        txn.db("g")


def test_a_transaction_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    heard: list[set[str]] = []
    store.add_listener(heard.append)
    with store.transaction("f") as txn:
        txn.db("f").table("t").all()
    assert not store.path("f").exists()
    assert heard == []


def test_multi_file_transaction_and_listener(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    heard: list[set[str]] = []
    store.add_listener(heard.append)
    with store.transaction("a", "b") as txn:
        txn.db("a").table("t").insert({"v": "a"})
        txn.db("b").table("t").insert({"v": "b"})
    assert heard == [{"a", "b"}]
    fresh = make_store(tmp_path)
    assert values(fresh, "a", "v") == ["a"]
    assert values(fresh, "b", "v") == ["b"]
    assert fresh.names_on_disk() == ["a", "b"]


def test_every_write_is_stamped_with_the_schema(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "f", {"v": 1})
    assert make_store(tmp_path).tables("f")["_meta"] == {"1": {"schema": 2}}


# ---------------------------------------------------------------- changes made by others


def test_external_write_is_kept_by_the_next_transaction(tmp_path: Path) -> None:
    mine = make_store(tmp_path)
    other = make_store(tmp_path)  # stands for another process
    insert(mine, "f", {"v": "first"})
    assert values(mine, "f", "v") == ["first"]

    insert(other, "f", {"v": "theirs"})
    insert(mine, "f", {"v": "mine"})

    on_disk = make_store(tmp_path)
    assert sorted(values(on_disk, "f", "v")) == ["first", "mine", "theirs"]
    assert sorted(values(mine, "f", "v")) == ["first", "mine", "theirs"]
    ids = list(on_disk.tables("f")["t"])
    assert len(set(ids)) == 3  # no document id handed out twice
    assert Notice("external", "f") in mine.notices
    assert "external" not in kinds(other.notices)


def test_updates_from_two_stores_interleaved_are_all_kept(tmp_path: Path) -> None:
    a, b = make_store(tmp_path), make_store(tmp_path)
    for i in range(20):
        for store in (a, b):
            with store.transaction("counter") as txn:
                table = txn.db("counter").table("c")
                docs = table.all()
                if docs:
                    table.update({"n": docs[0]["n"] + 1}, doc_ids=[docs[0].doc_id])
                else:
                    table.insert({"n": 1})
        assert values(make_store(tmp_path), "counter", "n", "c") == [2 * (i + 1)]


def test_a_change_made_while_reading_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, other = make_store(tmp_path), make_store(tmp_path)
    insert(other, "f", {"v": "b0"})
    mine.tables("f")
    insert(other, "f", {"v": "b1"})  # mine must re-read on its next access

    real_decode = storage_module.decode
    armed = [True]

    def decode_then_other_writes(raw: bytes, path: Path) -> Any:
        # The bytes are read; before read_tables returns, another process replaces the file.
        if armed and path == mine.path("f"):
            armed.clear()
            insert(other, "f", {"v": "b2"})
        return real_decode(raw, path)

    monkeypatch.setattr(storage_module, "decode", decode_then_other_writes)
    mine.tables("f")
    monkeypatch.undo()
    assert not armed

    insert(mine, "f", {"v": "mine"})
    assert sorted(values(make_store(tmp_path), "f", "v")) == ["b0", "b1", "b2", "mine"]


def test_poll_reports_an_external_write_at_once(tmp_path: Path) -> None:
    mine, other = make_store(tmp_path), make_store(tmp_path)
    insert(mine, "f", {"v": 1})
    insert(mine, "g", {"v": 1})
    assert mine.poll() == set()

    insert(other, "f", {"v": 2})
    assert mine.poll() == {"f"}
    assert values(mine, "f", "v") == [1, 2]
    assert mine.poll() == set()

    insert(mine, "f", {"v": 3})  # its own writes are not news
    assert mine.poll() == set()


def test_poll_ignores_files_never_read(tmp_path: Path) -> None:
    mine, other = make_store(tmp_path), make_store(tmp_path)
    insert(other, "f", {"v": 1})
    assert mine.poll() == set()
    assert values(mine, "f", "v") == [1]


def test_a_sync_client_replacing_the_file_is_noticed(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "f", {"v": "aaaa"})
    path = store.path("f")
    old = path.stat()

    # Same size and same mtime, as a sync client that preserves the remote's mtime would.
    replacement = encode({"t": {"1": {"v": "bbbb"}}, "_meta": {"1": {"schema": 2}}})
    assert len(replacement) == old.st_size
    staging = tmp_path / "elsewhere"
    staging.mkdir()
    incoming = staging / "f.json"
    incoming.write_bytes(replacement)
    os.utime(incoming, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(incoming, path)

    assert store.poll() == {"f"}
    assert values(store, "f", "v") == ["bbbb"]
    insert(store, "f", {"v": "cccc"})
    assert values(make_store(tmp_path), "f", "v") == ["bbbb", "cccc"]


def test_a_file_deleted_by_someone_else_reads_empty(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "f", {"v": 1})
    store.path("f").unlink()
    assert store.poll() == {"f"}
    assert store.tables("f") == {}


def test_sync_conflict_files_are_reported_once(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "foo", {"v": 1})
    conflict = tmp_path / "foo.sync-conflict-20261129.json"
    conflict.write_bytes(store.path("foo").read_bytes())
    dropbox = tmp_path / "plan (Jane's conflicted copy 2026-11-29).json"
    dropbox.write_bytes(b"{}")

    assert store.poll() == set()
    conflicts = [n for n in store.take_notices() if n.kind == "conflict"]
    assert sorted(n.file for n in conflicts) == sorted([conflict.name, dropbox.name])
    assert {n.moved_to for n in conflicts} == {conflict, dropbox}
    store.poll()
    assert store.take_notices() == []
    assert conflict.exists() and dropbox.exists()  # the user decides what to keep


# ---------------------------------------------------------------- recovery


def write_on_two_days(root: Path) -> tuple[Store, Clock]:
    """A good write on 2026-11-28, another on 2026-11-29 (backing up the first)."""
    clock = Clock("2026-11-28", "20261128T200000")
    store = make_store(root, clock)
    insert(store, "log", {"day": 1, "text": "第一天"})
    # Written a day before the next backup, as it would be (file times can tie within a tick).
    day_one = root / BACKUP_DIR / "2026-11-28" / "log.json"
    yesterday = day_one.stat().st_mtime_ns - 86_400 * 10**9
    os.utime(day_one, ns=(yesterday, yesterday))
    clock.day, clock.moment = "2026-11-29", "20261129T093000"
    insert(store, "log", {"day": 2})
    return store, clock


def test_corrupt_file_is_moved_aside_and_the_last_version_written_restored(
    tmp_path: Path,
) -> None:
    write_on_two_days(tmp_path)
    backup = tmp_path / BACKUP_DIR / "2026-11-29" / "log.json"
    assert backup.exists()
    # The first day's backup is of the file just written: even a first day has one.
    assert (tmp_path / BACKUP_DIR / "2026-11-28" / "log.json").read_bytes() == backup.read_bytes()
    path = tmp_path / "log.json"
    prev = tmp_path / "log.json.prev"
    assert prev.read_bytes() == path.read_bytes()
    path.write_bytes(GARBAGE)

    clock = Clock("2026-11-29", "20261129T101500")
    store = make_store(tmp_path, clock)
    # Today's change is kept: the backup (taken before it) would lose it.
    assert values(store, "log", "day") == [1, 2]
    assert store.tables("log")["t"]["1"]["text"] == "第一天"

    moved = tmp_path / "log.json.corrupt-20261129T101500"
    assert moved.read_bytes() == GARBAGE
    notices = store.take_notices()
    assert notices == [
        Notice("recovered", "log", moved, prev, detail=notices[0].detail, source="prev"),
    ]
    assert "JSON" in notices[0].detail
    # The restored file is a good file on disk, and later writes go on from it.
    insert(store, "log", {"day": 3})
    assert values(make_store(tmp_path), "log", "day") == [1, 2, 3]


def test_the_newest_backup_is_restored_when_the_last_version_is_damaged_too(
    tmp_path: Path,
) -> None:
    write_on_two_days(tmp_path)
    backup = tmp_path / BACKUP_DIR / "2026-11-29" / "log.json"
    (tmp_path / "log.json.prev").write_bytes(b"")
    (tmp_path / "log.json").write_bytes(GARBAGE)

    store = make_store(tmp_path, Clock("2026-11-29", "20261129T101500"))
    assert values(store, "log", "day") == [1]
    (notice,) = store.take_notices()
    assert (notice.kind, notice.source, notice.restored_from) == ("recovered", "backup", backup)


def test_recovery_skips_backups_that_do_not_read(tmp_path: Path) -> None:
    write_on_two_days(tmp_path)
    broken = tmp_path / BACKUP_DIR / "2026-11-30" / "log.json"
    broken.parent.mkdir()
    broken.write_bytes(b"[not a document set]")
    os.utime(broken, ns=(2**62, 2**62))  # the newest of all
    (tmp_path / "log.json.prev").write_bytes(GARBAGE)
    (tmp_path / "log.json").write_bytes(GARBAGE)

    store = make_store(tmp_path)
    assert values(store, "log", "day") == [1]
    (notice,) = store.take_notices()
    assert notice.kind == "recovered"
    assert notice.restored_from == tmp_path / BACKUP_DIR / "2026-11-29" / "log.json"


def test_corrupt_file_without_backup_is_lost_but_kept_aside(tmp_path: Path) -> None:
    (tmp_path / "log.json").write_bytes(GARBAGE)  # e.g. brought in by a sync client

    store = make_store(tmp_path, Clock(stamp="20261129T120000"))
    assert store.tables("log") == {}
    moved = tmp_path / "log.json.corrupt-20261129T120000"
    assert moved.read_bytes() == GARBAGE
    (notice,) = store.take_notices()
    assert (notice.kind, notice.file, notice.moved_to, notice.restored_from) == (
        "lost",
        "log",
        moved,
        None,
    )
    assert "JSON" in notice.detail
    insert(store, "log", {"v": 2})
    assert values(make_store(tmp_path), "log", "v") == [2]
    assert moved.read_bytes() == GARBAGE


def test_corrupt_file_whose_backups_are_all_broken_is_lost(tmp_path: Path) -> None:
    write_on_two_days(tmp_path)
    for backup in (tmp_path / BACKUP_DIR).glob("*/log.json"):
        backup.write_bytes(b"\x00" * 10)
    (tmp_path / "log.json.prev").write_bytes(b"\x00" * 10)
    (tmp_path / "log.json").write_bytes(GARBAGE)

    store = make_store(tmp_path, Clock(stamp="20261129T130000"))
    assert store.tables("log") == {}
    assert [(n.kind, n.restored_from) for n in store.take_notices()] == [("lost", None)]
    assert (tmp_path / "log.json.corrupt-20261129T130000").read_bytes() == GARBAGE


def test_a_file_broken_while_open_is_recovered_on_poll(tmp_path: Path) -> None:
    store, clock = write_on_two_days(tmp_path)
    store.path("log").write_bytes(GARBAGE)
    clock.moment = "20261129T110000"
    assert store.poll() == {"log"}
    assert values(store, "log", "day") == [1, 2]
    assert kinds(store.take_notices()) == ["recovered"]
    assert (tmp_path / "log.json.corrupt-20261129T110000").read_bytes() == GARBAGE


def test_a_file_broken_while_open_is_restored_from_memory_when_nothing_newer(
    tmp_path: Path,
) -> None:
    store, clock = write_on_two_days(tmp_path)
    store.path("log").write_bytes(b"")  # ": > log.json" while the app is open
    (tmp_path / "log.json.prev").unlink()  # and the last version is gone too
    clock.moment = "20261129T110000"
    assert store.poll() == {"log"}
    assert values(store, "log", "day") == [1, 2]
    (notice,) = store.take_notices()
    assert (notice.kind, notice.source, notice.restored_from) == ("recovered", "memory", None)
    assert notice.moved_to == tmp_path / "log.json.corrupt-20261129T110000"
    assert values(make_store(tmp_path), "log", "day") == [1, 2]  # on disk again


class _HookedLock:
    """Runs ``before`` once, just before the wrapped lock is taken."""

    def __init__(self, lock: Any, before: Callable[[], None]) -> None:
        self._lock = lock
        self._before: Callable[[], None] | None = before

    def __enter__(self) -> Any:
        if self._before is not None:
            before, self._before = self._before, None
            before()
        return self._lock.__enter__()

    def __exit__(self, *exc: object) -> Any:
        return self._lock.__exit__(*exc)


def test_recovery_does_not_undo_a_recovery_made_meanwhile(tmp_path: Path) -> None:
    write_on_two_days(tmp_path)
    (tmp_path / "log.json").write_bytes(GARBAGE)
    first = make_store(tmp_path, Clock(stamp="20261129T100000"))
    second = make_store(tmp_path, Clock(stamp="20261129T100001"))

    def first_recovers_and_writes() -> None:
        assert values(first, "log", "day") == [1, 2]
        insert(first, "log", {"day": 3})

    # ``second`` has read the garbage and waits for the lock while ``first`` recovers.
    second._write_lock = _HookedLock(second._write_lock, first_recovers_and_writes)  # type: ignore[assignment]
    second.tables("log")
    assert values(make_store(tmp_path), "log", "day") == [1, 2, 3]


# ---------------------------------------------------------------- backups


def test_daily_backup_once_per_day_before_the_first_write(tmp_path: Path) -> None:
    clock = Clock("2026-11-28")
    store = make_store(tmp_path, clock)
    insert(store, "f", {"v": 1})
    first_day = tmp_path / BACKUP_DIR / "2026-11-28" / "f.json"
    yesterday = first_day.stat().st_mtime_ns - 86_400 * 10**9  # file times can tie in a tick
    os.utime(first_day, ns=(yesterday, yesterday))
    clock.day = "2026-11-29"
    insert(store, "f", {"v": 2})
    insert(store, "f", {"v": 3})
    backup = tmp_path / BACKUP_DIR / "2026-11-29" / "f.json"

    def backed_up(path: Path) -> list[Any]:
        copy_root = tmp_path / "restored"
        copy_root.mkdir(exist_ok=True)
        (copy_root / "f.json").write_bytes(path.read_bytes())
        return values(make_store(copy_root), "f", "v")

    assert backed_up(first_day) == [1]  # a new file: backed up as first written
    assert backed_up(backup) == [1]  # the state before the day's first change
    # Another store (e.g. after a restart) on the same day does not overwrite it.
    insert(make_store(tmp_path, clock), "f", {"v": 4})
    assert backed_up(backup) == [1]
    assert store.backups_of("f") == [backup, first_day]  # newest first


def test_backups_are_pruned_to_fourteen_daily_folders(tmp_path: Path) -> None:
    clock = Clock("2026-11-01")
    store = make_store(tmp_path, clock)
    pre = tmp_path / BACKUP_DIR / "pre-migration-v2-20261001T080000"
    pre.mkdir(parents=True)
    (pre / "f.json").write_bytes(b"{}")
    days = [f"2026-11-{d:02d}" for d in range(1, 21)]
    for day in days:
        clock.day = day
        insert(store, "f", {"day": day})
    daily = sorted(p.name for p in (tmp_path / BACKUP_DIR).iterdir() if p.name[0].isdigit())
    assert len(daily) == KEEP_DAILY_BACKUPS == 14
    assert daily == days[-14:]
    assert pre.exists()  # pre-migration backups are never pruned
    # Each daily backup holds the previous day's state.
    copy_root = tmp_path / "check"
    copy_root.mkdir()
    (copy_root / "f.json").write_bytes((tmp_path / BACKUP_DIR / days[-1] / "f.json").read_bytes())
    assert values(make_store(copy_root), "f", "day") == days[:-1]


# ---------------------------------------------------------------- read-only


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    insert(make_store(tmp_path), "f", {"v": 1})
    before = (tmp_path / "f.json").read_bytes()
    ro = make_store(tmp_path, read_only=True)
    assert values(ro, "f", "v") == [1]
    with pytest.raises(ReadOnlyError), ro.transaction("f") as txn:
        txn.db("f").table("t").insert({"v": 2})
    assert (tmp_path / "f.json").read_bytes() == before
    assert values(ro, "f", "v") == [1]
    # It still follows what the writer does.
    insert(make_store(tmp_path), "f", {"v": 3})
    assert ro.poll() == {"f"}
    assert values(ro, "f", "v") == [1, 3]


def test_read_only_store_does_not_move_a_corrupt_file(tmp_path: Path) -> None:
    write_on_two_days(tmp_path)
    (tmp_path / "log.json").write_bytes(GARBAGE)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    ro = make_store(tmp_path, read_only=True)
    assert values(ro, "log", "day") == [1, 2]  # shown from the last version written
    (notice,) = ro.take_notices()
    assert (notice.kind, notice.moved_to, notice.source) == ("recovered", None, "prev")
    assert (tmp_path / "log.json").read_bytes() == GARBAGE
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_read_only_store_does_not_clean_temp_files(tmp_path: Path) -> None:
    tmp = tmp_path / ".f.json.99.abcdabcd.tmp"
    tmp.write_bytes(b"{")  # perhaps the writer's, being written right now
    make_store(tmp_path, read_only=True)
    assert tmp.exists()


# ---------------------------------------------------------------- modes


def test_files_are_private(tmp_path: Path) -> None:
    root = tmp_path / "data"
    clock = Clock("2026-11-28")
    store = make_store(root, clock)
    insert(store, "f", {"v": 1})
    clock.day = "2026-11-29"
    insert(store, "f", {"v": 2})
    assert mode_of(root) == 0o700
    assert mode_of(root / "f.json") == 0o600
    day_dir = root / BACKUP_DIR / "2026-11-29"
    assert mode_of(day_dir) == 0o700
    assert mode_of(day_dir / "f.json") == 0o600


def test_an_existing_open_folder_is_made_private(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir(mode=0o755)
    os.chmod(root, 0o755)
    make_store(root)
    assert mode_of(root) == 0o700


def test_write_through_a_read_view_is_refused(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "f", {"v": 1})
    with pytest.raises(RuntimeError):
        store.db("f").table("t").insert({"v": 2})
    assert values(make_store(tmp_path), "f", "v") == [1]


def test_two_recoveries_in_the_same_second_keep_both_broken_files(tmp_path: Path) -> None:
    clock = Clock(stamp="20261129T140000")
    (tmp_path / "log.json").write_bytes(b"first garbage")
    store = make_store(tmp_path, clock)
    assert store.tables("log") == {}
    (tmp_path / "log.json").write_bytes(b"second garbage")
    assert store.poll() == {"log"}
    kept = sorted(p.read_bytes() for p in tmp_path.glob("log.json.corrupt-*"))
    assert kept == [b"first garbage", b"second garbage"]
    assert len({n.moved_to for n in store.take_notices()}) == 2


def test_a_write_through_a_read_view_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "f", {"v": 1})
    with pytest.raises(RuntimeError, match="outside a transaction"):
        store.db("f").table("t").insert({"v": 2})
    with pytest.raises(RuntimeError):
        store.db("f").table("t").truncate()
    insert(store, "f", {"v": 3})
    assert values(make_store(tmp_path), "f", "v") == [1, 3]


def test_backups_and_lock_files_are_private(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    insert(store, "f", {"v": 1})
    insert(store, "f", {"v": 2})
    for folder in [tmp_path / BACKUP_DIR, *(tmp_path / BACKUP_DIR).iterdir()]:
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert (tmp_path / ".write.lock").stat().st_mode & 0o777 == 0o600
