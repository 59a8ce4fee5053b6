"""How many keys each daily act costs, driven as a person would at 100×30.

    python bench/keys.py            # every act
    python bench/keys.py review     # one act

Each act starts Cadence on a fresh folder (a FakeClock at the act's moment), does
the act with the keys a person presses, checks that it really happened (read back
from the store after the writes landed), and prints one line:

    <act> <keys> <target>

Typed text (a learning, a title) is not counted; every other key is. An act that
fails its check prints ``FAILED`` and the script exits 1. Acts live in
``bench/keys_*.py`` (one module a screen), each registered with ``@act``.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cadence.clock import FakeClock  # noqa: E402
from cadence.i18n import set_language  # noqa: E402

SIZE = (100, 30)
TZ = "Asia/Shanghai"


class Keys:
    """A Pilot that counts the keys pressed (typed text is free)."""

    def __init__(self, pilot) -> None:  # type: ignore[no-untyped-def]
        self.pilot = pilot
        self.app = pilot.app
        self.count = 0

    async def press(self, *keys: str) -> None:
        """Press ``keys``, each counted."""
        self.count += len(keys)
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        """Type ``text`` (not counted: it is what the user has to say)."""
        await self.pilot.press(*text)
        await self.pilot.pause()

    async def settle(self) -> None:
        """Let the writes land and the screen redraw (no key)."""
        app = self.app
        await self.pilot.pause()
        await asyncio.to_thread(app.writer.drain)
        await app.workers.wait_for_complete()
        await self.pilot.pause()


@dataclass
class Act:
    name: str
    target: int
    now: str
    run: Callable[[Keys], Awaitable[None]]
    prepare: Callable[[object], None] | None = None  # the runtime, before the app starts


ACTS: list[Act] = []


def act(
    name: str, target: int, *, now: str, prepare: Callable[[object], None] | None = None
) -> Callable[[Callable[[Keys], Awaitable[None]]], Callable[[Keys], Awaitable[None]]]:
    """Register an act: ``run(keys)`` does it and asserts that it happened."""

    def register(run: Callable[[Keys], Awaitable[None]]) -> Callable[[Keys], Awaitable[None]]:
        ACTS.append(Act(name, target, now, run, prepare))
        return run

    return register


def _load_acts() -> None:
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("keys_*.py")):
        importlib.import_module(f"bench.{path.stem}")


async def _run(one: Act) -> tuple[int, str]:
    from cadence.app import CadenceApp
    from cadence.notify import Notifier
    from cadence.runtime import open_runtime

    set_language("en")
    with tempfile.TemporaryDirectory(prefix="cadence-keys-") as folder:
        clock = FakeClock(one.now, tz=TZ)
        runtime = open_runtime(Path(folder), language="en", interactive=True, clock=clock)
        try:
            if one.prepare is not None:
                one.prepare(runtime)
            app = CadenceApp(runtime, notifier=Notifier([]))
            async with app.run_test(size=SIZE) as pilot:
                keys = Keys(pilot)
                await keys.settle()
                app.clear_notifications()
                try:
                    await one.run(keys)
                    await keys.settle()
                except AssertionError as exc:
                    return keys.count, f"FAILED ({exc})"
                return keys.count, ""
        finally:
            runtime.close()


def main(argv: list[str]) -> int:
    # The acts register on the module ``bench.keys``, not on this script's ``__main__``.
    import bench.keys as registry

    registry._load_acts()
    wanted = set(argv)
    failed = False
    for one in registry.ACTS:
        if wanted and one.name not in wanted:
            continue
        count, problem = asyncio.run(_run(one))
        verdict = problem or ("ok" if count <= one.target else "OVER TARGET")
        failed |= bool(problem) or count > one.target
        print(f"{one.name:<14} {count:>3} {one.target:>3}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
