"""The full-screen prompt at a phase's end: it waits for a key and rings again every 30 s.

Any key closes it. Space or enter also starts the next phase when it waits for a
key; ``s`` skips a break that started by itself. It dismisses with "start",
"skip" or None and the timer service does the rest.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Digits, Static

from cadence.domain.timer import PhaseEnded, clock_text
from cadence.i18n import _
from cadence.screens.base import CadenceModal

#: Seconds between two rings while the prompt waits.
REPEAT_S = 30.0


class PhaseEndPrompt(CadenceModal):
    CSS_PATH = "dialogs.tcss"

    def __init__(self, event: PhaseEnded, title: str, message: str) -> None:
        super().__init__()
        self.event = event
        self.title_text = title
        self.message = message
        #: Rings after the first (the service rang once when the phase ended).
        self.repeats = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(id="prompt-title")
            with Center():
                yield Digits(id="prompt-digits")
            yield Static(id="prompt-message")
            yield Static(id="prompt-keys")
            with Center(), Horizontal(id="prompt-buttons"):
                yield Button(_("Start"), id="prompt-start", variant="primary", compact=True)
                yield Button(_("Skip the break"), id="prompt-skip", compact=True)
                yield Button(_("OK"), id="prompt-ok", compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False  # every key belongs to the prompt
        self._draw()
        if self.cadence.settings.prompt_repeat:
            self.set_interval(REPEAT_S, self.ring, name="focus-prompt")

    @property
    def waiting(self) -> bool:
        """The next phase waits for a key (it did not start by itself)."""
        return not self.event.next_running

    @property
    def break_running(self) -> bool:
        return self.event.next_running and self.event.next_phase != "focus"

    def update(self, event: PhaseEnded, title: str, message: str) -> None:
        """Another phase ended while the prompt was up: show the newest."""
        self.event, self.title_text, self.message = event, title, message
        self._draw()

    def _draw(self) -> None:
        length = self.cadence.services.focus.config.length(self.event.next_phase)
        self.query_one("#prompt-title", Static).update(Text(self.title_text, style="bold"))
        self.query_one("#prompt-digits", Digits).update(clock_text(length))
        self.query_one("#prompt-message", Static).update(Text(self.message))
        if self.waiting:
            keys = _("space: start now    any other key: later")
        elif self.break_running:
            keys = _("s: skip the break    any other key: OK")
        else:
            keys = _("Press any key.")
        self.query_one("#prompt-keys", Static).update(Text(keys, style="dim"))
        self.query_one("#prompt-start").display = self.waiting
        self.query_one("#prompt-skip").display = self.break_running

    def ring(self) -> None:
        """Ring again (desktop notification and bell) while nobody answered."""
        self.repeats += 1
        self.cadence.services.focus.ring(self.title_text, self.message)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key in ("space", "enter") and self.waiting:
            self.dismiss("start")
        elif event.key == "s" and self.break_running:
            self.dismiss("skip")
        else:
            self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = {"prompt-start": "start", "prompt-skip": "skip"}.get(event.button.id or "")
        self.dismiss(choice)

    def on_click(self, event: events.Click) -> None:
        if not isinstance(event.widget, Button):
            self.dismiss(None)
