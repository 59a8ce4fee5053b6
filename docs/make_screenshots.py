"""Regenerate the README's pictures: ``python docs/make_screenshots.py``.

The Today screen on a folder of demo history, at a fixed moment, 100×30.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cadence.app import CadenceApp  # noqa: E402
from cadence.clock import FakeClock  # noqa: E402
from cadence.i18n import set_language  # noqa: E402
from cadence.notify import FakeNotifier  # noqa: E402
from cadence.runtime import open_runtime  # noqa: E402
from cadence.shell.demo import write_demo  # noqa: E402

MOMENT = "2027-03-09T20:45"  # a Tuesday evening, in the study block
TZ = "Asia/Shanghai"


async def shoot(language: str, out: Path) -> None:
    set_language(language)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        write_demo(data, months=4, clock=FakeClock(MOMENT, tz=TZ), language=language)
        runtime = open_runtime(
            data, language=language, interactive=True, clock=FakeClock(MOMENT, tz=TZ)
        )
        app = CadenceApp(runtime, notifier=FakeNotifier())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.5)
            app.clear_notifications()
            await pilot.pause(0.2)
            app.save_screenshot(str(out))
        runtime.close()


if __name__ == "__main__":
    asyncio.run(shoot("en", ROOT / "docs" / "today.svg"))
    asyncio.run(shoot("zh", ROOT / "docs" / "today.zh.svg"))
