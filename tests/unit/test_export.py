"""The Markdown report and the iCalendar export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from cadence.clock import FakeClock
from cadence.data.models import DayRecord, TimeBlock
from cadence.domain.weeks import parse_period
from cadence.export.run import export_ics, export_markdown
from cadence.i18n import set_language
from cadence.runtime import open_runtime
from tests.helpers_insights import TZ, fill_history, raw_docs

NOW = "2026-12-01T20:45"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    fill_history(data, NOW)
    return data


def runtime_of(folder: Path):
    return open_runtime(folder, language="en", interactive=False, clock=FakeClock(NOW, tz=TZ))


# ---------------------------------------------------------------- Markdown


def test_the_week_report_has_the_stored_figures(folder):
    rt = runtime_of(folder)
    text = export_markdown(rt.repo, rt.clock.now(), parse_period("2026-W48"))
    # Independent: the raw session documents of 2026-11-23 .. 2026-11-29.
    sessions = [
        s
        for s in raw_docs(folder, "focus-", "sessions")
        if "2026-11-23" <= s["start"][:10] <= "2026-11-29"
    ]
    hours = sum(s["focused_s"] for s in sessions) / 3600
    reviews = [
        r
        for r in raw_docs(folder, "reviews-", "daily")
        if "2026-11-23" <= r["date"] <= "2026-11-29"
    ]
    workouts = sum(1 for r in reviews if (r.get("workout_min") or 0) >= 30)  # the rule
    posted = sum(1 for r in reviews if r.get("posted"))
    assert text.startswith("# ")
    assert "Week 2026-W48" in text
    assert f"| Study hours | {hours:.1f} h |" in text
    assert f"| Focus sessions | {len(sessions)} |" in text
    assert f"| Workouts | {workouts} |" in text
    assert f"| Days posted | {posted} / {len(reviews)} " in text
    assert "- Retrieval quality is RAG quality" not in text  # that is W47's
    for r in reviews:
        for line in r["learned"]:
            assert f"- {r['date'][5:]}: {line}" in text


def test_the_month_report_gathers_its_weekly_reviews(folder):
    rt = runtime_of(folder)
    text = export_markdown(rt.repo, rt.clock.now(), parse_period("2026-11"))
    assert "Month 2026-11" in text
    assert "- **2026-W47** Retrieval quality is RAG quality" in text
    assert "- [ ] **2026-W47** Finish the PRD" in text
    assert "*2026-11-01 – 2026-11-30*" in text


def test_the_report_speaks_chinese(folder):
    set_language("zh")
    rt = runtime_of(folder)
    text = export_markdown(rt.repo, rt.clock.now(), parse_period("2026-W48"))
    assert "## 数据" in text and "学习时长" in text and "2026-W48 周" in text


def test_user_text_cannot_break_the_markdown(folder):
    from cadence.export.markdown import _line

    assert _line("# not a heading\nsecond line") == "\\# not a heading second line"
    assert _line("- item") == "\\- item"


# ---------------------------------------------------------------- iCalendar


def add_day_changes(folder: Path) -> None:
    rt = runtime_of(folder)
    rt.repo.save_day(
        DayRecord(
            date="2026-12-03",  # a Thursday: the workday template
            added=[TimeBlock("07:00", "07:30", "Run", "health", id="run1")],
            edited={"wd-study": {"start": "21:00", "end": "22:30"}},
            removed=["wd-commute"],
        )
    )
    rt.close()


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_the_calendar_parses_back_with_weekday_rules_and_the_zone(folder):
    add_day_changes(folder)
    rt = runtime_of(folder)
    cal = parse(export_ics(rt.repo, rt.clock.now(), TZ))
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == [TZ]
    plan = rt.repo.plan()
    byday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    series = [e for e in cal.walk("VEVENT") if "RRULE" in e]
    assert len(series) == sum(len(t.blocks) for t in plan.templates)
    for template in plan.templates:
        wanted = sorted(byday[d] for d in template.weekdays)
        for block in template.blocks:
            uid = f"cadence-{plan.id}-{template.id}-{block.id}@cadence"
            event = next(e for e in series if str(e["UID"]) == uid)
            rule = event["RRULE"]
            assert rule["FREQ"] == ["WEEKLY"]
            assert sorted(rule["BYDAY"]) == wanted
            assert rule["UNTIL"][0].tzinfo is not None  # UTC, as RFC 5545 asks with a TZID
            assert event["DTSTART"].params["TZID"] == TZ
            start = event.decoded("DTSTART")
            assert start.strftime("%H:%M") == block.start
            assert byday[start.weekday()] in wanted
            assert start.date() >= dt.date(2026, 8, 1)  # the plan's start


def test_a_dates_own_changes_and_alarms(folder):
    add_day_changes(folder)
    rt = runtime_of(folder)
    cal = parse(export_ics(rt.repo, rt.clock.now(), TZ))
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    shanghai = ZoneInfo(TZ)
    # The removed and the edited template blocks skip 2026-12-03 in their series.
    commute = events["cadence-ai-pm-12-months-workday-wd-commute@cadence"]
    assert dt.datetime(2026, 12, 3, 9, 0, tzinfo=shanghai) in [d.dt for d in commute["EXDATE"].dts]
    study = events["cadence-ai-pm-12-months-workday-wd-study@cadence"]
    assert dt.datetime(2026, 12, 3, 20, 30, tzinfo=shanghai) in [d.dt for d in study["EXDATE"].dts]
    # Expand the series independently (dateutil): Tuesday 2026-12-01 has its study block.
    rule = rrulestr(study["RRULE"].to_ical().decode(), dtstart=study.decoded("DTSTART"))
    day = rule.between(
        dt.datetime(2026, 12, 1, tzinfo=shanghai), dt.datetime(2026, 12, 2, tzinfo=shanghai)
    )
    assert day == [dt.datetime(2026, 12, 1, 20, 30, tzinfo=shanghai)]
    # The edited block and the added one are single events on that date.
    edited = events["cadence-day-2026-12-03-edited-wd-study@cadence"]
    assert edited.decoded("DTSTART") == dt.datetime(2026, 12, 3, 21, 0, tzinfo=shanghai)
    added = events["cadence-day-2026-12-03-added-run1@cadence"]
    assert added.decoded("DTEND") == dt.datetime(2026, 12, 3, 7, 30, tzinfo=shanghai)
    # Study and health blocks remind 5 minutes before (the setting); work does not.
    assert [str(a["TRIGGER"].to_ical(), "ascii") for a in study.walk("VALARM")] == ["-PT5M"]
    work = events["cadence-ai-pm-12-months-workday-wd-work-am@cadence"]
    assert work.walk("VALARM") == []
    # Sleep crosses midnight: it ends the next morning.
    sleep = events["cadence-ai-pm-12-months-workday-wd-sleep@cadence"]
    assert sleep.decoded("DTEND") - sleep.decoded("DTSTART") == dt.timedelta(hours=9)


def test_due_cards_are_all_day_events_with_a_reminder(folder):
    rt = runtime_of(folder)
    cal = parse(export_ics(rt.repo, rt.clock.now(), TZ))
    due = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("cadence-card-")]
    open_cards = [c for c in rt.repo.cards() if c.due and c.column != "done"]
    assert len(due) == len(open_cards) == 1
    assert due[0].decoded("DTSTART") == dt.date(2026, 12, 20)
    assert str(due[0]["SUMMARY"]).startswith("Due: ")
    assert len(due[0].walk("VALARM")) == 1


def test_a_period_limits_the_single_events(folder):
    add_day_changes(folder)
    rt = runtime_of(folder)
    cal = parse(export_ics(rt.repo, rt.clock.now(), TZ, parse_period("2026-11")))
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert not any(u.startswith(("cadence-day-", "cadence-card-")) for u in uids)
    assert any("RRULE" in e for e in cal.walk("VEVENT"))


def test_the_file_is_crlf_and_folded():
    import pendulum

    from cadence.data.plan import load_default_plan
    from cadence.export.ics import build_calendar

    plan = load_default_plan("zh")
    cal = build_calendar(
        plan,
        days=[],
        cards=[],
        plan_start=pendulum.date(2026, 8, 1),
        tz=TZ,
        now=pendulum.datetime(2026, 12, 1, 12, tz=TZ),
    )
    data = cal.to_ical()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    summaries = [str(e["SUMMARY"]) for e in parse(data).walk("VEVENT")]
    assert any("学习" in s or "睡" in s for s in summaries)  # Chinese kept across folding


# ---------------------------------------------------------------- the shell: -o, --lang, one language

ENGLISH_CHROME = ["## Figures", "| Study hours", " h |", "a week", "| Workouts", "Made with"]


def shell_export(folder: Path, *args: str, monkeypatch) -> int:
    from cadence.cli import main

    monkeypatch.setenv("CADENCE_NOW", NOW)
    monkeypatch.setenv("TZ", TZ)
    return main(["--data", str(folder), "export", "--format", "md", *args])


def saved_language(folder: Path, language: str) -> None:
    rt = runtime_of(folder)
    rt.repo.update_settings(lambda s: setattr(s, "language", language))
    rt.close()


def test_export_takes_the_short_o(folder, tmp_path, monkeypatch, capsys):
    out = tmp_path / "week.md"
    assert shell_export(folder, "-o", str(out), "--week", "2026-W48", monkeypatch=monkeypatch) == 0
    assert "wrote" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert "2026-W48" in out.read_text(encoding="utf-8")


def test_export_speaks_the_saved_language_and_never_mixes(folder, monkeypatch, capsys):
    saved_language(folder, "zh")
    assert shell_export(folder, "--week", "2026-W48", monkeypatch=monkeypatch) == 0
    text = capsys.readouterr().out
    assert "## 数据" in text and "学习时长" in text and "小时" in text
    assert [w for w in ENGLISH_CHROME if w in text] == []
    # --lang after the command wins over the saved language, and again one language only.
    set_language("en")
    assert shell_export(folder, "--week", "2026-W48", "--lang", "en", monkeypatch=monkeypatch) == 0
    text = capsys.readouterr().out
    assert "## Figures" in text and "| Study hours |" in text
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    assert cjk == []  # the plan, the report and the user's texts of this folder: all English


def test_a_week_from_the_shell_is_the_settings_week(folder, monkeypatch, capsys):
    rt = runtime_of(folder)
    rt.repo.update_settings(lambda s: setattr(s, "week_start", 6))  # weeks from Sunday
    rt.close()
    assert shell_export(folder, "--week", "2026-W49", monkeypatch=monkeypatch) == 0
    assert "*2026-11-29 – 2026-12-05*" in capsys.readouterr().out
