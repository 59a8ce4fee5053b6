"""Today as a person sees it: the plan's Tuesday, Wednesday and Saturday, in both languages,
at the smallest supported size and a roomier one. The clock is a FakeClock: stable."""

from __future__ import annotations

import pytest

from tests.helpers import no_toasts

MOMENTS = {
    "tuesday-2045": "2026-12-01T20:45",  # the 20:30-22:30 study block, 1h45 left
    "wednesday-2045": "2026-12-02T20:45",  # networking or rest evening
    "saturday-1000": "2026-12-05T10:00",  # the weekend study template
}


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_today(snap_compare, make_app, moment, lang, size):
    assert snap_compare(
        make_app(now=MOMENTS[moment], lang=lang), terminal_size=size, run_before=no_toasts
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_block_form_with_a_bad_time(snap_compare, make_app, lang):
    app = make_app(now="2026-12-01T20:45", lang=lang)
    keys = ["a", "ctrl+a", "ctrl+k", *"25:00", "enter", *"26:61", "enter", *"Call", "enter"]
    assert snap_compare(app, terminal_size=(80, 24), press=keys, run_before=no_toasts)


def _ticked_evening(app) -> None:
    """Wednesday evening: the workout and the post ticked, yesterday's post on Xiaohongshu."""
    repo = app.repo
    repo.update_day(
        "2026-12-02", lambda r: r.states.update({"se-workout": "done", "se-wind-down": "done"})
    )
    where = "小红书" if app.settings.language == "zh" else "Xiaohongshu"

    def posted(review) -> None:
        review.posted, review.post_where, review.finished = True, where, True

    repo.update_review("2026-12-01", posted)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_evening_check_in(snap_compare, make_app, lang):
    """The check-in at 80×24, prefilled from the ticked blocks, one thing typed."""
    app = make_app(now="2026-12-02T22:45", lang=lang)
    _ticked_evening(app)
    learned = "Bigram models count pairs" if lang == "en" else "二元模型就是数相邻字符对"
    keys = ["r", *learned, "enter"]
    assert snap_compare(app, terminal_size=(80, 24), press=keys, run_before=no_toasts)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_post_composer(snap_compare, make_app, lang):
    app = make_app(now="2026-12-02T22:45", lang=lang)
    _ticked_evening(app)
    learned = "Bigram models count pairs" if lang == "en" else "二元模型就是数相邻字符对"
    keys = ["r", *learned, "enter", "ctrl+o"]
    assert snap_compare(app, terminal_size=(80, 24), press=keys, run_before=no_toasts)
