"""Insights and the weekly review as a person sees them, on a fixed history (FakeClock: stable).

The history comes from tests/helpers_insights.py, not the demo generator, so these
pictures change only when Insights does.
"""

from __future__ import annotations

import pytest

from tests.helpers import no_toasts
from tests.helpers_insights import fill_history

NOW = "2026-12-01T20:45"


@pytest.fixture
def history(tmp_path):
    folder = tmp_path / "history"
    fill_history(folder, NOW)
    return folder


async def show_insights(pilot) -> None:
    await pilot.press("5")
    await no_toasts(pilot)


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 40), (160, 50)], ids=["80x24", "120x40", "160x50"]
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_insights(snap_compare, make_app, history, lang, size):
    app = make_app(now=NOW, lang=lang, data=history)
    assert snap_compare(app, terminal_size=size, run_before=show_insights)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_insights_heatmap_and_habits(snap_compare, make_app, history, lang):
    """Tab walks the charts: the year heatmap, then the habits panel, each scrolled into view."""
    app = make_app(now=NOW, lang=lang, data=history)
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=show_insights,
        press=["tab", "tab", "tab", "tab", "tab"],
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_weekly_review(snap_compare, make_app, history, lang):
    app = make_app(now="2026-11-29T21:00", lang=lang, data=history)
    keys = ["w", *"Retrieval first", "enter", "enter", *"Finish the PRD", "enter"]
    assert snap_compare(app, terminal_size=(80, 24), run_before=show_insights, press=keys)


def add_career(folder) -> None:
    """Impact at work, a job move under way and a weekend engagement (issue 13)."""
    from cadence.clock import FakeClock
    from cadence.data.models import FreelanceEntry, ImpactEntry, JobLead
    from cadence.runtime import open_runtime

    runtime = open_runtime(folder, language="en", interactive=False, clock=FakeClock(NOW))
    repo = runtime.repo
    for entry in (
        ImpactEntry("2026-11-20", "hours_saved", 6, note="Release notes agent", id="i1"),
        ImpactEntry("2026-11-27", "hours_saved", 4.5, note="PR summaries", id="i2"),
        ImpactEntry("2026-11-25", "metric", 12, measure="task-success", before=60, after=72,
                    capstone="cap-customer-mvp", id="i3"),
    ):  # fmt: skip
        repo.add_career(entry)
    repo.add_career(
        JobLead(
            "Acme AI",
            "AI PM",
            stages={"target": "2026-11-02", "applied": "2026-11-10", "interview": "2026-11-24"},
            created="2026-11-02",
            id="j1",
        )  # fmt: skip
    )
    repo.add_career(
        JobLead(
            "Platform team",
            "AI PM",
            internal=True,
            stages={"target": "2026-11-15"},
            created="2026-11-15",
            id="j2",
        )  # fmt: skip
    )
    repo.add_career(
        FreelanceEntry(
            "2026-11-28",
            "Agent launch for a shop",
            6,
            3000,
            "CNY",
            case="RAG over a product catalogue",
            id="f1",
        )  # fmt: skip
    )
    runtime.close()


async def show_career(pilot) -> None:
    """Insights, scrolled to the impact and job-move panels (the impact panel on top)."""
    await show_insights(pilot)
    screen = pilot.app.screen
    panel = screen.query_one("#p-impact")
    screen.query_one("#insights").scroll_to_widget(panel, animate=False, top=True)
    panel.focus(scroll_visible=False)
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_insights_impact_and_job_move(snap_compare, make_app, history, lang):
    add_career(history)
    app = make_app(now=NOW, lang=lang, data=history)
    assert snap_compare(app, terminal_size=(80, 24), run_before=show_career)
