"""The focus timer's saved state: one document in the "timer" file.

Times are seconds since the epoch (wall clock), so a state written by the app
can be read by ``cadence status`` without any date library. The document sits
in TinyDB's layout, ``{"state": {"1": {...}}}``; :func:`state_from_tables`
reads it from a file's tables without TinyDB's query machinery.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

from cadence.data.text import clean_text

# Not models.Record: importing models costs ~15 ms of dataclass creation, and
# `cadence status` reads this on every shell prompt.

TIMER_FILE = "timer"
STATE_TABLE = "state"

PHASES = ("focus", "short_break", "long_break")
STATUSES = ("idle", "running", "paused")
#: Moments are seconds since the epoch within the clock's range: the years 1970 to 2200.
FIRST_YEAR, LAST_YEAR = 1970, 2200
EPOCH_MAX = 7_289_654_400.0  # 2201-01-01T00:00Z
_MOMENT = (0.0, EPOCH_MAX)
_SPAN = (0.0, 366 * 86_400.0)


@dataclass
class TimerState:
    """Where the Pomodoro timer is. Every change gets a new ``rev``.

    - idle: ``phase`` is the phase that starts next; ``extra_s`` minutes were
      added to it in advance (``+`` before start).
    - running: the phase ends at ``deadline``; focus is counted from
      ``run_since`` (plus ``banked_s`` counted before a pause or a sleep).
    - paused: ``left_s`` remain; paused since ``paused_at``.
    """

    phase: str = "focus"
    status: str = "idle"
    label: str = ""
    link: str | None = None
    started: float | None = None  # when this phase first started
    deadline: float | None = None
    left_s: float = 0.0
    planned_s: int = 0
    extra_s: int = 0
    banked_s: float = 0.0
    run_since: float | None = None
    paused_at: float | None = None
    slept_s: float = 0.0
    cycle: int = 0  # focus phases done in the current cycle
    cycle_day: str = ""  # the plan day (ISO) that cycle belongs to
    last_active: float | None = None  # when the timer last stopped running
    tz: str = ""  # the zone the sessions' times are written in
    rev: str = ""
    updated: float | None = None

    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {"phase": PHASES, "status": STATUSES}
    BOUNDS: ClassVar[dict[str, tuple[float, float]]] = {
        "started": _MOMENT,
        "deadline": _MOMENT,
        "run_since": _MOMENT,
        "paused_at": _MOMENT,
        "last_active": _MOMENT,
        "updated": _MOMENT,
        "left_s": _SPAN,
        "planned_s": _SPAN,
        "extra_s": _SPAN,
        "banked_s": _SPAN,
        "slept_s": _SPAN,
        "cycle": (0, 1_000_000),
    }

    def __post_init__(self) -> None:
        # A label typed with `--label` is shown as text: no control characters.
        if type(self.label) is str and not self.label.isprintable():
            self.label = clean_text(self.label)

    def to_dict(self) -> dict[str, object]:
        self.__post_init__()
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TimerState:
        """From a stored document; unknown keys (a newer Cadence) are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})  # type: ignore[arg-type]


def state_from_tables(tables: dict[str, dict[str, dict[str, object]]]) -> TimerState | None:
    """The state in a "timer" file's tables, or None when there is none."""
    for doc in tables.get(STATE_TABLE, {}).values():
        if isinstance(doc, dict):
            return TimerState.from_dict(doc)
    return None
