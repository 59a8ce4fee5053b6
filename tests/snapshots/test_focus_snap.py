"""Focus as a person sees it: ready, running with a label, the phase-end prompt, the history
and the label picker, in both languages, at the smallest supported size and a roomier one.
The clock is a FakeClock that the pictures move by hand: stable."""

from __future__ import annotations

import asyncio

import pytest

from cadence.data.models import FocusSession
from tests.helpers import no_toasts

NOW = "2026-12-01T20:45"


async def log_some(app) -> None:
    """Two timer sessions and one typed in by hand, earlier today (written off the UI thread,
    as the app writes)."""
    await asyncio.to_thread(_log_some, app)


def _log_some(app) -> None:
    for start, end, minutes, kw in [
        ("19:00", "19:25", 25, {"label": "Lecture 2: makemore", "link": "lecture:kz-2"}),
        ("19:30", "19:48", 18, {"label": "Lecture 2: makemore", "completed": False}),
        ("12:30", "13:00", 30, {"label": "读《Inspired》第 3 章", "manual": True}),
    ]:
        app.repo.save_session(
            FocusSession(
                f"2026-12-01T{start}:00+08:00",
                f"2026-12-01T{end}:00+08:00",
                1500,
                minutes * 60,
                **kw,
            )
        )


async def running(pilot) -> None:
    app = pilot.app
    await log_some(app)
    await pilot.press("3")
    service = app.services.focus
    service.set_label("Lecture 3: Building makemore Part 2: MLP", "lecture:kz-3")
    await pilot.press("space")
    app.clock.advance(7 * 60 + 12.4)
    service.tick()
    await no_toasts(pilot)


async def prompt(pilot) -> None:
    await running(pilot)
    pilot.app.clock.advance(18 * 60)
    pilot.app.services.focus.tick()
    await no_toasts(pilot)


async def history(pilot) -> None:
    await log_some(pilot.app)
    await pilot.press("3", "h")
    await no_toasts(pilot)


async def picker(pilot) -> None:
    await pilot.press("3", "l", *"make")
    await no_toasts(pilot)


async def ready(pilot) -> None:
    await pilot.press("3")
    await no_toasts(pilot)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_focus_ready(snap_compare, make_app, lang, size):
    assert snap_compare(make_app(now=NOW, lang=lang), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_focus_running(snap_compare, make_app, lang, size):
    assert snap_compare(make_app(now=NOW, lang=lang), terminal_size=size, run_before=running)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_focus_phase_end_prompt(snap_compare, make_app, lang):
    assert snap_compare(make_app(now=NOW, lang=lang), terminal_size=(80, 24), run_before=prompt)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_focus_history(snap_compare, make_app, lang):
    assert snap_compare(make_app(now=NOW, lang=lang), terminal_size=(80, 24), run_before=history)


def test_focus_label_picker(snap_compare, make_app):
    assert snap_compare(make_app(now=NOW), terminal_size=(80, 24), run_before=picker)
