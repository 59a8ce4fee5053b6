"""Shared fixtures: a fresh data folder, a fake clock, and an app built on them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cadence.clock import FakeClock
from cadence.i18n import set_language

TZ = "Asia/Shanghai"


@pytest.fixture(autouse=True)
def _english_by_default():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def make_runtime(tmp_path: Path) -> Callable[..., object]:
    from cadence.runtime import open_runtime

    made = []

    def make(
        now: str = "2026-12-01T20:45",
        lang: str = "en",
        data: Path | None = None,
        interactive: bool = True,
    ):
        set_language(lang)
        clock = FakeClock(now, tz=TZ)
        runtime = open_runtime(
            data or tmp_path / "data", language=lang, interactive=interactive, clock=clock
        )
        made.append(runtime)
        return runtime

    yield make
    for runtime in made:
        runtime.close()


@pytest.fixture
def make_app(make_runtime):
    from cadence.app import CadenceApp

    def make(
        now: str = "2026-12-01T20:45",
        lang: str = "en",
        data: Path | None = None,
        notifier=None,
        real_notifier: bool = False,
    ):
        """An app on a fresh folder. Desktop notifications go to a FakeNotifier
        (``app.notifier``) unless ``real_notifier`` asks for the app's real chain."""
        from cadence.notify import FakeNotifier

        if notifier is None and not real_notifier:
            notifier = FakeNotifier()
        return CadenceApp(
            make_runtime(now=now, lang=lang, data=data), poll_interval=0.2, notifier=notifier
        )

    return make


_REPORTS: list[str] = []


@pytest.fixture
def report():
    """Add a line to the summary pytest prints at the end (e.g. the crash test's counts)."""
    return _REPORTS.append


def pytest_terminal_summary(terminalreporter):
    if _REPORTS:
        terminalreporter.section("Cadence checks")
        for line in _REPORTS:
            terminalreporter.write_line(line)
