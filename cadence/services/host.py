"""What a service needs from whoever runs it: the open app, or ``cadence agent``.

Services never see the App class (nor Textual). The app hands them an
``AppHost`` (in ``cadence/app.py``); the agent hands them its own loop. Both
give the same small set of things: the clock, the repository, the settings,
the notifier, one serial writer, a way to say something to the user, timers,
and the names of files another process changed.

They differ in a few answers: the app is ``role == "app"``, someone looks at it
(``watched``) and it wakes its services often (``max_sleep``, since its timers
do not notice the wall clock jumping); the agent is ``role == "agent"``, nobody
watches it, it moves the focus timer on only while no window does
(``drives_timer``), and it sleeps until the next due moment (its loop runs every
timer at once after a suspend or a clock change).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cadence.clock import Clock
from cadence.data.models import Settings
from cadence.data.repository import Repository
from cadence.data.store import Store
from cadence.notify import Notifier


@dataclass(frozen=True)
class Toast:
    """Something to say to the user where they are looking (an in-app toast, a log line).

    ``quiet``: never over a dialog (wait until none is open; leave when one opens).
    """

    message: str
    title: str = ""
    severity: str = "information"
    timeout: float = 5
    quiet: bool = False


class Timer(Protocol):
    """A scheduled call that can be called off."""

    def stop(self) -> None: ...


class Host(Protocol):
    """The services' window on the world (see the module docstring)."""

    @property
    def clock(self) -> Clock: ...

    @property
    def repo(self) -> Repository: ...

    @property
    def store(self) -> Store: ...

    @property
    def notifier(self) -> Notifier: ...

    @property
    def settings(self) -> Settings:
        """The settings as last read (kept current by the host)."""
        ...

    @property
    def read_only(self) -> bool:
        """True when another Cadence holds the data: then services change nothing."""
        ...

    @property
    def role(self) -> str:
        """``"app"`` (the open UI) or ``"agent"`` (``cadence agent``)."""
        ...

    @property
    def watched(self) -> bool:
        """Whether a person looks at this host (a focus after a break starts by itself
        only then, and the timer is redrawn every second)."""
        ...

    @property
    def drives_timer(self) -> bool:
        """Whether this host saves the focus timer's phase ends (else it only tells them)."""
        ...

    @property
    def max_sleep(self) -> float:
        """The longest a service may wait before it looks at the clock again (seconds)."""
        ...

    def persist(self, change: Callable[[], object], *, done: str | None = None) -> None:
        """Run a store change after every change asked for before it, off the caller's thread."""
        ...

    def toast(self, toast: Toast) -> None:
        """Say ``toast`` to the user where they are looking."""
        ...

    def bell(self) -> None: ...

    def after(self, delay: float, callback: Callable[[], None], *, name: str = "") -> Timer:
        """Call ``callback`` once, ``delay`` seconds from now, on the host's own thread."""
        ...

    def every(self, interval: float, callback: Callable[[], None], *, name: str = "") -> Timer:
        """Call ``callback`` every ``interval`` seconds on the host's own thread."""
        ...

    def on_main(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` on the host's own thread (from a worker thread)."""
        ...

    def follow(self, callback: Callable[[set[str]], None]) -> None:
        """Call ``callback(names)`` when files are changed by another process."""
        ...
