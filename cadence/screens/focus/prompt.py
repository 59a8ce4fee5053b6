"""The full-screen prompt at a phase's end: it waits for a key and rings again every 30 s.

Any key closes it. Space or enter also starts the next phase when it waits for a
key; ``s`` skips a break that started by itself; ``t`` ticks the block the focus was
on (a session linked to ``block:<id>``). It dismisses with "start", "skip", "tick"
or None; :func:`show_phase_end` does the rest (the timer service, or the day's
record through ``app.persist``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Digits, Static

from cadence.clock import parse_local
from cadence.domain.schedule import blocks_for, logical_date
from cadence.domain.timer import PhaseEnded, clock_text
from cadence.i18n import _
from cadence.screens.base import CadenceModal

if TYPE_CHECKING:
    from cadence.app import CadenceApp

#: Seconds between two rings while the prompt waits.
REPEAT_S = 30.0
BLOCK_LINK = "block:"


@dataclass(frozen=True)
class LinkedBlock:
    """The block a focus phase was on: its date (ISO), id and title."""

    date: str
    block_id: str
    title: str


def linked_block(app: CadenceApp, event: PhaseEnded) -> LinkedBlock | None:
    """The block a focus phase that just ended was linked to, when it is still to tick."""
    if event.phase != "focus" or event.reason != "ended":
        return None
    session = event.session
    link = session.link if session is not None else app.services.focus.state.link
    if not link or not link.startswith(BLOCK_LINK):
        return None
    block_id = link[len(BLOCK_LINK) :]
    tz = app.clock.tz
    try:
        started = parse_local(session.start, tz) if session is not None else app.clock.now()
    except ValueError:
        return None
    day = logical_date(started, app.settings.rollover_hour)
    record = app.repo.day(day.isoformat())
    for block in blocks_for(app.repo.plan().templates, record, day, tz):
        if block.block.id == block_id:
            if block.state == "done":
                return None
            return LinkedBlock(day.isoformat(), block_id, block.block.title)
    return None


def tick_block(app: CadenceApp, block: LinkedBlock) -> None:
    """Mark the block done on its date (one transaction, on the app's writer)."""

    def done(record):
        record.states[block.block_id] = "done"

    repo = app.repo
    app.persist(
        lambda: repo.update_day(block.date, done), done=_("Ticked: {title}", title=block.title)
    )


def show_phase_end(app: CadenceApp, event: PhaseEnded, title: str, message: str) -> None:
    """Show the prompt for a phase that ended now (or update the one already up)."""
    for screen in app.screen_stack:
        if isinstance(screen, PhaseEndPrompt):
            screen.update(event, title, message, linked_block(app, event))
            return
    prompt = PhaseEndPrompt(event, title, message, linked_block(app, event))

    def closed(result: object) -> None:
        focus = app.services.focus
        if result == "start":
            focus.start_phase()
        elif result == "skip":
            focus.skip()
        elif result == "tick" and prompt.block is not None:
            tick_block(app, prompt.block)

    app.push_screen(prompt, closed)


class PhaseEndPrompt(CadenceModal):
    CSS_PATH = "dialogs.tcss"

    def __init__(
        self, event: PhaseEnded, title: str, message: str, block: LinkedBlock | None = None
    ) -> None:
        super().__init__()
        self.event = event
        self.title_text = title
        self.message = message
        #: The block the focus was on, offered to tick with ``t``.
        self.block = block
        #: Rings after the first (the service rang once when the phase ended).
        self.repeats = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(id="prompt-title")
            with Center():
                yield Digits(id="prompt-digits")
            yield Static(id="prompt-message")
            yield Static(id="prompt-tick")
            yield Static(id="prompt-keys")
            with Center(), Horizontal(id="prompt-buttons"):
                yield Button(_("Start"), id="prompt-start", variant="primary", compact=True)
                yield Button(_("Skip the break"), id="prompt-skip", compact=True)
                yield Button(_("Tick the block"), id="prompt-tick-button", compact=True)
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

    def update(
        self, event: PhaseEnded, title: str, message: str, block: LinkedBlock | None = None
    ) -> None:
        """Another phase ended while the prompt was up: show the newest."""
        self.event, self.title_text, self.message = event, title, message
        self.block = block
        self._draw()

    def _draw(self) -> None:
        length = self.cadence.services.focus.config.length(self.event.next_phase)
        self.query_one("#prompt-title", Static).update(Text(self.title_text, style="bold"))
        self.query_one("#prompt-digits", Digits).update(clock_text(length))
        self.query_one("#prompt-message", Static).update(Text(self.message))
        tick = self.query_one("#prompt-tick", Static)
        tick.display = self.block is not None
        if self.block is not None:
            tick.update(
                Text.assemble(
                    ("t", "bold"), "  ", _("tick the block: {title}", title=self.block.title)
                )
            )
        if self.waiting:
            keys = _("space: start now    any other key: later")
        elif self.break_running:
            keys = _("s: skip the break    any other key: OK")
        else:
            keys = _("Press any key.")
        self.query_one("#prompt-keys", Static).update(Text(keys, style="dim"))
        self.query_one("#prompt-start").display = self.waiting
        self.query_one("#prompt-skip").display = self.break_running
        self.query_one("#prompt-tick-button").display = self.block is not None

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
        elif event.key == "t" and self.block is not None:
            self.dismiss("tick")
        else:
            self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = {
            "prompt-start": "start",
            "prompt-skip": "skip",
            "prompt-tick-button": "tick",
        }.get(event.button.id or "")
        self.dismiss(choice)

    def on_click(self, event: events.Click) -> None:
        if not isinstance(event.widget, Button):
            self.dismiss(None)
