"""Carrying a user's plan over: the three-way merge, the edition-1 → 2 upgrade, another language."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.data.models import ChecklistItem, Plan, RoadmapGoal, TimeBlock
from cadence.data.plan import (
    PLAN_VERSION,
    merge_plan,
    parse_plan,
    plan_from_dict,
    shipped_plan,
    translate_plan,
    upgrade_plan,
)
from cadence.data.plan.merge import merge_records

LANGUAGES = ("en", "zh")


def v1(language: str = "en") -> Plan:
    plan = shipped_plan(language, 1)
    assert plan is not None and plan.version == 1
    return plan


def current(language: str = "en") -> Plan:
    plan = shipped_plan(language)
    assert plan is not None and plan.version == PLAN_VERSION
    return plan


def find_block(plan: Plan, block_id: str) -> TimeBlock:
    (found,) = [b for t in plan.templates for b in t.blocks if b.id == block_id]
    return found


def goal(plan: Plan, goal_id: str) -> RoadmapGoal:
    return next(g for g in plan.goals if g.id == goal_id)


def lecture(plan: Plan, item_id: str) -> ChecklistItem:
    course = next(m for m in plan.must_dos if m.id == "must-karpathy")
    return next(i for i in course.items if i.id == item_id)


# ---------------------------------------------------------------- the merge


def test_merge_takes_the_target_where_the_user_kept_the_shipped_value() -> None:
    base = {"id": "p", "a": 1, "b": "old", "items": [{"id": "x", "t": "one", "done": False}]}
    target = {"id": "p", "a": 2, "b": "new", "items": [{"id": "x", "t": "uno", "done": False}]}
    stored = copy.deepcopy(base)
    stored["b"] = "mine"
    stored["items"][0]["done"] = True
    assert merge_plan(stored, base, target) == {
        "id": "p",
        "a": 2,
        "b": "mine",
        "items": [{"id": "x", "t": "uno", "done": True}],
    }


def test_merge_records_deleted_added_and_dropped() -> None:
    base = [
        {"id": "a", "t": "A"},
        {"id": "b", "t": "B"},
        {"id": "c", "t": "C"},
        {"id": "d", "t": "D"},
    ]
    target = [{"id": "a", "t": "A2"}, {"id": "b", "t": "B2"}, {"id": "n", "t": "N"}]
    stored = [
        {"id": "a", "t": "A"},  # kept as shipped: follows the target
        {"id": "mine", "t": "my own"},  # the user's: stays where it was
        {"id": "c", "t": "C"},  # dropped by the target, untouched: goes
        {"id": "d", "t": "D edited"},  # dropped by the target, but changed: stays
    ]  # "b" was deleted by the user: stays deleted
    assert merge_records(stored, base, target) == [
        {"id": "a", "t": "A2"},
        {"id": "mine", "t": "my own"},
        {"id": "d", "t": "D edited"},
        {"id": "n", "t": "N"},
    ]


def test_merge_matches_records_without_ids_by_position() -> None:
    base = [{"name": "Hours", "id": ""}, {"name": "Rate", "id": ""}]
    target = [{"name": "Hours saved", "id": "hours"}, {"name": "Rate", "id": "rate"}]
    stored = [{"name": "Hours", "id": "", "current": 5}, {"name": "My rate", "id": ""}]
    got = merge_records(
        [{**s, "current": s.get("current")} for s in stored],
        [{**b, "current": None} for b in base],
        [{**t, "current": None} for t in target],
    )
    assert got == [
        {"name": "Hours saved", "id": "hours", "current": 5},
        {"name": "My rate", "id": "rate", "current": None},
    ]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_merge_with_nothing_changed_is_the_target(data: st.DataObject) -> None:
    words = st.text(max_size=6)
    base = data.draw(
        st.lists(st.tuples(st.sampled_from("abcdef"), words), unique_by=lambda x: x[0])
    )
    target = data.draw(
        st.lists(st.tuples(st.sampled_from("abcdef"), words), unique_by=lambda x: x[0])
    )
    as_records = [{"id": i, "t": t} for i, t in base]
    to = [{"id": i, "t": t} for i, t in target]
    # A user who changed nothing ends with exactly the target; one who changed everything
    # keeps every record they still had.
    assert merge_records(copy.deepcopy(as_records), as_records, to) == to
    mine = [{"id": i, "t": t + "!"} for i, t in base]
    kept = merge_records(mine, as_records, to)
    assert {r["id"] for r in mine} <= {r["id"] for r in kept}
    assert all(r in kept for r in mine)


# ---------------------------------------------------------------- edition 1 → 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_untouched_edition_1_plan_becomes_edition_2(language: str) -> None:
    result = upgrade_plan(v1(language))
    assert result is not None
    assert result.plan == current(language)
    # Friday left the social evening: its blocks are renamed in the day records.
    renames = result.renames[4]
    assert renames["se-social"] == "fe-social" and renames["se-wind-down"] == "fe-wind-down"
    assert set(result.renames) == {4}
    assert upgrade_plan(result.plan) is None  # nothing more to do


def test_upgrade_keeps_ticks_notes_and_edits() -> None:
    old = v1("en")
    goal(old, "g-m1-tech-llm").done = True
    goal(old, "g-m1-tech-llm").done_on = "2026-12-20"
    goal(old, "g-m2-product-prd").text = "Write the PRD of my own agent"
    goal(old, "g-m2-product-prd").notes = "ask Lee for a template"
    old.goals = [g for g in old.goals if g.id != "g-m8-tech-multimodal"]  # deleted
    old.goals.append(RoadmapGoal(month=3, track="output", text="Blog post", id="mine-1"))
    lecture(old, "kz-3").done = True
    lecture(old, "kz-8").done = True  # State of GPT, watched as "lecture 8"
    find_block(old, "wd-wind-down").title = "Post on Xiaohongshu and LinkedIn"
    find_block(old, "se-social").title = "Toastmasters"  # Wednesday and Friday, edition 1
    old.resources[0].status = "in_progress"
    old.capstones[0].measures[0].current = 12.5

    new = upgrade_plan(old)
    assert new is not None
    plan = new.plan
    assert plan.version == PLAN_VERSION
    llm = goal(plan, "g-m1-tech-llm")
    assert (llm.done, llm.done_on) == (True, "2026-12-20")
    prd = goal(plan, "g-m2-product-prd")
    assert (prd.text, prd.notes) == ("Write the PRD of my own agent", "ask Lee for a template")
    assert "g-m8-tech-multimodal" not in {g.id for g in plan.goals}
    assert goal(plan, "mine-1").text == "Blog post"
    # The lecture list is edition 2's, with the tick kept; the talk became a watched resource.
    course = next(m for m in plan.must_dos if m.id == "must-karpathy")
    assert [i.id for i in course.items] == [f"kz-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 9, 10)]
    assert [i.id for i in course.items if i.done] == ["kz-3"]
    talk = next(r for r in plan.resources if r.id == "res-state-of-gpt")
    assert talk.status == "done"
    # An edited title stays as typed; the kind follows the new edition.
    wind = find_block(plan, "wd-wind-down")
    assert (wind.title, wind.kind) == ("Post on Xiaohongshu and LinkedIn", "publish")
    # The edit of the old Wednesday/Friday block is on both days now.
    assert find_block(plan, "se-social").title == "Toastmasters"
    assert find_block(plan, "fe-social").title == "Toastmasters"
    assert find_block(plan, "se-social").start == "21:00"  # moved for the workout
    assert find_block(plan, "se-workout").kind == "health"
    assert plan.resources[0].status == "in_progress"
    assert plan.capstones[0].measures[0].current == 12.5
    assert plan.capstones[0].measures[0].id == "hours-saved"
    # The new parts are there, in the plan's language.
    assert [s.id for s in plan.skills] == [s.id for s in current("en").skills]
    assert plan.freelance == current("en").freelance
    assert plan.weekend == current("en").weekend
    assert plan_from_dict(plan.to_dict()) == plan  # a valid plan


def test_a_user_who_made_their_own_wednesday_keeps_it() -> None:
    old = v1("zh")
    social = next(t for t in old.templates if t.id == "social-evening")
    social.weekdays = [4]  # the networking evening is Friday only now
    find_block(old, "se-social").title = "读书会"
    old.templates.append(
        type(social)(
            id="my-wednesday",
            name="我的周三",
            weekdays=[2],
            blocks=[TimeBlock("19:00", "21:00", "羽毛球", "health", id="my-badminton")],
        )
    )
    result = upgrade_plan(old)
    assert result is not None
    plan = result.plan
    by_day = {d: t.id for t in plan.templates for d in t.weekdays}
    assert (by_day[2], by_day[4]) == ("my-wednesday", "friday-evening")
    assert find_block(plan, "my-badminton").title == "羽毛球"
    assert find_block(plan, "fe-social").title == "读书会"  # Friday keeps the user's evening
    assert result.renames[4]["se-social"] == "fe-social"


def test_upgrade_keeps_the_users_templates_when_the_new_ones_clash() -> None:
    old = v1("en")
    # A block of the user's already carries an id the new edition uses for another block.
    workday = old.templates[0]
    workday.blocks.append(TimeBlock("07:00", "07:30", "Run", "health", id="se-workout"))
    result = upgrade_plan(old)
    assert result is not None
    plan = result.plan
    assert plan.templates == old.templates  # kept as they were
    assert result.renames == {}  # so no day record must change
    assert len(plan.skills) == len(current("en").skills)  # the rest was upgraded
    assert plan.freelance is not None and plan.freelance.block == ""  # its block is not there
    assert plan.weekend is not None and plan.weekend.study_template == "weekend-study"
    assert plan_from_dict(plan.to_dict()) == plan


def test_only_the_default_plan_is_upgraded() -> None:
    mine = parse_plan(
        'id = "mine"\nname = "Mine"\nlanguage = "en"\n\n[[templates]]\nid = "all"\nname = "All"\n'
        "weekdays = [0, 1, 2, 3, 4, 5, 6]\n"
    )
    assert upgrade_plan(mine) is None
    assert translate_plan(mine, "zh") is None


# ---------------------------------------------------------------- another language


@pytest.mark.parametrize(("source", "target"), [("en", "zh"), ("zh", "en")])
def test_an_untouched_plan_switches_language_whole(source: str, target: str) -> None:
    assert translate_plan(current(source), target) == current(target)
    assert translate_plan(current(source), source) is None
    assert translate_plan(current(source), "zh-CN" if source == "en" else "en_US") is not None


def test_switching_keeps_what_the_user_typed_and_ticked() -> None:
    plan = current("en")
    goal(plan, "g-m1-tech-llm").done = True
    goal(plan, "g-m1-tech-llm").notes = "nanoGPT notes in Notion"
    goal(plan, "g-m2-product-prd").text = "Write the PRD of my own agent"
    find_block(plan, "wd-study").start = "21:00"
    plan.skills[0].status = "learning"
    plan.goals.append(RoadmapGoal(month=4, track="tech", text="Evaluate Qwen", id="mine-2"))

    zh = translate_plan(plan, "zh")
    assert zh is not None and zh.language == "zh"
    assert zh.name == current("zh").name
    assert goal(zh, "g-m1-tech-llm").text == "LLM 基础"
    assert (goal(zh, "g-m1-tech-llm").done, goal(zh, "g-m1-tech-llm").notes) == (
        True,
        "nanoGPT notes in Notion",
    )
    assert goal(zh, "g-m2-product-prd").text == "Write the PRD of my own agent"  # as typed
    study = find_block(zh, "wd-study")
    assert (study.title, study.start) == ("针对性学习或项目迭代", "21:00")
    assert zh.skills[0].title == "LLM 原理" and zh.skills[0].status == "learning"
    assert goal(zh, "mine-2").text == "Evaluate Qwen"
    assert zh.templates[0].name == "工作日"
    # And back: exactly what the user had.
    assert translate_plan(zh, "en") == plan


def test_an_older_edition_is_upgraded_before_it_can_switch() -> None:
    assert translate_plan(v1("en"), "zh") is None
