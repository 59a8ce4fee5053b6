"""Schema 1 files (the first format) are migrated once, with a backup; newer ones are refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cadence.data import migrations
from cadence.data.migrations import SCHEMA_VERSION, NewerSchemaError, migrate, schema_of
from cadence.data.repository import Repository
from cadence.data.store import BACKUP_DIR, Notice, Store

V1_DAYS: dict[str, Any] = {
    "days": {
        "1": {"date": "2026-03-02", "states": {"wd-study": True, "wd-morning": False}},
        "2": {"date": "2026-03-03", "states": {"wd-build": True, "wd-rest": "skipped"}},
    }
}


def make_store(root: Path, **kwargs: Any) -> Store:
    return Store(root, today=lambda: "2026-11-29", stamp=lambda: "20261129T093000", **kwargs)


def write_v1(root: Path, name: str = "days-2026", content: Any = None) -> bytes:
    root.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(V1_DAYS if content is None else content, indent=4).encode("utf-8")
    (root / f"{name}.json").write_bytes(raw)
    return raw


def test_a_schema_1_file_is_migrated_on_open(tmp_path: Path) -> None:
    original = write_v1(tmp_path)
    store = make_store(tmp_path)

    days = store.tables("days-2026")["days"]
    assert days["1"]["states"] == {"wd-study": "done", "wd-morning": "todo"}
    assert days["2"]["states"] == {"wd-build": "done", "wd-rest": "skipped"}
    assert days["1"]["date"] == "2026-03-02"

    on_disk = json.loads((tmp_path / "days-2026.json").read_bytes())
    assert on_disk["_meta"] == {"1": {"schema": 2}}
    assert on_disk["days"]["1"]["states"] == {"wd-study": "done", "wd-morning": "todo"}

    backups = list((tmp_path / BACKUP_DIR).glob("pre-migration-v2-*/days-2026.json"))
    assert [p.parent.name for p in backups] == ["pre-migration-v2-20261129T093000"]
    assert backups[0].read_bytes() == original

    assert store.notices == [Notice("migrated", "days-2026", detail="2")]
    # Through the Repository, as the app sees it.
    assert Repository(store).day("2026-03-02").states == {"wd-study": "done", "wd-morning": "todo"}


def test_a_migrated_file_is_not_migrated_again(tmp_path: Path) -> None:
    write_v1(tmp_path)
    make_store(tmp_path).tables("days-2026")
    after_first = (tmp_path / "days-2026.json").read_bytes()

    again = make_store(tmp_path)
    again.tables("days-2026")
    assert again.notices == []
    assert (tmp_path / "days-2026.json").read_bytes() == after_first
    assert len(list((tmp_path / BACKUP_DIR).glob("pre-migration-*"))) == 1


def test_migration_then_a_write_keeps_everything(tmp_path: Path) -> None:
    write_v1(tmp_path)
    repo = Repository(make_store(tmp_path))
    record = repo.day("2026-03-02")
    record.states["wd-lunch"] = "skipped"
    repo.save_day(record)
    fresh = Repository(make_store(tmp_path))
    assert fresh.day("2026-03-02").states == {
        "wd-study": "done",
        "wd-morning": "todo",
        "wd-lunch": "skipped",
    }
    assert fresh.day("2026-03-03").states == {"wd-build": "done", "wd-rest": "skipped"}


def test_a_transaction_on_a_schema_1_file_migrates_it_first(tmp_path: Path) -> None:
    write_v1(tmp_path)
    store = make_store(tmp_path)
    with store.transaction("days-2026") as txn:
        txn.db("days-2026").table("days").insert({"date": "2026-03-04", "states": {}})
    days = json.loads((tmp_path / "days-2026.json").read_bytes())["days"]
    assert days["1"]["states"]["wd-study"] == "done"
    assert days["3"]["date"] == "2026-03-04"
    assert [n.kind for n in store.notices] == ["migrated"]


def test_read_only_store_migrates_in_memory_only(tmp_path: Path) -> None:
    original = write_v1(tmp_path)
    ro = make_store(tmp_path, read_only=True)
    assert ro.tables("days-2026")["days"]["1"]["states"]["wd-study"] == "done"
    assert (tmp_path / "days-2026.json").read_bytes() == original
    assert not (tmp_path / BACKUP_DIR).exists()


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    content = {
        "_meta": {"1": {"schema": 99}},
        "days": {"1": {"date": "2026-03-02", "states": {"wd-study": "half-done"}}},
    }
    original = write_v1(tmp_path, content=content)
    store = make_store(tmp_path)
    with pytest.raises(NewerSchemaError) as info:
        store.tables("days-2026")
    assert info.value.found == 99
    assert "99" in str(info.value) and "days-2026" in str(info.value)
    with pytest.raises(NewerSchemaError), store.transaction("days-2026") as txn:
        txn.db("days-2026").table("days").insert({"date": "2026-03-05"})
    assert (tmp_path / "days-2026.json").read_bytes() == original
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert not (tmp_path / BACKUP_DIR).exists()
    assert store.notices == []


def test_schema_of_and_migrate_directly() -> None:
    assert schema_of({}) == SCHEMA_VERSION  # a new file is current
    assert schema_of({"days": {}}) == 1
    assert schema_of({"_meta": {"1": {"schema": 2}}}) == 2
    tables: dict[str, Any] = json.loads(json.dumps(V1_DAYS))
    assert migrate(tables, "days-2026") is True
    assert tables["_meta"] == {"1": {"schema": SCHEMA_VERSION}}
    assert migrate(tables, "days-2026") is False
    other: dict[str, Any] = {"_meta": {"1": {"schema": 3}}}
    with pytest.raises(NewerSchemaError):
        migrate(other, "x")
    assert set(migrations.MIGRATIONS) == set(range(1, SCHEMA_VERSION))


class _HookedLock:
    """Runs ``before`` once, just before the wrapped lock is taken."""

    def __init__(self, lock: Any, before: Any) -> None:
        self._lock = lock
        self._before = before

    def __enter__(self) -> Any:
        if self._before is not None:
            before, self._before = self._before, None
            before()
        return self._lock.__enter__()

    def __exit__(self, *exc: object) -> Any:
        return self._lock.__exit__(*exc)


def test_two_stores_migrating_at_once_lose_nothing(tmp_path: Path) -> None:
    write_v1(tmp_path)
    first, second = make_store(tmp_path), make_store(tmp_path)

    def second_migrates_and_writes() -> None:
        with second.transaction("days-2026") as txn:
            txn.db("days-2026").table("days").insert({"date": "2026-03-04", "states": {}})

    # ``first`` has read the schema-1 file and waits for the lock to write its migration.
    first._write_lock = _HookedLock(first._write_lock, second_migrates_and_writes)  # type: ignore[assignment]
    first.tables("days-2026")
    dates = [d["date"] for d in make_store(tmp_path).tables("days-2026")["days"].values()]
    assert sorted(dates) == ["2026-03-02", "2026-03-03", "2026-03-04"]
