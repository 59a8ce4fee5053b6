"""A toast that never covers a dialog: the one the app shows when it opens.

It waits while a dialog (any modal screen: the daily review, settings, a prompt) is
open, shows once none is, and leaves as soon as one opens on top of it. It looks
four times a second while it waits or shows, and not at all after that.
"""

from __future__ import annotations

import time
from typing import Any

from textual.app import App
from textual.notifications import Notification
from textual.screen import ModalScreen
from textual.timer import Timer

from cadence.widgets.textual_api import dismiss_notification, show_notification

LOOK_EVERY_S = 0.25


class QuietToast:
    def __init__(
        self,
        app: App[Any],
        message: str,
        *,
        title: str = "",
        severity: str = "information",
        timeout: float = 10,
    ) -> None:
        self.app = app
        self.notification = Notification(
            message,
            title,
            severity,  # type: ignore[arg-type]
            timeout,
            markup=False,
        )
        self.timeout = timeout
        self.shown_at: float | None = None
        self.gone = False
        self._timer: Timer | None = None

    def show(self) -> None:
        """Show it now if no dialog is open, else as soon as none is."""
        self._look()
        if not self.gone:
            self._timer = self.app.set_interval(LOOK_EVERY_S, self._look, name="quiet-toast")

    @staticmethod
    def dialog_open(app: App[Any]) -> bool:
        try:
            return isinstance(app.screen, ModalScreen)
        except Exception:  # no screen yet, or the app is closing
            return True

    def _look(self) -> None:
        if self.gone:
            return
        dialog = self.dialog_open(self.app)
        if self.shown_at is None:
            if not dialog:
                show_notification(self.app, self.notification)
                self.shown_at = time.monotonic()
            return
        if dialog or time.monotonic() - self.shown_at >= self.timeout:
            if dialog:
                dismiss_notification(self.app, self.notification)
            self._finish()

    def _finish(self) -> None:
        self.gone = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
