"""``cadence status`` and ``cadence focus …``: the focus timer from the shell, no Textual.

``cadence status`` runs on every shell prompt or tmux status refresh, so it
imports as little as it can: it reads the JSON files with orjson and computes
with the standard library and the pure timer engine (no TinyDB queries, no
pendulum, no store). It only reads: a phase that ended while nothing was
running is shown as ended, and logged by the next command or the app.

``cadence focus start|pause|resume|skip|extend|stop`` change the timer through
the store (locked, atomic), the state the app shares: an open app follows
within a second.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import orjson

from cadence.data.text import terminal_safe
from cadence.data.timer_state import EPOCH_MAX, STATE_TABLE, TIMER_FILE, TimerState
from cadence.domain import timer
from cadence.domain.focus_summary import FocusTotals, status_line, totals
from cadence.domain.timer import TimerConfig, TimerView

#: The config field of each phase's length (``--minutes`` replaces it for one phase).
PHASE_LENGTH_FIELDS = {
    "focus": "focus_s",
    "short_break": "short_break_s",
    "long_break": "long_break_s",
}
ENV_NOW = "CADENCE_NOW"  # as cadence.clock reads it; that module imports pendulum
PREV_SUFFIX = ".prev"  # as cadence.data.storage writes it; that module imports TinyDB


def _tables(path: Path) -> dict:
    """A data file's tables; its last good version (``.prev``) when it is damaged; {} when
    there is none. A file that cannot be read for want of permission raises."""
    for candidate in (path, path.with_name(path.name + PREV_SUFFIX)):
        try:
            data = orjson.loads(candidate.read_bytes())
        except (FileNotFoundError, NotADirectoryError, ValueError):
            continue
        if isinstance(data, dict) and data and all(isinstance(t, dict) for t in data.values()):
            return data
    return {}


def _timer_state(data_dir: Path) -> TimerState:
    """The saved timer (its last good version when the file is damaged); idle when there is
    none that fits the model (the next writer repairs the file)."""
    from cadence.data.validate import document_errors

    path = data_dir / f"{TIMER_FILE}.json"
    for candidate in (path, path.with_name(path.name + PREV_SUFFIX)):
        try:
            data = orjson.loads(candidate.read_bytes())
        except (FileNotFoundError, NotADirectoryError, ValueError):
            continue
        docs = data.get(STATE_TABLE) if isinstance(data, dict) else None
        if isinstance(docs, dict):
            for doc in docs.values():
                if isinstance(doc, dict) and not document_errors(TimerState, doc, ""):
                    return TimerState.from_dict(doc)
    return TimerState()


def read_settings(data_dir: Path) -> dict:
    """The stored settings document (empty when there is none)."""
    for doc in _tables(data_dir / "settings.json").get("settings", {}).values():
        if isinstance(doc, dict):
            return doc
    return {}


def _now(tz: str) -> float:
    """Seconds since the epoch; ``CADENCE_NOW`` (a local moment) when set, as the app's clock."""
    raw = os.environ.get(ENV_NOW, "").strip()
    if not raw:
        return time.time()
    from datetime import datetime

    from cadence.domain.timer import local_time

    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        # The app's clock reads more forms; let it parse (or explain) this one.
        from cadence.clock import clock_from_env

        return clock_from_env(tz).now().timestamp()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_time(0, tz).tzinfo)
    try:
        stamp = moment.timestamp()
    except (OverflowError, ValueError):
        stamp = -1.0
    if not 0 <= stamp < EPOCH_MAX:
        raise ValueError(f"{ENV_NOW}={raw!r} is outside the years 1970 to 2200")
    return stamp


def _zone(settings: dict) -> str:
    tz = str(settings.get("timezone") or "")
    if tz:
        return tz
    from cadence.clock import local_tz_name  # rare: a folder the app never opened

    return local_tz_name()


def summary(data_dir: Path, now: float | None = None) -> tuple[TimerView, FocusTotals, float]:
    """The timer as it is at ``now`` and today's / this week's focus, read from the files."""
    settings = read_settings(data_dir)
    tz = _zone(settings)
    cfg = TimerConfig.from_settings(SimpleNamespace(**settings), tz)
    if now is None:
        now = _now(tz)
    state = _timer_state(data_dir)
    step = timer.tick(state, cfg, now, live=False)
    view = timer.view(step.state, cfg, now)
    day = timer.plan_day(now, tz, cfg.rollover_hour)
    week_start = int(settings.get("week_start", 0))
    first_year, last_year = int(day[:4]) - 1, int(day[:4])
    pairs: dict[str, tuple[str, float]] = {}
    for year in range(first_year, last_year + 1):
        table = _tables(data_dir / f"focus-{year}.json").get("sessions", {})
        for key, doc in table.items():
            if isinstance(doc, dict) and isinstance(doc.get("start"), str):
                pairs[str(doc.get("id") or key)] = (doc["start"], float(doc.get("focused_s") or 0))
    # Phases that ended while nothing ran: counted as the app will log them.
    for session in step.sessions:
        pairs[session.id] = (session.start, float(session.focused_s))
    figures = totals(pairs.values(), day, week_start, view.focused_s)
    return view, figures, float(settings.get("weekly_target_h", 8.0))


def status_command(data_dir: Path) -> int:
    """Print the one status line. Exit 0 (even for a folder with no data yet).

    A folder that is a file, or cannot be read, or a bad ``CADENCE_NOW`` raise: ``cadence``
    turns that into one sentence and a non-zero exit.
    """
    if data_dir.exists() and not data_dir.is_dir():
        import errno

        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(data_dir))
    view, figures, target = summary(data_dir)
    # Labels are the user's text: never let a control character act on the terminal.
    print(terminal_safe(status_line(view, figures, target), multiline=False))
    return 0


# ---------------------------------------------------------------- cadence focus …


def _act(args, state: TimerState, cfg: TimerConfig, now: float) -> timer.Step:
    command = args.focus_command
    if command == "start":
        label = args.label
        link = args.link if label is not None or args.link else None
        if label is None and args.link:
            label = state.label
        minutes = getattr(args, "minutes", None)
        if minutes is not None:
            # This phase's length: the one that starts now (focus, or the waiting break).
            phase = timer.tick(state, cfg, now, live=False).state.phase
            cfg = cfg._replace(**{PHASE_LENGTH_FIELDS[phase]: minutes * 60})
            if state.status == "idle" and state.extra_s:
                state = dataclasses.replace(state, extra_s=0)
        return timer.start(state, cfg, now, label=label, link=link, live=False)
    if command == "pause":
        return timer.pause(state, cfg, now, live=False)
    if command == "resume":
        return timer.resume(state, cfg, now, live=False)
    if command == "skip":
        return timer.skip(state, cfg, now, live=False)
    if command == "extend":
        return timer.extend(state, cfg, now, args.minutes * 60, live=False)
    return timer.stop(state, cfg, now, log=not args.discard, live=False)


def focus_command(args, data_dir: Path, language: str) -> int:
    """Apply one timer action to the shared state, then print the status line."""
    from cadence.runtime import open_runtime

    minutes = getattr(args, "minutes", None)
    if (
        args.focus_command in ("extend", "start")
        and minutes is not None
        and not 1 <= minutes <= 180
    ):
        print("cadence: --minutes must be between 1 and 180", file=sys.stderr)
        return 2
    if args.focus_command == "start" and args.label is not None and not args.label.strip():
        print("cadence: --label must not be empty", file=sys.stderr)
        return 2
    runtime = open_runtime(data_dir, language=language, interactive=False)
    try:
        repo, clock = runtime.repo, runtime.clock
        cfg = TimerConfig.from_settings(repo.settings(), clock.tz)
        # Optimistic: if the app (or another shell) changed the timer meanwhile, redo.
        for _attempt in range(5):
            state = repo.timer_state()
            now = clock.now().timestamp()
            step = _act(args, state, cfg, now)
            if not step.changed or repo.save_timer(step.state, step.sessions, expect_rev=state.rev):
                break
        else:
            print("cadence: the timer kept changing; nothing was done", file=sys.stderr)
            return 1
        for session in step.sessions:
            minutes = round(session.focused_s / 60)
            print(
                terminal_safe(
                    f"logged {minutes} min of focus: {session.label or '-'}", multiline=False
                )
            )
        if not step.changed:
            print(f"nothing to {args.focus_command}: the timer is {step.state.status}")
    finally:
        runtime.close()
    status_command(data_dir)
    return 0
