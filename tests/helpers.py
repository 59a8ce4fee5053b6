"""Test helpers."""

from __future__ import annotations


def screen_text(app) -> str:
    """Everything a person would read on the app's current screen, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
