"""The atomic file layer under the Store: temp files, modes, decoding, UTF-8."""

from __future__ import annotations

import json
import math
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.data.storage import (
    FILE_MODE,
    CorruptFileError,
    atomic_write_bytes,
    clean_stale_temps,
    decode,
    encode,
    read_tables,
)
from cadence.data.store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]


def make_store(root: Path, **kwargs: Any) -> Store:
    return Store(root, today=lambda: "2026-11-29", stamp=lambda: "20261129T093000", **kwargs)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------- atomic writes


def test_atomic_write_leaves_no_temp_files_and_is_private(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    atomic_write_bytes(target, b'{"a": {}}')
    atomic_write_bytes(target, b'{"b": {}}')
    assert target.read_bytes() == b'{"b": {}}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]
    assert mode_of(target) == FILE_MODE == 0o600


def test_a_write_that_need_not_last_skips_fsync_and_still_never_tears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / ".cache.json"
    atomic_write_bytes(target, b"old")
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    with target.open("rb") as reader:
        atomic_write_bytes(target, b"new contents", durable=False)
        assert reader.read() == b"old"  # the old file stays whole for its readers
    assert target.read_bytes() == b"new contents" and mode_of(target) == FILE_MODE
    assert synced == [] and sorted(p.name for p in tmp_path.iterdir()) == [".cache.json"]
    target.unlink()
    target.mkdir()  # something that is not a file in its place: refused, nothing left
    with pytest.raises(OSError) as caught:
        atomic_write_bytes(target, b"x", durable=False)
    assert caught.value.filename == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache.json"] and target.is_dir()


def test_atomic_write_replaces_instead_of_rewriting_in_place(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    atomic_write_bytes(target, b"old")
    before = target.stat().st_ino
    with target.open("rb") as reader:  # a reader of the old version keeps seeing it whole
        atomic_write_bytes(target, b"new contents")
        assert reader.read() == b"old"
    assert target.stat().st_ino != before
    assert target.read_bytes() == b"new contents"


def test_atomic_write_is_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        atomic_write_bytes(tmp_path / "x.json", b"{}")
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "x.json") == 0o600


def test_clean_stale_temps_removes_only_temp_files(tmp_path: Path) -> None:
    stale = tmp_path / ".x.json.123.abcd.tmp"
    stale.write_bytes(b'{"half": ')
    keep = [tmp_path / "x.json", tmp_path / "notes.tmp.json", tmp_path / ".write.lock"]
    for p in keep:
        p.write_bytes(b"{}")
    removed = clean_stale_temps(tmp_path)
    assert removed == [stale]
    assert not stale.exists()
    assert all(p.exists() for p in keep)


def test_store_start_cleans_temp_files_left_by_a_crash(tmp_path: Path) -> None:
    stale = tmp_path / ".days-2026.json.4242.deadbeef.tmp"
    stale.write_bytes(b"{")
    make_store(tmp_path)
    assert not stale.exists()


# ---------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "raw",
    [
        b"[]",
        b"[1, 2]",
        b'"text"',
        b"42",
        b"null",
        b"true",
        b'{"t": []}',
        b'{"t": "x"}',
        b'{"t": 3}',
        b'{"t": {"1": []}}',
        b'{"t": {"1": "doc"}}',
        b'{"t": {}',
        b"\x00\x00\x00\x00",
        b'{"t": {"1": {"a": 1}}} trailing',
    ],
)
def test_decode_rejects_what_is_not_a_document_set(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    with pytest.raises(CorruptFileError) as info:
        decode(raw, path)
    assert info.value.path == path
    assert str(path) in str(info.value)


def test_decode_accepts_document_sets_but_not_empty_files(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    for empty in (b"", b"  \n"):  # a truncated file, not an empty database
        with pytest.raises(CorruptFileError, match="empty"):
            decode(empty, path)
    with pytest.raises(CorruptFileError, match="not a number"):
        decode(b'{"t": {"x": {}}}', path)
    assert decode(b"{}", path) == {}
    assert decode(b'{"t": {}}', path) == {"t": {}}
    assert decode(b'{"t": {"1": {"a": [1]}}}', path) == {"t": {"1": {"a": [1]}}}


def test_read_tables_of_a_missing_file_is_empty(tmp_path: Path) -> None:
    assert read_tables(tmp_path / "nope.json") == ({}, None)


def test_encode_writes_utf8_with_chinese_unescaped() -> None:
    raw = encode({"t": {"1": {"text": "你好", "emoji": "🍅"}}})
    assert "你好".encode() in raw
    assert "🍅".encode() in raw
    assert b"\\u" not in raw
    assert json.loads(raw.decode("utf-8")) == {"t": {"1": {"text": "你好", "emoji": "🍅"}}}


# ---------------------------------------------------------------- round trip

json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.sampled_from(["你好，世界", "番茄钟 🍅", "👩‍💻 ✔️", "中文 / English / 日本語", ""])
)
json_value = st.recursive(
    json_leaf,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)
documents = st.lists(st.dictionaries(st.text(max_size=8), json_value, max_size=6), max_size=6)


def same(a: Any, b: Any) -> bool:
    """Equal with types: True is not 1, 1.0 is not 1."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return bool(a == b)


def test_same_is_strict() -> None:
    assert same({"a": [1, 2.5, None]}, {"a": [1, 2.5, None]})
    assert not same(1, 1.0)
    assert not same(True, 1)
    assert not same(0.0, -0.0)
    assert not same({"a": 1}, {"a": 1, "b": 2})


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(docs=documents, other=documents)
def test_documents_round_trip_through_a_new_store(
    docs: list[dict[str, Any]], other: list[dict[str, Any]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = make_store(root)
        with store.transaction("data") as txn:
            db = txn.db("data")
            db.table("docs").insert_multiple(docs)
            db.table("表 🍅").insert_multiple(other)
        with store.transaction("data") as txn:  # a second write on top of the first
            txn.db("data").table("docs").insert({"last": "最后"})
        expected_docs = [*docs, {"last": "最后"}]

        fresh = make_store(root)
        tables = fresh.tables("data")
        assert [int(k) for k in tables["docs"]] == list(range(1, len(expected_docs) + 1))
        assert same(list(tables["docs"].values()), expected_docs)
        assert same(list(tables.get("表 🍅", {}).values()), other)
        # Through TinyDB too, as the app reads it.
        assert same([dict(d) for d in fresh.db("data").table("docs").all()], expected_docs)
        assert fresh.notices == []
        # The file itself is plain UTF-8 JSON that any reader gets the same from.
        assert same(json.loads(store.path("data").read_text(encoding="utf-8")), tables)


# ---------------------------------------------------------------- encoding on disk

CHILD_UNDER_ASCII_LOCALE = r"""
import json, locale, sys
from pathlib import Path
from cadence.data.store import Store

enc = locale.getpreferredencoding(False)
store = Store(Path(sys.argv[1]), today=lambda: "2026-11-29", stamp=lambda: "20261129T093000")
docs = [dict(d) for d in store.db("notes").table("notes").all()]
with store.transaction("notes") as txn:
    txn.db("notes").table("notes").insert({"text": "\u5199\u5165 \U0001f345", "by": "child"})
# ensure_ascii: the report must not depend on the (GBK) stdout encoding either.
print(json.dumps({"encoding": enc, "docs": docs, "notices": len(store.notices)}))
"""


def test_file_is_utf8_and_store_works_under_a_non_utf8_locale(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    with store.transaction("notes") as txn:
        txn.db("notes").table("notes").insert({"text": "你好", "emoji": "🍅", "mixed": "AI 产品"})
    raw = store.path("notes").read_bytes()
    assert "你好".encode() in raw  # readable, not \u4f60\u597d
    assert "产品".encode() in raw
    assert b"\\u4f60" not in raw
    raw.decode("utf-8")  # strictly valid UTF-8

    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "PYTHONIOENCODING": "gbk",
        "LANG": "zh_CN.GBK",
        "LC_ALL": "C",
        # Without these Python 3.7+ turns the C locale into UTF-8 and the test proves nothing.
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", CHILD_UNDER_ASCII_LOCALE, str(tmp_path)],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")
    report = json.loads(out.stdout.decode("ascii"))
    assert report["encoding"].lower().replace("-", "") not in ("utf8", "utf_8")
    assert report["docs"] == [{"text": "你好", "emoji": "🍅", "mixed": "AI 产品"}]
    assert report["notices"] == 0

    # What the child wrote under that locale is UTF-8 too, and reads back here.
    raw = store.path("notes").read_bytes()
    assert "写入 🍅".encode() in raw
    texts = [doc["text"] for doc in make_store(tmp_path).tables("notes")["notes"].values()]
    assert texts == ["你好", "写入 🍅"]
    assert orjson.loads(raw)["notes"]["2"] == {"text": "写入 🍅", "by": "child"}
