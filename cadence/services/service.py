"""What the services share: a host, one delivery ledger, and a wake-up timer.

A :class:`Sleeper` (reminders, the weekly review) sleeps until its next due moment, at
most ``host.max_sleep`` (the clock decides; timers only wake it), then checks and
plans again; a file it watches changed by another process makes it plan again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cadence.services.delivery import Delivery

if TYPE_CHECKING:
    from cadence.services.host import Host, Timer


class Service:
    """A service on ``host``; what it says goes through ``delivery`` (shared by all)."""

    def __init__(self, host: Host, delivery: Delivery | None = None) -> None:
        self.host = host
        self.delivery = delivery or Delivery(host)
        self._wake: Timer | None = None

    def wake_after(self, delay: float, callback: Callable[[], None], name: str) -> None:
        """Call ``callback`` once, ``delay`` seconds from now, instead of any earlier wake-up."""
        self.stop_waking()
        self._wake = self.host.after(delay, callback, name=name)

    def stop_waking(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None


class Sleeper(Service):
    """A service that checks at its due moments: ``plan`` finds the next and calls ``sleep``."""

    #: The wake-up timer's name.
    NAME = ""
    #: Prefixes of the files whose change elsewhere can move the next due moment.
    WATCHES: tuple[str, ...] = ()

    def check(self) -> object:
        """Do what is due now."""
        raise NotImplementedError

    def plan(self) -> None:
        """Find the next due moment and ``sleep`` until it."""
        raise NotImplementedError

    def follow(self) -> None:
        """Plan again when another process changes a file in ``WATCHES``."""
        self.host.follow(self._followed)

    def sleep(self, seconds: float | None) -> None:
        """Check ``seconds`` from now (None, or later than ``host.max_sleep``: then), and
        a hair after the moment, so that the check finds it due."""
        delay = self.host.max_sleep if seconds is None else min(seconds, self.host.max_sleep)
        self.wake_after(max(0.0, delay) + 0.005, self._woken, self.NAME)

    def _woken(self) -> None:
        self._wake = None
        self.check()
        self.plan()

    def _followed(self, names: set[str]) -> None:
        if any(n.startswith(self.WATCHES) for n in names):
            self.plan()
