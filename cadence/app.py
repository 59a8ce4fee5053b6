"""CadenceApp: the five modes, global keys, theme and language, and the data plumbing."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import gc
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from cadence.data.errors import describe_error
from cadence.data.merge import merging
from cadence.data.models import Settings
from cadence.data.seed import PlanPreview
from cadence.data.store import ReadOnlyError
from cadence.domain.timer import PhaseEnded
from cadence.i18n import _, get_language, set_language
from cadence.notify import CallbackBackend, Notification, Notifier, system_backends
from cadence.runtime import Runtime, describe_notice
from cadence.screens.base import CadenceScreen
from cadence.services import Services, build_services
from cadence.services.host import Timer, Toast
from cadence.services.writer import SerialWriter
from cadence.widgets.bindings import translate_bindings
from cadence.widgets.textual_api import (
    build_screen,
    has_mode_stack,
    load_screen_css,
    mark_css_current,
)

log = logging.getLogger("cadence.app")


def _today() -> Screen[None]:
    from cadence.screens.today.screen import TodayScreen

    return TodayScreen()


def _roadmap() -> Screen[None]:
    from cadence.screens.roadmap.screen import RoadmapScreen

    return RoadmapScreen()


def _focus() -> Screen[None]:
    from cadence.screens.focus.screen import FocusScreen

    return FocusScreen()


def _kanban() -> Screen[None]:
    from cadence.screens.kanban.screen import KanbanScreen

    return KanbanScreen()


def _insights() -> Screen[None]:
    from cadence.screens.insights.screen import InsightsScreen

    return InsightsScreen()


# Factories, so each screen's module is imported only when first shown (fast start).
SCREENS_BY_MODE: dict[str, Callable[[], Screen[None]]] = {
    "today": _today,
    "roadmap": _roadmap,
    "focus": _focus,
    "kanban": _kanban,
    "insights": _insights,
}
#: The modes built ahead, one per idle moment after the first paint, in this order.
BUILT_AHEAD = ("roadmap", "kanban", "focus", "insights")
#: Seconds between the first paint and building the first screen ahead, and between two.
BUILD_AHEAD_S = (0.1, 0.05)
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


class _OnMain(Message):
    """Run a callback on the UI thread (posted from a worker thread; never blocks it)."""

    def __init__(self, callback: Callable[[], object]) -> None:
        super().__init__()
        self.callback = callback


def _severity(name: str) -> SeverityLevel:
    return "warning" if name == "warning" else "error" if name == "error" else "information"


class AppHost:
    """What the services need, given by the open app (see ``cadence.services.host``)."""

    def __init__(self, app: CadenceApp) -> None:
        self._app = app
        self.clock = app.clock
        self.repo = app.repo
        self.store = app.store

    @property
    def notifier(self) -> Notifier:
        return self._app.notifier

    @property
    def settings(self) -> Settings:
        return self._app.settings

    @property
    def read_only(self) -> bool:
        return self._app.runtime.read_only

    #: The open UI: someone looks at it, it saves the timer, and its timers (Textual's,
    #: on the monotonic clock) miss a jump of the wall clock, so services look every 5 s.
    role = "app"
    watched = True
    drives_timer = True
    max_sleep = 5.0

    def persist(self, change: Callable[[], object], *, done: str | None = None) -> None:
        self._app.persist(change, done=done)

    def toast(self, toast: Toast) -> None:
        message, title, timeout = toast.message, toast.title, toast.timeout
        if toast.quiet:
            from cadence.widgets.quiet_toast import QuietToast

            QuietToast(
                self._app, message, title=title, severity=toast.severity, timeout=timeout
            ).show()
            return
        self._app.notify(message, title=title, severity=_severity(toast.severity), timeout=timeout)

    def bell(self) -> None:
        self._app.bell()

    def after(self, delay: float, callback: Callable[[], None], *, name: str = "") -> Timer:
        # Textual's timers divide by their delay: "now" is a tiny delay, not zero.
        return self._app.set_timer(max(delay, 0.001), callback, name=name or None)

    def every(self, interval: float, callback: Callable[[], None], *, name: str = "") -> Timer:
        return self._app.set_interval(interval, callback, name=name or None)

    def on_main(self, callback: Callable[[], object]) -> None:
        self._app.post_message(_OnMain(callback))

    def follow(self, callback: Callable[[set[str]], None]) -> None:
        self._app.external_change_listeners.append(callback)


class CadenceApp(App[None]):
    # The house style every screen shares, and Today's: one parse before the first paint.
    CSS_PATH = ["screens/app.tcss", "screens/today/today.tcss"]
    TITLE = "Cadence"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = dict(SCREENS_BY_MODE)
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
        #: Screens built ahead in idle time (see ``_build_ahead``), by mode, not shown yet.
        self._built: dict[str, CadenceScreen] = {}
        # This app's modes, read by Textual's __init__ (``remove_mode`` needs a running
        # loop): those built ahead show the built screen, else a new one.
        self.MODES = {  # type: ignore[misc]
            **SCREENS_BY_MODE,
            **{mode: partial(self._mode_screen, mode) for mode in BUILT_AHEAD},
        }
        super().__init__()
        translate_bindings(self)
        self.notifier = notifier or self._default_notifier()
        self.runtime = runtime
        self.clock = runtime.clock
        self.repo = runtime.repo
        self.store = runtime.store
        self._poll_interval = poll_interval
        self.settings = self.repo.settings()
        #: The settings as last read from the store: what a save compares with.
        self._settings_read = copy.deepcopy(self.settings)
        self._bench_exit = os.environ.get("CADENCE_BENCH_PAINTED") == "1"
        #: Called with the names of files another process changed (services follow them).
        self.external_change_listeners: list[Callable[[set[str]], None]] = []
        #: Every store change of this app runs here, one after another, in order.
        self.writer = SerialWriter()
        self.host = AppHost(self)
        #: The app-wide services; started after the first paint.
        self.services: Services = build_services(self.host)
        self.services.focus.add_listener(self._timer_changed)
        self._timer_status = ""
        self.services.focus.add_phase_end_listener(self._phase_ended)

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
        self.call_after_refresh(self._first_painted)
        self.call_after_refresh(self._build_ahead, BUILD_AHEAD_S[0])
        if self._bench_exit:
            self.call_after_refresh(lambda: self.call_after_refresh(self.exit))

    def _first_painted(self) -> None:
        if not gc.isenabled():  # ``cadence`` starts with the collector off (see cli._run_ui)
            # What the start made lives as long as the app: out of the collector's way.
            gc.freeze()
            gc.enable()
        self.services.start()

    def _mode_screen(self, mode: str) -> Screen[None]:
        """A mode's screen when it is first switched to: the one built ahead, else a new one.

        Textual resumes a new mode's screen twice when switching to it (the start-up
        screen once, and it is made by ``MODES``' own factory).
        """
        built = self._built.pop(mode, None)
        if built is not None and built.composed_in != get_language():
            self.call_later(built.remove)  # built in the old words, long mounted by now
            built = None
        if built is not None:
            built.resumes_to_skip = 1  # mounted a while ago: refreshed on the second
            return built
        screen = SCREENS_BY_MODE[mode]()
        if isinstance(screen, CadenceScreen):
            screen.resumes_to_skip = 2  # its mount refreshes it
        return screen

    def _build_ahead(self, delay: float) -> None:
        """Build the next mode's screen in the background, after ``delay`` seconds of
        whatever the user does, so that its first visit costs what a later one does."""

        def build() -> None:
            if not self.is_running:
                return
            mode = next(
                (m for m in BUILT_AHEAD if m not in self._built and not has_mode_stack(self, m)),
                None,
            )
            if mode is None:
                return
            screen = SCREENS_BY_MODE[mode]()
            if not isinstance(screen, CadenceScreen):
                return
            load_screen_css(self, screen)
            mark_css_current(self, screen)
            build_screen(self, screen)
            self._built[mode] = screen
            self.call_after_refresh(self._build_ahead, BUILD_AHEAD_S[1])

        self.set_timer(delay, build, name="build-ahead")

    def watch_theme(self, theme: str) -> None:
        settings: Settings | None = getattr(self, "settings", None)  # None during __init__
        if settings is not None and settings.theme != theme and not self.runtime.read_only:
            self.save_settings(dataclasses.replace(self.settings, theme=theme), quiet=True)

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
        else:  # from a worker: post, never wait (the writer may be draining at exit)
            self.post_message(_OnMain(show))

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
        # Runs in the writing thread; post_message is thread-safe and does not wait.
        self.post_message(DataChanged(names))

    def on__on_main(self, message: _OnMain) -> None:
        message.callback()

    def on_unmount(self) -> None:
        # Nothing the user did is dropped on the way out: the queued writes land first.
        self.writer.close()

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
            self._settings_read = copy.deepcopy(self.settings)
        if not self.is_running:  # a write that ended while the app closes: screens are going
            return
        screen = self.screen
        if isinstance(screen, CadenceScreen):
            screen.data_changed(message.names)
        # The other screens (under a dialog, in other modes, built ahead) refresh when
        # next shown, and only if they show one of these files.
        for other in self._mode_screens():
            if other is not screen:
                other.note_change(message.names)

    def _mode_screens(self) -> Iterator[CadenceScreen]:
        """Every mode's screens, those built ahead included."""
        for mode in SCREENS_BY_MODE:
            if has_mode_stack(self, mode):
                for screen in self.get_screen_stack(mode):
                    if isinstance(screen, CadenceScreen):
                        yield screen
        yield from self._built.values()

    def _show_notices(self) -> None:
        for notice in self.store.take_notices():
            message, title, severity = describe_notice(notice)
            self.notify(
                message, title=title, severity=_severity(severity), timeout=20, markup=False
            )

    def persist(self, change: Callable[[], object], *, done: str | None = None) -> None:
        """Run a store change off the UI thread, after every change asked for before it.

        Errors and read-only are reported here, once. ``done`` is said when it landed.
        """
        if self.runtime.read_only:
            self.notify(_("Nothing was saved: the data is open read-only."), severity="error")
            return

        def outcome(_result: object, error: BaseException | None) -> None:
            # The writer's thread: post, never wait for the UI.
            if isinstance(error, ReadOnlyError):
                text, severity = _("Nothing was saved: the data is open read-only."), "error"
            elif error is not None:
                text, severity = _("Could not save: {error}", error=describe_error(error)), "error"
            elif done:
                text, severity = done, "information"
            else:
                return
            self.post_message(_OnMain(lambda: self.notify(text, severity=_severity(severity))))

        self.writer.submit(change, outcome)

    def save_settings(self, settings: Settings, *, quiet: bool = False) -> None:
        """Save the fields of ``settings`` that differ from the settings as last read.

        Only those fields are written, onto the settings as they are on disk then: a
        change made meanwhile by another process (a field this edit did not touch) is
        kept; one it did touch too is kept as well, and said.
        """
        change, conflicts = merging(self._settings_read, settings)
        self.settings = settings

        def save() -> None:
            self.repo.update_settings(change)
            if conflicts:
                fields = ", ".join(conflicts)
                self.host.on_main(
                    lambda: self.notify(
                        _("Changed elsewhere meanwhile, kept as it was: {fields}", fields=fields),
                        severity="warning",
                    )
                )

        self.persist(save, done=None if quiet else _("Settings saved"))

    async def persist_and_wait(self, change: Callable[[], object]) -> object:
        """Run ``change`` on the writer (after every change queued before it) and wait for it."""
        loop = asyncio.get_running_loop()
        landed: asyncio.Future[object] = loop.create_future()

        def outcome(result: object, error: BaseException | None) -> None:
            def settle() -> None:
                if landed.done():
                    return
                if error is not None:
                    landed.set_exception(error)
                else:
                    landed.set_result(result)

            loop.call_soon_threadsafe(settle)

        self.writer.submit(change, outcome)
        return await landed

    # ------------------------------------------------------------ actions

    def start_focus(self, label: str, link: str | None = None) -> None:
        """Focus on ``label`` (and a link such as "block:<id>"), and show Focus."""
        self.services.focus.focus_on(label, link)
        self.switch_mode("focus")

    def _timer_changed(self) -> None:
        # Keys such as "pause" or "start" depend on the timer's status: show the right ones.
        status = self.services.focus.state.status
        if status == self._timer_status:
            return
        self._timer_status = status
        if self.screen_stack:  # empty while the app shuts down
            self.refresh_bindings()

    def _phase_ended(self, event: PhaseEnded, title: str, message: str) -> None:
        """A focus phase ended now: the full-screen prompt waits for a key."""
        from cadence.screens.focus.prompt import show_phase_end

        show_phase_end(self, event, title, message)

    def action_help(self) -> None:
        from cadence.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_settings(self) -> None:
        from cadence.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    async def apply_language(self, language: str) -> None:
        """Switch the UI language now: the plan's text follows (edited text stays as typed),
        and every screen is rebuilt in it."""
        if language == get_language():
            return
        repo = self.repo
        if isinstance(repo, PlanPreview):
            repo.show_language(language)  # read-only: shown in it, nothing written
        else:
            try:
                await self.persist_and_wait(
                    lambda: repo.switch_plan_language(language, save_setting=True)
                )
            except Exception as exc:  # the UI still switches; the plan's text stays
                self.notify(describe_error(exc), severity="error")
        set_language(language)
        translate_bindings(self)
        current = self.current_mode
        for mode in SCREENS_BY_MODE:
            if mode != current and has_mode_stack(self, mode):
                await self.remove_mode(mode)
                self.add_mode(mode, partial(self._mode_screen, mode))
        # Screens built ahead in the old words are left as they are (one may still be
        # mounting): a first visit makes a new one instead (``_mode_screen``).
        screen = self.get_screen_stack(current)[0] if current else None
        if isinstance(screen, CadenceScreen):
            translate_bindings(screen)
            screen.retitle()
            await screen.rebuild()
            # The new widgets' own children mount a moment later (on a busy machine after
            # recompose returns): fill them in once they are there.
            screen.call_after_refresh(screen.on_screen_resume)
        self.refresh_bindings()
        # What the start made was frozen out of the collector's way (``_first_painted``):
        # the widgets and screens replaced here are among it, and would never be freed.
        gc.unfreeze()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if isinstance(screen, CadenceScreen):
            yield from screen.palette_commands()
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
