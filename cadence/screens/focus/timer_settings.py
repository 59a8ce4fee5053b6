"""The timer's settings: phase lengths, the long break's rhythm, what starts by itself,
the prompt's repeat. Returns the changed fields; the Focus screen saves them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Switch

from cadence.i18n import _
from cadence.widgets.form import FormDialog, FormError

#: field id -> (settings name, lowest, highest)
NUMBERS = {
    "focus-min": ("focus_min", 1, 180),
    "short-min": ("short_break_min", 1, 60),
    "long-min": ("long_break_min", 1, 120),
    "every": ("long_break_every", 1, 12),
}
#: field id -> settings name
SWITCHES = {
    "auto-breaks": "auto_start_breaks",
    "auto-focus": "auto_start_focus",
    "repeat": "prompt_repeat",
}


class TimerSettingsScreen(FormDialog[dict[str, object]]):
    """Returns ``{settings name: value}`` for every field, checked."""

    CSS_PATH = "dialogs.tcss"

    def __init__(self) -> None:
        super().__init__(_("Timer settings"))

    def fields(self) -> ComposeResult:
        s = self.cadence.settings
        labels = {
            "focus-min": _("Focus (minutes)"),
            "short-min": _("Short break (minutes)"),
            "long-min": _("Long break (minutes)"),
            "every": _("Long break after this many focus phases"),
            "auto-breaks": _("Breaks start by themselves"),
            "auto-focus": _("Focus starts by itself after a break"),
            "repeat": _("Ring again every 30 s until a key is pressed"),
        }
        for field_id, (name, _lo, _hi) in NUMBERS.items():
            with Horizontal(classes="setting"):
                yield Label(labels[field_id])
                yield Input(str(getattr(s, name)), id=field_id, type="integer", compact=True)
        for field_id, name in SWITCHES.items():
            with Horizontal(classes="setting"):
                yield Label(labels[field_id])
                yield Switch(bool(getattr(s, name)), id=field_id)

    def result(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for field_id, (name, low, high) in NUMBERS.items():
            text = self.query_one(f"#{field_id}", Input).value.strip()
            if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
                raise FormError(
                    _("A whole number from {low} to {high}, please.", low=low, high=high),
                    f"#{field_id}",
                )
            out[name] = int(text)
        for field_id, name in SWITCHES.items():
            out[name] = self.query_one(f"#{field_id}", Switch).value
        return out
