"""A data folder's plan as it is opened: upgraded from an older edition, switched to the
app's language, or shown (seeded, upgraded, translated) without writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cadence.clock import FakeClock
from cadence.data.models import DayRecord, FocusSession, RoadmapGoal, Settings
from cadence.data.plan import PLAN_VERSION, shipped_plan
from cadence.data.repository import Repository
from cadence.data.seed import PlanPreview
from cadence.data.store import Store
from cadence.runtime import open_runtime

TZ = "Asia/Shanghai"
NOW = "2026-12-07T20:45"  # a Monday
WEDNESDAY, FRIDAY = "2026-12-02", "2026-12-04"


def store(root: Path) -> Store:
    return Store(root, today=lambda: "2026-12-07", stamp=lambda: "20261207T204500")


def old_folder(root: Path, language: str = "en") -> Repository:
    """A folder seeded with edition 1, a week of use: ticks, edits, sessions."""
    repo = Repository(store(root))
    plan = shipped_plan(language, 1)
    assert plan is not None
    plan.goals[0].done = True
    plan.goals[0].done_on = "2026-12-03"
    plan.goals[1].text = "My own words"
    plan.goals.append(RoadmapGoal(month=1, track="output", text="Blog", id="mine"))
    course = next(m for m in plan.must_dos if m.id == "must-karpathy")
    course.items[0].done = True
    repo.install_plan(plan)
    repo.save_settings(
        Settings(language=language, plan_id=plan.id, plan_start="2026-11-01", timezone=TZ)
    )
    repo.save_day(DayRecord(date=FRIDAY, states={"se-social": "done", "se-wind-down": "skipped"}))
    repo.save_day(
        DayRecord(
            date=WEDNESDAY,
            states={"se-social": "done"},
            edited={"se-rest": {"start": "20:00", "end": "20:20", "title": "Nap", "kind": "rest"}},
        )
    )
    for day, link in ((FRIDAY, "block:se-social"), (WEDNESDAY, "block:se-social")):
        repo.save_session(
            FocusSession(
                start=f"{day}T20:30:00+08:00",
                end=f"{day}T20:55:00+08:00",
                planned_s=1500,
                focused_s=1500,
                label="Meetup notes",
                link=link,
                id=f"s-{day}",
            )
        )
    return repo


def on_disk(root: Path, name: str) -> dict:
    return json.loads((root / f"{name}.json").read_bytes())


def runtime(root: Path, *, lang: str = "en", interactive: bool = True, read_only: bool = False):
    return open_runtime(
        root,
        language=lang,
        interactive=interactive,
        clock=FakeClock(NOW, tz=TZ),
        read_only=read_only,
    )


# ---------------------------------------------------------------- the upgrade


def test_an_old_folder_is_upgraded_in_one_transaction(tmp_path: Path) -> None:
    repo = old_folder(tmp_path)
    written: list[set[str]] = []
    repo.store.add_listener(written.append)
    result = repo.upgrade_plan()
    assert result is not None and result.from_version == 1
    assert written == [{"plan", "days-2026", "focus-2026"}]  # all together

    fresh = Repository(store(tmp_path))
    plan = fresh.plan()
    assert plan.version == PLAN_VERSION
    assert plan.goals[0].done and plan.goals[0].done_on == "2026-12-03"
    assert plan.goals[1].text == "My own words"
    assert any(g.id == "mine" for g in plan.goals)
    course = next(m for m in plan.must_dos if m.id == "must-karpathy")
    assert [i.id for i in course.items if i.done] == ["kz-1"]
    assert len(plan.skills) == 16 and plan.freelance is not None
    # Friday's ticks follow its renamed blocks; Wednesday's stay on social-evening's.
    assert fresh.day(FRIDAY).states == {"fe-social": "done", "fe-wind-down": "skipped"}
    wednesday = fresh.day(WEDNESDAY)
    assert wednesday.states == {"se-social": "done"}
    assert set(wednesday.edited) == {"se-rest"}
    links = {s.id: s.link for s in fresh.sessions("2026-12-01", "2026-12-07")}
    assert links == {f"s-{FRIDAY}": "block:fe-social", f"s-{WEDNESDAY}": "block:se-social"}
    assert fresh.upgrade_plan() is None  # done once


def test_opening_an_old_folder_upgrades_it_and_says_so(tmp_path: Path) -> None:
    old_folder(tmp_path)
    rt = runtime(tmp_path)
    try:
        assert rt.repo.plan().version == PLAN_VERSION
        assert any("upgraded to edition 2" in m for m in rt.messages)
        assert on_disk(tmp_path, "days-2026")["days"]
        states = [d["states"] for d in on_disk(tmp_path, "days-2026")["days"].values()]
        assert {"fe-social": "done", "fe-wind-down": "skipped"} in states
    finally:
        rt.close()


def test_a_read_only_open_shows_the_upgrade_and_writes_nothing(tmp_path: Path) -> None:
    old_folder(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.json")}
    rt = runtime(tmp_path, read_only=True)
    try:
        plan = rt.repo.plan()
        assert plan.version == PLAN_VERSION and len(plan.skills) == 16
        assert plan.goals[1].text == "My own words"
    finally:
        rt.close()
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.json")} == before


# ---------------------------------------------------------------- one language


def current_folder(root: Path, language: str = "en") -> Repository:
    rt = runtime(root, lang=language)
    rt.close()
    return Repository(store(root))


def test_switching_language_is_one_transaction_and_keeps_edits(tmp_path: Path) -> None:
    repo = current_folder(tmp_path)
    repo.update_skill("sk-rag-vector-db", lambda s: setattr(s, "status", "learning"))
    repo.save_goal(
        RoadmapGoal(month=1, track="tech", text="LLM basics + nanoGPT", id="g-m1-tech-llm")
    )
    written: list[set[str]] = []
    repo.store.add_listener(written.append)
    assert repo.switch_plan_language("zh", save_setting=True) is True
    assert written == [{"plan", "settings"}]

    fresh = Repository(store(tmp_path))
    plan = fresh.plan()
    assert plan.language == "zh" and plan.name == "12 个月成为 AI 产品经理"
    goals = {g.id: g.text for g in plan.goals}
    assert goals["g-m1-tech-llm"] == "LLM basics + nanoGPT"  # typed by the user: kept
    assert goals["g-m2-tech-vector-db"] == "向量数据库"
    skill = next(s for s in plan.skills if s.id == "sk-rag-vector-db")
    assert (skill.title, skill.status) == ("RAG & 向量数据库", "learning")
    assert fresh.settings().language == "zh"
    assert fresh.switch_plan_language("zh") is False  # already
    assert written == [{"plan", "settings"}]  # and nothing written for it


def test_a_folder_made_in_english_opened_in_chinese(tmp_path: Path) -> None:
    current_folder(tmp_path, "en")
    rt = runtime(tmp_path, lang="zh")
    try:
        plan = rt.repo.plan()
        assert plan.language == "zh"
        assert plan.phases[0].title == "准备"
        assert {b.title for t in plan.templates for b in t.blocks} >= {"针对性学习或项目迭代"}
    finally:
        rt.close()
    stored = Repository(store(tmp_path)).plan()
    assert stored.language == "zh"  # the UI's open switched the stored plan


@pytest.mark.parametrize("read_only", [False, True])
def test_a_shell_command_in_another_language_shows_it_without_writing(
    tmp_path: Path, read_only: bool
) -> None:
    current_folder(tmp_path, "en")
    before = (tmp_path / "plan.json").read_bytes()
    rt = runtime(tmp_path, lang="zh", interactive=False, read_only=read_only)
    try:
        assert isinstance(rt.repo, PlanPreview)
        assert rt.repo.plan().language == "zh"
        assert rt.repo.plan().phases[0].title == "准备"
    finally:
        rt.close()
    assert (tmp_path / "plan.json").read_bytes() == before  # a running UI keeps its English


# ---------------------------------------------------------------- a folder never opened


def test_a_never_opened_folder_shows_the_seeded_plan_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    rt = runtime(folder, lang="zh", interactive=False, read_only=True)
    try:
        plan = rt.repo.plan()
        assert plan == shipped_plan("zh")
        settings = rt.repo.settings()
        assert (settings.plan_start, settings.language, settings.timezone) == (
            "2026-12-07",
            "zh",
            TZ,
        )
    finally:
        rt.close()
    assert not list(folder.glob("*.json"))  # nothing written


def test_the_preview_follows_changes_on_disk(tmp_path: Path) -> None:
    preview = PlanPreview(store(tmp_path), language="en", today="2026-12-07", timezone=TZ)
    assert preview.plan().name == "Become an AI PM in 12 months"
    writer = Repository(store(tmp_path))
    mine = shipped_plan("en")
    assert mine is not None
    mine.name = "My year"
    writer.install_plan(mine)
    assert preview.plan().name == "My year"
