"""Opening and copying the links of lectures and resources.

A graphical browser opens the link (off the UI thread); a text-mode browser would take over
Cadence's terminal, so then, or when the browser does not open, the link is copied instead.
"""

from __future__ import annotations

import webbrowser

from textual.app import App

from cadence.i18n import _

CONSOLE_BROWSERS = {"www-browser", "lynx", "links", "links2", "elinks", "w3m", "browsh"}


def browser_available() -> bool:
    """True when ``webbrowser`` would open a graphical browser (not one in this terminal)."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    name = getattr(browser, "name", "") or ""
    return name.split("/")[-1] not in CONSOLE_BROWSERS


def launch(url: str) -> bool:
    """Open ``url`` with the system browser (blocking: run it in a thread)."""
    try:
        return bool(webbrowser.open(url))
    except Exception:
        return False


def open_link(app: App[object], url: str) -> None:
    """Open ``url`` in the system browser off the UI thread; copy it when there is no browser."""
    if not browser_available():
        app.copy_to_clipboard(url)
        app.notify(
            _("No browser to open it here: the link was copied instead.") + f"\n{url}",
            severity="warning",
            markup=False,
        )
        return

    def run() -> None:
        if not launch(url):
            app.call_from_thread(app.copy_to_clipboard, url)
            app.call_from_thread(
                app.notify,
                _("The browser did not open: the link was copied instead.") + f"\n{url}",
                severity="warning",
                markup=False,
            )

    app.run_worker(run, thread=True, group="open-link", exit_on_error=False)
    app.notify(_("Opening {url}", url=url), markup=False)


def copy_link(app: App[object], url: str) -> None:
    """Put ``url`` on the clipboard (OSC 52) and say so."""
    app.copy_to_clipboard(url)
    app.notify(_("Link copied: {url}", url=url), markup=False)


class LinkKeys:
    """``o`` / ``c`` on a screen: open or copy the link of what is selected.

    The screen gives ``selected_link`` (None after saying why there is none) and binds
    ``o`` to ``open`` and ``c`` to ``copy``.
    """

    app: App[object]

    def selected_link(self) -> str | None:
        raise NotImplementedError

    def action_open(self) -> None:
        if url := self.selected_link():
            open_link(self.app, url)

    def action_copy(self) -> None:
        if url := self.selected_link():
            copy_link(self.app, url)
