"""The reminders part of Settings: how early to remind, muting, and which notifier is in use
(with a button that sends a test notification)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from cadence.data.models import Settings
from cadence.domain import reminders as rules
from cadence.i18n import _

if TYPE_CHECKING:
    from cadence.app import CadenceApp

MAX_LEAD_MIN = 120
KEEP = "keep"


class ReminderSettings(Vertical):
    """Rows for the settings form; :meth:`apply` reads them into a Settings (or an error)."""

    DEFAULT_CSS = """
    ReminderSettings { height: auto; }
    ReminderSettings Label { margin-top: 1; }
    ReminderSettings #notify-row { height: auto; }
    ReminderSettings #notifier-name { width: 1fr; height: auto; padding: 1 0 0 0; }
    ReminderSettings #test-notification { margin-top: 1; }
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(id="reminder-settings")
        self.settings = settings

    @property
    def cadence(self) -> CadenceApp:
        return cast("CadenceApp", self.app)

    def compose(self) -> ComposeResult:
        s = self.settings
        yield Label(_("Remind me this many minutes before a block (0: only at the start)"))
        yield Input(str(s.reminder_lead_min), id="lead-min")
        yield Label(_("Reminders"))
        options = [(_("On"), "on")]
        options += [(label, value) for label, value in self._mute_options()]
        now = self.cadence.clock.now()
        value = "on"
        if rules.muted(s.reminders_muted_until, now):
            until = (s.reminders_muted_until or "")[11:16]
            options.insert(1, (_("Muted until {time}", time=until), KEEP))
            value = KEEP
        yield Select(options, value=value, allow_blank=False, id="mute")
        with Horizontal(id="notify-row"):
            yield Static(id="notifier-name")
            yield Button(_("Send a test notification"), id="test-notification")

    def _mute_options(self) -> list[tuple[str, str]]:
        return [
            (_("Muted for an hour"), "60"),
            (_("Muted for the rest of the day"), "day"),
        ]

    def on_mount(self) -> None:
        self._show_backend()

    def _show_backend(self) -> None:
        name = self.cadence.notifier.describe()
        if name == "toast":
            name = _("in-app message and terminal bell")
        name = name or _("none")
        self.query_one("#notifier-name", Static).update(
            _("Notifications through: {name}", name=name)
        )

    @on(Button.Pressed, "#test-notification")
    def send_test(self) -> None:
        self.cadence.notifier.send(
            _("Cadence test notification"), _("If you can read this, reminders reach you.")
        )
        # The backend is known once the worker has tried; look again shortly.
        self.set_timer(1.0, self._show_backend)
        self.set_timer(10.0, self._show_backend)

    def apply(self, settings: Settings) -> Settings | str:
        """``settings`` with these rows applied, or the message to show (nothing applied)."""
        text = self.query_one("#lead-min", Input).value.strip()
        if not text.isdigit() or int(text) > MAX_LEAD_MIN:
            self.query_one("#lead-min", Input).focus()
            return _("Minutes before a block: a whole number from 0 to {max}", max=MAX_LEAD_MIN)
        choice = str(self.query_one("#mute", Select).value)
        muted_until = settings.reminders_muted_until
        if choice == "on":
            muted_until = None
        elif choice != KEEP:
            app = self.cadence
            until = rules.mute_until(choice, app.clock.now(), settings.rollover_hour, app.clock.tz)
            muted_until = until.isoformat()
        return dataclasses.replace(
            settings, reminder_lead_min=int(text), reminders_muted_until=muted_until
        )
