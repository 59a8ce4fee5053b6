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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_daily_review_first_step(snap_compare, make_app, lang):
    app = make_app(now="2026-12-01T21:30", lang=lang)
    assert snap_compare(
        app, terminal_size=(80, 24), press=["r", "down", "space"], run_before=no_toasts
    )
