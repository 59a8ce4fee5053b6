"""JSON export and import: a faithful round trip, and refusals that change nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.cli import main
from cadence.clock import FakeClock
from cadence.data import migrations
from cadence.data.models import (
    DailyReview,
    DayRecord,
    Deliverable,
    FocusSession,
    TimeBlock,
    WeeklyReview,
)
from cadence.data.repository import Repository
from cadence.export.json_io import (
    ImportRefused,
    apply_import,
    dumps,
    export_data,
    open_folder,
    parse_export,
    plan_import,
)
from tests.helpers_insights import TZ, fill_history

NOW = "2026-12-01T20:45"
CLOCK = FakeClock(NOW, tz=TZ)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (backups included) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def tables_of(folder: Path) -> dict[str, dict]:
    """The data files as JSON, without the schema stamp (hidden files are the store's own)."""
    out = {}
    for path in sorted(p for p in folder.glob("*.json") if not p.name.startswith(".")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop(migrations.META_TABLE, None)
        out[path.stem] = data
    return out


# ---------------------------------------------------------------- round trip

text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=12
)
days = st.dates(min_value=dt.date(2025, 12, 25), max_value=dt.date(2027, 1, 5))


@st.composite
def histories(draw):
    sessions = [
        FocusSession(
            start=f"{d.isoformat()}T20:{m:02d}:00+08:00",
            end=f"{d.isoformat()}T21:{m:02d}:00+08:00",
            planned_s=1500,
            focused_s=draw(st.integers(min_value=0, max_value=3600)),
            label=draw(text),
            link=draw(st.none() | st.just("card:abc")),
            completed=draw(st.booleans()),
        )
        for d, m in draw(st.lists(st.tuples(days, st.integers(0, 59)), max_size=8))
    ]
    reviews = [
        DailyReview(
            date=d.isoformat(),
            learned=draw(st.lists(text, max_size=2)),
            posted=draw(st.none() | st.booleans()),
            workout_min=draw(st.none() | st.integers(0, 90)),
            bed_before_23=draw(st.none() | st.booleans()),
            energy=draw(st.none() | st.integers(1, 3)),
            finished=draw(st.booleans()),
        )
        for d in draw(st.lists(days, max_size=6, unique=True))
    ]
    weekly = [
        WeeklyReview(
            week=f"{y}-W{w:02d}",
            learnings=draw(st.lists(text, max_size=2)),
            next_week=draw(st.lists(text, max_size=3)),
            finished=draw(st.booleans()),
        )
        for y, w in draw(st.lists(st.tuples(st.sampled_from([2026, 2027]), st.integers(1, 52)),
                                  max_size=4, unique=True))
    ]  # fmt: skip
    cards = [
        Deliverable(
            title=draw(text),
            type=draw(st.sampled_from(["case_study", "demo", "other"])),
            column=draw(st.sampled_from(["backlog", "week", "doing", "done"])),
            order=draw(st.floats(-100, 100, allow_nan=False)),
            due=draw(st.none() | days.map(lambda d: d.isoformat())),
            tags=draw(st.lists(text, max_size=2)),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    day_records = [
        DayRecord(
            date=d.isoformat(),
            states={"wd-study": draw(st.sampled_from(["todo", "done", "skipped"]))},
            added=[TimeBlock("07:00", "07:30", draw(text), "health")],
            removed=draw(st.lists(st.sampled_from(["wd-commute", "wd-lunch"]), unique=True)),
        )
        for d in draw(st.lists(days, max_size=3, unique=True))
    ]
    return sessions, reviews, weekly, cards, day_records


def write_history(folder: Path, history) -> Repository:
    sessions, reviews, weekly, cards, day_records = history
    store = open_folder(folder, CLOCK.now, read_only=False)
    repo = Repository(store)
    by_file: dict[tuple[str, str], list[dict]] = {}
    for s in sessions:
        by_file.setdefault((f"focus-{s.start[:4]}", "sessions"), []).append(s.to_dict())
    for r in reviews:
        by_file.setdefault((f"reviews-{r.date[:4]}", "daily"), []).append(r.to_dict())
    for d in day_records:
        by_file.setdefault((f"days-{d.date[:4]}", "days"), []).append(d.to_dict())
    by_file[("weekly", "weekly")] = [w.to_dict() for w in weekly]
    by_file[("board", "cards")] = [c.to_dict() for c in cards]
    by_file[("settings", "settings")] = [{"language": "zh", "plan_start": "2026-08-01"}]
    for (name, table), docs in by_file.items():
        with store.transaction(name) as txn:
            txn.db(name).table(table).insert_multiple(docs)
    return repo


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_export_then_import_into_an_empty_folder_gives_the_same_data(history):
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "a", Path(tmp) / "b"
        repo_a = write_history(source, history)
        raw = dumps(export_data(repo_a.store, exported_at=CLOCK.now().isoformat()))
        export = parse_export(raw)
        store_b = open_folder(target, CLOCK.now, read_only=False)
        changes = apply_import(store_b, export, stamp="t")
        assert {c.status for c in changes} <= {"new"}
        assert tables_of(target) == tables_of(source)
        repo_b = Repository(open_folder(target, CLOCK.now, read_only=True))
        span = ("2025-01-01", "2027-12-31")
        assert repo_b.sessions(*span) == repo_a.sessions(*span)
        assert repo_b.daily_reviews(*span) == repo_a.daily_reviews(*span)
        assert repo_b.days(*span) == repo_a.days(*span)
        assert repo_b.weekly_reviews() == repo_a.weekly_reviews()
        assert repo_b.cards() == repo_a.cards()
        assert repo_b.settings() == repo_a.settings()
        # A second import changes nothing.
        assert {c.status for c in plan_import(store_b, export)} == {"unchanged"}


def test_the_export_names_its_schema(tmp_path):
    fill_history(tmp_path / "d", NOW)
    data = export_data(open_folder(tmp_path / "d", CLOCK.now, read_only=True), exported_at="x")
    assert data["format"] == "cadence-export"
    assert data["schema"] == migrations.SCHEMA_VERSION
    assert {"settings", "plan", "board", "weekly", "focus-2026", "reviews-2026"} <= set(
        data["files"]
    )
    assert all(migrations.META_TABLE not in t for t in data["files"].values())


# ---------------------------------------------------------------- refusals

GOOD = {"format": "cadence-export", "format_version": 1, "schema": 2, "exported_at": "x"}


def good_session(**change):
    doc = {"start": "2026-11-30T20:30:00+08:00", "end": "2026-11-30T20:55:00+08:00",
           "planned_s": 1500, "focused_s": 1500, "id": "a"}  # fmt: skip
    doc.update(change)
    return {**GOOD, "files": {"focus-2026": {"sessions": {"1": doc}}}}


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[]", "top level should be an object"),
        (json.dumps({"format": "other"}).encode(), "not a Cadence export"),
        (json.dumps({**GOOD, "schema": 99, "files": {}}).encode(), "schema 99, newer"),
        (json.dumps({**GOOD, "format_version": 7, "files": {}}).encode(), "format is version 7"),
        (json.dumps({**GOOD, "files": []}).encode(), '"files" should be an object'),
        (json.dumps({**GOOD, "files": {}}).encode(), "nothing to import"),
        (json.dumps({**GOOD, "files": {"../evil": {}}}).encode(), "'../evil' is not a Cadence"),
        (
            json.dumps(good_session(focused_s="lots")).encode(),
            "files.focus-2026.sessions[1]: 'focused_s' should be a whole number, not text",
        ),
        (
            json.dumps(good_session(start="yesterday")).encode(),
            "'start' should be a date and time",
        ),
        (
            json.dumps(good_session(start="2027-01-02T10:00:00+08:00")).encode(),
            "does not belong in focus-2026",
        ),
        (
            json.dumps(
                {**GOOD, "files": {"weekly": {"weekly": {"1": {"week": "2026-W60"}}}}}
            ).encode(),
            'should be an ISO week (YYYY-Www), not "2026-W60"',
        ),
        (
            json.dumps({**GOOD, "files": {"board": {"cards": {"1": {"type": "demo"}}}}}).encode(),
            "the field 'title' is missing",
        ),
        (
            json.dumps({**GOOD, "files": {"board": {"cards": {"x": {"title": "t"}}}}}).encode(),
            "document id 'x'",
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_what_is_wrong(payload, message):
    with pytest.raises(ImportRefused) as err:
        parse_export(payload)
    assert message in str(err.value)


def test_an_older_schema_is_migrated_on_import():
    doc = {"date": "2026-11-30", "states": {"wd-study": True, "wd-lunch": False}}
    payload = {**GOOD, "schema": 1, "files": {"days-2026": {"days": {"1": doc}}}}
    export = parse_export(json.dumps(payload).encode())
    assert export.files["days-2026"]["days"]["1"]["states"] == {
        "wd-study": "done",
        "wd-lunch": "todo",
    }


# ---------------------------------------------------------------- the shell commands


def run(monkeypatch, *args: str) -> int:
    monkeypatch.setenv("CADENCE_NOW", NOW)
    return main(list(args))


def test_cli_export_and_import_round_trip(tmp_path, monkeypatch, capsys):
    source, target = tmp_path / "a", tmp_path / "b"
    fill_history(source, NOW)
    out = tmp_path / "all.json"
    assert (
        run(monkeypatch, "--data", str(source), "export", "--format", "json", "--out", str(out))
        == 0
    )
    assert run(monkeypatch, "--data", str(target), "import", str(out), "--dry-run") == 0
    said = capsys.readouterr().out
    assert "would import" in said and "focus-2026" in said and "new file" in said
    assert not target.exists()  # a dry run into a missing folder does not even make it
    assert run(monkeypatch, "--data", str(target), "import", str(out)) == 0
    assert tables_of(target) == tables_of(source)
    assert run(monkeypatch, "--data", str(target), "import", str(out), "--dry-run") == 0
    assert "unchanged" in capsys.readouterr().out


def test_cli_refuses_a_bad_file_and_changes_nothing(tmp_path, monkeypatch, capsys):
    target = tmp_path / "b"
    fill_history(target, NOW)
    before = snapshot(target)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(good_session(focused_s=-1.5)), encoding="utf-8")
    assert run(monkeypatch, "--data", str(target), "import", str(bad)) == 2
    err = capsys.readouterr().err
    assert "'focused_s' should be a whole number" in err and "nothing was changed" in err
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**GOOD, "schema": 3, "files": {}}), encoding="utf-8")
    assert run(monkeypatch, "--data", str(target), "import", str(newer)) == 2
    assert "newer than this Cadence" in capsys.readouterr().err
    assert run(monkeypatch, "--data", str(target), "import", str(tmp_path / "missing.json")) == 2
    assert "no such file" in capsys.readouterr().err
    assert snapshot(target) == before


def test_import_over_data_keeps_a_backup_and_reports_changes(tmp_path, monkeypatch, capsys):
    source, target = tmp_path / "a", tmp_path / "b"
    fill_history(source, NOW)
    fill_history(target, NOW, weeks=2)
    out = tmp_path / "all.json"
    run(monkeypatch, "--data", str(source), "export", "--format", "json", "--out", str(out))
    old_board = (target / "board.json").read_bytes()
    assert run(monkeypatch, "--data", str(target), "import", str(out)) == 0
    said = capsys.readouterr().out
    assert "replaced:" in said and "backups/pre-import-" in said
    backups = list((target / "backups").glob("pre-import-*/board.json"))
    assert [b.read_bytes() for b in backups] == [old_board]


def test_cli_export_md_and_ics_and_bad_periods(tmp_path, monkeypatch, capsys):
    data = tmp_path / "d"
    fill_history(data, NOW)
    md, ics = tmp_path / "w.md", tmp_path / "p.ics"
    assert run(monkeypatch, "--data", str(data), "export", "--format", "md", "--week", "2026-W48",
               "--out", str(md)) == 0  # fmt: skip
    assert md.read_text(encoding="utf-8").startswith("# ")
    assert (
        run(monkeypatch, "--data", str(data), "export", "--format", "ics", "--out", str(ics)) == 0
    )
    assert b"RRULE:FREQ=WEEKLY" in ics.read_bytes()
    assert (
        run(monkeypatch, "--data", str(data), "export", "--format", "md", "--week", "2026-W54") == 2
    )
    assert "2026 has weeks 1 to 53" in capsys.readouterr().err
    assert (
        run(monkeypatch, "--data", str(data), "export", "--format", "md", "--month", "2026-13") == 2
    )
    assert (
        run(monkeypatch, "--data", str(data), "export", "--format", "json", "--week", "2026-W48")
        == 2
    )


def test_the_shell_paths_do_not_load_textual(tmp_path):
    fill_history(tmp_path / "d", NOW)
    code = (
        "import sys\n"
        "from cadence.cli import main\n"
        f"main(['--data', {str(tmp_path / 'd')!r}, 'export', '--format', 'ics', '--out', "
        f"{str(tmp_path / 'x.ics')!r}])\n"
        f"main(['--data', {str(tmp_path / 'd')!r}, 'export', '--format', 'json', '--out', "
        f"{str(tmp_path / 'x.json')!r}])\n"
        f"main(['--data', {str(tmp_path / 'e')!r}, 'import', {str(tmp_path / 'x.json')!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CADENCE_NOW": NOW},
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
