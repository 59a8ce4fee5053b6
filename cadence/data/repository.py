"""Typed access to the store: models in, models out.

File layout in the data folder (one TinyDB file per kind; logs one per year):
``settings.json``, ``plan.json`` (plan, goals, must-dos, resources),
``board.json`` (cards), ``weekly.json`` (weekly reviews), ``timer.json``,
``days-YYYY.json`` (per-date block states and changes), ``focus-YYYY.json``
(focus sessions), ``reviews-YYYY.json`` (daily reviews).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from tinydb import Query

from cadence.data.models import (
    DailyReview,
    DayRecord,
    DayTemplate,
    Deliverable,
    FocusSession,
    MustDo,
    Plan,
    Record,
    Resource,
    RoadmapGoal,
    Settings,
    TimeBlock,
    WeeklyReview,
)
from cadence.data.store import Store

SETTINGS = "settings"
PLAN = "plan"
BOARD = "board"
WEEKLY = "weekly"
TIMER = "timer"

R = TypeVar("R", bound=Record)

# Plan fields kept as separate documents (they change one at a time).
_PLAN_LISTS = {"goals": RoadmapGoal, "must_dos": MustDo, "resources": Resource}


def year_file(kind: str, iso_date: str) -> str:
    """The file of a per-year log: ``year_file("focus", "2026-11-29") == "focus-2026"``."""
    return f"{kind}-{iso_date[:4]}"


def _years(first: str, last: str) -> range:
    return range(int(first[:4]), int(last[:4]) + 1)


class Repository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._plan_cache: tuple[int, Plan] | None = None

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
        if self._plan_cache is not None and self._plan_cache[0] == id(tables):
            return self._plan_cache[1]
        base: dict[str, Any] = {}
        for doc in tables.get("plan", {}).values():
            base = dict(doc)
        for key in _PLAN_LISTS:
            base[key] = list(tables.get(key, {}).values())
        if not base.get("id"):
            base.update(id="", name="", language="en")
        plan = Plan.from_dict(base)
        self._plan_cache = (id(tables), plan)
        return plan

    def install_plan(self, plan: Plan) -> None:
        """Replace the stored plan with ``plan`` (one transaction)."""
        data = plan.to_dict()
        with self.store.transaction(PLAN) as txn:
            db = txn.db(PLAN)
            for key in _PLAN_LISTS:
                table = db.table(key)
                table.truncate()
                table.insert_multiple(data.pop(key))
            table = db.table("plan")
            table.truncate()
            table.insert(data)

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
