"""CadenceApp: the five modes, global keys, theme and language, and the data plumbing."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from cadence.data.models import Settings
from cadence.data.store import ReadOnlyError
from cadence.i18n import _, get_language, set_language
from cadence.notify import CallbackBackend, Notification, Notifier, system_backends
from cadence.runtime import Runtime, describe_notice
from cadence.screens.base import CadenceScreen, translate_bindings
from cadence.services import start_services

log = logging.getLogger("cadence.app")


def _today() -> Screen:
    from cadence.screens.today.screen import TodayScreen

    return TodayScreen()


def _roadmap() -> Screen:
    from cadence.screens.roadmap.screen import RoadmapScreen

    return RoadmapScreen()


def _focus() -> Screen:
    from cadence.screens.focus.screen import FocusScreen

    return FocusScreen()


def _kanban() -> Screen:
    from cadence.screens.kanban.screen import KanbanScreen

    return KanbanScreen()


def _insights() -> Screen:
    from cadence.screens.insights.screen import InsightsScreen

    return InsightsScreen()


# Factories, so each screen's module is imported only when first shown (fast start).
SCREENS_BY_MODE: dict[str, Callable[[], Screen]] = {
    "today": _today,
    "roadmap": _roadmap,
    "focus": _focus,
    "kanban": _kanban,
    "insights": _insights,
}
MODE_TITLES = {
    "today": "Today",
    "roadmap": "Roadmap",
    "focus": "Focus",
    "kanban": "Kanban",
    "insights": "Insights",
}


class DataChanged(Message):
    """Files of the store changed (by this app or another process)."""

    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names


class CadenceApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Cadence"
    MODES = SCREENS_BY_MODE
    DEFAULT_MODE = "today"
    BINDINGS = [
        Binding("1", "switch_mode('today')", "Today", show=False, id="mode.today"),
        Binding("2", "switch_mode('roadmap')", "Roadmap", show=False, id="mode.roadmap"),
        Binding("3", "switch_mode('focus')", "Focus", show=False, id="mode.focus"),
        Binding("4", "switch_mode('kanban')", "Kanban", show=False, id="mode.kanban"),
        Binding("5", "switch_mode('insights')", "Insights", show=False, id="mode.insights"),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
        Binding("comma", "settings", "Settings", key_display=",", show=False, id="app.settings"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self, runtime: Runtime, *, poll_interval: float = 1.0, notifier: Notifier | None = None
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.notifier = notifier or self._default_notifier()
        self.runtime = runtime
        self.clock = runtime.clock
        self.repo = runtime.repo
        self.store = runtime.store
        self._poll_interval = poll_interval
        self.settings = self.repo.settings()
        self._bench_exit = os.environ.get("CADENCE_BENCH_PAINTED") == "1"
        #: Called with the names of files another process changed (services follow them).
        self.external_change_listeners: list[Callable[[set[str]], None]] = []
        #: A focus label asked for from another screen, taken by the Focus screen.
        self.focus_request: tuple[str, str | None] | None = None

    # ------------------------------------------------------------ start

    def on_mount(self) -> None:
        try:
            self.theme = self.settings.theme
        except Exception:
            self.theme = "textual-dark"
        self.store.add_listener(self._stored)
        if self.runtime.read_only_reason:
            self.notify(
                _("Opened read-only: {detail}", detail=self.runtime.read_only_reason),
                title=_("Read-only"),
                severity="warning",
                timeout=15,
            )
        for message in self.runtime.messages:
            self.notify(message, title=_("Data"), severity="warning", timeout=10)
        self._show_notices()
        self.set_interval(self._poll_interval, self._poll)
        # After the first paint: nothing a service does may delay the first screen.
        self.call_after_refresh(start_services, self)
        if self._bench_exit:
            self.call_after_refresh(lambda: self.call_after_refresh(self.exit))

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and self.settings.theme != theme and not self.runtime.read_only:
            self.settings.theme = theme
            self.save_settings(self.settings, quiet=True)

    def _default_notifier(self) -> Notifier:
        # The desktop first (plyer, notify-send, osascript), the in-app toast last.
        return Notifier([*system_backends(), CallbackBackend("toast", self._toast)])

    def _toast(self, note: Notification) -> None:
        """Last resort for notifications: an in-app toast and the terminal bell."""

        def show() -> None:
            self.notify(note.message, title=note.title, timeout=10, markup=False)
            self.bell()

        if threading.get_ident() == self._thread_id:
            show()
        else:
            self.call_from_thread(show)

    def check_size(self) -> None:
        """Cover the app with a message while the terminal is below 80×24 (screens call this)."""
        from cadence.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    # ------------------------------------------------------------ data plumbing

    def _stored(self, names: set[str]) -> None:
        # Runs in the writing thread.
        self.call_from_thread(self.post_message, DataChanged(names))

    def _poll(self) -> None:
        changed = self.store.poll()
        self._show_notices()
        if changed:
            for listener in self.external_change_listeners:
                try:
                    listener(changed)
                except Exception:  # a service's trouble never stops the poll
                    log.exception("a listener failed on %s", changed)
            self.post_message(DataChanged(changed))

    def on_data_changed(self, message: DataChanged) -> None:
        if any(n.startswith("settings") for n in message.names):
            self.settings = self.repo.settings()
        if not self.is_running:  # a write that ended while the app closes: screens are going
            return
        screen = self.screen
        if isinstance(screen, CadenceScreen):
            screen.refresh_data()

    def _show_notices(self) -> None:
        for notice in self.store.take_notices():
            message, title, severity = describe_notice(notice)
            self.notify(message, title=title, severity=severity, timeout=20, markup=False)

    def persist(self, change: Callable[[], object], *, done: str | None = None) -> None:
        """Run a store change off the UI thread; errors and read-only are reported here, once."""
        if self.runtime.read_only:
            self.notify(_("Nothing was saved: the data is open read-only."), severity="error")
            return
        self._persist(change, done)

    @work(thread=True, exclusive=False, group="store")
    def _persist(self, change: Callable[[], object], done: str | None) -> None:
        try:
            change()
        except ReadOnlyError:
            self.call_from_thread(
                self.notify, _("Nothing was saved: the data is open read-only."), severity="error"
            )
        except Exception as exc:  # one place for every failed write
            self.call_from_thread(
                self.notify, _("Could not save: {error}", error=str(exc)), severity="error"
            )
        else:
            if done:
                self.call_from_thread(self.notify, done)

    def save_settings(self, settings: Settings, *, quiet: bool = False) -> None:
        self.settings = settings
        self.persist(
            lambda: self.repo.save_settings(settings), done=None if quiet else _("Settings saved")
        )

    # ------------------------------------------------------------ actions

    def start_focus(self, label: str, link: str | None = None) -> None:
        """Open Focus with ``label`` (and a link such as "block:<id>") as what the session is for."""
        self.focus_request = (label, link)
        self.switch_mode("focus")

    def action_help(self) -> None:
        from cadence.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_settings(self) -> None:
        from cadence.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    async def apply_language(self, language: str) -> None:
        """Switch the UI language now: every screen is rebuilt in it."""
        if language == get_language():
            return
        set_language(language)
        translate_bindings(self)
        current = self.current_mode
        for mode, factory in SCREENS_BY_MODE.items():
            if mode != current and mode in self._screen_stacks:
                await self.remove_mode(mode)
                self.add_mode(mode, factory)
        screen = self.get_screen_stack(current)[0] if current else None
        if isinstance(screen, CadenceScreen):
            translate_bindings(screen)
            await screen.recompose()
            screen.on_screen_resume()
        self.refresh_bindings()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for mode, title in MODE_TITLES.items():
            yield SystemCommand(
                _("Switch to {screen}", screen=_(title)),
                _("Go to the {screen} screen", screen=_(title)),
                lambda mode=mode: self.switch_mode(mode),
            )
        yield SystemCommand(_("Keys"), _("Show the keys of this screen"), self.action_help)
        yield SystemCommand(_("Settings"), _("Open settings"), self.action_settings)
        from cadence.screens.insights.commands import system_commands  # weekly review, exports

        yield from system_commands(self)
        yield from super().get_system_commands(screen)
