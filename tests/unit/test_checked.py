"""The store checks a file only when its bytes are not those it last found valid (.checked.json)."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cadence.clock import FakeClock
from cadence.data import checked, migrations, validate
from cadence.data.checked import CHECKED
from cadence.data.models import COLUMNS, Deliverable, Settings
from cadence.data.repository import FILE_MODELS, Repository
from cadence.data.store import JOURNAL, Store
from cadence.export.json_io import export_data
from cadence.shell.demo import write_demo
from tests.unit.test_damage import BOARD_DAMAGE, board_with_todays_changes, files_of

STAMP = "20261201T120000"


class Counting:
    """A registered check that counts its calls (by file kind) and keeps its fingerprint."""

    def __init__(self, kind: str, check: Any, calls: Counter[str]) -> None:
        self.kind, self.check, self.calls = kind, check, calls
        self.fingerprint = check.fingerprint

    def __call__(self, tables: Mapping[str, Any]) -> list[str]:
        self.calls[self.kind] += 1
        result: list[str] = self.check(tables)
        return result


def open_repo(root: Path, **kw: Any) -> tuple[Repository, Counter[str]]:
    """A new store and repository over ``root`` (as a new process would open it), with
    its checks counted."""
    store = Store(root, today=lambda: "2026-12-01", stamp=lambda: STAMP, **kw)
    repo = Repository(store)
    calls: Counter[str] = Counter()
    for kind, check in list(store._checks.items()):
        store.add_check(kind, Counting(kind, check, calls))
    return repo, calls


def read_all(repo: Repository) -> dict[str, Any]:
    store = repo.store
    out = {name: store.tables(name) for name in store.names_on_disk()}
    store.poll()  # what the app does a second after its start: saves what it checked
    return out


def a_clean_folder(root: Path) -> dict[str, Any]:
    """Data written by the store, read once by another store: every digest is known."""
    repo, _calls = open_repo(root)
    for n in range(3):
        repo.add_card(Deliverable(f"Card {n}", id=f"c{n}"))
    repo.update_settings(lambda s: setattr(s, "weekly_target_h", 12.0))
    return read_all(open_repo(root)[0])


def write_valid_files(root: Path) -> None:
    """Valid files Cadence did not write (a restore by hand, an older Cadence's copy)."""
    root.mkdir(parents=True, exist_ok=True)
    board = {
        "cards": {"1": Deliverable("By hand", id="h").to_dict()},
        "_meta": {"1": {"schema": 2}},
    }
    (root / "board.json").write_bytes(orjson.dumps(board))
    settings_ = {"settings": {"1": Settings().to_dict()}, "_meta": {"1": {"schema": 2}}}
    (root / "settings.json").write_bytes(orjson.dumps(settings_))


# ---------------------------------------------------------------- unchanged files


def test_what_the_store_wrote_is_not_checked_on_the_next_open(tmp_path: Path) -> None:
    repo, calls = open_repo(tmp_path)
    repo.add_card(Deliverable("A", id="a"))
    repo.update_settings(lambda s: setattr(s, "weekly_target_h", 9.0))
    cards = repo.cards()

    again, calls = open_repo(tmp_path)
    assert again.cards() == cards and again.settings().weekly_target_h == 9.0
    assert calls == Counter() and again.store.take_notices() == []


def test_a_valid_file_is_checked_once_then_not_again(tmp_path: Path) -> None:
    write_valid_files(tmp_path)
    first, calls = open_repo(tmp_path)
    tables = read_all(first)
    assert calls == Counter(board=1, settings=1)

    second, calls = open_repo(tmp_path)
    assert read_all(second) == tables
    assert calls == Counter()
    assert [c.title for c in second.cards()] == ["By hand"]


def test_nothing_is_written_when_nothing_was_checked(tmp_path: Path) -> None:
    a_clean_folder(tmp_path)
    cache = tmp_path / CHECKED
    before = (cache.read_bytes(), cache.stat().st_ino, cache.stat().st_mtime_ns)
    read_all(open_repo(tmp_path)[0])
    assert (cache.read_bytes(), cache.stat().st_ino, cache.stat().st_mtime_ns) == before


def test_the_migration_still_runs_on_a_file_not_checked_again(tmp_path: Path) -> None:
    v1 = orjson.dumps({"days": {"1": {"date": "2026-12-01", "states": {"a": True}}}})
    (tmp_path / "days-2026.json").write_bytes(v1)
    repo, calls = open_repo(tmp_path, read_only=True)
    assert repo.day("2026-12-01").states == {"a": "done"} and calls == Counter(days=1)
    # The same bytes come back under a new inode (a sync tool): migrated, not checked.
    os.replace(tmp_path / "days-2026.json", tmp_path / "moved")
    (tmp_path / "days-2026.json").write_bytes(v1)
    assert repo.store.poll() == {"days-2026"}
    assert repo.day("2026-12-01").states == {"a": "done"} and calls == Counter(days=1)


# ---------------------------------------------------------------- changed files


def test_a_valid_change_made_elsewhere_is_checked_and_read(tmp_path: Path) -> None:
    a_clean_folder(tmp_path)
    board = orjson.loads((tmp_path / "board.json").read_bytes())
    board["cards"]["1"]["title"] = "Edited by hand"
    (tmp_path / "board.json").write_bytes(orjson.dumps(board))

    repo, calls = open_repo(tmp_path)
    assert "Edited by hand" in [c.title for c in repo.cards()]
    assert calls == Counter(board=1) and repo.store.take_notices() == []


DAMAGE = {
    **BOARD_DAMAGE,
    "a column that parses but is not one": None,  # made from the file itself below
    "truncated": None,
    "garbage": b'{"cards": {"1": {"title": \x00\x00\xff not json',
}


def damaged(name: str, raw: bytes) -> bytes:
    if name == "truncated":
        return raw[: len(raw) // 2]
    if name == "a column that parses but is not one":
        assert b'"backlog"' in raw
        return raw.replace(b'"backlog"', b'"nowhere"', 1)
    made = DAMAGE[name]
    assert made is not None
    return made


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damage_after_a_clean_open_is_recognised_as_before(tmp_path: Path, damage: str) -> None:
    cards = board_with_todays_changes(tmp_path)
    repo, calls = open_repo(tmp_path)
    assert repo.cards() == cards and calls == Counter()  # the store wrote it: known good
    raw = damaged(damage, (tmp_path / "board.json").read_bytes())
    (tmp_path / "board.json").write_bytes(raw)

    again, calls = open_repo(tmp_path)
    assert again.cards() == cards  # the move and the card made today are there
    moved = tmp_path / f"board.json.corrupt-{STAMP}"
    assert moved.read_bytes() == raw
    (notice,) = again.store.take_notices()
    assert (notice.kind, notice.moved_to, notice.source) == ("recovered", moved, "prev")
    # The restored file is what the store wrote: known good again.
    third, calls = open_repo(tmp_path)
    assert third.cards() == cards and calls == Counter() and third.store.take_notices() == []


def test_damage_while_open_is_checked_on_the_poll(tmp_path: Path) -> None:
    cards = board_with_todays_changes(tmp_path)
    repo, calls = open_repo(tmp_path)
    assert repo.cards() == cards and calls == Counter()
    raw = damaged("a column that parses but is not one", (tmp_path / "board.json").read_bytes())
    (tmp_path / "board.json").write_bytes(raw)
    assert "board" in repo.store.poll()
    assert calls["board"] and repo.cards() == cards  # checked (the copies it weighs, too)
    assert [n.kind for n in repo.store.take_notices()] == ["recovered"]


def test_a_file_completed_from_the_journal_is_checked_when_read_next(tmp_path: Path) -> None:
    a_clean_folder(tmp_path)
    repo, calls = open_repo(tmp_path)
    repo.cards()
    bad = {"cards": {"1": {"title": "A", "column": "nowhere"}}, "_meta": {"1": {"schema": 2}}}
    journal = orjson.dumps({"files": {"board": bad}})
    (tmp_path / JOURNAL).write_bytes(journal)  # as a writer that died would leave it
    repo.store.poll()
    assert [n.kind for n in repo.store.take_notices()] == ["completed"]

    again, calls = open_repo(tmp_path)
    again.cards()
    assert calls["board"]
    assert [n.kind for n in again.store.take_notices()] == ["recovered"]


# ---------------------------------------------------------------- the cache itself


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff garbage",
        b"[]",
        b'{"format": "something else", "files": {}}',
        b'{"format": "cadence-checked-1", "files": []}',
        b'{"format": "cadence-checked-1", "files": {"board": 1, "settings": null}}',
        b'{"format": "cadence-checked-1", "files": {"board": "00", "settings": "ff"}}',
        "a folder",
    ],
)
def test_a_bad_cache_means_everything_is_checked(tmp_path: Path, content: bytes | str) -> None:
    write_valid_files(tmp_path)
    cache = tmp_path / CHECKED
    if isinstance(content, bytes):
        cache.write_bytes(content)
    else:
        cache.mkdir()
    repo, calls = open_repo(tmp_path)
    read_all(repo)  # saving over it may fail (a folder): no error either
    assert calls == Counter(board=1, settings=1)
    assert repo.store.take_notices() == []
    assert not list(tmp_path.glob("*.tmp"))
    if isinstance(content, bytes):  # replaced by a good one
        read_all(open_repo(tmp_path)[0])
        repo, calls = open_repo(tmp_path)
        read_all(repo)
        assert calls == Counter()


def test_a_digest_of_another_schema_version_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = SimpleNamespace(SCHEMA_VERSION=migrations.SCHEMA_VERSION + 1)
    monkeypatch.setattr(checked, "migrations", newer)
    a_clean_folder(tmp_path)
    monkeypatch.undo()
    repo, calls = open_repo(tmp_path)
    read_all(repo)
    assert calls == Counter(board=1, settings=1)


def test_a_digest_of_another_cadence_version_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checked, "__version__", "0.0.1")
    a_clean_folder(tmp_path)
    monkeypatch.undo()
    repo, calls = open_repo(tmp_path)
    read_all(repo)
    assert calls == Counter(board=1, settings=1)


def forget_checks() -> None:
    """Read the models anew, as a new process does (the compiled checks are kept)."""
    for cached in (validate._fast, validate._fields, validate._model_spec):
        cached.cache_clear()


@pytest.fixture
def fresh_checks() -> Iterator[None]:
    """What is compiled while a model is patched must not outlive the test."""
    forget_checks()
    yield
    forget_checks()


@pytest.mark.usefixtures("fresh_checks")
@pytest.mark.parametrize(
    ("change", "checked_again"),
    [
        (
            lambda mp: mp.setattr(validate, "CHECKS_VERSION", validate.CHECKS_VERSION + 1),
            Counter(board=1, settings=1),
        ),
        (
            lambda mp: mp.setattr(
                Deliverable, "CHOICES", {**Deliverable.CHOICES, "column": (*COLUMNS, "later")}
            ),
            Counter(board=1),
        ),
        (lambda mp: mp.setattr(Settings, "BOUNDS", {}), Counter(settings=1)),
    ],
    ids=["checks version", "a model's choices", "a model's bounds"],
)
def test_a_digest_of_another_check_is_ignored(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[pytest.MonkeyPatch], None],
    checked_again: Counter[str],
) -> None:
    a_clean_folder(tmp_path)
    change(monkeypatch)
    forget_checks()
    repo, calls = open_repo(tmp_path)
    read_all(repo)
    assert calls == checked_again and repo.store.take_notices() == []


def test_the_fingerprint_names_what_a_check_reads() -> None:
    prints = {
        kind: validate.tables_check(models).fingerprint for kind, models in FILE_MODELS.items()
    }
    assert len(set(prints.values())) == len(prints)  # every kind its own
    assert prints == {  # the same in every process: nothing in it depends on memory
        kind: validate.tables_check(models).fingerprint for kind, models in FILE_MODELS.items()
    }
    assert "ChecklistItem" in prints["board"]  # the records a card holds, too
    assert "backlog" in prints["board"] and "0x" not in "".join(prints.values())


def test_a_read_only_store_never_writes_the_cache(tmp_path: Path) -> None:
    write_valid_files(tmp_path)
    before = files_of(tmp_path)
    repo, calls = open_repo(tmp_path, read_only=True)
    read_all(repo)
    repo.store.save_checked()
    assert calls == Counter(board=1, settings=1)
    assert not (tmp_path / CHECKED).exists() and files_of(tmp_path) == before

    # With a cache from a writing open: used, never rewritten.
    read_all(open_repo(tmp_path)[0])
    (tmp_path / "settings.json").write_bytes((tmp_path / "settings.json").read_bytes() + b"\n")
    before = files_of(tmp_path)
    repo, calls = open_repo(tmp_path, read_only=True)
    read_all(repo)
    repo.store.save_checked()
    assert calls == Counter(settings=1)
    assert files_of(tmp_path) == before


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(path: Path, data: bytes, *, durable: bool = True) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(checked, "atomic_write_bytes", full_disk)
    repo, _calls = open_repo(tmp_path)
    repo.add_card(Deliverable("A", id="a"))
    read_all(repo)
    assert repo.store.take_notices() == [] and not (tmp_path / CHECKED).exists()
    monkeypatch.undo()
    repo, calls = open_repo(tmp_path)
    assert [c.id for c in repo.cards()] == ["a"] and calls == Counter(board=1)


def test_two_processes_keep_each_others_digests(tmp_path: Path) -> None:
    write_valid_files(tmp_path)
    ui, _calls = open_repo(tmp_path)
    ui.settings()  # checked, not saved yet
    shell, _calls = open_repo(tmp_path)
    shell.add_card(Deliverable("From the shell", id="s"))  # saves the board's digest
    ui.store.poll()  # saves the settings' digest beside it
    repo, calls = open_repo(tmp_path)
    read_all(repo)
    assert calls == Counter()


def test_the_cache_is_not_data(tmp_path: Path) -> None:
    a_clean_folder(tmp_path)
    assert (tmp_path / CHECKED).exists()
    repo, _calls = open_repo(tmp_path)
    assert sorted(repo.store.names_on_disk()) == ["board", "settings"]
    assert sorted(export_data(repo.store, exported_at="now")["files"]) == ["board", "settings"]
    assert not list((tmp_path / "backups").rglob(CHECKED))
    demo = tmp_path / "demo"
    demo.mkdir()
    shutil.copy(tmp_path / CHECKED, demo / CHECKED)  # left alone: the folder holds no data
    write_demo(demo, months=1, clock=FakeClock("2026-12-01T10:00:00", tz="Asia/Shanghai"))


# ---------------------------------------------------------------- any change at all


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("clean") / "data"
    board_with_todays_changes(root)
    read_all(open_repo(root)[0])
    assert (root / CHECKED).exists()
    return root


def _flip(raw: bytes, at: int, byte: int) -> bytes:
    i = at % max(len(raw), 1)
    return raw[:i] + bytes([byte]) + raw[i + 1 :]


def _cut(raw: bytes, at: int, n: int) -> bytes:
    i = at % max(len(raw), 1)
    return raw[:i] + raw[i + n :]


def _insert(raw: bytes, at: int, more: bytes) -> bytes:
    i = at % max(len(raw), 1)
    return raw[:i] + more + raw[i:]


def _set_field(raw: bytes, at: int, value: Any) -> bytes:
    """A valid-JSON change: one field of one card set to ``value``."""
    board = orjson.loads(raw)
    cards = board["cards"]
    card = cards[sorted(cards)[at % len(cards)]]
    card[sorted(card)[(at // 7) % len(card)]] = value
    return orjson.dumps(board, option=orjson.OPT_INDENT_2)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
) | st.sampled_from(["backlog", "doing", "nowhere", "2026-12-01", "2027-02-30", ""])
positions = st.integers(min_value=0, max_value=10**6)
mutations = st.lists(
    st.one_of(
        st.tuples(st.just(_flip), positions, st.integers(0, 255)),
        st.tuples(st.just(_cut), positions, st.integers(1, 64)),
        st.tuples(st.just(_insert), positions, st.binary(min_size=1, max_size=8)),
        st.tuples(st.just(_set_field), positions, json_values),
    ),
    min_size=1,
    max_size=3,
)


def outcome(root: Path, raw: bytes) -> tuple[Any, ...]:
    """What a read of ``root`` gives; a card that lost its id in ``raw`` is given a new random
    one, so such ids are named by their order (the same in both reads) before comparing."""
    repo, _calls = open_repo(root)
    cards = repo.cards()
    made = [card.id for card in cards if f'"{card.id}"'.encode() not in raw]

    def named(text: str) -> str:
        for i, new in enumerate(made):
            text = text.replace(new, f"<new id {i}>")
        return text

    cards = [dataclasses.replace(card, id=named(card.id)) for card in cards]
    notices = [
        (n.kind, n.file, n.moved_to and n.moved_to.name, n.source, n.detail and named(n.detail))
        for n in repo.store.take_notices()
    ]
    files = {
        k: named(v.decode("utf-8", "replace")) for k, v in files_of(root).items() if k != CHECKED
    }
    return cards, notices, files


@settings(max_examples=60)
@given(steps=mutations)
@example(steps=[(_cut, 119, 58)])  # the first card loses its id: it is given a new one
def test_any_change_reads_as_it_would_without_the_cache(clean: Path, steps: list[Any]) -> None:
    raw = (clean / "board.json").read_bytes()
    for step, at, arg in steps:
        # A field change on a file already broken keeps the bytes.
        with contextlib.suppress(orjson.JSONDecodeError, KeyError, TypeError, ZeroDivisionError):
            raw = step(raw, at, arg)
    with tempfile.TemporaryDirectory() as tmp:
        cached, fresh = Path(tmp) / "cached", Path(tmp) / "fresh"
        for folder in (cached, fresh):
            shutil.copytree(clean, folder)
            (folder / "board.json").write_bytes(raw)
        (fresh / CHECKED).unlink()
        assert outcome(cached, raw) == outcome(fresh, raw)


def test_a_run_that_only_read_keeps_what_it_found_valid_when_it_closes(make_runtime, tmp_path):
    data = tmp_path / "data"
    first = make_runtime(data=data)
    first.close()
    (data / CHECKED).unlink()  # as after a crash: nothing known
    again = make_runtime(data=data, interactive=False)
    again.repo.settings(), again.repo.plan()  # read (and checked), nothing written
    assert not (data / CHECKED).exists()
    again.close()
    kept = orjson.loads((data / CHECKED).read_bytes())["files"]
    assert {"settings", "plan"} <= set(kept)
