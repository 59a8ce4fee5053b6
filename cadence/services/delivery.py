"""Delivering a notification exactly once, whoever runs: the agent, the UI, or both.

Every reminder, the weekly review's and a focus phase's end go through
:meth:`Delivery.send`. The sender claims the notification in the ledger
(:mod:`cadence.services.ledger`) on its writer thread and sends it only when its claim
won. When an agent runs, the UI leaves it the desktop: it shows the reminder as an
in-app toast at once, and claims it itself only if the agent has not within
``GRACE_S`` (the agent was stopped, or is stuck): so the UI takes over within seconds
when the agent goes away, and the agent takes over again as soon as it is back.

A UI that has just opened says what it has to say at once, in one toast
(:class:`StartNotes`): what was missed, the weekly review, the cards due.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from cadence.services import ledger
from cadence.services.host import Toast
from cadence.services.presence import AgentProbe

if TYPE_CHECKING:
    from cadence.services.host import Host

log = logging.getLogger("cadence.delivery")

#: Seconds the UI gives a running agent to deliver before it does so itself.
GRACE_S = 4.0
#: At most this many lines in the start toast.
START_LINES = 10


def start_lines(sections: list[tuple[str, list[str]]]) -> list[str]:
    """The start toast's lines, at most ``START_LINES``: the shorter sections first, so
    that a long list (cards due) cannot push a short one (missed blocks) out of sight;
    a section cut short ends with "…"."""
    if len(sections) == 1:
        body = sections[0][1]
        if len(body) <= START_LINES:
            return list(body)
        return [*body[: START_LINES - 1], "…"]
    ordered = sorted(sections, key=lambda section: len(section[1]))
    lines: list[str] = []
    for i, (title, body) in enumerate(ordered):
        later = len(ordered) - i - 1
        room = START_LINES - len(lines) - 1 - 2 * later  # a title and a line for each later one
        shown = [f"  {line}" for line in body]
        if len(shown) > room:
            shown = [*shown[: max(0, room - 1)], "  …"]
        lines.append(title)
        lines.extend(shown)
    return lines


class StartNotes:
    """What a UI says when it opens, gathered into one toast.

    Open from the services' start until :meth:`close` (queued behind the start's own
    writes): sections added meanwhile are shown together, once, where they cover no
    dialog. After that, :meth:`add` returns False and the caller notifies as usual.
    """

    def __init__(self, show: Callable[[str, str], None]) -> None:
        self._show = show
        self._lock = threading.Lock()
        self._sections: list[tuple[str, list[str]]] = []
        self.open = True

    def add(self, title: str, lines: list[str]) -> bool:
        """Add a section (thread-safe); False when the start is over."""
        with self._lock:
            if not self.open:
                return False
            if lines:
                self._sections.append((title, lines))
            return True

    def close(self) -> str:
        """Show what was gathered (nothing when empty); returns the text shown."""
        with self._lock:
            self.open = False
            sections, self._sections = self._sections, []
        if not sections:
            return ""
        text = "\n".join(start_lines(sections))
        self._show(text, sections[0][0] if len(sections) == 1 else "")
        return text


class Delivery:
    """Sends notifications once across processes (see the module docstring)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.agent = AgentProbe(host.store.root)
        self.notes: StartNotes | None = None
        #: Keys this process delivered (newest last), for the curious and for tests.
        self.sent: list[str] = []

    @property
    def defers(self) -> bool:
        """Whether this is a UI that leaves the desktop to a running agent."""
        return self.host.role == "app" and self.agent() is not None

    def send(
        self,
        key: str,
        due: float,
        title: str,
        message: str,
        urgency: str = "normal",
        *,
        toast: bool = True,
        start_title: str = "",
    ) -> None:
        """Deliver ``title``/``message`` once, whoever else tries.

        ``toast``: the UI shows it in-app while an agent delivers it (False when the UI
        shows it its own way, as the focus prompt). ``start_title``: during a UI's
        start, it joins the start toast under that title instead.
        """
        host = self.host
        if host.read_only:
            return  # the Cadence that holds the data delivers
        if self.defers:
            if toast:
                self.show_here(title, message, start_title)
            host.after(
                GRACE_S,
                lambda: host.persist(lambda: self._deliver(key, due, title, message, urgency, "")),
                name="delivery-grace",
            )
            return
        host.persist(lambda: self._deliver(key, due, title, message, urgency, start_title))

    def _deliver(
        self, key: str, due: float, title: str, message: str, urgency: str, start_title: str
    ) -> bool:
        """Claim, then send (the writer's thread). True when this process sent it."""
        host = self.host
        now = host.clock.now().isoformat()
        if not ledger.claim(host.store, key, due=due, at=now, by=host.role):
            return False
        self.sent.append(key)
        notes = self.notes
        if start_title and notes is not None and notes.add(start_title, [_one_line(message)]):
            return True
        log.info("delivering %s", key)
        host.notifier.send(title, message, urgency)
        return True

    def show_here(self, title: str, message: str, start_title: str = "") -> None:
        """Show a notification in this window only: in the start toast while it gathers."""
        notes = self.notes
        if start_title and notes is not None and notes.add(start_title, [_one_line(message)]):
            return
        self.host.toast(Toast(message, title=title, timeout=10))

    def delivered(self) -> set[str]:
        """The keys delivered by anyone (the ledger as the store has it in memory)."""
        return set(ledger.delivered(self.host.store))


def _one_line(text: str) -> str:
    return " ".join(text.split())
