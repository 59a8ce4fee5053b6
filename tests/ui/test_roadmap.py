"""The Roadmap screen: months and phases with dates, goals, progress, plan start, must-dos."""

from __future__ import annotations

import dataclasses

from textual import events
from textual.widgets import DataTable, Input, OptionList, TextArea

from cadence.data.models import Deliverable, FocusSession
from cadence.domain.roadmap import goals_of_month, tally
from cadence.screens.confirm import ConfirmDelete
from cadence.screens.roadmap.dialogs import (
    GoalDetail,
    GoalForm,
    MonthPicker,
    PlanStartDialog,
)
from cadence.screens.roadmap.must_do import ChecklistItemForm, ChecklistScreen
from cadence.screens.roadmap.screen import RoadmapScreen
from cadence.widgets.form import FormDialog
from tests.helpers import screen_text, settle, toast_messages

START = "2026-09-01"
NOW = "2026-12-01T20:45"  # three months after START: month 3


def roadmap_app(make_app, *, lang="en", start=START, now=NOW, data=None):
    """An app whose plan started on ``start`` (a fresh folder starts on the first run's date)."""
    app = make_app(now=now, lang=lang, data=data)
    settings = dataclasses.replace(app.repo.settings(), plan_start=start)
    app.repo.save_settings(settings)
    app.settings = settings
    return app


async def open_roadmap(pilot) -> RoadmapScreen:
    await pilot.press("2")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RoadmapScreen)
    return screen


def option_ids(widget: OptionList) -> list[str]:
    return [widget.get_option_at_index(i).id or "" for i in range(widget.option_count)]


def option_text(widget: OptionList, option_id: str) -> str:
    prompt = widget.get_option(option_id).prompt
    return getattr(prompt, "plain", str(prompt))


async def test_three_months_after_the_start_is_month_3_of_months_1_3(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        assert screen.current_month == 3
        months = screen.query_one("#months", OptionList)
        assert months.get_option_at_index(months.highlighted).id == "month-3"
        assert option_text(months, "month-3").startswith("▸")
        assert not option_text(months, "month-2").startswith("▸")
        # Month 3 sits under the months 1-3 phase header.
        ids = option_ids(months)
        assert ids.index("phase-p1") < ids.index("month-1") < ids.index("month-3")
        assert ids.index("month-3") < ids.index("phase-p2")
        # The seed's goals of that phase are there, month by month.
        seen = set()
        for month in (1, 2, 3):
            months.highlighted = ids.index(f"month-{month}")
            await pilot.pause()
            seen |= {i for i in option_ids(screen.query_one("#goals", OptionList)) if i[:2] == "g-"}
        phase_goals = {g.id for g in app.repo.plan().goals if 1 <= g.month <= 3}
        assert seen == phase_goals and len(seen) == 10
        text = screen_text(app)
        assert "Month 3 of 12" in text
        assert "Months 1-3: Consolidate the foundations + quick output" in text
        assert "2026-12-01 - 2026-12-31" in text


async def test_a_fresh_folder_starts_on_the_first_run(make_runtime, make_app, tmp_path):
    first = make_runtime(now="2026-09-01T09:00")
    assert first.repo.settings().plan_start == "2026-09-01"
    first.close()
    app = make_app(now=NOW, data=tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        assert screen.current_month == 3


async def test_progress_figures_match_the_goals_checked(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        await pilot.press("right")
        goals = screen.query_one("#goals", OptionList)
        assert screen.focused is goals
        first = screen.selected_goal_id()
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("down", "down", "space")  # skip the next track header
        await settle(pilot)
        stored = app.repo.plan().goals
        done = {g.id for g in stored if g.done}
        assert first in done and len(done) == 2
        assert all(g.month == 3 for g in stored if g.done)
        assert all(g.done_on == "2026-12-01" for g in stored if g.done)
        overall = tally(stored)
        text = screen_text(app)
        assert f" {overall.done}/{overall.total} {overall.percent}%" in text
        months = screen.query_one("#months", OptionList)
        assert "2/3" in option_text(months, "month-3")
        assert "2/10" in option_text(months, "phase-p1")
        # Per track: what the store says, on screen.
        tracks = {g.track for g in stored if g.done}
        for track in tracks:
            count = tally(g for g in stored if g.track == track)
            assert f"{track.capitalize()} {count.done}/{count.total}" in text
        # Unchecking goes back.
        await pilot.press("space")
        await settle(pilot)
        assert sum(g.done for g in app.repo.plan().goals) == 1


async def test_past_months_undone_goals_are_flagged(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        months = screen.query_one("#months", OptionList)
        assert "!4" in option_text(months, "month-0")
        assert "!" not in option_text(months, "month-3")
        assert "! 11 overdue" in screen_text(app)
        months.highlighted = option_ids(months).index("month-1")
        await pilot.pause()
        goals = screen.query_one("#goals", OptionList)
        assert option_text(goals, "g-m1-tech-llm").startswith("[!]")


async def test_plan_start_change_is_previewed_then_moves_every_month_and_persists(
    make_app, make_runtime, tmp_path
):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        await pilot.press("S")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PlanStartDialog)
        field = dialog.query_one(Input)
        field.value = ""
        await pilot.press(*"2026-10-15")
        await pilot.pause()
        # The new dates are shown before anything is saved.
        table = dialog.query_one(DataTable)
        assert table.row_count == 13
        row3 = [str(c) for c in table.get_row_at(3)]
        assert row3[1] == "2026-12-01 - 2026-12-31"
        assert row3[2] == "2027-01-15 - 2027-02-14"
        assert app.repo.settings().plan_start == START
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert app.repo.settings().plan_start == "2026-10-15"
        assert screen.current_month == 1  # 2026-12-01 is now in month 1
        months = screen.query_one("#months", OptionList)
        assert "2027-01-15" in option_text(months, "month-3")
        assert "2026-10-15" in option_text(months, "month-0")
        goals_before = {g.id: g.month for g in app.repo.plan().goals}
    app.runtime.close()
    again = make_runtime(now=NOW, data=tmp_path / "data")
    assert again.repo.settings().plan_start == "2026-10-15"
    assert {g.id: g.month for g in again.repo.plan().goals} == goals_before


async def test_a_bad_plan_start_is_refused_in_the_dialog(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_roadmap(pilot)
        await pilot.press("S")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one(Input).value = "2026-13-40"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "Not a date: use YYYY-MM-DD" in screen_text(app)
        dialog.query_one(Input).value = "2099-01-01"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "within 5 years" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.repo.settings().plan_start == START


async def test_lecture_checklist_progress_and_time_logged(make_app):
    app = roadmap_app(make_app)
    # An hour on lecture 2, logged by Focus; and time on something else.
    for link, seconds in [("lecture:kz-2", 2400), ("lecture:kz-2", 1200), ("goal:x", 600)]:
        start = "2026-11-20T20:30:00+08:00"
        app.repo.save_session(
            FocusSession(
                start=start, end=start, planned_s=seconds, focused_s=seconds, label="L", link=link
            )
        )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        must_dos = screen.query_one("#must-dos", OptionList)
        assert "0/9" in option_text(must_dos, "must-karpathy")
        assert "1h00 logged" in option_text(must_dos, "must-karpathy")
        await pilot.press("k")
        await pilot.pause()
        checklist = app.screen
        assert isinstance(checklist, ChecklistScreen)
        items = checklist.query_one(OptionList)
        assert items.option_count == 9  # Zero to Hero's nine lectures
        assert "2h26 long" in option_text(items, "kz-1")  # 146 minutes
        assert "1h00 logged" in option_text(items, "kz-2")
        # Nothing logged on lecture 3: its length alone, no "- logged".
        assert option_text(items, "kz-3").endswith("1h15 long")
        assert "logged" not in option_text(items, "kz-3")
        assert "Logged 1h00" in screen_text(app)
        # Check the first lecture.
        items.highlighted = 0
        await pilot.press("space")
        await settle(pilot)
        course = next(m for m in app.repo.plan().must_dos if m.id == "must-karpathy")
        assert [i.id for i in course.items if i.done] == ["kz-1"]
        assert "1/9" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert "1/9" in option_text(screen.query_one("#must-dos", OptionList), "must-karpathy")


async def test_ship_milestones_are_editable(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_roadmap(pilot)
        await pilot.press("p")
        await pilot.pause()
        checklist = app.screen
        assert isinstance(checklist, ChecklistScreen)
        texts = [i.text for i in checklist.must_do.items]
        assert texts == [
            "Idea",
            "PRD",
            "Prototype",
            "Beta with users",
            "Store listing",
            "Release",
            "First users",
        ]
        # Add after "Idea".
        checklist.query_one(OptionList).highlighted = 0
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistItemForm)
        await pilot.press(*"Market research", "enter")
        await settle(pilot)
        ship = next(m for m in app.repo.plan().must_dos if m.id == "must-ship-app")
        assert [i.text for i in ship.items][:3] == ["Idea", "Market research", "PRD"]
        # Edit it, then move it down, then delete it and undo.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#item-text", Input).value = "Market check"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("shift+down")
        await settle(pilot)
        ship = next(m for m in app.repo.plan().must_dos if m.id == "must-ship-app")
        assert [i.text for i in ship.items][:3] == ["Idea", "PRD", "Market check"]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("y")
        await settle(pilot)
        ship = next(m for m in app.repo.plan().must_dos if m.id == "must-ship-app")
        assert "Market check" not in [i.text for i in ship.items]
        await pilot.press("u")
        await settle(pilot)
        ship = next(m for m in app.repo.plan().must_dos if m.id == "must-ship-app")
        assert [i.text for i in ship.items][:3] == ["Idea", "PRD", "Market check"]


async def test_an_empty_milestone_is_refused_inline(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_roadmap(pilot)
        await pilot.press("k", "a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ChecklistItemForm)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        assert "Write the title first." in screen_text(app)
        await pilot.press(*"Bonus lecture")
        form.query_one("#item-minutes", Input).value = "1h75"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Not a length" in screen_text(app)
        form.query_one("#item-minutes", Input).value = "1:05"
        await pilot.press("ctrl+s")
        await settle(pilot)
        course = next(m for m in app.repo.plan().must_dos if m.id == "must-karpathy")
        assert any(i.text == "Bonus lecture" and i.minutes == 65 for i in course.items)


async def test_add_edit_move_delete_and_undo_a_goal(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, GoalForm)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        assert "Write the goal first." in screen_text(app)
        await pilot.press(*"Ship a RAG demo", "enter")
        await settle(pilot)
        added = [g for g in app.repo.plan().goals if g.text == "Ship a RAG demo"]
        assert len(added) == 1 and added[0].month == 3 and added[0].track == "tech"
        goal_id = added[0].id
        goals = screen.query_one("#goals", OptionList)
        assert goal_id in option_ids(goals)
        # Edit.
        goals.focus()
        goals.highlighted = goals.get_option_index(goal_id)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#goal-text", Input).value = "Ship a RAG demo to 5 users"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(g.text == "Ship a RAG demo to 5 users" for g in app.repo.plan().goals)
        # Move to month 4.
        goals.highlighted = goals.get_option_index(goal_id)
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MonthPicker)
        await pilot.press("down", "enter")
        await settle(pilot)
        moved = next(g for g in app.repo.plan().goals if g.id == goal_id)
        assert moved.month == 4
        assert goal_id not in option_ids(goals)
        # Delete (confirm) and undo.
        goals.highlighted = goals.get_option_index("g-m3-product-kpi")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("n")
        await settle(pilot)
        assert any(g.id == "g-m3-product-kpi" for g in app.repo.plan().goals)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert not any(g.id == "g-m3-product-kpi" for g in app.repo.plan().goals)
        await pilot.press("u")
        await settle(pilot)
        restored = next(g for g in app.repo.plan().goals if g.id == "g-m3-product-kpi")
        assert restored.month == 3 and restored.track == "product"


async def test_goal_detail_shows_notes_cards_and_focus_time(make_app):
    app = roadmap_app(make_app)
    app.repo.save_card(
        Deliverable(title="KPI cheat sheet", column="doing", goal_id="g-m3-product-kpi")
    )
    start = "2026-11-28T20:30:00+08:00"
    app.repo.save_session(
        FocusSession(
            start=start, end=start, planned_s=1500, focused_s=1500, link="goal:g-m3-product-kpi"
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        goals = screen.query_one("#goals", OptionList)
        goals.focus()
        goals.highlighted = goals.get_option_index("g-m3-product-kpi")
        assert "25m" in option_text(goals, "g-m3-product-kpi")
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, GoalDetail)
        text = screen_text(app)
        assert "KPI cheat sheet" in text and "Doing" in text
        assert "Focus time logged: 25m" in text
        await pilot.press(*"North star: task success")
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = next(g for g in app.repo.plan().goals if g.id == "g-m3-product-kpi")
        assert stored.notes == "North star: task success"


async def test_focus_on_a_goal_or_a_lecture_hands_it_to_focus(make_app):
    app = roadmap_app(make_app)
    asked: list[tuple[str, str | None]] = []
    app.start_focus = lambda label, link=None: asked.append((label, link))  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        await pilot.press("right")
        goal_id = screen.selected_goal_id()
        await pilot.press("f")
        await pilot.pause()
        goal = next(g for g in app.repo.plan().goals if g.id == goal_id)
        assert asked == [(goal.text, f"goal:{goal_id}")]
        await pilot.press("k")
        await pilot.pause()
        checklist = app.screen
        assert isinstance(checklist, ChecklistScreen)
        checklist.query_one(OptionList).highlighted = 6
        await pilot.press("f")
        await pilot.pause()
        assert asked[-1] == ("Let's build GPT: from scratch, in code, spelled out", "lecture:kz-7")
        assert app.screen is screen  # the checklist closed first


async def test_goal_keys_wait_for_the_goals_list(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        assert screen.focused is screen.query_one("#months", OptionList)
        await pilot.press("space")
        await settle(pilot)
        assert not any(g.done for g in app.repo.plan().goals)
        await pilot.press("enter")  # into the goals of the month
        assert screen.focused is screen.query_one("#goals", OptionList)
        await pilot.press("left")
        assert screen.focused is screen.query_one("#months", OptionList)


async def test_chinese_roadmap(make_app):
    app = roadmap_app(make_app, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_roadmap(pilot)
        text = screen_text(app)
        assert "第 3 月（共 12 月）" in text
        assert "第 1-3 月：基础巩固 + 快速产出" in text
        assert "完成 Andrej Karpathy 的课程" in text
        assert "必须完成" in text


async def test_small_and_resized_terminals_do_not_crash(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_roadmap(pilot)
        for size in [(40, 12), (200, 60), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert "Month 3 of 12" in screen_text(app)


def test_words_chosen_at_run_time_have_chinese():
    from cadence.domain.deliverables import COLUMN_TITLES
    from cadence.i18n import ZH
    from cadence.screens.roadmap import drawing, panes, resources
    from cadence.screens.roadmap.editing import FIELD_TITLES

    words = [*drawing.TRACK_TITLES.values(), *COLUMN_TITLES.values()]
    words += [*drawing.SKILL_STATUS_TITLES.values(), *FIELD_TITLES.values()]
    words += [text for text, _style in panes.PACE_TEXT.values()]
    words += [*resources.KIND_TITLES.values(), *resources.STATUS_TITLES.values()]
    words += list(resources.WHEN_SUGGESTIONS)
    assert [w for w in words if w not in ZH] == []


def send_at_once(app, keys: list[str]) -> None:
    """Queue every key before any is handled, as a terminal delivers a burst (or a paste):
    Pilot's ``press`` waits for each key to be handled, which hides focus changes that
    land late."""
    for key in keys:
        char = " " if key == "space" else (key if len(key) == 1 else None)
        app.post_message(events.Key(key, char))


async def test_twenty_goal_ticks_in_one_burst_all_land_once(make_app, make_runtime, tmp_path):
    app = roadmap_app(make_app)
    plan = app.repo.plan()
    # Tick every goal month by month, in the order the goals list shows them, as one burst
    # (and tick-untick-tick month 1's first goal: three presses before the writes land).
    keys = ["up"] * 3  # from month 3 (this one) to month 0: the phase headers are skipped
    wanted: list[str] = []
    for month in range(13):
        in_month = goals_of_month(plan.goals, month)
        keys.append("right")
        if month == 1:
            keys += ["space", "space"]  # ticked and unticked before either write lands
        for goal in in_month:
            if len(wanted) < 20:
                keys += ["space", "down"]
                wanted.append(goal.id)
        keys += ["left", "down"]
        if len(wanted) == 20:
            break
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        await settle(pilot)
        send_at_once(app, keys)
        await settle(pilot)
        done = {g.id for g in app.repo.plan().goals if g.done}
        assert done == set(wanted) and len(done) == 20
        # What the screen shows agrees with the disk.
        assert "20/42" in screen_text(app)
        assert screen.view is not None and tally(screen.view.goals).done == 20
    app.runtime.close()
    again = make_runtime(now=NOW, data=tmp_path / "data")
    stored = again.repo.plan().goals
    assert {g.id for g in stored if g.done} == set(wanted)
    assert all(g.done_on == "2026-12-01" for g in stored if g.done)


async def test_an_edit_saves_only_the_fields_changed_and_says_what_was_kept(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roadmap(pilot)
        await pilot.press("right")
        goal_id = screen.selected_goal_id()
        assert goal_id is not None
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, GoalForm)
        # While the form is open another process ticks the goal and rewrites its notes.
        app.repo.update_goal(goal_id, lambda g: setattr(g, "done", True))
        app.repo.update_goal(goal_id, lambda g: setattr(g, "notes", "written elsewhere"))
        form.query_one("#goal-text", Input).value = "Fine-tuning: LoRA and instruction tuning"
        form.query_one("#goal-notes", TextArea).text = "written here"
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = next(g for g in app.repo.plan().goals if g.id == goal_id)
        assert stored.text == "Fine-tuning: LoRA and instruction tuning"  # ours
        assert stored.done  # theirs, not undone by the form
        assert stored.notes == "written elsewhere"  # both changed it: theirs kept, and said
        messages = toast_messages(app)
        assert any("Notes: changed elsewhere meanwhile" in m for m in messages), messages


async def test_every_roadmap_dialog_shows_its_save_and_cancel_keys(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_roadmap(pilot)
        await pilot.press("right")
        for key, dialog in [
            ("a", GoalForm),
            ("e", GoalForm),
            ("m", MonthPicker),
            ("enter", GoalDetail),
            ("S", PlanStartDialog),
        ]:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            assert isinstance(app.screen, FormDialog)
            footer = screen_text(app).splitlines()[-1]
            assert "^s" in footer and "esc" in footer, (key, footer)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
        await pilot.press("k", "e")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistItemForm)
        assert "^s" in screen_text(app).splitlines()[-1]


async def test_the_next_lecture_is_ticked_in_three_keys_from_today(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "k", "space")
        await settle(pilot)
        course = next(m for m in app.repo.plan().must_dos if m.kind == "course")
        assert [i.id for i in course.items if i.done] == ["kz-1"]
        checklist = app.screen
        assert isinstance(checklist, ChecklistScreen)
        # The checklist's footer names its keys, links included, at 80 columns.
        footer = screen_text(app).splitlines()[-1]
        for key in ("space", "f Focus", "o Open", "c Copy", "esc Close"):
            assert key in footer, footer
        # The cursor stays on the lecture ticked: a second space would untick it.
        assert checklist.selected_id == "kz-1"


async def test_copy_a_lectures_link(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_roadmap(pilot)
        await pilot.press("k", "c")
        await pilot.pause()
        assert app.clipboard == "https://www.youtube.com/watch?v=VMj-3S1tku0"


async def test_enter_ticks_the_lecture_it_was_pressed_on_in_a_burst(make_app):
    app = roadmap_app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_roadmap(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        send_at_once(app, ["enter", "down", "enter", "down", "space"])
        await settle(pilot)
        course = next(m for m in app.repo.plan().must_dos if m.kind == "course")
        assert [i.id for i in course.items if i.done] == ["kz-1", "kz-2", "kz-3"]
