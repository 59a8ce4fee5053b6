"""Imports check meaning, not only types; the refused ones change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cadence.cli import main
from cadence.export import json_io
from cadence.export.json_io import ImportRefused, parse_export

GOOD = {"format": "cadence-export", "format_version": 1, "schema": 2, "exported_at": "x"}
START = "2026-11-30T20:30:00+08:00"


def session(**change: object) -> dict:
    doc = {"start": START, "end": "2026-11-30T20:55:00+08:00", "planned_s": 1500,
           "focused_s": 1500, "id": "a"}  # fmt: skip
    doc.update(change)
    return doc


def export(files: dict) -> bytes:
    return json.dumps({**GOOD, "files": files}).encode()


def sessions(*docs: dict) -> bytes:
    return export({"focus-2026": {"sessions": {str(i + 1): d for i, d in enumerate(docs)}}})


def nested(levels: int) -> bytes:
    return (
        b'{"files": {"board": {"cards": {"1": {"title": "x", "tags": '
        + (b"[" * levels + b"]" * levels)
        + b"}}}}}"
    )


REFUSED = {
    "a negative session": (sessions(session(focused_s=-60)), "'focused_s' should be from 0"),
    "a 31-day session": (
        sessions(session(end="2026-12-31T20:55:00+08:00", focused_s=31 * 86_400)),
        "'focused_s' should be from 0 to 86400",
    ),
    "a session ending before it starts": (
        sessions(session(end="2026-11-30T20:00:00+08:00", focused_s=0)),
        "'end' '2026-11-30T20:00:00+08:00' is before 'start'",
    ),
    "more focus than the session lasted": (
        sessions(session(focused_s=7200)),
        "'focused_s' 7200 is longer than the session",
    ),
    "the same session id twice": (
        sessions(
            session(), session(start="2026-11-30T21:30:00+08:00", end="2026-11-30T21:55:00+08:00")
        ),  # fmt: skip
        'the id "a" is also used by files.focus-2026.sessions[1]',
    ),
    "the same card id in two documents": (
        export(
            {"board": {"cards": {"1": {"title": "A", "id": "c"}, "2": {"title": "B", "id": "c"}}}}
        ),
        'the id "c" is also used',
    ),
    "a date that does not exist": (
        export({"days-2027": {"days": {"1": {"date": "2027-02-30"}}}}),
        "'date' should be a real date (YYYY-MM-DD), not \"2027-02-30\"",
    ),
    "an absurd weekly target": (
        export({"settings": {"settings": {"1": {"weekly_target_h": 1e300}}}}),
        "'weekly_target_h' should be from 0 to 168, not 1e+300",
    ),
    "a file named instance": (
        export({"instance": {"x": {"1": {"pid": 1}}}}),
        "'instance' is not a Cadence data file name",
    ),
    "an unknown column": (
        export({"board": {"cards": {"1": {"title": "A", "column": "nowhere"}}}}),
        "'column' should be one of backlog, week, doing, done",
    ),
    "too many cards": (
        export(
            {"board": {"cards": {str(i): {"title": "t", "id": f"c{i}"} for i in range(1, 5002)}}}
        ),
        "5,001 documents, more than the 5,000 allowed",
    ),
    "nesting 1,000 levels": (nested(1000), "nested more than 32 levels deep"),
    "nesting 100 levels": (nested(100), "nested more than 32 levels deep"),
    "nesting 2,000 levels": (nested(2000), "nested more than 32 levels deep"),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_a_file_that_means_nothing_sensible_is_refused(case: str) -> None:
    payload, message = REFUSED[case]
    with pytest.raises(ImportRefused) as err:
        parse_export(payload)
    assert message in str(err.value)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(monkeypatch) -> None:
    monkeypatch.setattr(json_io, "MAX_BYTES", 1000)
    with pytest.raises(ImportRefused, match="more than the 0 MB an export of Cadence can be"):
        parse_export(b" " * 1001)


def test_texts_lose_control_characters_on_import() -> None:
    card = {"title": "A\x1b]0;pwned\x07", "description": "one\ntwo\x1b[2J", "id": "c",
            "checklist": [{"text": "step\u202e", "id": "i"}]}  # fmt: skip
    done = parse_export(export({"board": {"cards": {"1": card}}}))
    stored = done.files["board"]["cards"]["1"]
    assert stored["title"] == "A]0;pwned"
    assert stored["description"] == "one\ntwo[2J"
    assert stored["checklist"] == [{"text": "step", "id": "i"}]  # no defaults added


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize(
    "case", ["a 31-day session", "a file named instance", "nesting 1,000 levels"]
)
def test_the_cli_refuses_and_the_folder_stays_byte_identical(
    case: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("CADENCE_NOW", "2026-12-01T20:45")
    data = tmp_path / "data"
    assert main(["--data", str(data), "focus", "start"]) == 0
    capsys.readouterr()
    before = snapshot(data)
    bad = tmp_path / "bad.json"
    bad.write_bytes(REFUSED[case][0])
    assert main(["--data", str(data), "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cadence: cannot import") and "nothing was changed" in err
    assert "Traceback" not in err
    assert snapshot(data) == before


def test_plan_import_refuses_deep_nesting_and_size(tmp_path: Path) -> None:
    from cadence.data import plan as plan_module
    from cadence.data.plan import PlanError, load_plan, parse_plan

    with pytest.raises(PlanError, match="nested too deeply"):
        parse_plan("a = " + "[" * 2000 + "]" * 2000)
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (plan_module.MAX_PLAN_CHARS * 4 + 1), encoding="utf-8")
    with pytest.raises(PlanError, match="larger than a plan can be"):
        load_plan(big)
    with pytest.raises(IsADirectoryError):
        load_plan(tmp_path)


@pytest.mark.parametrize("value", ["9999-12-31T23:59", "1969-06-01T12:00", "0001-01-01T00:00"])
def test_clock_values_outside_1970_to_2200_are_refused(value: str) -> None:
    from cadence.clock import ClockRangeError, clock_from_env

    with pytest.raises(ClockRangeError, match="outside the years 1970 to 2200"):
        clock_from_env("Asia/Shanghai", {"CADENCE_NOW": value})
