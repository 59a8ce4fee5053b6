"""The shell sees the plan the UI would: ``cadence plan export`` (issue 13's picture of the plan)
and ``cadence export --format ics`` on a folder the UI never opened (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from cadence.cli import main
from cadence.data.plan import parse_plan

NOW = "2026-12-07T20:45"


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setenv("CADENCE_NOW", NOW)
    return main(list(args))


def exported_plan(monkeypatch, capsys, folder: Path, lang: str) -> str:
    assert run(monkeypatch, "--data", str(folder), "--lang", lang, "plan", "export") == 0
    return capsys.readouterr().out


WORDS = {
    "en": {
        "skills": ("LLM principles", "RAG & vector databases", "Prioritisation (RICE / ICE)"),
        "freelance": "Freelancing / consulting (optional)",
        "workout": "Cardio + strength training",
    },
    "zh": {
        "skills": ("LLM 原理", "RAG & 向量数据库", "需求优先级（RICE/ICE）"),
        "freelance": "小额 freelancing / 咨询（可选）",
        "workout": "有氧+力量训练",
    },
}
LECTURES = [f"kz-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 9, 10)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_export_shows_the_whole_seed(tmp_path, monkeypatch, capsys, lang) -> None:
    text = exported_plan(monkeypatch, capsys, tmp_path / "d", lang)
    plan = parse_plan(text, source="export")
    assert plan.language == lang
    words = WORDS[lang]
    # The skills map, both tracks, with statuses.
    assert text.count("[[skills]]") == 16
    for title in words["skills"]:
        assert f'title = "{title}"' in text
    assert {s.track for s in plan.skills} == {"tech", "product"}
    # Freelancing: the optional weekend block and the plan's section.
    assert "[freelance]" in text and 'block = "ws-freelance"' in text
    assert words["freelance"] in text
    # Three workouts a week: one health block on each of three days.
    days = [d for t in plan.templates for b in t.blocks if b.kind == "health" for d in t.weekdays]
    assert sorted(days) == [2, 5, 6]
    assert text.count(f'title = "{words["workout"]}"') == 3
    # The publishing block as output, every day.
    assert text.count('kind = "publish"') == len(plan.templates)
    publish_days = sorted(
        d for t in plan.templates for b in t.blocks if b.kind == "publish" for d in t.weekdays
    )
    assert publish_days == list(range(7))
    # Zero to Hero's lectures, and no other talk among them.
    course = next(m for m in plan.must_dos if m.kind == "course")
    assert [i.id for i in course.items] == LECTURES
    assert not any("State of GPT" in i.text or "Intro to Large" in i.text for i in course.items)
    talks = {r.title for r in plan.resources if r.kind == "video"}
    assert {"State of GPT", "Intro to Large Language Models"} <= talks
    # Impact and the job move, the weekend's 6–10 hours.
    assert "first_month = 9" in text and "last_month = 12" in text
    assert "[weekend]" in text and "min_hours = 6" in text and "max_hours = 10" in text


def test_plan_export_in_the_language_asked_for(tmp_path, monkeypatch, capsys) -> None:
    folder = tmp_path / "d"
    english = exported_plan(monkeypatch, capsys, folder, "en")
    chinese = exported_plan(monkeypatch, capsys, folder, "zh")  # same folder, made in English
    assert 'language = "en"' in english and 'language = "zh"' in chinese
    assert 'name = "12 个月成为 AI 产品经理"' in chinese
    assert "Become an AI PM" not in chinese


def test_ics_export_of_a_never_opened_folder_has_the_plans_events(
    tmp_path, monkeypatch, capsys
) -> None:
    folder, out = tmp_path / "never-opened", tmp_path / "plan.ics"
    args = ("--data", str(folder), "--lang", "en", "export", "--format", "ics", "--out", str(out))
    assert run(monkeypatch, *args) == 0
    calendar = Calendar.from_ical(out.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    summaries = {str(e.get("summary")) for e in events}
    assert "Targeted study or project iteration" in summaries
    assert "Cardio + strength training" in summaries
    assert "Learn in public: post today's study notes on Xiaohongshu" in summaries
    assert len(events) >= 40  # every template block recurs weekly
    assert str(events[0].get("dtstart").dt.date()) >= "2026-12-07"  # month 0 starts today
    assert not list(folder.glob("*.json"))  # a read-only export writes nothing
