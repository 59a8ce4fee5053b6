"""The one clock of the app.

Everything that needs "now" takes a :class:`Clock`. ``CADENCE_NOW`` starts the
clock at a given local moment and lets it run on, for tests, demos and bug reports.
"""

from __future__ import annotations

import os
import time
from typing import Protocol

import pendulum
from pendulum import DateTime

ENV_NOW = "CADENCE_NOW"
#: The clock reads moments in these years only: a timer saved in year 9999 (or before
#: 1970, where timestamps go negative) is a typo's damage, not a plan.
FIRST_YEAR, LAST_YEAR = 1970, 2200


class ClockRangeError(ValueError):
    """A moment outside the years the clock accepts."""


def check_range(moment: DateTime, what: str = "the time") -> DateTime:
    """``moment`` if its year is FIRST_YEAR..LAST_YEAR (UTC and local), else ClockRangeError."""
    years = (moment.year, moment.in_timezone("UTC").year)
    if not all(FIRST_YEAR <= y <= LAST_YEAR for y in years):
        raise ClockRangeError(
            f"{what} ({moment.to_date_string()}) is outside the years {FIRST_YEAR} to {LAST_YEAR}"
        )
    return moment


class Clock(Protocol):
    tz: str

    def now(self) -> DateTime:
        """The current wall-clock time, aware, in the clock's zone."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never jump (sleep excluded)."""
        ...


def local_tz_name() -> str:
    """The zone pendulum believes is local, as an IANA name where it can tell."""
    try:
        return pendulum.local_timezone().name
    except Exception:  # pragma: no cover - depends on the host
        return "UTC"


class SystemClock:
    """The real time of the machine."""

    def __init__(self, tz: str | None = None) -> None:
        self.tz = tz or local_tz_name()

    def now(self) -> DateTime:
        return pendulum.now(self.tz)

    def monotonic(self) -> float:
        return time.monotonic()


class ShiftedClock:
    """Real time shifted so that it started at ``start``; it runs on from there."""

    def __init__(self, start: DateTime, tz: str | None = None) -> None:
        check_range(start, "the start of the clock")
        self.tz = tz or start.timezone_name or local_tz_name()
        self._offset = start.timestamp() - time.time()

    def now(self) -> DateTime:
        return pendulum.from_timestamp(time.time() + self._offset, tz=self.tz)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to (tests)."""

    def __init__(self, start: DateTime | str, tz: str = "UTC") -> None:
        if isinstance(start, str):
            start = parse_local(start, tz)
        self.tz = tz
        self._now = start.in_timezone(tz)
        self._mono = 1000.0

    def now(self) -> DateTime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float = 0, *, wall_only: bool = False) -> None:
        """Move time on. ``wall_only`` models a machine asleep: wall time jumps, monotonic not."""
        self._now = self._now.add(seconds=seconds)
        if not wall_only:
            self._mono += seconds

    def set(self, moment: DateTime | str) -> None:
        if isinstance(moment, str):
            moment = parse_local(moment, self.tz)
        delta = moment.timestamp() - self._now.timestamp()
        self.advance(delta)


def parse_local(text: str, tz: str) -> DateTime:
    """Parse an ISO moment; without an offset it is read as local time in ``tz``.

    pendulum reads a zone-less string as UTC unless told otherwise (docs/pitfalls.md).
    """
    parsed = pendulum.parse(text, tz=tz, strict=False)
    if not isinstance(parsed, DateTime):
        raise ValueError(f"not a date and time: {text!r}")
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:  # before any zone arithmetic overflows
        raise ClockRangeError(f"{text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return check_range(parsed.in_timezone(tz), repr(text))


def clock_from_env(tz: str | None = None, environ: dict[str, str] | None = None) -> Clock:
    """A SystemClock, or a ShiftedClock when CADENCE_NOW is set.

    Raises ValueError with a readable message when CADENCE_NOW cannot be parsed.
    """
    env = os.environ if environ is None else environ
    zone = tz or local_tz_name()
    raw = env.get(ENV_NOW, "").strip()
    if not raw:
        return SystemClock(zone)
    try:
        start = parse_local(raw, zone)
    except ClockRangeError as exc:
        raise ClockRangeError(
            f"{ENV_NOW}={raw!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}"
        ) from exc
    except Exception as exc:
        raise ValueError(
            f"{ENV_NOW}={raw!r} is not an ISO date and time (e.g. 2027-03-10T20:45)"
        ) from exc
    return ShiftedClock(start, zone)
