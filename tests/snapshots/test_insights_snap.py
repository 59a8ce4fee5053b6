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
    keys = ["w", *"Retrieval first", "enter", "tab", "tab", *"Finish the PRD", "enter"]
    assert snap_compare(app, terminal_size=(80, 24), run_before=show_insights, press=keys)
