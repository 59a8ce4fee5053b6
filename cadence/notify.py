"""The one notifier of the app: desktop notifications that never block or break it.

``Notifier.send`` is thread-safe, returns at once and never raises: the
backends run in a worker thread, each tried in order until one delivers; the
last resort is the app's own toast and the terminal bell.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

log = logging.getLogger("cadence.notify")


@dataclass(frozen=True)
class Notification:
    title: str
    message: str
    urgency: str = "normal"  # "low" | "normal" | "critical"


class Backend:
    """A way to show a notification. ``deliver`` returns True when it was shown."""

    name = "backend"

    def available(self) -> bool:
        return True

    def deliver(self, note: Notification) -> bool:  # pragma: no cover - interface
        raise NotImplementedError


class CallbackBackend(Backend):
    """Hands the notification to a function: the app's toast + bell."""

    def __init__(self, name: str, callback: Callable[[Notification], None]) -> None:
        self.name = name
        self._callback = callback

    def deliver(self, note: Notification) -> bool:
        self._callback(note)
        return True


@dataclass
class Notifier:
    """Tries ``backends`` in order in a background thread; the first that delivers wins."""

    backends: Sequence[Backend] = ()
    in_use: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def send(self, title: str, message: str, urgency: str = "normal") -> None:
        note = Notification(title, message, urgency)
        threading.Thread(target=self._deliver, args=(note,), daemon=True).start()

    def send_now(self, title: str, message: str, urgency: str = "normal") -> str:
        """Deliver in this thread (shell commands, tests); returns the backend used."""
        return self._deliver(Notification(title, message, urgency))

    def _deliver(self, note: Notification) -> str:
        for backend in self.backends:
            try:
                if backend.available() and backend.deliver(note):
                    with self._lock:
                        if self.in_use != backend.name:
                            self.in_use = backend.name
                            log.info("notifications through %s", backend.name)
                    return backend.name
            except Exception:  # a failing backend must never stop the app or a timer
                log.exception("notification backend %s failed", backend.name)
        return ""


class FakeNotifier(Notifier):
    """Records what it is asked to send (tests)."""

    def __init__(self) -> None:
        super().__init__(backends=())
        self.sent: list[Notification] = []
        self.in_use = "fake"

    def send(self, title: str, message: str, urgency: str = "normal") -> None:
        self.sent.append(Notification(title, message, urgency))

    def send_now(self, title: str, message: str, urgency: str = "normal") -> str:
        self.send(title, message, urgency)
        return "fake"
