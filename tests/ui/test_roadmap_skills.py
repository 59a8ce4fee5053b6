"""The skills map, reached from the Roadmap with s: status one key a step, time from focus
labels and links, grouped by track; a month's skills beside its goals."""

from __future__ import annotations

import dataclasses

from textual.widgets import OptionList, TextArea
from tinydb import Query

from cadence.data.models import FocusSession, Skill
from cadence.domain.skills import next_status, session_matches, skill_link
from cadence.screens.roadmap.dialogs import GoalDetail
from cadence.screens.roadmap.screen import RoadmapScreen
from cadence.screens.roadmap.skills import SkillNotesForm, SkillsScreen
from tests.helpers import screen_text, settle, toast_messages
from tests.ui.test_roadmap import option_ids, option_text, send_at_once

START = "2026-09-01"
NOW = "2026-12-01T20:45"  # month 3 of the plan


def roadmap_app(make_app, *, lang="en", data=None):
    app = make_app(now=NOW, lang=lang, data=data)
    settings = dataclasses.replace(app.repo.settings(), plan_start=START)
    app.repo.save_settings(settings)
    app.settings = settings
    return app


def log(app, label: str = "", link: str | None = None, seconds: int = 1800) -> None:
    start = "2026-11-30T20:30:00+08:00"
    app.repo.add_session(
        FocusSession(
            start=start,
            end="2026-11-30T21:30:00+08:00",
            planned_s=seconds,
            focused_s=seconds,
            label=label,
            link=link,
        )
    )


async def open_skills(pilot) -> SkillsScreen:
    await pilot.press("2")
    await pilot.pause()
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SkillsScreen)
    return screen


def stored_skill(app, skill_id: str) -> Skill:
    return next(s for s in app.repo.plan().skills if s.id == skill_id)


def select(screen: SkillsScreen, skill_id: str) -> None:
    widget = screen.query_one(OptionList)
    widget.highlighted = widget.get_option_index(skill_id)


# ---------------------------------------------------------------- the rules it relies on


def test_a_focus_started_on_a_skill_counts_for_it_alone():
    llm = Skill(id="sk-llm", track="tech", title="LLM principles")
    other = Skill(id="sk-rag", track="tech", title="RAG")
    on_it = FocusSession(
        start="2026-11-30T20:30:00+08:00",
        end="2026-11-30T21:00:00+08:00",
        planned_s=1800,
        focused_s=1800,
        link=skill_link("sk-llm"),
    )
    assert session_matches(llm, on_it) and not session_matches(other, on_it)


def test_a_step_back_from_not_started_wraps_to_applied():
    assert next_status("learning", -1) == "not_started"
    assert next_status("not_started", -1) == "applied"
    assert next_status("can_explain", 2) == "not_started"


# ---------------------------------------------------------------- the panel


async def test_skills_grouped_by_track_with_time_from_labels_and_links(make_app):
    app = roadmap_app(make_app)
    log(app, label="Pinecone vs Milvus notes", seconds=2700)  # RAG & vector DBs: 45m
    log(app, link="lecture:kz-2", seconds=3600)  # LLM principles: 1h
    log(app, label="RICE scoring of the backlog", seconds=1200)  # Prioritisation: 20m
    log(app, label="price of the API", seconds=600)  # Pricing; "ICE" inside a word: not RICE/ICE
    log(app, label="RAG agent demo", seconds=900)  # RAG and agents: 15m each, 15m for the track
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_skills(pilot)
        widget = screen.query_one(OptionList)
        ids = option_ids(widget)
        plan = app.repo.plan()
        tech = [s.id for s in plan.skills if s.track == "tech"]
        product = [s.id for s in plan.skills if s.track == "product"]
        assert len(tech) == 8 and len(product) == 8
        assert ids == ["track-tech", *tech, "track-product", *product]
        assert widget.get_option("track-tech").disabled
        assert "1h00" in option_text(widget, "sk-rag-vector-db")
        assert "15m" in option_text(widget, "sk-agents")
        assert "1h00" in option_text(widget, "sk-llm-principles")
        assert "20m" in option_text(widget, "sk-prioritisation")
        assert "Not started" in option_text(widget, "sk-prioritisation")
        assert "10m" in option_text(widget, "sk-pricing")
        # Each track's time on its header, a session once: 45m + 1h + 15m tech, 20m + 10m product.
        assert "2h00" in option_text(widget, "track-tech")
        assert "30m" in option_text(widget, "track-product")
        # The months whose goals touch a skill.
        assert "M2 M7" in option_text(widget, "sk-rag-vector-db")
        assert "16 skills: 0 applied, 0 can explain, 0 learning, 16 not started" in screen_text(app)


async def test_one_key_steps_the_status_and_it_is_stored(make_app, make_runtime, tmp_path):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_skills(pilot)
        select(screen, "sk-prd-writing")
        await pilot.press("space")
        await settle(pilot)
        skill = stored_skill(app, "sk-prd-writing")
        assert skill.status == "learning" and skill.updated == "2026-12-01"
        assert "Learning" in option_text(screen.query_one(OptionList), "sk-prd-writing")
        await pilot.press("space", "space")
        await settle(pilot)
        assert stored_skill(app, "sk-prd-writing").status == "applied"
        assert "1 applied" in screen_text(app)
        await pilot.press("backspace")
        await settle(pilot)
        assert stored_skill(app, "sk-prd-writing").status == "can_explain"
        # The cursor stayed on the skill while it was redrawn.
        assert screen.selected_id == "sk-prd-writing"
    app.runtime.close()
    again = make_runtime(now=NOW, data=tmp_path / "data")
    assert next(s for s in again.repo.skills() if s.id == "sk-prd-writing").status == "can_explain"


async def test_a_burst_of_steps_lands_every_step_once(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_skills(pilot)
        select(screen, "sk-gtm")
        send_at_once(app, ["space"] * 7)  # one burst: 7 steps = 3 after a lap
        await settle(pilot)
        assert stored_skill(app, "sk-gtm").status == "applied"
        assert "Applied" in option_text(screen.query_one(OptionList), "sk-gtm")


async def test_notes_are_merged_onto_the_skill_as_stored(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_skills(pilot)
        select(screen, "sk-pricing")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SkillNotesForm)
        assert "^s" in screen_text(app) and "esc" in screen_text(app)
        # Meanwhile another writer steps the status: the notes must not undo it.
        app.repo.set_skill_status("sk-pricing", "learning", "2026-12-01")
        form.query_one(TextArea).text = "Usage-based vs seats: wrote a one-pager"
        await pilot.press("ctrl+s")
        await settle(pilot)
        skill = stored_skill(app, "sk-pricing")
        assert skill.notes == "Usage-based vs seats: wrote a one-pager"
        assert skill.status == "learning"
        assert app.screen is screen
        assert "Usage-based vs seats" in screen_text(app)  # in the detail line


async def test_focus_on_a_skill_hands_it_to_focus_with_its_link(make_app):
    app = roadmap_app(make_app)
    asked: list[tuple[str, str | None]] = []
    app.start_focus = lambda label, link=None: asked.append((label, link))  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_skills(pilot)
        select(screen, "sk-agents")
        await pilot.press("f")
        await pilot.pause()
        assert asked == [("Agent architecture", "skill:sk-agents")]
        assert isinstance(app.screen, RoadmapScreen)


async def test_chinese_skills_panel(make_app):
    app = roadmap_app(make_app, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_skills(pilot)
        text = screen_text(app)
        assert "技术" in text and "产品" in text
        assert "未开始" in text and "共 16 项技能" in text
        assert "下一阶段" in text  # the footer: space steps the status


# ---------------------------------------------------------------- on the Roadmap


async def test_a_months_skills_show_with_its_goals(make_app):
    app = roadmap_app(make_app)
    app.repo.set_skill_status("sk-llm-principles", "can_explain", "2026-11-20")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        text = screen_text(app)
        # Month 3's goals: fine-tuning (LLM principles) and KPIs (data-driven product work).
        lines = [line.strip() for line in text.splitlines()]
        assert any(line.endswith("Skills: ▰▰▱ LLM principles") for line in lines)  # 2 steps of 3
        assert "▱▱▱ Data-driven product work (AARRR / North Star metric)" in text
        await pilot.press("right")
        screen = app.screen
        goals = screen.query_one("#goals", OptionList)
        goals.highlighted = goals.get_option_index("g-m3-tech-fine-tuning")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalDetail)
        assert "Skills: LLM principles (Can explain)" in screen_text(app)


async def test_skills_are_drawn_in_ascii_when_asked(make_app):
    app = roadmap_app(make_app)
    settings = dataclasses.replace(app.settings, ascii_icons=True)
    app.repo.save_settings(settings)
    app.settings = settings
    app.repo.set_skill_status("sk-llm-principles", "learning", "2026-11-20")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert "Skills: #-- LLM principles" in screen_text(app)


async def test_a_skill_deleted_elsewhere_is_not_written_back(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_skills(pilot)
        select(screen, "sk-roadmap")
        await pilot.press("e")
        await pilot.pause()
        # Another process removes the skill from the plan while the notes are open.
        with app.store.transaction("plan") as txn:
            txn.db("plan").table("skills").remove(Query().id == "sk-roadmap")
        app.screen.query_one(TextArea).text = "Now-next-later"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert all(s.id != "sk-roadmap" for s in app.repo.plan().skills)
        assert any("deleted elsewhere" in m for m in toast_messages(app))
