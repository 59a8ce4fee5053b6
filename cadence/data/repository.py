"""Typed access to the store: models in, models out.

One way to change data: ``update_*(key, fn)`` applies ``fn`` inside ONE store
transaction to the record as it is on disk at that moment, and returns the
record as written. ``fn`` changes the record in place (and returns None) or
returns a new one. Never read a record, change it outside, and write it back
whole: a change made meanwhile (another keypress's worker, another process)
would be lost. The ``save_*`` methods that write a whole record are kept for
old callers only; nothing new may use them.

File layout in the data folder (one TinyDB file per kind; logs one per year):
``settings.json``, ``plan.json`` (plan, goals, must-dos, resources, skills),
``board.json`` (cards), ``weekly.json`` (weekly reviews), ``timer.json``,
``days-YYYY.json`` (per-date block states and changes), ``focus-YYYY.json``
(focus sessions), ``reviews-YYYY.json`` (daily reviews), ``career.json``
(freelance engagements, impact records, the job move's leads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import Query

from cadence.data.merge import merge_fields, merging
from cadence.data.models import (
    JOB_STAGES,
    SKILL_STATES,
    DailyReview,
    DayRecord,
    DayTemplate,
    Deliverable,
    FocusSession,
    FreelanceEntry,
    ImpactEntry,
    JobLead,
    MustDo,
    Plan,
    Record,
    Resource,
    RoadmapGoal,
    Settings,
    Skill,
    TimeBlock,
    WeeklyReview,
)
from cadence.data.store import Store, Transaction
from cadence.data.timer_state import TimerState
from cadence.data.validate import tables_check

if TYPE_CHECKING:
    from cadence.data.plan import Upgrade

SETTINGS = "settings"
PLAN = "plan"
BOARD = "board"
WEEKLY = "weekly"
TIMER = "timer"
CAREER = "career"

R = TypeVar("R", bound=Record)
#: A change: edits the record in place and returns None, or returns the new record.
Change = Callable[[R], "R | None"]

__all__ = ["BoardEdit", "Change", "Repository", "merge_fields", "merging", "year_file"]

# Plan fields kept as separate documents (they change one at a time).
_PLAN_LISTS = {
    "goals": RoadmapGoal,
    "must_dos": MustDo,
    "resources": Resource,
    "skills": Skill,
}

#: Each kind of file, its tables and the model of their documents: what is checked when a
#: file is read (a document that does not fit is damage) and when a change writes it.
#: Tables not named here (board's "generated", "reminded") hold plain bookkeeping.
FILE_MODELS: dict[str, dict[str, type]] = {
    SETTINGS: {"settings": Settings},
    PLAN: {"plan": Plan, **_PLAN_LISTS},
    BOARD: {"cards": Deliverable},
    WEEKLY: {"weekly": WeeklyReview},
    "days": {"days": DayRecord},
    "focus": {"sessions": FocusSession},
    "reviews": {"daily": DailyReview},
    TIMER: {"state": TimerState},
    CAREER: {"freelance": FreelanceEntry, "impact": ImpactEntry, "jobs": JobLead},
}
#: The career file's table of each kind of record.
CAREER_TABLES: dict[type[Record], str] = {
    model: table for table, model in FILE_MODELS[CAREER].items()
}
FILE_SKIP: dict[str, dict[str, frozenset[str]]] = {PLAN: {"plan": frozenset(_PLAN_LISTS)}}
#: Tables without a model that a file may hold besides its models' (any other is damage).
FILE_EXTRA: dict[str, frozenset[str]] = {BOARD: frozenset({"generated", "reminded"})}
#: The per-year logs (``focus-2026``) and the other files Cadence writes: nothing else is
#: imported (``instance`` is the lock's note, never data).
YEAR_FILES = frozenset({"days", "focus", "reviews"})
KNOWN_FILES = frozenset({*FILE_MODELS, "reminders", "sync"} - YEAR_FILES)


def register_checks(store: Store) -> None:
    """Make ``store`` check every Cadence file against its models (see FILE_MODELS)."""
    for kind, models in FILE_MODELS.items():
        check = tables_check(
            models, skip=FILE_SKIP.get(kind), extra=FILE_EXTRA.get(kind, frozenset())
        )
        store.add_check(kind, check)


def year_file(kind: str, iso_date: str) -> str:
    """The file of a per-year log: ``year_file("focus", "2026-11-29") == "focus-2026"``."""
    return f"{kind}-{iso_date[:4]}"


def _years(first: str, last: str) -> range:
    return range(int(first[:4]), int(last[:4]) + 1)


def _applied(fn: Callable[[R], R | None], record: R) -> R:
    out = fn(record)
    return record if out is None else out


def _find(docs: dict[str, dict[str, Any]], key: str, value: Any) -> tuple[str | None, Any]:
    for doc_id, doc in docs.items():
        if doc.get(key) == value:
            return doc_id, doc
    return None, None


@dataclass
class BoardEdit:
    """The board inside one transaction, for ``Repository.update_board``.

    ``cards`` are the cards as they are on disk at that moment (by id): change them,
    add with :meth:`add`, delete with :meth:`remove`. :meth:`review` gives a week's
    review (made when missing) to change in the same transaction.
    """

    cards: dict[str, Deliverable]
    _txn: Transaction
    _reviews: dict[str, tuple[WeeklyReview, dict[str, Any] | None]] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    def add(self, card: Deliverable) -> bool:
        """Add ``card``; False (nothing added) when a card with its id, or its source, exists."""
        if card.id in self.cards:
            return False
        if card.source and any(c.source == card.source for c in self.cards.values()):
            return False
        self.cards[card.id] = card
        self.removed.discard(card.id)
        return True

    def remove(self, card_id: str) -> Deliverable | None:
        card = self.cards.pop(card_id, None)
        if card is not None:
            self.removed.add(card_id)
        return card

    def review(self, week: str) -> WeeklyReview:
        """The weekly review of ISO ``week``, as on disk (a new one when missing)."""
        held = self._reviews.get(week)
        if held is None:
            docs = (self._txn.db(WEEKLY).storage.read() or {}).get("weekly", {})
            _doc_id, doc = _find(docs, "week", week)
            review = WeeklyReview.from_dict(doc) if doc else WeeklyReview(week=week)
            held = self._reviews[week] = (review, doc)
        return held[0]


class Repository:
    def __init__(self, store: Store) -> None:
        self.store = store
        register_checks(store)
        # Keyed by the tables object itself (an id() could be reused after a reload).
        self._plan_cache: tuple[Any, Plan] | None = None

    # ------------------------------------------------------------ helpers

    def _all(self, name: str, table: str, model: type[R]) -> list[R]:
        docs = self.store.tables(name).get(table, {})
        return [model.from_dict(doc) for doc in docs.values()]

    def _between(
        self, kind: str, table: str, key: str, model: type[R], first: str, last: str
    ) -> list[R]:
        """Records of a per-year log whose ``key`` date (ISO prefix) is within first..last.

        Filters the raw documents before building models: a year file holds thousands.
        """
        out: list[R] = []
        for year in _years(first, last):
            docs = self.store.tables(f"{kind}-{year}").get(table, {})
            out.extend(
                model.from_dict(doc)
                for doc in docs.values()
                if first <= str(doc.get(key, ""))[:10] <= last
            )
        return out

    def _upsert(self, name: str, table: str, key: str, record: Record) -> None:
        data = record.to_dict()
        with self.store.transaction(name) as txn:
            txn.db(name).table(table).upsert(data, Query()[key] == data[key])

    def _remove(self, name: str, table: str, key: str, value: Any) -> None:
        with self.store.transaction(name) as txn:
            txn.db(name).table(table).remove(Query()[key] == value)

    # ------------------------------------------------------------ settings

    def settings(self) -> Settings:
        docs = self.store.tables(SETTINGS).get("settings", {})
        for doc in docs.values():
            return Settings.from_dict(doc)
        return Settings()

    def has_settings(self) -> bool:
        return bool(self.store.tables(SETTINGS).get("settings"))

    def save_settings(self, settings: Settings) -> None:
        with self.store.transaction(SETTINGS) as txn:
            table = txn.db(SETTINGS).table("settings")
            table.truncate()
            table.insert(settings.to_dict())

    # ------------------------------------------------------------ plan

    def has_plan(self) -> bool:
        return bool(self.store.tables(PLAN).get("plan"))

    def plan(self) -> Plan:
        """The plan as stored, goals and checklists with their current state."""
        tables = self.store.tables(PLAN)
        if self._plan_cache is not None and self._plan_cache[0] is tables:
            return self._plan_cache[1]
        base: dict[str, Any] = {}
        for doc in tables.get("plan", {}).values():
            base = dict(doc)
        for key in _PLAN_LISTS:
            base[key] = list(tables.get(key, {}).values())
        if not base.get("id"):
            base.update(id="", name="", language="en")
        plan = Plan.from_dict(base)
        self._plan_cache = (tables, plan)
        return plan

    def install_plan(self, plan: Plan, *, settings: Change[Settings] | None = None) -> None:
        """Replace the stored plan with ``plan`` and, with ``settings``, change the settings
        to go with it (its id, a start date), in one transaction: both or neither."""
        names = (PLAN, SETTINGS) if settings is not None else (PLAN,)
        with self.store.transaction(*names) as txn:
            self._write_whole_plan(txn.db(PLAN), plan)
            if settings is not None:
                docs = txn.docs(SETTINGS, "settings")
                doc_id, doc = next(iter(docs.items()), (None, None))
                current = Settings.from_dict(doc) if doc else Settings()
                txn.put(SETTINGS, "settings", _applied(settings, current).to_dict(), doc_id)

    def templates(self) -> list[DayTemplate]:
        return self.plan().templates

    def goals(self) -> list[RoadmapGoal]:
        return self.plan().goals

    def save_goal(self, goal: RoadmapGoal) -> None:
        self._upsert(PLAN, "goals", "id", goal)

    def delete_goal(self, goal_id: str) -> None:
        self._remove(PLAN, "goals", "id", goal_id)

    def save_must_do(self, must_do: MustDo) -> None:
        self._upsert(PLAN, "must_dos", "id", must_do)

    def save_resource(self, resource: Resource) -> None:
        self._upsert(PLAN, "resources", "id", resource)

    def delete_resource(self, resource_id: str) -> None:
        self._remove(PLAN, "resources", "id", resource_id)

    def save_templates(self, templates: Iterable[DayTemplate]) -> None:
        with self.store.transaction(PLAN) as txn:
            table = txn.db(PLAN).table("plan")
            table.update({"templates": [t.to_dict() for t in templates]})

    # ------------------------------------------------------------ days

    def day(self, iso_date: str) -> DayRecord:
        docs = self.store.tables(year_file("days", iso_date)).get("days", {})
        for doc in docs.values():
            if doc.get("date") == iso_date:
                return DayRecord.from_dict(doc)
        return DayRecord(date=iso_date)

    def save_day(self, record: DayRecord) -> None:
        self._upsert(year_file("days", record.date), "days", "date", record)

    def days(self, first: str, last: str) -> list[DayRecord]:
        out = self._between("days", "days", "date", DayRecord, first, last)
        return sorted(out, key=lambda r: r.date)

    # ------------------------------------------------------------ focus

    def sessions(self, first: str, last: str) -> list[FocusSession]:
        """Focus sessions that started on dates ``first``..``last`` (ISO, inclusive)."""
        out = self._between("focus", "sessions", "start", FocusSession, first, last)
        return sorted(out, key=lambda s: s.start)

    def save_session(self, session: FocusSession) -> None:
        self._upsert(year_file("focus", session.start), "sessions", "id", session)

    def delete_session(self, session: FocusSession) -> None:
        self._remove(year_file("focus", session.start), "sessions", "id", session.id)

    # ------------------------------------------------------------ reviews

    def daily_review(self, iso_date: str) -> DailyReview | None:
        docs = self.store.tables(year_file("reviews", iso_date)).get("daily", {})
        for doc in docs.values():
            if doc.get("date") == iso_date:
                return DailyReview.from_dict(doc)
        return None

    def daily_reviews(self, first: str, last: str) -> list[DailyReview]:
        out = self._between("reviews", "daily", "date", DailyReview, first, last)
        return sorted(out, key=lambda r: r.date)

    def save_daily_review(self, review: DailyReview) -> None:
        self._upsert(year_file("reviews", review.date), "daily", "date", review)

    def weekly_review(self, week: str) -> WeeklyReview | None:
        for doc in self.store.tables(WEEKLY).get("weekly", {}).values():
            if doc.get("week") == week:
                return WeeklyReview.from_dict(doc)
        return None

    def save_weekly_review(self, review: WeeklyReview) -> None:
        self._upsert(WEEKLY, "weekly", "week", review)

    # ------------------------------------------------------------ plan: skills, editions, language
    # (issue 13 / 12) The skills map is its own table of plan.json, like goals; the whole
    # plan changes in one transaction when it is upgraded or switched to another language.

    def skills(self) -> list[Skill]:
        """The skills map, in the plan's order."""
        return self.plan().skills

    def update_skill(self, skill_id: str, change: Change[Skill]) -> Skill | None:
        """Apply ``change`` to the stored skill, in one transaction. None (nothing written)
        when there is no such skill."""
        with self.store.transaction(PLAN) as txn:
            return self._update(txn, PLAN, "skills", "id", skill_id, Skill, change)

    def set_skill_status(self, skill_id: str, status: str, today: str) -> Skill | None:
        """Set a skill's status (one of ``SKILL_STATES``) and the date it changed."""
        if status not in SKILL_STATES:
            raise ValueError(
                f"unknown skill status {status!r}: use one of {', '.join(SKILL_STATES)}"
            )

        def change(skill: Skill) -> None:
            if skill.status != status:
                skill.status, skill.updated = status, today

        return self.update_skill(skill_id, change)

    def _stored_plan(self, db: Any) -> Plan | None:
        """The plan as a transaction sees it on disk (None when the folder has none)."""
        docs = db.table("plan").all()
        if not docs:
            return None
        base: dict[str, Any] = dict(docs[0])
        for key in _PLAN_LISTS:
            base[key] = list(db.table(key).all())
        return Plan.from_dict(base)

    @staticmethod
    def _write_whole_plan(db: Any, plan: Plan) -> None:
        data = plan.to_dict()
        for key in _PLAN_LISTS:
            table = db.table(key)
            table.truncate()
            table.insert_multiple(data.pop(key))
        table = db.table("plan")
        table.truncate()
        table.insert(data)

    def switch_plan_language(self, language: str, *, save_setting: bool = False) -> bool:
        """Switch the stored plan's text to ``language``, by id, in one transaction.

        Text the user edited stays as typed (it differs from the shipped text of the old
        language); ticks, notes and statuses are kept. With ``save_setting`` the UI
        language setting changes in the same transaction. True when the plan changed;
        False when it is already in that language or cannot be switched (not the
        default plan, or an older edition not yet upgraded).
        """
        from cadence.data.plan.edition import language_code

        if not save_setting and (
            not self.has_plan() or language_code(self.plan().language) == language_code(language)
        ):
            return False  # nothing to do (the start asks this every time): no transaction
        from cadence.data.plan import translate_plan

        names = (PLAN, SETTINGS) if save_setting else (PLAN,)
        with self.store.transaction(*names) as txn:
            db = txn.db(PLAN)
            stored = self._stored_plan(db)
            switched = translate_plan(stored, language) if stored is not None else None
            if switched is not None:
                self._write_whole_plan(db, switched)
            if save_setting:
                table = txn.db(SETTINGS).table("settings")
                docs = table.all()
                settings = Settings.from_dict(docs[0]) if docs else Settings()
                if settings.language != language:
                    settings.language = language
                    table.truncate()
                    table.insert(settings.to_dict())
        return switched is not None

    def upgrade_plan(self) -> Upgrade | None:
        """Bring a plan seeded from an older edition of the shipped plan to the current one.

        One transaction over the plan and the per-year days and focus files: new parts
        (skills, lectures, blocks …) are added, the user's ticks and edits kept, and day
        records and focus sessions follow blocks the new edition renamed (Friday's
        se-* → fe-*). Returns the ``Upgrade`` made, or None when there was nothing to do.
        """
        from cadence.data.plan.edition import PLAN_VERSION

        if not self.has_plan() or self.plan().version >= PLAN_VERSION:
            return None
        from cadence.data.plan import upgrade_plan

        logs = [
            n
            for n in self.store.names_on_disk()
            if n.partition("-")[0] in ("days", "focus") and n.partition("-")[2].isdigit()
        ]
        with self.store.transaction(PLAN, *logs) as txn:
            db = txn.db(PLAN)
            stored = self._stored_plan(db)
            result = upgrade_plan(stored) if stored is not None else None
            if result is None:
                return None
            self._write_whole_plan(db, result.plan)
            for name in logs if result.renames else ():
                if name.startswith("days-"):
                    _rename_in_days(txn.db(name).table("days"), result.renames)
                else:
                    _rename_in_sessions(txn.db(name).table("sessions"), result.renames)
        return result

    # ------------------------------------------------------------ career: freelancing, impact, job move
    # (issue 13) One small file, career.json: tables "freelance" (FreelanceEntry), "impact"
    # (ImpactEntry) and "jobs" (JobLead). Each change is one transaction on the record on disk.

    def _career(self, model: type[R]) -> list[R]:
        return self._all(CAREER, CAREER_TABLES[model], model)

    def add_career(self, record: R) -> R:
        """Add a freelance entry, an impact record or a job lead (its table is its type's)."""
        with self.store.transaction(CAREER) as txn:
            txn.db(CAREER).table(CAREER_TABLES[type(record)]).insert(record.to_dict())
        return record

    def update_career(
        self, model: type[R], record_id: str, change: Callable[[R], None]
    ) -> R | None:
        """Apply ``change`` to the ``model`` record ``record_id`` as it is on disk (None: gone)."""
        with self.store.transaction(CAREER) as txn:
            db_table = txn.db(CAREER).table(CAREER_TABLES[model])
            found = db_table.search(Query().id == record_id)
            if not found:
                return None
            record = model.from_dict(found[0])
            change(record)
            db_table.update(record.to_dict(), doc_ids=[found[0].doc_id])
        return record

    def delete_career(self, model: type[Record], record_id: str) -> bool:
        """Delete the ``model`` record ``record_id``; False when there was none."""
        with self.store.transaction(CAREER) as txn:
            removed = txn.db(CAREER).table(CAREER_TABLES[model]).remove(Query().id == record_id)
        return bool(removed)

    def freelance_entries(self, first: str = "", last: str = "9999") -> list[FreelanceEntry]:
        """Freelance engagements dated ``first``..``last`` (ISO, inclusive), oldest first."""
        found = [e for e in self._career(FreelanceEntry) if first <= e.date[:10] <= last]
        return sorted(found, key=lambda e: (e.date, e.created))

    def impact_entries(self) -> list[ImpactEntry]:
        """Every impact record (hours saved, metric changes), oldest first."""
        return sorted(self._career(ImpactEntry), key=lambda e: (e.date, e.created))

    def job_leads(self) -> list[JobLead]:
        """Every lead of the job move, in the order they were added."""
        return sorted(self._career(JobLead), key=lambda j: (j.created, j.company))

    def move_job_lead(self, lead_id: str, stage: str, on: str) -> JobLead | None:
        """Record that a lead reached ``stage`` on date ``on`` (ISO); the stages before it
        that were never recorded count as reached the same day."""
        if stage not in JOB_STAGES:
            raise ValueError(f"unknown stage {stage!r}: use one of {', '.join(JOB_STAGES)}")

        def change(lead: JobLead) -> None:
            for earlier in JOB_STAGES[: JOB_STAGES.index(stage) + 1]:
                lead.stages.setdefault(earlier, on)
            lead.updated = on

        return self.update_career(JobLead, lead_id, change)

    # ------------------------------------------------------------ board

    def cards(self) -> list[Deliverable]:
        return sorted(self._all(BOARD, "cards", Deliverable), key=lambda c: (c.column, c.order))

    def save_card(self, card: Deliverable) -> None:
        self._upsert(BOARD, "cards", "id", card)

    def delete_card(self, card_id: str) -> None:
        self._remove(BOARD, "cards", "id", card_id)

    # ------------------------------------------------------------ weekly review, insights

    def weekly_reviews(self) -> list[WeeklyReview]:
        """Every weekly review, oldest week first."""
        return sorted(self._all(WEEKLY, "weekly", WeeklyReview), key=lambda r: r.week)

    def add_day_block(self, iso_date: str, block: TimeBlock) -> None:
        """Add ``block`` to that date's own blocks: read, change and write in one transaction."""
        name = year_file("days", iso_date)
        with self.store.transaction(name) as txn:
            table = txn.db(name).table("days")
            found = table.search(Query().date == iso_date)
            record = DayRecord.from_dict(found[0]) if found else DayRecord(date=iso_date)
            record.added.append(block)
            data = record.to_dict()
            table.upsert(data, Query().date == iso_date)

    # ------------------------------------------------------------ board: generated cards, reminders

    def generated_sources(self) -> set[str]:
        """Every card source the plan ever made (deleted cards included)."""
        tables = self.store.tables(BOARD)
        made = {str(d.get("source")) for d in tables.get("generated", {}).values()}
        made |= {str(d["source"]) for d in tables.get("cards", {}).values() if d.get("source")}
        return made

    def add_generated_cards(
        self, make: Callable[[list[Deliverable], set[str]], list[Deliverable]]
    ) -> list[Deliverable]:
        """Add the cards ``make(cards, made_sources)`` returns and record their sources.

        One transaction under the write lock: ``make`` sees the board as it is on
        disk, so two runs (or two processes) never add the same source twice. A
        source is remembered after its card is deleted, so it is never made again.
        Nothing is written when there is nothing new.
        """
        with self.store.transaction(BOARD) as txn:
            db = txn.db(BOARD)
            cards = [Deliverable.from_dict(d) for d in db.table("cards").all()]
            made = {str(d.get("source")) for d in db.table("generated").all()}
            made |= {c.source for c in cards if c.source}
            new: list[Deliverable] = []
            for card in make(cards, made):
                if card.source and card.source not in made:
                    made.add(card.source)
                    new.append(card)
            if new:
                db.table("cards").insert_multiple(c.to_dict() for c in new)
                db.table("generated").insert_multiple(
                    {"source": c.source, "card": c.id, "made": c.created} for c in new
                )
        return new

    def write_board(
        self,
        save: Iterable[Deliverable] = (),
        delete: Iterable[str] = (),
        finish_weeks: Iterable[str] = (),
        now_iso: str = "",
    ) -> None:
        """Save and delete cards, and mark weekly reviews finished, all in one transaction."""
        save, delete, weeks = list(save), list(delete), list(finish_weeks)
        names = (BOARD, WEEKLY) if weeks else (BOARD,)
        with self.store.transaction(*names) as txn:
            cards = txn.db(BOARD).table("cards")
            for card in save:
                cards.upsert(card.to_dict(), Query().id == card.id)
            for card_id in delete:
                cards.remove(Query().id == card_id)
            if weeks:
                reviews = txn.db(WEEKLY).table("weekly")
                for week in weeks:
                    found = reviews.search(Query().week == week)
                    review = WeeklyReview.from_dict(found[0]) if found else WeeklyReview(week=week)
                    if review.finished:
                        continue
                    review.finished = True
                    review.updated = now_iso
                    reviews.upsert(review.to_dict(), Query().week == week)

    def claim_reminders(self, card_ids: Iterable[str], day: str) -> list[str]:
        """The cards of ``card_ids`` not yet reminded of on ``day``, now marked as reminded.

        Under the write lock, so a reminder goes out once per card per day even with
        restarts or two processes. Marks of other days are dropped.
        """
        wanted = list(dict.fromkeys(card_ids))
        if not wanted:
            return []
        with self.store.transaction(BOARD) as txn:
            table = txn.db(BOARD).table("reminded")
            done = {d.get("card") for d in table.all() if d.get("date") == day}
            if any(d.get("date") != day for d in table.all()):
                table.remove(Query().date != day)
            fresh = [i for i in wanted if i not in done]
            if fresh:
                table.insert_multiple({"card": i, "date": day} for i in fresh)
        return fresh

    # ------------------------------------------------------------ roadmap: must-dos, linked time

    def update_must_do(self, must_do_id: str, change: Change[MustDo]) -> MustDo | None:
        """Change one must-do (its checklist) as it is on disk, in one transaction.

        Checklist edits made one right after another never undo each other. None (and
        nothing written) when there is no such must-do.
        """
        with self.store.transaction(PLAN) as txn:
            return self._update(txn, PLAN, "must_dos", "id", must_do_id, MustDo, change)

    def linked_sessions(self, prefix: str) -> list[FocusSession]:
        """Focus sessions of every year on disk whose link starts with ``prefix`` ("lecture:")."""
        out: list[FocusSession] = []
        for name in self.store.names_on_disk():
            if not name.startswith("focus-") or not name[6:].isdigit():
                continue
            docs = self.store.tables(name).get("sessions", {})
            out.extend(
                FocusSession.from_dict(doc)
                for doc in docs.values()
                if str(doc.get("link") or "").startswith(prefix)
            )
        return sorted(out, key=lambda s: s.start)

    # ------------------------------------------------------------ reminders and the daily review

    def reminders_checked(self) -> str | None:
        """When reminders were last checked (ISO moment), so the ones missed while the app
        was closed can be listed when it opens. None before the first check."""
        for doc in self.store.tables("reminders").get("state", {}).values():
            value = doc.get("checked")
            return str(value) if value else None
        return None

    def save_reminders_checked(self, moment: str) -> None:
        with self.store.transaction("reminders") as txn:
            table = txn.db("reminders").table("state")
            table.truncate()
            table.insert({"checked": moment})

    def save_review_and_states(self, review: DailyReview, states: dict[str, str]) -> None:
        """Save a daily review and the block states it set for its date, in one transaction
        (both or neither); other changes of that date are kept."""
        reviews, days = year_file("reviews", review.date), year_file("days", review.date)
        with self.store.transaction(reviews, days) as txn:
            txn.db(reviews).table("daily").upsert(review.to_dict(), Query().date == review.date)
            table = txn.db(days).table("days")
            found = table.search(Query().date == review.date)
            record = DayRecord.from_dict(found[0]) if found else DayRecord(date=review.date)
            if states and any(record.states.get(k) != v for k, v in states.items()):
                record.states.update(states)
                table.upsert(record.to_dict(), Query().date == review.date)

    # ------------------------------------------------------------ focus timer

    def timer_state(self) -> Any:
        """The saved focus timer (a ``TimerState``); an idle one when none was saved yet."""
        from cadence.data.timer_state import TIMER_FILE, TimerState, state_from_tables

        return state_from_tables(self.store.tables(TIMER_FILE)) or TimerState()

    def save_timer(
        self,
        state: TimerState,
        sessions: Iterable[FocusSession] = (),
        *,
        expect_rev: str | None = None,
    ) -> bool:
        """Save the timer state and log ``sessions``, in one transaction.

        With ``expect_rev`` it writes only if the saved state is still that revision:
        another process (``cadence focus …``) may have changed it meanwhile. Returns
        False, having written nothing, when it was changed. Sessions are upserted by
        id, so a phase logged twice is one record.
        """
        from cadence.data.timer_state import STATE_TABLE, TIMER_FILE

        sessions = list(sessions)
        names = {TIMER_FILE} | {year_file("focus", s.start) for s in sessions}
        with self.store.transaction(*sorted(names)) as txn:
            table = txn.db(TIMER_FILE).table(STATE_TABLE)
            docs = table.all()
            stored_rev = str(docs[0].get("rev", "")) if docs else ""
            if expect_rev is not None and stored_rev != expect_rev:
                return False
            for session in sessions:
                data = session.to_dict()
                txn.db(year_file("focus", session.start)).table("sessions").upsert(
                    data, Query().id == session.id
                )
            table.truncate()
            table.insert(state.to_dict())
        return True

    def replace_session(self, old: FocusSession | None, new: FocusSession | None) -> None:
        """Edit (old → new), add (None → new) or delete (old → None) a focus session, in one
        transaction even when the edit moves it to another year's file."""
        names = {year_file("focus", s.start) for s in (old, new) if s is not None}
        if not names:
            return
        with self.store.transaction(*sorted(names)) as txn:
            if old is not None:
                txn.db(year_file("focus", old.start)).table("sessions").remove(Query().id == old.id)
            if new is not None:
                txn.db(year_file("focus", new.start)).table("sessions").upsert(
                    new.to_dict(), Query().id == new.id
                )

    # ------------------------------------------------------------ one way to change data

    def _update(
        self,
        txn: Transaction,
        name: str,
        table: str,
        key: str,
        value: Any,
        model: type[R],
        fn: Callable[[R], R | None],
        default: Callable[[], R] | None = None,
    ) -> R | None:
        """Apply ``fn`` to the document whose ``key`` is ``value`` inside ``txn``.

        With no such document: ``default()`` is changed and added, or None is returned
        (nothing written) when there is no default. The key itself cannot be changed.
        """
        doc_id, found = _find(txn.docs(name, table), key, value)
        if found is not None:
            record = model.from_dict(found)
        elif default is not None:
            record = default()
        else:
            return None
        record = _applied(fn, record)
        if getattr(record, key) != value:
            raise ValueError(f"a change may not alter the {key} ({value!r})")
        data = record.to_dict()
        if data != found:
            txn.put(name, table, data, doc_id)
        return record

    def _add(self, name: str, table: str, key: str, record: R) -> R:
        """Add ``record`` unless one with its key exists; the stored one is returned."""
        with self.store.transaction(name) as txn:
            _doc_id, found = _find(txn.docs(name, table), key, getattr(record, key))
            if found is not None:
                return type(record).from_dict(found)
            txn.put(name, table, record.to_dict())
        return record

    def update_day(self, iso_date: str, fn: Change[DayRecord]) -> DayRecord:
        """Change one date's record (block states, own blocks, top 3); made when missing."""
        name = year_file("days", iso_date)
        with self.store.transaction(name) as txn:
            record = self._update(
                txn, name, "days", "date", iso_date, DayRecord, fn, lambda: DayRecord(iso_date)
            )
        assert record is not None
        return record

    def update_card(self, card_id: str, fn: Change[Deliverable]) -> Deliverable | None:
        """Change one card; None (nothing written) when there is no such card."""
        with self.store.transaction(BOARD) as txn:
            return self._update(txn, BOARD, "cards", "id", card_id, Deliverable, fn)

    def add_card(self, card: Deliverable) -> Deliverable | None:
        """Add a card. None (nothing written) when a card with its id or its source exists:
        safe to repeat after a crash or a second keypress."""
        added: list[Deliverable] = []

        def add(board: BoardEdit) -> None:
            if board.add(card):
                added.append(card)

        self.update_board(add)
        return added[0] if added else None

    def update_board(self, fn: Callable[[BoardEdit], None]) -> dict[str, Deliverable]:
        """Change several cards (and weekly reviews) together: ``fn`` gets a :class:`BoardEdit`
        of the board as it is on disk and changes it; everything it changed is written in one
        transaction. Returns the board's cards as written, by id.
        """
        with self.store.transaction(BOARD, WEEKLY) as txn:
            return self._board(txn, fn)

    def _board(self, txn: Transaction, fn: Callable[[BoardEdit], None]) -> dict[str, Deliverable]:
        docs = (txn.db(BOARD).storage.read() or {}).get("cards", {})
        before = {str(d.get("id")): d for d in docs.values()}
        edit = BoardEdit({k: Deliverable.from_dict(d) for k, d in before.items()}, txn)
        fn(edit)
        return self._write_board(txn, edit, before)

    def _write_board(
        self, txn: Transaction, edit: BoardEdit, before: dict[str, dict[str, Any]]
    ) -> dict[str, Deliverable]:
        cards = txn.db(BOARD).table("cards")
        for card_id in edit.removed:
            if card_id in before:
                cards.remove(Query().id == card_id)
        for card_id, card in edit.cards.items():
            if card_id != card.id:
                raise ValueError(f"a change may not alter a card's id ({card_id!r})")
            data = card.to_dict()
            if data != before.get(card_id):
                cards.upsert(data, Query().id == card_id)
        reviews = txn.db(WEEKLY).table("weekly")
        for week, (review, doc) in edit._reviews.items():
            data = review.to_dict()
            if data["week"] != week:
                raise ValueError(f"a change may not alter the week ({week!r})")
            if data != doc:
                reviews.upsert(data, Query().week == week)
        return dict(edit.cards)

    def update_review(
        self, iso_date: str, fn: Change[DailyReview], *, day: Change[DayRecord] | None = None
    ) -> DailyReview:
        """Change one date's daily review (made when missing) and, with ``day``, that date's
        record (the block states the review set) in the same transaction."""
        reviews, days = year_file("reviews", iso_date), year_file("days", iso_date)
        with self.store.transaction(reviews, days) as txn:
            review = self._update(
                txn, reviews, "daily", "date", iso_date, DailyReview, fn,
                lambda: DailyReview(iso_date),
            )  # fmt: skip
            if day is not None:
                self._update(
                    txn, days, "days", "date", iso_date, DayRecord, day, lambda: DayRecord(iso_date)
                )
        assert review is not None
        return review

    def update_weekly_review(
        self,
        week: str,
        fn: Change[WeeklyReview],
        *,
        board: Callable[[BoardEdit], None] | None = None,
    ) -> WeeklyReview:
        """Change ISO ``week``'s review (made when missing) and, with ``board``, the cards it
        makes or closes, in one transaction (``BoardEdit.add`` is idempotent by id and source,
        so repeating it after a crash makes no duplicates)."""
        with self.store.transaction(WEEKLY, BOARD) as txn:
            review = self._update(
                txn, WEEKLY, "weekly", "week", week, WeeklyReview, fn, lambda: WeeklyReview(week)
            )
            assert review is not None
            if board is not None:

                def with_review(edit: BoardEdit) -> None:
                    # The board's fn sees (and may change) the review just written.
                    edit._reviews[week] = (review, review.to_dict())
                    board(edit)

                self._board(txn, with_review)
        return review

    def update_goal(self, goal_id: str, fn: Change[RoadmapGoal]) -> RoadmapGoal | None:
        """Change one roadmap goal; None (nothing written) when there is no such goal."""
        with self.store.transaction(PLAN) as txn:
            return self._update(txn, PLAN, "goals", "id", goal_id, RoadmapGoal, fn)

    def add_goal(self, goal: RoadmapGoal) -> RoadmapGoal:
        """Add a goal (or put a deleted one back); the stored one when its id exists."""
        return self._add(PLAN, "goals", "id", goal)

    def update_resource(self, resource_id: str, fn: Change[Resource]) -> Resource | None:
        """Change one resource; None (nothing written) when there is no such resource."""
        with self.store.transaction(PLAN) as txn:
            return self._update(txn, PLAN, "resources", "id", resource_id, Resource, fn)

    def add_resource(self, resource: Resource) -> Resource:
        """Add a resource (or put a deleted one back); the stored one when its id exists."""
        return self._add(PLAN, "resources", "id", resource)

    def update_settings(self, fn: Change[Settings]) -> Settings:
        """Change the settings as they are on disk."""
        with self.store.transaction(SETTINGS) as txn:
            table = txn.db(SETTINGS).table("settings")
            docs = table.all()
            settings = Settings.from_dict(docs[0]) if docs else Settings()
            settings = _applied(fn, settings)
            data = settings.to_dict()
            if len(docs) != 1 or data != dict(docs[0]):
                table.truncate()
                table.insert(data)
        return settings

    def update_templates(
        self, fn: Callable[[list[DayTemplate]], list[DayTemplate] | None]
    ) -> list[DayTemplate]:
        """Change the plan's day templates as they are on disk."""
        with self.store.transaction(PLAN) as txn:
            table = txn.db(PLAN).table("plan")
            docs = table.all()
            if not docs:
                raise LookupError("there is no plan to change")
            templates = [DayTemplate.from_dict(t) for t in docs[0].get("templates", [])]
            out = fn(templates)
            templates = templates if out is None else out
            data = [t.to_dict() for t in templates]
            if data != docs[0].get("templates"):
                table.update({"templates": data})
        return templates

    def add_session(self, session: FocusSession) -> FocusSession:
        """Log a focus session; the stored one when its id is already logged."""
        return self._add(year_file("focus", session.start), "sessions", "id", session)

    def update_session(
        self, session_id: str, start: str, fn: Change[FocusSession]
    ) -> FocusSession | None:
        """Change the session ``session_id`` that started on ``start`` (its date or moment,
        to find its year's file). A change of year moves it, in the same transaction.
        None (nothing written) when there is no such session."""
        old_name = year_file("focus", start)
        with self.store.transaction(old_name) as txn:
            table = txn.db(old_name).table("sessions")
            found = table.search(Query().id == session_id)
            if not found:
                return None
            session = _applied(fn, FocusSession.from_dict(found[0]))
            if session.id != session_id:
                raise ValueError(f"a change may not alter the id ({session_id!r})")
            data = session.to_dict()
            new_name = year_file("focus", session.start)
            if new_name != old_name:
                table.remove(Query().id == session_id)
                txn.include(new_name)
                txn.db(new_name).table("sessions").upsert(data, Query().id == session_id)
            elif data != dict(found[0]):
                table.upsert(data, Query().id == session_id)
        return session


def _rename_block_ids(ids: dict[str, str], record: dict[str, Any]) -> bool:
    """Rename block ids in one day record (states, date-only edits, hidden blocks)."""
    changed = False
    for key in ("states", "edited"):
        value = record.get(key)
        if isinstance(value, dict) and any(k in ids for k in value):
            record[key] = {ids.get(k, k): v for k, v in value.items()}
            changed = True
    removed = record.get("removed")
    if isinstance(removed, list) and any(k in ids for k in removed):
        record["removed"] = [ids.get(k, k) for k in removed]
        changed = True
    return changed


def _weekday(iso: str) -> int:
    """Monday = 0 … Sunday = 6, as the plan counts; -1 for a date that cannot be read."""
    try:
        return date.fromisoformat(iso[:10]).weekday()
    except ValueError:
        return -1


def _rename_in_days(table: Any, renames: dict[int, dict[str, str]]) -> None:
    for doc in table.all():
        ids = renames.get(_weekday(str(doc.get("date", ""))), {})
        record = dict(doc)
        if ids and _rename_block_ids(ids, record):
            table.update(record, doc_ids=[doc.doc_id])


def _rename_in_sessions(table: Any, renames: dict[int, dict[str, str]]) -> None:
    for doc in table.all():
        ids = renames.get(_weekday(str(doc.get("start", ""))), {})
        link = str(doc.get("link") or "")
        if ids and link.startswith("block:") and link[6:] in ids:
            table.update({"link": f"block:{ids[link[6:]]}"}, doc_ids=[doc.doc_id])
