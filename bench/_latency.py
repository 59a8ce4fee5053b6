"""Shared by the key-press latency benches: time a key press to its repaint, and report.

Both apps run in this process under ``run_test``; ``PaintTimer`` stamps the first
compositor update after the key, so the figure is "key press to repaint" as a
person at the terminal would see it (terminal output itself is left out of both).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from textual._compositor import CompositorUpdate
from textual.app import App

Results = dict[str, dict[str, list[float]]]


class PaintTimer:
    """Wraps ``app._display`` to stamp the next compositor update after a key press."""

    def __init__(
        self,
        app: App[Any],
        settle: Callable[[Any], Awaitable[None]] | None = None,
        *,
        render: bool = False,
    ):
        """``render``: turn each update into the terminal's escape sequences before the
        stamp, as a real terminal's driver does (headless, Textual skips that work)."""
        self.app = app
        self.painted = asyncio.Event()
        self.stamp = 0.0
        #: The last paint before the app went idle after the key (see ``settled_ms``).
        self.last = 0.0
        self.settled_ms = 0.0
        self.armed = False
        #: Updates of this screen do not count (the one a mode key leaves).
        self.leaving: object | None = None
        self._settle = settle
        original = app._display

        def display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            original(screen, renderable)
            if render and isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            if renderable is not None and self.armed and screen is not self.leaving:
                self.last = time.perf_counter()
                if not self.painted.is_set():
                    self.stamp = self.last
                    self.painted.set()

        app._display = display  # type: ignore[method-assign]

    async def press(  # type: ignore[no-untyped-def]
        self, pilot, key: str, *, new_screen: bool = False, timeout: float = 10.0
    ) -> float:
        """Milliseconds from the key press to the repaint it caused (after the app settled).

        ``new_screen``: the key shows another screen (a mode key); only a paint of a
        screen other than the one showing before the key counts. Afterwards
        ``settled_ms`` holds the time to the last paint before the app went idle (a
        screen that paints first and fills in later is not done at its first paint).
        """
        if self._settle is not None:
            await self._settle(pilot)
        else:
            await pilot.pause()
        self.leaving = self.app.screen if new_screen else None
        self.painted.clear()
        self.armed = True
        started = time.perf_counter()
        try:
            # Pilot returns once the app has gone idle after the key.
            await pilot.press(key)
            await asyncio.wait_for(self.painted.wait(), timeout=timeout)
        finally:
            self.armed = False
        self.settled_ms = (self.last - started) * 1000.0
        return (self.stamp - started) * 1000.0


def report(
    results: Results,
    keys: Sequence[str],
    *,
    names: dict[str, str],
    summary: str,
    target_ms: float,
    runs: int,
) -> float:
    """Print each key's medians and the overall difference; return that difference (ms)."""
    for key in dict.fromkeys(keys):
        bare = statistics.median(results["bare"][key])
        app = statistics.median(results["cadence"][key])
        print(
            f"{names.get(key, key):<12} bare {bare:6.1f} ms · cadence {app:6.1f} ms · "
            f"difference {app - bare:+6.1f} ms (max cadence {max(results['cadence'][key]):.1f} ms)"
        )
    all_bare = statistics.median(v for vs in results["bare"].values() for v in vs)
    all_app = statistics.median(v for vs in results["cadence"].values() for v in vs)
    verdict = "ok" if all_app - all_bare <= target_ms else "MISSED"
    print(
        f"{summary}: bare {all_bare:.1f} ms · cadence {all_app:.1f} ms median · "
        f"difference {all_app - all_bare:+.1f} ms (target ≤ {target_ms:.0f} ms) {verdict}; "
        f"{runs} interleaved runs per key"
    )
    return all_app - all_bare
