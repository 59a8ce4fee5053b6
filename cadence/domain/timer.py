"""The Pomodoro timer: phases, states and actions on true time. Pure: no Textual, no I/O.

Every function takes the moment as wall-clock seconds since the epoch (``now``),
read by the caller from the app's one clock (:func:`read_clock`). Time left is
always ``deadline - now``: nothing counts ticks, so a display that redraws late,
or not at all while the app is closed, never shifts the timer (it runs like a
kitchen timer, app or no app).

Each action returns a :class:`Step`: the new state, the focus sessions to log
and the events to tell the user about. The state passed in is never changed.
Before acting, every function *settles* the state: phases whose deadline has
passed end at their true end time (and the next one starts from there when it
starts by itself), a pause longer than an hour closes the phase as interrupted,
and an idle cycle count resets at the day's rollover or after an hour idle.

The machine going to sleep shows as the wall clock running ahead of the
monotonic one (:class:`SleepWatch`); :func:`tick` takes that gap out of the
focus time, and a phase whose end fell in the gap ends at its deadline.

Only the standard library is used (no pendulum) so that ``cadence status``
stays fast.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from cadence.data.timer_state import TimerState

if TYPE_CHECKING:
    from cadence.clock import Clock
    from cadence.data.models import FocusSession

# The records below are NamedTuples, not dataclasses: making a dataclass costs ~1 ms and
# `cadence status` imports this module on every shell prompt.

BREAKS = ("short_break", "long_break")
#: Partial focus under this is never logged (a start pressed by mistake).
MIN_LOG_S = 60
#: A phase that ended this recently counts as ending "in front of the user".
LIVE_S = 5.0
#: How many phases one settle may end (a guard, not a rule: at most focus → break).
_MAX_ENDS = 8


class TimerConfig(NamedTuple):
    """The timer's settings, in seconds."""

    focus_s: int = 25 * 60
    short_break_s: int = 5 * 60
    long_break_s: int = 15 * 60
    long_break_every: int = 4
    auto_start_breaks: bool = True
    auto_start_focus: bool = False
    tz: str = "UTC"
    rollover_hour: int = 4
    idle_reset_s: int = 3600
    paused_limit_s: int = 3600
    extend_s: int = 5 * 60

    @classmethod
    def from_settings(cls, settings: object, tz: str) -> TimerConfig:
        """The config from a ``Settings`` record and the clock's zone."""
        return cls(
            focus_s=max(1, int(getattr(settings, "focus_min", 25))) * 60,
            short_break_s=max(1, int(getattr(settings, "short_break_min", 5))) * 60,
            long_break_s=max(1, int(getattr(settings, "long_break_min", 15))) * 60,
            long_break_every=max(1, int(getattr(settings, "long_break_every", 4))),
            auto_start_breaks=bool(getattr(settings, "auto_start_breaks", True)),
            auto_start_focus=bool(getattr(settings, "auto_start_focus", False)),
            tz=tz or "UTC",
            rollover_hour=int(getattr(settings, "rollover_hour", 4)),
        )

    def length(self, phase: str) -> int:
        """Planned seconds of ``phase``."""
        if phase == "short_break":
            return self.short_break_s
        if phase == "long_break":
            return self.long_break_s
        return self.focus_s


# ---------------------------------------------------------------- events


class PhaseEnded(NamedTuple):
    """A phase ended: on time ("ended"), or by the user ("skipped", "stopped"),
    or after a pause of over an hour ("interrupted")."""

    phase: str
    at: float
    next_phase: str
    next_running: bool
    reason: str
    session: FocusSession | None = None
    slept_s: float = 0.0


class Slept(NamedTuple):
    """The machine slept from ``start`` to ``end`` while a phase ran.

    ``lost_s`` is the part of the phase that fell in the gap (taken out of the
    focus time for a focus phase); ``ended`` says the phase ended in the gap.
    """

    start: float
    end: float
    phase: str
    lost_s: float
    ended: bool


class CycleReset(NamedTuple):
    """The count of focus phases went back to zero: "rollover" or "idle"."""

    reason: str


Event = PhaseEnded | Slept | CycleReset


class Step(NamedTuple):
    """What an action did: the new state, sessions to log, events to tell."""

    state: TimerState
    sessions: Sequence[FocusSession] = ()
    events: Sequence[Event] = ()
    changed: bool = False


class TimerView(NamedTuple):
    """What a display shows at one moment."""

    phase: str
    status: str
    remaining_s: float
    planned_s: float
    focused_s: float
    cycle: int
    cycle_len: int
    label: str
    link: str | None

    @property
    def clock_text(self) -> str:
        return clock_text(self.remaining_s)

    @property
    def elapsed_fraction(self) -> float:
        if self.planned_s <= 0:
            return 0.0
        return min(1.0, max(0.0, 1 - self.remaining_s / self.planned_s))


# ---------------------------------------------------------------- helpers


def read_clock(clock: Clock) -> tuple[float, float]:
    """``(wall seconds since the epoch, monotonic seconds)`` from the app's clock."""
    return clock.now().timestamp(), clock.monotonic()


@lru_cache(maxsize=8)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz or "UTC")


def local_time(moment: float, tz: str) -> datetime:
    """``moment`` (epoch seconds) as an aware datetime in ``tz``."""
    return datetime.fromtimestamp(moment, _zone(tz))


def iso_at(moment: float, tz: str) -> str:
    """``moment`` to the whole second as ISO 8601 with its offset, as sessions store it."""
    return local_time(round(moment), tz).isoformat()


def plan_day(moment: float, tz: str, rollover_hour: int) -> str:
    """The plan's "today" (ISO) at ``moment``: before the rollover hour it is still yesterday."""
    return local_time(moment - rollover_hour * 3600, tz).date().isoformat()


def clock_text(seconds: float) -> str:
    """Time left as the timer shows it, rounded up: ``1499.2`` → ``"25:00"``, ``0`` → ``"00:00"``;
    an hour or more as ``"1:05:00"``."""
    whole = max(0, math.ceil(seconds - 1e-6))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def _new_rev() -> str:
    return os.urandom(6).hex()


def session_id(started: float) -> str:
    """The id of the session a timer phase logs: made from its start, so logging the
    same phase twice (the app and a shell command) writes one record."""
    return f"t{int(started):x}"


class SleepWatch:
    """Tells a sleep of the machine from the wall clock running ahead of the monotonic one."""

    def __init__(self, threshold_s: float = 2.0) -> None:
        self.threshold_s = threshold_s
        self._last: tuple[float, float] | None = None

    def reset(self) -> None:
        """Forget the last reading (the timer was not running in between)."""
        self._last = None

    def check(self, wall: float, mono: float) -> tuple[float, float] | None:
        """The sleep since the last reading as ``(start, end)`` wall seconds, or None.

        The awake time between two readings is the monotonic difference; any
        wall time beyond it (and beyond the threshold) was spent asleep. The
        sleep is placed right after the last reading: readings come about once
        a second while the timer runs, so the error is under a second.
        """
        last, self._last = self._last, (wall, mono)
        if last is None:
            return None
        wall_0, mono_0 = last
        awake = mono - mono_0
        gap = (wall - wall_0) - max(0.0, awake)
        if awake < 0 or gap <= self.threshold_s:
            return None
        return wall_0, wall_0 + gap


def _focused(s: TimerState, at: float) -> float:
    """Focus seconds of the phase in progress up to ``at`` (pauses and sleep left out)."""
    if s.phase != "focus" or s.status == "idle":
        return 0.0
    counted = s.banked_s
    if s.status == "running" and s.run_since is not None:
        counted += max(0.0, at - s.run_since)
    if s.started is not None:
        counted = min(counted, max(0.0, at - s.started))
    return max(0.0, counted)


# ---------------------------------------------------------------- the work of one action


class _Work:
    def __init__(self, state: TimerState, cfg: TimerConfig, now: float) -> None:
        self.s = dataclasses.replace(state)
        self.cfg = cfg
        self.now = now
        self.before = state.to_dict()
        self.sessions: list[FocusSession] = []
        self.events: list[Event] = []

    def done(self) -> Step:
        s = self.s
        changed = s.to_dict() != self.before
        if changed:
            s.tz = self.cfg.tz
            s.rev = _new_rev()
            s.updated = self.now
        return Step(s, self.sessions, self.events, changed)

    # -------------------------------------------------------- pieces

    def focused(self, at: float) -> float:
        return _focused(self.s, at)

    def begin(self, phase: str, at: float) -> None:
        s = self.s
        if phase == "focus":
            self.maybe_reset_cycle(at)
            s.cycle_day = plan_day(at, self.cfg.tz, self.cfg.rollover_hour)
        planned = self.cfg.length(phase) + s.extra_s
        s.phase = phase
        s.status = "running"
        s.started = at
        s.planned_s = planned
        s.deadline = at + planned
        s.left_s = 0.0
        s.banked_s = 0.0
        s.run_since = at
        s.paused_at = None
        s.slept_s = 0.0
        s.extra_s = 0

    def idle(self, phase: str, at: float) -> None:
        s = self.s
        s.phase = phase
        s.status = "idle"
        s.started = s.deadline = s.run_since = s.paused_at = None
        s.left_s = s.banked_s = s.slept_s = 0.0
        s.planned_s = 0
        s.extra_s = 0
        s.last_active = at

    def end_phase(self, end_at: float, next_at: float, reason: str, live: bool) -> None:
        """End the phase at ``end_at``; the next one starts at ``next_at`` if it starts by itself."""
        s, cfg = self.s, self.cfg
        phase = s.phase
        session = None
        slept = s.slept_s
        if phase == "focus":
            focused = self.focused(end_at)
            completed = reason == "ended" and focused >= s.planned_s - 1
            keep = reason != "discarded" and (completed or focused >= MIN_LOG_S)
            if keep and s.started is not None:
                # Imported here: `cadence status` rarely logs, and models cost ~15 ms to import.
                from cadence.data.models import FocusSession

                session = FocusSession(
                    start=iso_at(s.started, cfg.tz),
                    end=iso_at(end_at, cfg.tz),
                    planned_s=int(s.planned_s),
                    focused_s=int(round(focused)),
                    label=s.label,
                    link=s.link,
                    completed=completed,
                    id=session_id(s.started),
                )
                self.sessions.append(session)
            if reason in ("ended", "skipped"):
                s.cycle += 1
                every = max(1, cfg.long_break_every)
                upcoming = "long_break" if s.cycle % every == 0 else "short_break"
            else:
                upcoming = "focus"
        else:
            if phase == "long_break":
                s.cycle = 0
            upcoming = "focus"
        if reason not in ("ended", "skipped"):
            auto = False
        elif upcoming == "focus":
            auto = cfg.auto_start_focus and live
        else:
            auto = cfg.auto_start_breaks
        if auto:
            self.begin(upcoming, next_at)
        else:
            self.idle(upcoming, next_at)
        shown_reason = "stopped" if reason == "discarded" else reason
        self.events.append(PhaseEnded(phase, end_at, upcoming, auto, shown_reason, session, slept))

    def maybe_reset_cycle(self, at: float) -> None:
        s, cfg = self.s, self.cfg
        if s.cycle == 0 and s.phase == "focus":
            return
        reason = None
        if s.cycle_day and plan_day(at, cfg.tz, cfg.rollover_hour) != s.cycle_day:
            reason = "rollover"
        elif s.last_active is not None and at - s.last_active > cfg.idle_reset_s:
            reason = "idle"
        if reason is None:
            return
        s.cycle = 0
        if s.status == "idle":
            s.phase = "focus"
            s.extra_s = 0
        self.events.append(CycleReset(reason))

    def settle(self, live: bool) -> None:
        s, now = self.s, self.now
        for _ in range(_MAX_ENDS):
            if s.status == "running" and s.deadline is not None and now >= s.deadline:
                at = s.deadline
                self.end_phase(at, at, "ended", live and now - at <= LIVE_S)
                continue
            if (
                s.status == "paused"
                and s.paused_at is not None
                and now - s.paused_at > self.cfg.paused_limit_s
            ):
                self.end_phase(s.paused_at, s.paused_at, "interrupted", False)
                continue
            break
        if s.status == "idle":
            self.maybe_reset_cycle(now)

    def pause_at(self, at: float) -> None:
        s = self.s
        if s.phase == "focus" and s.run_since is not None:
            s.banked_s += max(0.0, at - s.run_since)
        s.left_s = max(0.0, (s.deadline or at) - at)
        s.deadline = None
        s.run_since = None
        s.paused_at = at
        s.status = "paused"


# ---------------------------------------------------------------- actions


def tick(
    state: TimerState,
    cfg: TimerConfig,
    now: float,
    slept: tuple[float, float] | None = None,
    *,
    live: bool = True,
) -> Step:
    """Bring the state up to ``now``: a sleep (from :class:`SleepWatch`) is taken out of
    the focus time, ended phases are closed at their true end.

    ``live`` says someone is watching (the app); a focus phase starts by itself after a
    break only then, never while nobody is there to see it.
    """
    w = _Work(state, cfg, now)
    s = w.s
    if slept is not None and s.status == "running" and s.deadline is not None:
        start, end = slept
        if s.run_since is not None:
            start = max(start, s.run_since)
        lost = min(end, s.deadline) - start
        if lost > 0:
            if s.phase == "focus" and s.run_since is not None:
                s.banked_s += max(0.0, start - s.run_since)
                s.run_since = end
            s.slept_s += lost
            w.events.append(Slept(start, end, s.phase, lost, s.deadline <= end))
    w.settle(live)
    return w.done()


def start(
    state: TimerState,
    cfg: TimerConfig,
    now: float,
    *,
    label: str | None = None,
    link: str | None = None,
    live: bool = True,
) -> Step:
    """Start the waiting phase (or resume a paused one). A new label replaces the old."""
    w = _Work(state, cfg, now)
    w.settle(live)
    s = w.s
    if label is not None:
        s.label, s.link = label, link
    if s.status == "idle":
        w.begin(s.phase, now)
    elif s.status == "paused":
        _resume(w)
    return w.done()


def pause(state: TimerState, cfg: TimerConfig, now: float, *, live: bool = True) -> Step:
    """Pause a running phase; its time left is kept."""
    w = _Work(state, cfg, now)
    w.settle(live)
    if w.s.status == "running":
        w.pause_at(now)
    return w.done()


def _resume(w: _Work) -> None:
    s = w.s
    s.deadline = w.now + s.left_s
    s.run_since = w.now
    s.paused_at = None
    s.left_s = 0.0
    s.status = "running"


def resume(state: TimerState, cfg: TimerConfig, now: float, *, live: bool = True) -> Step:
    """Go on with a paused phase: the deadline is now + the time that was left."""
    w = _Work(state, cfg, now)
    w.settle(live)
    if w.s.status == "paused":
        _resume(w)
    return w.done()


def toggle(state: TimerState, cfg: TimerConfig, now: float, *, live: bool = True) -> Step:
    """The space key: start when idle, pause when running, resume when paused."""
    settled = tick(state, cfg, now, live=live)
    status = settled.state.status
    if status == "running":
        step = pause(settled.state, cfg, now, live=live)
    else:
        step = start(settled.state, cfg, now, live=live)
    return _chain(settled, step)


def skip(state: TimerState, cfg: TimerConfig, now: float, *, live: bool = True) -> Step:
    """End the phase now and go to the next; a skipped focus phase logs its time as
    stopped early. Idle with a break waiting, the break is skipped."""
    w = _Work(state, cfg, now)
    w.settle(live)
    s = w.s
    if s.status in ("running", "paused"):
        end_at = s.paused_at if s.status == "paused" and s.paused_at is not None else now
        w.end_phase(end_at, now, "skipped", live)
    elif s.phase in BREAKS:
        if s.phase == "long_break":
            s.cycle = 0
        w.idle("focus", now)
    return w.done()


def stop(
    state: TimerState, cfg: TimerConfig, now: float, *, log: bool = True, live: bool = True
) -> Step:
    """Stop the timer: back to a waiting focus phase. With ``log`` the focus time so far
    is logged (stopped early) when it is a minute or more."""
    w = _Work(state, cfg, now)
    w.settle(live)
    s = w.s
    if s.status in ("running", "paused"):
        end_at = s.paused_at if s.status == "paused" and s.paused_at is not None else now
        w.end_phase(end_at, now, "stopped" if log else "discarded", live)
    elif s.phase != "focus" or s.extra_s:
        w.idle("focus", now)
    return w.done()


def extend(
    state: TimerState,
    cfg: TimerConfig,
    now: float,
    seconds: int | None = None,
    *,
    live: bool = True,
) -> Step:
    """Add time (default ``cfg.extend_s``) to the phase: running, paused, or the next one."""
    add = cfg.extend_s if seconds is None else seconds
    w = _Work(state, cfg, now)
    w.settle(live)
    s = w.s
    if s.status == "running" and s.deadline is not None:
        s.deadline += add
        s.planned_s += add
    elif s.status == "paused":
        s.left_s += add
        s.planned_s += add
    else:
        s.extra_s = min(s.extra_s + add, 3 * 3600)
    return w.done()


def set_label(state: TimerState, label: str, link: str | None) -> TimerState:
    """The state with what the session is for replaced (no time passes)."""
    return dataclasses.replace(state, label=label, link=link, rev=_new_rev())


def pending_focus_s(state: TimerState, now: float) -> float:
    """Focus seconds of the phase in progress that no session holds yet."""
    return _focused(state, now)


def view(state: TimerState, cfg: TimerConfig, now: float) -> TimerView:
    """What to show at ``now`` for an already settled ``state``."""
    s = state
    if s.status == "running" and s.deadline is not None:
        remaining = max(0.0, s.deadline - now)
        planned = float(s.planned_s)
    elif s.status == "paused":
        remaining = s.left_s
        planned = float(s.planned_s)
    else:
        remaining = planned = float(cfg.length(s.phase) + s.extra_s)
    return TimerView(
        phase=s.phase,
        status=s.status,
        remaining_s=remaining,
        planned_s=planned,
        focused_s=_focused(s, now),
        cycle=s.cycle,
        cycle_len=max(1, cfg.long_break_every),
        label=s.label,
        link=s.link,
    )


def _chain(first: Step, second: Step) -> Step:
    return Step(
        second.state,
        [*first.sessions, *second.sessions],
        [*first.events, *second.events],
        first.changed or second.changed,
    )


def cycle_marks(cycle: int, length: int, *, ascii_icons: bool = False) -> str:
    """The cycle as marks, done first: ``cycle_marks(2, 4) == "▰▰▱▱"`` (``"##--"`` in ASCII).

    These symbols are not East-Asian-ambiguous, so they keep their width in CJK terminals.
    """
    full, empty = ("#", "-") if ascii_icons else ("▰", "▱")
    done = min(max(0, cycle), length)
    return full * done + empty * (length - done)
