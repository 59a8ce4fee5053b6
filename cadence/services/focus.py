"""The focus timer as an app-wide service: it runs whichever screen shows.

It owns the running timer (a :class:`~cadence.data.timer_state.TimerState`
moved on by the pure :mod:`cadence.domain.timer`), saves it at every change
(off the UI thread, with the focus sessions it logs, in one transaction), and
at a phase's end sends the notification (once, whoever else runs: see
:mod:`cadence.services.delivery`), rings the bell and shows the full-screen prompt.

Time comes from the host's clock. The host's timer only *wakes* the service: in
the app once a second while a phase runs, at the moment the shown second changes
(and so right at the deadline); in the agent only at the deadline; idle or paused
it does not wake at all. Tests move a FakeClock and call :meth:`FocusService.tick`
themselves.

The agent moves the timer on (saves a phase's end and logs its session) only while
no window is open (``host.drives_timer``); with a window open it only tells the
phase's end, and the window saves it.

The service knows no screen: whoever shows the timer subscribes with
:meth:`FocusService.add_listener` (redraw after every change) and
:meth:`FocusService.add_phase_end_listener` (a phase ended now: the app shows
its prompt). No Textual here; ``cadence agent`` runs the same service.

The state is shared with ``cadence focus …`` in the shell through the store:
the service follows a change of the "timer" file within a second (the host
polls the store), and a save that finds the file changed by someone else
gives way to it.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from cadence.data.repository import year_file
from cadence.data.timer_state import TIMER_FILE, TimerState
from cadence.domain import timer
from cadence.domain.focus_summary import PHASE_NAMES, FocusTotals, totals, week_of
from cadence.domain.timer import (
    CycleReset,
    Event,
    PhaseEnded,
    SleepWatch,
    Slept,
    Step,
    TimerConfig,
    TimerView,
    read_clock,
)
from cadence.i18n import _
from cadence.services import ledger
from cadence.services.delivery import Delivery
from cadence.services.host import Toast
from cadence.services.service import Service

if TYPE_CHECKING:
    from cadence.data.models import FocusSession
    from cadence.services.host import Host

log = logging.getLogger("cadence.focus")

#: A phase end older than this when first seen (the app was closed) gets a toast, not the prompt.
PROMPT_WITHIN_S = 90.0

#: Called with a phase's end that happened just now, its title and its message.
PhaseEndListener = Callable[[PhaseEnded, str, str], None]


def minutes_text(seconds: float) -> str:
    """Whole minutes, for messages: ``1500`` → ``"25 min"``."""
    return _("{n} min", n=int(round(seconds / 60)))


class FocusService(Service):
    def __init__(self, host: Host, delivery: Delivery | None = None) -> None:
        super().__init__(host, delivery)
        self.state: TimerState = host.repo.timer_state()
        #: The revision last read from or written to the store.
        self.stored_rev = self.state.rev
        self._own_revs: list[str] = []
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._pending: list[FocusSession] = []
        self._watch = SleepWatch()
        self._listeners: list[Callable[[], None]] = []
        self._phase_end_listeners: list[PhaseEndListener] = []
        #: Every event handled (newest last), for the curious and for tests.
        self.events: list[Event] = []
        self._logged: list[FocusSession] = []
        self._logged_key: tuple[object, ...] = ()

    # ------------------------------------------------------------ set-up

    @property
    def config(self) -> TimerConfig:
        return TimerConfig.from_settings(self.host.settings, self.host.clock.tz)

    @property
    def writable(self) -> bool:
        return not self.host.read_only and self.host.drives_timer

    def start(self) -> None:
        self._follow_store()
        now, _mono = read_clock(self.host.clock)
        # A phase that ended while the app was closed ends at its true end (told, not rung).
        # The agent rings one that ended moments ago (it was restarted): it is the alarm.
        step = timer.tick(self.state, self.config, now, live=False)
        if self.writable:
            self._apply(step, live=not self.host.watched)
        else:
            self.state = step.state
            self._tell_ends(step, live=not self.host.watched)
        self._schedule()

    def _follow_store(self) -> None:
        # The timer follows a `cadence focus …` from the shell whichever screen shows,
        # through the app's once-a-second store poll (no wake-up of its own).
        def follow(changed: set[str]) -> None:
            if TIMER_FILE in changed:
                self.reload()

        self.host.follow(follow)

    def add_listener(self, callback: Callable[[], None]) -> None:
        """``callback()`` runs on the host's thread after each tick or change (a redraw)."""
        self._listeners.append(callback)

    def add_phase_end_listener(self, callback: PhaseEndListener) -> None:
        """``callback(event, title, message)`` when a phase ends now (not while closed),
        after the notification has gone out: the app shows its prompt."""
        self._phase_end_listeners.append(callback)

    def remove_listener(self, callback: Callable[[], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    # ------------------------------------------------------------ reading

    def now(self) -> float:
        return read_clock(self.host.clock)[0]

    def view(self) -> TimerView:
        return timer.view(self.state, self.config, self.now())

    def totals(self) -> FocusTotals:
        """Today's and this week's focus, the phase in progress included (as `cadence status`)."""
        cfg = self.config
        now = self.now()
        day = timer.plan_day(now, cfg.tz, cfg.rollover_hour)
        week = self.logged(day)
        pairs = {s.id: (s.start, float(s.focused_s)) for s in week}
        with self._lock:
            for s in self._pending:  # logged, not saved yet
                pairs[s.id] = (s.start, float(s.focused_s))
        pending = timer.pending_focus_s(self.state, now)
        return totals(pairs.values(), day, self.host.settings.week_start, pending)

    def logged(self, day: str) -> list[FocusSession]:
        """The sessions of ``day``'s week, read again only when a focus file changed
        (this runs once a second while the timer runs; a year's file is thousands)."""
        first, last = week_of(day, self.host.settings.week_start)
        store = self.host.store
        files = sorted({year_file("focus", first), year_file("focus", last)})
        # The store swaps in a new tables dict whenever a file changes; holding the dicts
        # (not their ids, which can be reused) makes "same object" mean "same contents".
        key = (first, last, *(store.tables(name) for name in files))
        old = self._logged_key
        if len(key) != len(old) or any(a is not b for a, b in zip(key, old, strict=True)):
            self._logged = self.host.repo.sessions(first, last)
            self._logged_key = key
        return self._logged

    # ------------------------------------------------------------ actions

    def toggle(self) -> None:
        """Space: start, pause or resume."""
        self._act(timer.toggle)

    def start_phase(self, label: str | None = None, link: str | None = None) -> None:
        self._act(timer.start, label=label, link=link)

    def pause(self) -> None:
        self._act(timer.pause)

    def resume(self) -> None:
        self._act(timer.resume)

    def skip(self) -> None:
        self._act(timer.skip)

    def stop(self, *, log: bool = True) -> None:
        self._act(timer.stop, log=log)

    def extend(self, seconds: int | None = None) -> None:
        self._act(timer.extend, seconds)

    def set_label(self, label: str, link: str | None) -> None:
        """What the session is for; applies to the phase in progress and the next ones."""
        if not self._check_writable():
            return
        state = timer.set_label(self.state, label, link)
        self._apply(Step(state, changed=True))

    def focus_on(self, label: str, link: str | None = None) -> None:
        """Focus on ``label``: start focusing when the timer is idle, else relabel the
        phase in progress (and say so)."""
        if self.state.status == "idle" and self.state.phase == "focus":
            self.start_phase(label, link)
        else:
            self.set_label(label, link)
            self.host.toast(Toast(_("Now focusing on: {label}", label=label), timeout=4))

    def _check_writable(self) -> bool:
        if self.writable:
            return True
        self.host.toast(
            Toast(
                _("The timer runs in the other Cadence that has this data open."),
                severity="warning",
            )
        )
        return False

    def _act(self, action: Callable[..., Step], *args: object, **kwargs: object) -> None:
        if not self._check_writable():
            return
        now, mono = read_clock(self.host.clock)
        step = action(self.state, self.config, now, *args, **kwargs)
        self._apply(step)
        if self.state.status == "running":
            self._watch.check(now, mono)  # the sleep watch starts from here

    # ------------------------------------------------------------ time

    def tick(self) -> None:
        """Bring the timer up to the clock: sleep, phase ends; then redraw."""
        self._wake = None
        now, mono = read_clock(self.host.clock)
        slept = self._watch.check(now, mono) if self.state.status == "running" else None
        step = timer.tick(self.state, self.config, now, slept, live=self.host.watched)
        if step.changed and self.writable:
            self._apply(step)
        else:
            if step.changed:  # read-only: show what the instance that saves will do
                self.state = step.state
                self._tell_ends(step, live=True)
            self._schedule()
            self._redraw()

    def _tell_ends(self, step: Step, *, live: bool) -> None:
        """A host that does not save the timer still delivers its phase ends (once: the
        one that saves claims the same key)."""
        if self.host.read_only:
            return
        for event in step.events:
            if (
                live
                and isinstance(event, PhaseEnded)
                and event.reason in ("ended", "interrupted")
                and self.now() - event.at <= PROMPT_WITHIN_S
            ):
                title, message = self.describe_end(event)
                self._deliver_end(event, title, message)

    def _schedule(self) -> None:
        """Wake at the next change of the shown second (and so at the deadline), if running."""
        self.stop_waking()
        if self.state.status != "running" or self.state.deadline is None:
            self._watch.reset()
            return
        remaining = self.state.deadline - self.now()
        if not self.host.watched:  # nobody to redraw for: the deadline is enough
            delay = max(0.0, min(remaining, self.host.max_sleep)) + 0.002
            self.wake_after(delay, self.tick, "focus-timer")
            return
        fraction = remaining - math.floor(remaining)
        delay = fraction if fraction > 0.002 else 1.0
        delay = max(0.0, min(delay, remaining)) + 0.002
        self.wake_after(delay, self.tick, "focus-timer")

    # ------------------------------------------------------------ changes

    def _apply(self, step: Step, *, live: bool = True) -> None:
        if not step.changed:
            self._redraw()
            return
        self.state = step.state
        self._own_revs = [*self._own_revs[-15:], step.state.rev]
        with self._lock:
            self._pending.extend(step.sessions)
        if self.writable:
            self.host.persist(self._flush)
        self._schedule()
        self._redraw()
        for event in step.events:
            self._tell(event, live=live)

    def _flush(self) -> None:
        """Save the newest state and the sessions logged so far (a worker thread)."""
        with self._flush_lock:
            with self._lock:
                state, sessions = self.state, self._pending
                self._pending = []
                expect = self.stored_rev
            if state.rev == expect and not sessions:
                return
            saved = self.host.repo.save_timer(state, sessions, expect_rev=expect)
            if saved:
                self.stored_rev = state.rev
            else:
                # `cadence focus …` changed the timer meanwhile: its change wins.
                self.host.on_main(lambda: self.reload(True))

    def reload(self, conflict: bool = False) -> None:
        """Follow the stored state when someone else changed it."""
        stored = self.host.repo.timer_state()
        if stored.rev == self.state.rev or stored.rev in self._own_revs:
            return
        self.state = stored
        self.stored_rev = stored.rev
        self._watch.reset()
        if conflict:
            self.host.toast(
                Toast(_("The timer was changed from the shell; showing that."), timeout=5)
            )
        step = timer.tick(self.state, self.config, self.now(), live=False)
        if step.changed and self.writable:
            self._apply(step, live=False)
        else:
            if step.changed and not self.writable:
                self.state = step.state
            self._schedule()
            self._redraw()

    def _redraw(self) -> None:
        for callback in list(self._listeners):
            callback()

    # ------------------------------------------------------------ telling the user

    def _tell(self, event: Event, *, live: bool) -> None:
        self.events.append(event)
        if isinstance(event, PhaseEnded):
            self._phase_ended(event, live=live and self.now() - event.at <= PROMPT_WITHIN_S)
        elif isinstance(event, Slept):
            gap = minutes_text(event.end - event.start)
            if event.ended:
                text = _(
                    "The computer slept for {gap}; the phase ended at {time} while it slept.",
                    gap=gap,
                    time=self._hhmm(event.start + event.lost_s),
                )
            else:
                text = _("The computer slept for {gap}.", gap=gap)
            if event.phase == "focus":
                text += " " + _("That time is not counted as focus.")
            self.host.toast(Toast(text, title=_("Focus"), timeout=12))
        elif isinstance(event, CycleReset):
            log.info("focus cycle reset (%s)", event.reason)

    def _hhmm(self, moment: float) -> str:
        return timer.local_time(moment, self.config.tz).strftime("%H:%M")

    def _phase_ended(self, event: PhaseEnded, *, live: bool) -> None:
        title, message = self.describe_end(event)
        if event.reason in ("skipped", "stopped"):
            if event.session is not None:
                self.host.toast(
                    Toast(
                        _(
                            "Logged {minutes} of focus.",
                            minutes=minutes_text(event.session.focused_s),
                        ),
                        timeout=4,
                    )
                )
            return
        if not live:
            text = _("While Cadence was closed: {message}", message=message)
            notes = self.delivery.notes
            if notes is None or not notes.add(title, [text]):
                self.host.toast(Toast(text, title=title, timeout=15))
            return
        self._deliver_end(event, title, message)
        self.host.bell()
        for callback in list(self._phase_end_listeners):
            callback(event, title, message)

    def _deliver_end(self, event: PhaseEnded, title: str, message: str) -> None:
        # The app shows the end its own way (the prompt): no toast beside it.
        self.delivery.send(
            ledger.key("focus", event.phase, int(event.at)),
            event.at,
            title,
            message,
            "critical",
            toast=False,
        )

    def describe_end(self, event: PhaseEnded) -> tuple[str, str]:
        """The title and message of a phase's end, for the notification and the prompt."""
        at = self._hhmm(event.at)
        if event.reason == "interrupted":
            title = _("Focus closed")
            kept = event.session.focused_s if event.session else 0
            message = _(
                "Paused for over an hour: the phase was closed at {time}, {minutes} kept.",
                time=at,
                minutes=minutes_text(kept),
            )
            return title, message
        if event.phase == "focus":
            title = _("Focus done")
            focused = event.session.focused_s if event.session else 0
            first = _(
                "{minutes} of focus logged at {time}.", minutes=minutes_text(focused), time=at
            )
        else:
            title = _("Break over")
            first = _("The break ended at {time}.", time=at)
        upcoming = _(PHASE_NAMES[event.next_phase])
        length = minutes_text(self.config.length(event.next_phase))
        if event.next_running:
            second = _("{phase} ({length}) has started.", phase=upcoming, length=length)
        else:
            second = _("{phase} ({length}) is next.", phase=upcoming, length=length)
        return title, f"{first} {second}"

    def ring(self, title: str, message: str) -> None:
        """Desktop notification and the terminal bell again (the prompt, while it waits)."""
        self.host.notifier.send(title, message, urgency="critical")
        self.host.bell()
