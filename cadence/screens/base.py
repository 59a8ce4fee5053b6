"""What every Cadence screen shares: translated bindings and a data refresh hook."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult, SystemCommand
from textual.screen import ModalScreen, Screen
from textual.widgets import Header

from cadence.domain.schedule import logical_date
from cadence.i18n import _, get_language
from cadence.widgets.bindings import Translated
from cadence.widgets.mode_bar import ModeBar
from cadence.widgets.textual_api import SteadyHeader, compose_widgets, node_bindings

if TYPE_CHECKING:
    pass


class CadenceScreen(Translated, Screen[None]):
    """A top-level screen (a mode). ``refresh_data`` redraws it from the store."""

    #: English title, translated when shown.
    SCREEN_TITLE = ""

    #: The mode this screen is shown as.
    MODE = ""

    def chrome(self) -> ComposeResult:
        """Header and the screen tabs, the top of every screen."""
        self.composed_in = get_language()
        yield SteadyHeader()
        yield ModeBar(self.MODE)

    #: Resume events to let pass without a refresh, as the mount has just refreshed: the
    #: app sets it for a mode's screen (a new mode gets two), else it is one.
    resumes_to_skip: int | None = None
    #: The language the screen was composed in (``chrome`` notes it).
    composed_in = ""

    # Textual calls every class's handler of an event, this one after a subclass's own:
    # a subclass's on_mount / on_resize must not call super() (it would refresh twice).
    @property
    def app_closing(self) -> bool:
        """The app is shutting down: a screen built ahead may still be mounting while its
        widgets are taken away, so its mount leaves them alone."""
        return not self.app.is_running

    #: Refresh at every visit, whether or not a file it shows changed: a screen showing
    #: live state that is not in the store (the focus timer).
    REFRESH_EACH_VISIT = False
    #: A file this screen shows changed since it was filled (or it never was): the next
    #: visit fills it again. A visit finding it fresh shows it as it is.
    stale = True
    #: What the screen was last filled for (``filled_for``).
    _filled_for: object = None

    def on_mount(self) -> None:
        if self.app_closing:
            return
        self.retitle()
        self.fill()
        if self.resumes_to_skip is None:
            # Built ahead in the background (not shown), it refreshes when first shown.
            self.resumes_to_skip = 1 if self.is_active else 0

    def on_screen_resume(self) -> None:
        self.retitle()
        if self.resumes_to_skip:
            self.resumes_to_skip -= 1
            return
        if self.REFRESH_EACH_VISIT or self.stale or self.filled_for() != self._filled_for:
            self.fill()

    def fill(self) -> None:
        """``refresh_data``, noting what the screen is now filled for."""
        filled_for = self.filled_for()
        self.refresh_data()
        self.stale = False
        self._filled_for = filled_for

    def filled_for(self) -> object:
        """What the screen's content depends on besides the files it watches: the plan's
        day, the language, the theme and whether the data is read-only (the settings are
        a file). A screen whose content follows the clock more closely adds to it."""
        app = self.cadence
        day = logical_date(app.clock.now(), app.settings.rollover_hour)
        return (day, get_language(), app.theme, app.runtime.read_only)

    def note_change(self, names: set[str]) -> None:
        """Files changed while this screen is not the one shown: its next visit fills it
        again if they are files it shows (or the settings, which every screen reads)."""
        if not self.WATCHES or any(n.startswith((*self.WATCHES, "settings")) for n in names):
            self.stale = True

    def on_resize(self) -> None:
        self.cadence.check_size()

    async def rebuild(self) -> None:
        """Compose the screen again (in a new language), all but its Header: Textual's
        Header follows the title from its mount, and a Header being taken away while the
        title changes fails (``Widget.recompose`` would replace it)."""
        self.stale = True  # new widgets: filled at the next visit (or resume)
        async with self.batch():
            await self.query_children("*").exclude(".-textual-system").exclude("Header").remove()
            widgets = [w for w in compose_widgets(self) if not isinstance(w, Header)]
            await self.mount_all(widgets)

    def retitle(self) -> None:
        """The screen's name (in the UI language) as the header's sub-title."""
        title = _(self.SCREEN_TITLE)
        if self.cadence.runtime.read_only:
            title += " · " + _("Read-only")
        self.sub_title = title

    #: Prefixes of the store files this screen shows ("plan", "days-"); empty: all of them.
    WATCHES: tuple[str, ...] = ()

    def data_changed(self, names: set[str]) -> None:
        """Files changed (by this app or another process): refresh if they are this screen's."""
        if not self.WATCHES or any(n.startswith(self.WATCHES) for n in names):
            self.fill()

    def refresh_data(self) -> None:
        """Re-read what this screen shows. Called on mount, on resume and when data changes."""

    def palette_commands(self) -> Iterator[SystemCommand]:
        """This screen's actions for the command palette: every binding with a tooltip.

        The tooltip is the command's title, the key and its footer name its help, so
        the palette and the footer never disagree (one list: BINDINGS).
        """
        for _key, binding in node_bindings(self):
            if not binding.tooltip:
                continue
            key = binding.key_display or self.app.get_key_display(binding)
            yield SystemCommand(
                binding.tooltip,
                f"{key} · {binding.description}",
                partial(self.run_action, binding.action),
            )


class CadenceModal(Translated, ModalScreen[object]):
    """A dialog that is not a form (see ``cadence.widgets.form`` for those)."""
