"""Cadence's records, named in the plan's own words.

Every model is a dataclass that turns into a plain JSON-able dict (``to_dict``)
and back (``from_dict``). Dates and times are stored as ISO strings; code that
computes with them uses pendulum. Unknown keys in stored data are ignored on
the way in, so a newer file read by an older build never crashes it.

What a stored document must be to be read as a model is checked by
``cadence.data.validate`` from the fields' types and these class variables:
``CHOICES`` (allowed values), ``FORMATS`` (date / moment / time / week text),
``BOUNDS`` (lowest and highest number) and ``RULES`` (what an import must mean).
``MULTILINE`` names the text fields that may hold line breaks (notes).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from cadence.data.text import clean_value, needs_cleaning

DAY_S = 86_400

# Block kinds, from the plan's daily rhythm.
BLOCK_KINDS = (
    "routine",
    "work",
    "commute",
    "meal",
    "listen",
    "study",
    "build",
    "social",
    "rest",
    "health",
    "sleep",
    # Learn in public: the day's post. Output, like build, not rest.
    "publish",
)
BLOCK_STATES = ("todo", "done", "skipped")
TRACKS = ("tech", "product", "output")
CARD_TYPES = (
    "case_study",
    "demo",
    "notes",
    "weekly_learnings",
    "experiment",
    "capstone",
    "other",
)
COLUMNS = ("backlog", "week", "doing", "done")
RESOURCE_KINDS = ("podcast", "video", "newsletter", "course", "book", "tool", "docs")
RESOURCE_STATES = ("to_start", "in_progress", "done")
# The skills map (section 五 of the plan): two tracks, four steps of mastery.
SKILL_TRACKS = ("tech", "product")
SKILL_STATES = ("not_started", "learning", "can_explain", "applied")
# Impact (section 七): hours saved in a month, or a change of a capstone's measure.
IMPACT_KINDS = ("hours_saved", "metric")
# The job move (months 9–12): each lead moves forward through these stages.
JOB_STAGES = ("target", "applied", "interview", "offer")
JOB_OUTCOMES = ("open", "accepted", "declined", "rejected", "withdrawn")


def new_id() -> str:
    """A short random id; unique enough across machines that sync one folder."""
    return os.urandom(6).hex()  # 48 random bits, as the first 12 hex digits of a uuid4


def clean_record(record: Any) -> None:
    """Clean the texts of a dataclass record in place (see ``cadence.data.text``); nested
    records are cleaned by their own rules (their ``MULTILINE`` fields keep line breaks)."""
    multiline: frozenset[str] = getattr(record, "MULTILINE", frozenset())
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if type(value) is list and value and dataclasses.is_dataclass(value[0]):
            for item in value:
                if dataclasses.is_dataclass(item) and not isinstance(item, type):
                    clean_record(item)
        elif needs_cleaning(value):
            object.__setattr__(record, name, clean_value(value, multiline=name in multiline))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


#: The record classes a record's fields hold, by field name (see ``Record.NESTED``).
RecordClasses = dict[str, "type[Record]"]

_FROM_DICT_FIELDS: dict[type, dict[str, tuple[Any, Any]]] = {}


def _from_dict_fields(cls: Any) -> dict[str, tuple[Any, Any]]:
    """A record class's fields, each with the record class it holds as a table and as a
    list (or None): what ``from_dict`` looks up for every key of every document."""
    known = _FROM_DICT_FIELDS.get(cls)
    if known is None:
        known = _FROM_DICT_FIELDS[cls] = {
            name: (cls.TABLES.get(name), cls.NESTED.get(name)) for name in _field_names(cls)
        }
    return known


class Record:
    """Mixin: dict round-trip for dataclasses, nested records included."""

    NESTED: ClassVar[RecordClasses] = {}  # list fields holding records
    TABLES: ClassVar[RecordClasses] = {}  # fields holding one record (or None)
    CHOICES: ClassVar[dict[str, tuple[Any, ...]]] = {}
    FORMATS: ClassVar[dict[str, str]] = {}
    BOUNDS: ClassVar[dict[str, tuple[float, float]]] = {}
    RULES: ClassVar[tuple[Callable[[Mapping[str, Any]], str | None], ...]] = ()
    MULTILINE: ClassVar[frozenset[str]] = frozenset()

    def __post_init__(self) -> None:
        # Text is shown as text: typed, imported or loaded, no control characters.
        clean_record(self)

    def to_dict(self) -> dict[str, Any]:
        clean_record(self)  # a field set after the record was made is cleaned here
        data: dict[str, Any] = dataclasses.asdict(self)  # type: ignore[call-overload]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        fields = _from_dict_fields(cls)
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            held = fields.get(key)
            if held is None:
                continue
            table, nested = held
            if table is not None and isinstance(value, dict):
                value = table.from_dict(value)
            elif nested is not None and isinstance(value, list):
                value = [nested.from_dict(v) if isinstance(v, dict) else v for v in value]
            elif isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            kwargs[key] = value
        return cls(**kwargs)


# ---------------------------------------------------------------- the day


@dataclass
class TimeBlock(Record):
    """One block of a day: wall-clock start/end ("HH:MM"), may cross midnight."""

    start: str
    end: str
    title: str
    kind: str = "routine"
    id: str = field(default_factory=new_id)
    note: str = ""
    CHOICES: ClassVar[dict[str, tuple[Any, ...]]] = {"kind": BLOCK_KINDS}
    FORMATS: ClassVar[dict[str, str]] = {"start": "time", "end": "time"}
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"note"})


@dataclass
class DayTemplate(Record):
    """The blocks of a kind of day, and the weekdays it applies to (Monday = 0)."""

    id: str
    name: str
    weekdays: list[int]
    blocks: list[TimeBlock] = field(default_factory=list)
    NESTED: ClassVar[RecordClasses] = {"blocks": TimeBlock}


@dataclass
class DayRecord(Record):
    """What happened to one date: block states and this date's own changes.

    ``added`` are blocks for this date only; ``edited`` maps a template block id
    to its replacement for this date; ``removed`` lists template block ids hidden
    on this date.
    """

    date: str
    states: dict[str, str] = field(default_factory=dict)
    added: list[TimeBlock] = field(default_factory=list)
    edited: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    top3: list[str] = field(default_factory=list)
    # The top three items ticked done on this date (their texts, as in ``top3``).
    top3_done: list[str] = field(default_factory=list)
    NESTED: ClassVar[RecordClasses] = {"added": TimeBlock}
    CHOICES: ClassVar[dict[str, tuple[Any, ...]]] = {"states": BLOCK_STATES}
    FORMATS: ClassVar[dict[str, str]] = {"date": "date"}


# ---------------------------------------------------------------- the year


@dataclass
class RoadmapGoal(Record):
    """One goal of a month, on one track (tech / product / output)."""

    month: int
    track: str
    text: str
    id: str = field(default_factory=new_id)
    done: bool = False
    done_on: str | None = None
    notes: str = ""
    CHOICES: ClassVar[dict[str, tuple[Any, ...]]] = {"track": TRACKS}
    FORMATS: ClassVar[dict[str, str]] = {"done_on": "date"}
    BOUNDS: ClassVar[dict[str, tuple[float, float]]] = {"month": (0, 120)}
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"notes"})


@dataclass
class RoadmapPhase(Record):
    """A stretch of months with a theme, e.g. months 1-3 "foundations + quick output"."""

    id: str
    title: str
    first_month: int
    last_month: int
    summary: str = ""


@dataclass
class ChecklistItem(Record):
    text: str
    id: str = field(default_factory=new_id)
    done: bool = False
    minutes: int | None = None
    url: str = ""
    BOUNDS: ClassVar[dict[str, tuple[float, float]]] = {"minutes": (0, 100_000)}


@dataclass
class MustDo(Record):
    """One of the plan's two must-do goals, with its checklist."""

    id: str
    title: str
    kind: str  # "course" | "ship"
    items: list[ChecklistItem] = field(default_factory=list)
    url: str = ""
    NESTED: ClassVar[RecordClasses] = {"items": ChecklistItem}


@dataclass
class Measure(Record):
    """A capstone's measure: e.g. hours saved per month, target and current value.

    ``id`` names it across languages (impact records refer to it); measures copied
    onto a board card may have none.
    """

    name: str
    unit: str = ""
    target: float | None = None
    current: float | None = None
    id: str = ""


@dataclass
class DeliverableRule(Record):
    """A deliverable the plan asks for every period (month / week / fortnight)."""

    id: str
    every: str  # "month" | "week" | "fortnight"
    type: str
    title: str
    description: str = ""


@dataclass
class Capstone(Record):
    id: str
    title: str
    description: str
    measures: list[Measure] = field(default_factory=list)
    priority: int = 0
    NESTED: ClassVar[RecordClasses] = {"measures": Measure}


@dataclass
class KPI(Record):
    """One of the plan's measures of success. ``first_month``..``last_month`` is the window
    it is judged in (e.g. the job move: months 9–12); None for the whole plan."""

    id: str
    title: str
    target: float | None = None
    unit: str = ""
    description: str = ""
    first_month: int | None = None
    last_month: int | None = None


@dataclass
class Habit(Record):
    id: str
    title: str
    per_week: int | None = None
    minutes: int | None = None
    by_time: str | None = None  # e.g. "23:00" for bedtime


@dataclass
class Resource(Record):
    title: str
    kind: str
    url: str = ""
    when: str = ""
    description: str = ""
    status: str = "to_start"
    notes: str = ""
    id: str = field(default_factory=new_id)
    CHOICES: ClassVar[dict[str, tuple[Any, ...]]] = {
        "kind": RESOURCE_KINDS,
        "status": RESOURCE_STATES,
    }
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"description", "notes"})


@dataclass
class Skill(Record):
    """One skill of the plan's skills map (section 五), on the tech or product track.

    ``topics`` are what it covers as the plan names them; ``labels`` are words that,
    found in a focus session's label, count its time for this skill; ``links`` are
    focus links that count too, matched as prefixes ("lecture:" = every lecture);
    ``goals`` are the roadmap goals that touch it, so a month can show its skills.
    ``status`` is the learner's own: not_started → learning → can_explain → applied.
    """

    id: str
    track: str
    title: str
    topics: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    status: str = "not_started"
    notes: str = ""
    updated: str = ""  # ISO date of the last status change
    CHOICES: ClassVar[dict[str, tuple[Any, ...]]] = {"track": SKILL_TRACKS, "status": SKILL_STATES}
    FORMATS: ClassVar[dict[str, str]] = {"updated": "date"}
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"notes"})


@dataclass
class Freelance(Record):
    """Section 八: small freelance or consulting jobs at weekends, for income and cases.

    ``block`` is the id of the optional weekend block the plan keeps for it;
    ``offers`` are the kinds of work the plan suggests.
    """

    title: str
    description: str = ""
    block: str = ""
    offers: list[str] = field(default_factory=list)


@dataclass
class WeekendGuide(Record):
    """Section 二's weekend: ``min_hours``–``max_hours`` of study and building over the two
    days, one day leaning to study (``study_template``), one to building (``build_template``)."""

    text: str
    min_hours: float = 6.0
    max_hours: float = 10.0
    study_template: str = ""
    build_template: str = ""


@dataclass
class Plan(Record):
    """The whole plan: what a plan TOML file holds."""

    id: str
    name: str
    language: str
    # The shipped plan's edition: a folder seeded with an older one is upgraded
    # (``cadence.data.plan.upgrade``) without losing what the user ticked or typed.
    version: int = 1
    principles: list[str] = field(default_factory=list)
    templates: list[DayTemplate] = field(default_factory=list)
    phases: list[RoadmapPhase] = field(default_factory=list)
    goals: list[RoadmapGoal] = field(default_factory=list)
    must_dos: list[MustDo] = field(default_factory=list)
    deliverables: list[DeliverableRule] = field(default_factory=list)
    capstones: list[Capstone] = field(default_factory=list)
    kpis: list[KPI] = field(default_factory=list)
    habits: list[Habit] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    freelance: Freelance | None = None
    weekend: WeekendGuide | None = None
    NESTED: ClassVar[RecordClasses] = {
        "templates": DayTemplate,
        "phases": RoadmapPhase,
        "goals": RoadmapGoal,
        "must_dos": MustDo,
        "deliverables": DeliverableRule,
        "capstones": Capstone,
        "kpis": KPI,
        "habits": Habit,
        "resources": Resource,
        "skills": Skill,
    }
    TABLES: ClassVar[RecordClasses] = {"freelance": Freelance, "weekend": WeekendGuide}


# ---------------------------------------------------------------- output


@dataclass
class Deliverable(Record):
    """A card on the board."""

    title: str
    type: str = "other"
    column: str = "backlog"
    order: float = 0.0
    id: str = field(default_factory=new_id)
    due: str | None = None
    month: int | None = None
    goal_id: str | None = None
    description: str = ""
    checklist: list[ChecklistItem] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    # Which plan rule and period made this card ("case_study:2026-12"): never made twice.
    source: str | None = None
    created: str = ""
    updated: str = ""
    NESTED: ClassVar[RecordClasses] = {"checklist": ChecklistItem, "measures": Measure}
    CHOICES: ClassVar[dict[str, tuple[Any, ...]]] = {"column": COLUMNS, "type": CARD_TYPES}
    FORMATS: ClassVar[dict[str, str]] = {"due": "date", "created": "moment", "updated": "moment"}
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"description"})


# ---------------------------------------------------------------- logs


def _session_span(doc: Mapping[str, Any]) -> str | None:
    """A session ends after it starts, and holds no more focus than its span."""
    import datetime as dt

    try:
        start = dt.datetime.fromisoformat(doc["start"])
        end = dt.datetime.fromisoformat(doc["end"])
        span = (end - start).total_seconds()
    except (KeyError, TypeError, ValueError):
        return None  # the field checks say what is wrong
    if span < 0:
        return f"'end' {doc['end']!r} is before 'start' {doc['start']!r}"
    if float(doc.get("focused_s") or 0) > span + 60:
        return f"'focused_s' {doc['focused_s']} is longer than the session ({int(span)} s)"
    return None


@dataclass
class FocusSession(Record):
    start: str
    end: str
    planned_s: int
    focused_s: int
    label: str = ""
    link: str | None = None  # "goal:<id>", "card:<id>", "block:<id>", "lecture:<id>"
    completed: bool = True
    manual: bool = False
    id: str = field(default_factory=new_id)
    FORMATS: ClassVar[dict[str, str]] = {"start": "moment", "end": "moment"}
    BOUNDS: ClassVar[dict[str, tuple[float, float]]] = {
        "planned_s": (0, DAY_S),
        "focused_s": (0, DAY_S),
    }
    RULES: ClassVar[tuple[Callable[[Mapping[str, Any]], str | None], ...]] = (_session_span,)


@dataclass
class DailyReview(Record):
    date: str
    learned: list[str] = field(default_factory=list)
    posted: bool | None = None
    post_where: str = ""
    post_text: str = ""
    workout_min: int | None = None
    bed_before_23: bool | None = None
    energy: int | None = None
    top3: list[str] = field(default_factory=list)
    focus_s: int | None = None
    step: int = 0  # where a left flow resumes
    finished: bool = False
    updated: str = ""
    FORMATS: ClassVar[dict[str, str]] = {"date": "date", "updated": "moment"}
    BOUNDS: ClassVar[dict[str, tuple[float, float]]] = {
        "workout_min": (0, 1440),
        "energy": (0, 10),
        "focus_s": (0, DAY_S),
        "step": (0, 1000),
    }
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"post_text"})


@dataclass
class WeeklyReview(Record):
    week: str  # ISO week, "2026-W48"
    learnings: list[str] = field(default_factory=list)
    next_week: list[str] = field(default_factory=list)
    finished: bool = False
    updated: str = ""
    FORMATS: ClassVar[dict[str, str]] = {"week": "week", "updated": "moment"}


@dataclass
class FreelanceEntry(Record):
    """One freelance or consulting engagement (section 八): time, income and the case it gave."""

    date: str  # ISO date it was done (or finished)
    engagement: str  # client / project, e.g. "Agent launch for a retail shop"
    hours: float = 0.0
    income: float = 0.0
    currency: str = ""
    case: str = ""  # the business case it gave, in a sentence
    id: str = field(default_factory=new_id)
    created: str = ""
    updated: str = ""
    FORMATS: ClassVar[dict[str, str]] = {"date": "date"}
    BOUNDS: ClassVar[dict[str, tuple[float, float]]] = {"hours": (0, 1000), "income": (0, 1e9)}
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"case"})


@dataclass
class ImpactEntry(Record):
    """A quantified improvement AI brought at work (section 七, impact).

    ``kind`` "hours_saved": ``value`` hours saved in the month of ``date``;
    "metric": ``value`` is the change of a capstone measure (``measure`` = its id),
    in the measure's unit (+12 for "+12 %"), from ``before`` to ``after`` when known.
    """

    date: str
    kind: str = "hours_saved"
    value: float = 0.0
    measure: str = ""
    capstone: str = ""
    before: float | None = None
    after: float | None = None
    note: str = ""
    id: str = field(default_factory=new_id)
    created: str = ""
    CHOICES: ClassVar[dict[str, tuple[Any, ...]]] = {"kind": IMPACT_KINDS}
    FORMATS: ClassVar[dict[str, str]] = {"date": "date"}
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"note"})


@dataclass
class JobLead(Record):
    """One company or internal team in the job move (months 9–12).

    ``stages`` maps each stage reached ("target", "applied", "interview", "offer") to the
    ISO date it was reached; ``outcome`` ends the lead ("accepted" = the role change).
    """

    company: str
    role: str = ""
    internal: bool = False  # an internal transfer rather than a new employer
    stages: dict[str, str] = field(default_factory=dict)
    outcome: str = "open"
    url: str = ""
    notes: str = ""
    id: str = field(default_factory=new_id)
    created: str = ""
    updated: str = ""
    CHOICES: ClassVar[dict[str, tuple[Any, ...]]] = {"outcome": JOB_OUTCOMES}
    RULES: ClassVar[tuple[Callable[[Mapping[str, Any]], str | None], ...]] = (
        lambda doc: (
            None
            if set(doc.get("stages") or {}) <= set(JOB_STAGES)
            else f"stages must be among {', '.join(JOB_STAGES)}"
        ),
    )
    MULTILINE: ClassVar[frozenset[str]] = frozenset({"notes"})

    @property
    def stage(self) -> str:
        """The furthest stage reached ("target" when none is recorded)."""
        reached = [s for s in JOB_STAGES if s in self.stages]
        return reached[-1] if reached else JOB_STAGES[0]


@dataclass
class HabitLog(Record):
    date: str
    habit: str
    value: float = 1.0
    id: str = field(default_factory=new_id)


# ---------------------------------------------------------------- settings


@dataclass
class Settings(Record):
    language: str = "en"
    theme: str = "textual-dark"
    week_start: int = 0  # Monday = 0 (pendulum 3)
    plan_start: str = ""  # ISO date of month 0's first day
    plan_id: str = ""
    timezone: str = ""
    weekly_target_h: float = 8.0
    weekly_band_low_h: float = 10.0
    weekly_band_high_h: float = 15.0
    rollover_hour: int = 4
    reminder_lead_min: int = 5
    reminders_muted_until: str | None = None
    focus_min: int = 25
    short_break_min: int = 5
    long_break_min: int = 15
    long_break_every: int = 4
    # Focus timer: breaks start by themselves, the next focus waits for a key;
    # the phase-end prompt rings again every 30 s until a key is pressed.
    auto_start_breaks: bool = True
    auto_start_focus: bool = False
    prompt_repeat: bool = True
    ascii_icons: bool = False
    # Kanban: a column's own name ("backlog" -> "Ideas"; empty = the default name),
    # the Doing column's WIP limit (0 = none), and how many days ahead is "due soon".
    column_names: dict[str, str] = field(default_factory=dict)
    wip_doing: int = 3
    due_soon_days: int = 3
    FORMATS: ClassVar[dict[str, str]] = {
        "plan_start": "date",
        "reminders_muted_until": "moment",
    }
    BOUNDS: ClassVar[dict[str, tuple[float, float]]] = {
        "week_start": (0, 6),
        **dict.fromkeys(("weekly_target_h", "weekly_band_low_h", "weekly_band_high_h"), (0, 168)),
        "rollover_hour": (0, 23),
        "reminder_lead_min": (0, 1440),
        **dict.fromkeys(("focus_min", "short_break_min", "long_break_min"), (1, 1440)),
        "long_break_every": (1, 1000),
        "wip_doing": (0, 10_000),
        "due_soon_days": (0, 3660),
    }
