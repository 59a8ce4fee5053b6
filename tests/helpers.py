"""Helpers shared by the UI and snapshot tests."""

from __future__ import annotations

import asyncio

from cadence.widgets.textual_api import notifications, screen_lines


def screen_text(app) -> str:
    """Everything a person would read on the app's current screen, line by line."""
    return "\n".join(screen_lines(app))


def toasts(app) -> list[str]:
    """The toasts shown now, as "title: message"."""
    return [f"{n.title}: {n.message}" for n in notifications(app)]


def toast_messages(app) -> list[str]:
    """The toasts' messages alone."""
    return [n.message for n in notifications(app)]


async def settle(pilot) -> None:
    """Let every queued store write land, workers finish, and the screen redraw."""
    app = pilot.app
    await pilot.pause()
    await asyncio.to_thread(app.writer.drain)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def no_toasts(pilot) -> None:
    """Settle, then clear the start-up toasts (due cards, missed reminders): not the picture."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()
