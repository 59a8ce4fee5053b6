"""The board as a person sees it: plan month 2's cards and the capstones, in both languages,
at the smallest supported size and a roomier one; a card's details; the editor; the WIP
warning. The clock is a FakeClock and the plan started on 2026-10-01: stable."""

from __future__ import annotations

import pytest

from tests.helpers import no_toasts, settle

NOW = "2026-12-01T20:45"  # plan month 2


@pytest.fixture
def month_two_app(make_runtime, make_app):
    def make(lang: str = "en"):
        make_runtime(now="2026-10-01T09:00", lang=lang, interactive=False)
        return make_app(now=NOW, lang=lang)

    return make


async def on_the_board(pilot) -> None:
    """Wait for the plan's cards, open the board, and drop start-up toasts."""
    await settle(pilot)
    await pilot.press("4")
    await no_toasts(pilot)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_board(snap_compare, month_two_app, lang, size):
    assert snap_compare(month_two_app(lang), terminal_size=size, run_before=on_the_board)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_capstone_details(snap_compare, month_two_app, lang):
    # The backlog's fifth card is the first capstone: its description and measures.
    keys = ["j", "j", "j", "j", "j", "enter"]
    assert snap_compare(
        month_two_app(lang), terminal_size=(80, 24), press=keys, run_before=on_the_board
    )


def test_editor_with_a_bad_due_date(snap_compare, month_two_app):
    keys = ["n", *"Eval harness", "tab", "tab", *"2026-02-30", "ctrl+s"]
    assert snap_compare(
        month_two_app("en"), terminal_size=(80, 24), press=keys, run_before=on_the_board
    )


def test_wip_warning(snap_compare, month_two_app):
    # Four cards pushed into Doing (limit 3): the column's border and a toast warn.
    keys = ["shift+right", "shift+right", "h", "h"] * 4
    assert snap_compare(
        month_two_app("en"), terminal_size=(100, 30), press=keys, run_before=on_the_board
    )
