"""Insights on demo data: every chart shows at 80×24 and 120×40, with the stored figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from cadence.clock import FakeClock
from cadence.screens.insights.export_dialog import ExportDialog, open_export
from cadence.screens.insights.screen import InsightsScreen, Panel
from cadence.screens.insights.weekly_review import WeeklyReviewScreen
from cadence.shell.demo import write_demo
from cadence.widgets.charts import (
    FocusHeatmap,
    MeterList,
    RoadmapChart,
    RollingAverageChart,
    WeeklyHoursChart,
    WorkoutsChart,
)
from tests.helpers import screen_text, settle
from tests.helpers_insights import TZ, iso_week, raw_docs

NOW = "2026-12-01T20:45"  # a Tuesday, in 2026-W49
TODAY = dt.date(2026, 12, 1)
PANELS = ["#p-hours", "#p-rolling", "#p-heatmap", "#p-output", "#p-habits", "#p-roadmap"]
CHARTS = {
    "#p-hours": WeeklyHoursChart,
    "#p-rolling": RollingAverageChart,
    "#p-heatmap": FocusHeatmap,
    "#p-output": MeterList,
    "#p-habits": WorkoutsChart,
    "#p-roadmap": RoadmapChart,
}


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    write_demo(folder, months=4, clock=FakeClock(NOW, tz=TZ), language="en")
    return folder


@pytest.fixture
def demo_copy(demo_folder, tmp_path) -> Path:
    import shutil

    target = tmp_path / "demo"
    shutil.copytree(demo_folder, target)
    return target


def rendered(widget) -> str:
    """The text a widget draws (plotext charts included)."""
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


async def open_insights(pilot):
    await pilot.press("5")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InsightsScreen)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
async def test_every_chart_shows_whole_at_each_size(make_app, demo_copy, size):
    app = make_app(now=NOW, data=demo_copy)
    async with app.run_test(size=size) as pilot:
        screen = await open_insights(pilot)
        scroller = screen.query_one("#insights")
        for selector in PANELS:
            panel = screen.query_one(selector, Panel)
            panel.focus()
            await pilot.pause()
            await pilot.pause()
            visible = scroller.region
            assert visible.contains_region(panel.region), (selector, panel.region, visible)
            chart = panel.query_one(CHARTS[selector])
            assert chart.region.width >= 60 and chart.region.height >= 4, selector
            text = rendered(chart)
            assert text.strip(), selector
            if isinstance(chart, WeeklyHoursChart | WorkoutsChart):
                assert "W49" in text and "W38" in text  # the twelve weeks on the axis
            if isinstance(chart, RoadmapChart):
                assert "M0" in text and "M12" in text
        assert (size[0] >= 150) == scroller.has_class("wide")


async def test_the_figures_are_those_of_the_stored_sessions(make_app, demo_copy):
    # Independent: the raw session and review documents, grouped with the stdlib calendar.
    hours: dict[str, float] = defaultdict(float)
    per_day: dict[dt.date, int] = defaultdict(int)
    for s in raw_docs(demo_copy, "focus-", "sessions"):
        day = dt.date.fromisoformat(s["start"][:10])
        hours[iso_week(day)] += s["focused_s"] / 3600
        per_day[day] += s["focused_s"]
    reviews = raw_docs(demo_copy, "reviews-", "daily")
    app = make_app(now=NOW, data=demo_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_insights(pilot)
        fig = screen.figures
        assert fig is not None
        expected_weeks = [iso_week(TODAY - dt.timedelta(weeks=11 - i)) for i in range(12)]
        assert [w.key for w in fig.weeks] == expected_weeks
        for w in fig.weeks:
            assert w.hours == pytest.approx(hours.get(w.key, 0.0))
        # Rolling three months: 2026-09-02 .. 2026-12-01 (the plan started 2026-08-01).
        window = [d for d in per_day if dt.date(2026, 9, 2) <= d <= TODAY]
        days = (TODAY - dt.date(2026, 9, 2)).days + 1
        total = sum(per_day[d] for d in window) / 3600
        assert fig.average_3m == pytest.approx(total / days * 7)
        # The heatmap: a year of days with focus.
        year_ago = dt.date(2025, 12, 1)
        active = [d for d, v in per_day.items() if year_ago <= d <= TODAY and v > 0]
        assert fig.heatmap.active_days == len(active)
        # Habits over the last 30 days.
        recent = [r for r in reviews if "2026-11-02" <= r["date"] <= "2026-12-01"]
        bed = [r["bed_before_23"] for r in recent if r.get("bed_before_23") is not None]
        assert (fig.habits.bed.yes, fig.habits.bed.answered) == (sum(bed), len(bed))
        posted = [r["posted"] for r in recent if r.get("posted") is not None]
        assert (fig.habits.posted.yes, fig.habits.posted.answered) == (sum(posted), len(posted))
        # What the screen says is what was computed.
        text = screen_text(app)
        this_week = hours.get("2026-W49", 0.0)
        assert f"This week {this_week:.1f} h" in text


async def test_output_targets_come_from_the_board(make_app, demo_copy):
    cards = raw_docs(demo_copy, "board", "cards")
    case_studies = sum(1 for c in cards if c["type"] == "case_study" and c["column"] == "done")
    app = make_app(now=NOW, data=demo_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_insights(pilot)
        targets = {t.key: t for t in screen.figures.targets}
        assert targets["case_studies"].done == case_studies
        assert targets["case_studies"].target == 3
        rows = screen.query_one("#output-meters", MeterList).rows
        assert rows[1][3] == f"{case_studies} / 3"


async def test_chinese_insights(make_app, demo_copy):
    app = make_app(now=NOW, lang="zh", data=demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_insights(pilot)
        text = screen_text(app)
        assert "每周学习小时" in text and "本周" in text
        for selector in PANELS[1:]:
            app.screen.query_one(selector).focus()
            await pilot.pause()
        assert "路线图" in screen_text(app)


async def test_an_empty_plan_draws_without_data(make_app):
    app = make_app(now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        assert all(w.hours == 0 for w in screen.figures.weeks)
        assert "This week 0.0 h" in screen_text(app)


async def test_w_opens_the_weekly_review_and_x_the_export(make_app, demo_copy):
    app = make_app(now=NOW, data=demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_insights(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WeeklyReviewScreen)
        assert app.screen.week == "2026-W49"  # the demo finished W48
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)


async def test_the_palette_lists_the_review_and_the_exports(make_app):
    app = make_app(now=NOW)
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in (
            "Weekly review",
            "Export a report (Markdown)",
            "Export the calendar (.ics)",
            "Export everything (JSON)",
        ):
            assert wanted in titles


async def test_export_from_the_form(make_app, demo_copy, tmp_path):
    from icalendar import Calendar

    target = tmp_path / "out" / "plan.ics"
    app = make_app(now=NOW, data=demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        open_export(app, "ics", folder=tmp_path)
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#export-path", Input).value == str(
            tmp_path / "cadence-2026-12-01.ics"
        )
        # A bad period: said on the form, nothing written.
        dialog.query_one("#export-period", Input).value = "2026-W99"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not a period" in screen_text(app)
        assert not target.exists()
        dialog.query_one("#export-period", Input).value = ""
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        cal = Calendar.from_ical(target.read_bytes())
        assert any("RRULE" in e for e in cal.walk("VEVENT"))


async def test_export_asks_before_replacing_a_file(make_app, tmp_path):
    existing = tmp_path / "report.md"
    existing.write_text("old", encoding="utf-8")
    app = make_app(now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        open_export(app, "md", folder=tmp_path)
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#export-period", Input).value == "2026-W49"
        dialog.query_one("#export-path", Input).value = str(existing)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "exists" in screen_text(app)
        assert existing.read_text(encoding="utf-8") == "old"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert existing.read_text(encoding="utf-8").startswith("# ")


async def test_switching_the_format_follows_in_the_file_name(make_app, tmp_path):
    app = make_app(now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        open_export(app, "md", folder=tmp_path)
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        assert dialog.query_one("#export-path", Input).value.endswith("cadence-2026-12-01.json")
        assert dialog.query_one("#export-period", Input).disabled


async def test_resizing_insights_never_crashes(make_app, demo_copy):
    app = make_app(now=NOW, data=demo_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_insights(pilot)
        for size in [(80, 24), (160, 50), (40, 10), (120, 40), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.is_running


# ---------------------------------------------------------------- issue 12: rough edges


async def test_the_export_hints_come_from_the_apps_clock(make_app, tmp_path):
    app = make_app(now="2027-03-10T20:45")  # the computer's clock says otherwise
    async with app.run_test(size=(80, 24)) as pilot:
        open_export(app, "md", folder=tmp_path)
        await pilot.pause()
        text = screen_text(app)
        assert "a week (2027-W10) or a month (2027-03)" in text
        assert "Empty: this week (2027-W10)." in text
        assert app.screen.query_one("#export-path", Input).value.endswith("cadence-2027-W10.md")


async def test_a_week_just_kept_counts_and_no_week_before_the_plan_does(make_app):
    app = make_app(now="2026-11-29T21:00")  # the plan begins today, a Sunday
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        assert "average of the last" not in screen_text(app)  # no week of the plan is over
        rows = {r[0]: r[3] for r in screen.query_one("#output-meters", MeterList).rows}
        assert rows["Weekly reviews kept"] == "0 / 0"
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"Evals first", "enter", "ctrl+s")
        await settle(pilot)
        rows = {r[0]: r[3] for r in screen.query_one("#output-meters", MeterList).rows}
        assert rows["Weekly reviews kept"] == "1 / 1"


# ---------------------------------------------------------------- issue 13: impact, job move, freelancing


async def test_impact_is_logged_from_insights(make_app):
    app = make_app(now=NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_insights(pilot)
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#impact-value", Input).value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Hours saved: a number of hours" in screen_text(app)
        assert app.repo.impact_entries() == []  # nothing half-saved
        dialog.query_one("#impact-value", Input).value = "6"
        dialog.query_one("#impact-note", Input).value = "Release notes agent"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (entry,) = app.repo.impact_entries()
        assert (entry.kind, entry.value, entry.date) == ("hours_saved", 6.0, "2026-12-01")
        # A measure of a capstone that moved: its change from before and after.
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#impact-kind", Select).value = "metric"
        dialog.query_one("#impact-measure", Select).value = "task-success"
        dialog.query_one("#impact-before", Input).value = "60"
        dialog.query_one("#impact-after", Input).value = "72"
        await pilot.press("ctrl+s")
        await settle(pilot)
        metric = next(e for e in app.repo.impact_entries() if e.kind == "metric")
        assert (metric.measure, metric.value, metric.capstone) == (
            "task-success",
            12.0,
            "cap-customer-mvp",
        )
        assert screen.figures.impact.hours_this_month == 6
        text = "\n".join(line.plain for line in [screen.query_one("#impact-line").render()])
        assert "This month 6 h saved" in text and "Core task success rate" in text


async def test_the_job_move_from_target_to_offer(make_app):
    app = make_app(now=NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_insights(pilot)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Name the company or the team." in screen_text(app)
        await pilot.press(*"Acme AI", "ctrl+s")
        await settle(pilot)
        (lead,) = app.repo.job_leads()
        assert (lead.company, lead.stage) == ("Acme AI", "target")
        listing = screen.query_one("#jobs-list")
        listing.focus()
        await pilot.pause()
        for stage in ("applied", "interview", "offer"):
            await pilot.press("space")
            await settle(pilot)
            assert app.repo.job_leads()[0].stage == stage
        assert screen.figures.job_move.reached == {
            "target": 1,
            "applied": 1,
            "interview": 1,
            "offer": 1,
        }
        await pilot.press("space")  # past the offer: said, nothing changes
        await settle(pilot)
        assert app.repo.job_leads()[0].stage == "offer"
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#lead-outcome", Select).value = "accepted"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.repo.job_leads()[0].outcome == "accepted"
        assert screen.figures.job_move.done


async def test_freelance_work_is_counted(make_app):
    app = make_app(now=NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_insights(pilot)
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#free-engagement", Input).value = "Agent launch for a shop"
        dialog.query_one("#free-hours", Input).value = "6"
        dialog.query_one("#free-income", Input).value = "3000"
        dialog.query_one("#free-currency", Input).value = "cny"
        dialog.query_one("#free-case", Input).value = "RAG over a product catalogue"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (entry,) = app.repo.freelance_entries()
        assert (entry.hours, entry.income, entry.currency) == (6.0, 3000.0, "CNY")
        fig = screen.figures.freelance
        assert (fig.engagements, fig.hours, fig.cases) == (1, 6.0, ["RAG over a product catalogue"])
        # Deleted from its list, after a question.
        screen.query_one("#freelance-list").focus()
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.repo.freelance_entries() == []
