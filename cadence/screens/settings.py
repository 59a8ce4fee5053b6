"""`,`: theme, language, week start, plan start, weekly target. Validated before saving."""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from cadence.domain.plan_time import parse_date
from cadence.i18n import _, get_language
from cadence.screens.base import CadenceModal
from cadence.widgets.reminder_settings import ReminderSettings

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class SettingsScreen(CadenceModal):
    CSS_PATH = "settings.tcss"
    #: The language field gets the focus in ``on_mount``, not Textual's auto focus: that
    #: one scrolls before the first layout and, at 80×24, hides the title above it.
    AUTO_FOCUS = ""
    #: Seconds between two looks at the agent while the dialog is open.
    AGENT_LOOK_S = 2.0
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
        Binding("ctrl+s", "save", "Save", id="settings.save"),
    ]

    def compose(self) -> ComposeResult:
        s = self.cadence.settings
        themes = sorted(self.app.available_themes)
        with Vertical(id="settings-box"):
            yield Static(f"[b]{_('Settings')}[/b]")
            yield Label(_("Language"))
            # The language on screen (``--lang`` may differ from the saved one): saving
            # keeps what the user sees unless they pick another.
            yield Select(
                [("English", "en"), ("简体中文", "zh")],
                value=get_language(),
                allow_blank=False,
                id="language",
            )
            yield Label(_("Theme"))
            yield Select(
                [(t, t) for t in themes], value=self.app.theme, allow_blank=False, id="theme"
            )
            yield Label(_("Week starts on"))
            yield Select(
                [(_(d), i) for i, d in enumerate(WEEKDAYS)],
                value=s.week_start,
                allow_blank=False,
                id="week-start",
            )
            yield Label(_("Plan start (YYYY-MM-DD)"))
            yield Input(s.plan_start, id="plan-start")
            yield Label(_("Weekly study target (hours)"))
            yield Input(f"{s.weekly_target_h:g}", id="target")
            yield ReminderSettings(s)
            yield from self._background_lines()
            yield Static("", id="settings-error")
            with Horizontal(id="settings-buttons"):
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def _background_lines(self) -> ComposeResult:
        """What runs in the background: the agent (reminders when Cadence is closed) and
        the last sync with its result."""
        from cadence.services.presence import agent_running, describe_agent
        from cadence.services.sync import describe_sync

        app = self.cadence
        agent = describe_agent(agent_running(app.store.root))
        yield Static(Text(agent), id="agent-status", classes="background-line")
        yield Static(
            Text(describe_sync(app.services.sync)), id="sync-status", classes="background-line"
        )

    def on_mount(self) -> None:
        self.query_one("#language", Select).focus(scroll_visible=False)
        # A sync that ends while the dialog is open (here or in the agent) shows at once,
        # and the agent's line follows an agent that starts or stops meanwhile.
        self.cadence.services.sync.add_listener(self._sync_done)
        self.set_interval(self.AGENT_LOOK_S, self._look_at_agent, name="settings-agent")

    def _look_at_agent(self) -> None:
        from cadence.services.presence import agent_running, describe_agent

        line = describe_agent(agent_running(self.cadence.store.root))
        self.query_one("#agent-status", Static).update(Text(line))

    def on_unmount(self) -> None:
        self.cadence.services.sync.remove_listener(self._sync_done)

    def _sync_done(self) -> None:
        from cadence.services.sync import describe_sync

        line = describe_sync(self.cadence.services.sync)
        self.query_one("#sync-status", Static).update(Text(line))

    def _error(self, message: str) -> None:
        self.query_one("#settings-error", Static).update(f"[b red]{message}[/]")

    def _read(self):
        s = self.cadence.settings
        start_text = self.query_one("#plan-start", Input).value.strip()
        try:
            start = parse_date(start_text).isoformat()
        except ValueError:
            self._error(_("Not a date: use YYYY-MM-DD"))
            self.query_one("#plan-start", Input).focus()
            return None
        try:
            target = float(self.query_one("#target", Input).value.strip())
            if not 0 < target <= 100:
                raise ValueError
        except ValueError:
            self._error(_("Not a number of hours between 0 and 100"))
            self.query_one("#target", Input).focus()
            return None
        reminders = self.query_one(ReminderSettings).apply(s)
        if isinstance(reminders, str):
            self._error(reminders)
            return None
        return dataclasses.replace(
            reminders,
            language=str(self.query_one("#language", Select).value),
            theme=str(self.query_one("#theme", Select).value),
            week_start=int(self.query_one("#week-start", Select).value),  # type: ignore[arg-type]
            plan_start=start,
            weekly_target_h=target,
        )

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        new = self._read()
        if new is None:
            return  # nothing saved; the message says why
        app = self.cadence
        switching = new.language != get_language()
        # After a switch of language, "saved" is said in the new one (the writer keeps the
        # order: the save has landed when the switch's own write has).
        app.save_settings(new, quiet=switching)
        if new.theme != app.theme:
            app.theme = new.theme
        self.dismiss(None)
        await app.apply_language(new.language)
        if switching:
            app.notify(_("Settings saved"))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
