"""What the Roadmap looks like at 80x24 (and 100x30), English and Chinese.

The plan started on 2026-09-01 and the fake clock says 2026-12-01 20:45: month 3.
"""

from __future__ import annotations

import dataclasses

from textual.widgets import Input

START = "2026-09-01"
NOW = "2026-12-01T20:45"


def app_at(make_app, lang: str = "en"):
    app = make_app(now=NOW, lang=lang)
    settings = dataclasses.replace(app.repo.settings(), plan_start=START)
    app.repo.save_settings(settings)
    app.settings = settings
    return app


def test_roadmap_en_80x24(snap_compare, make_app):
    assert snap_compare(app_at(make_app, "en"), terminal_size=(80, 24), press=["2"])


def test_roadmap_zh_80x24(snap_compare, make_app):
    assert snap_compare(app_at(make_app, "zh"), terminal_size=(80, 24), press=["2"])


def test_roadmap_goals_en_100x30(snap_compare, make_app):
    assert snap_compare(
        app_at(make_app, "en"), terminal_size=(100, 30), press=["2", "up", "up", "right"]
    )


def test_course_checklist_zh_80x24(snap_compare, make_app):
    assert snap_compare(app_at(make_app, "zh"), terminal_size=(80, 24), press=["2", "k"])


def test_ship_checklist_en_80x24(snap_compare, make_app):
    assert snap_compare(app_at(make_app, "en"), terminal_size=(80, 24), press=["2", "p"])


def test_resources_en_80x24(snap_compare, make_app):
    assert snap_compare(app_at(make_app, "en"), terminal_size=(80, 24), press=["2", "r"])


def test_resources_zh_80x24(snap_compare, make_app):
    assert snap_compare(app_at(make_app, "zh"), terminal_size=(80, 24), press=["2", "r"])


async def _plan_start_preview(pilot) -> None:
    await pilot.press("2", "S")
    await pilot.pause()
    field = pilot.app.screen.query_one(Input)
    field.cursor_blink = False
    field.value = "2026-10-15"
    await pilot.pause()


def test_plan_start_preview_en_80x24(snap_compare, make_app):
    assert snap_compare(
        app_at(make_app, "en"), terminal_size=(80, 24), run_before=_plan_start_preview
    )


def test_plan_start_preview_zh_80x24(snap_compare, make_app):
    assert snap_compare(
        app_at(make_app, "zh"), terminal_size=(80, 24), run_before=_plan_start_preview
    )


def skills_app(make_app, lang: str):
    """Month 3, a few skills under way and focus time on two of them."""
    from cadence.data.models import FocusSession

    app = app_at(make_app, lang)
    for skill_id, status in [
        ("sk-llm-principles", "can_explain"),
        ("sk-prompt-chain", "applied"),
        ("sk-rag-vector-db", "learning"),
        ("sk-prd-writing", "learning"),
    ]:
        app.repo.set_skill_status(skill_id, status, "2026-11-20")
    for link, label, seconds in [
        ("lecture:kz-1", "micrograd", 5400),
        (None, "RAG: Milvus vs Pinecone", 2700),
        (None, "PRD for the agent", 1500),
    ]:
        app.repo.add_session(
            FocusSession(
                start="2026-11-28T20:30:00+08:00",
                end="2026-11-28T22:00:00+08:00",
                planned_s=seconds,
                focused_s=seconds,
                label=label,
                link=link,
            )
        )
    return app


def test_skills_en_80x24(snap_compare, make_app):
    assert snap_compare(skills_app(make_app, "en"), terminal_size=(80, 24), press=["2", "s"])


def test_skills_zh_80x24(snap_compare, make_app):
    assert snap_compare(skills_app(make_app, "zh"), terminal_size=(80, 24), press=["2", "s"])
