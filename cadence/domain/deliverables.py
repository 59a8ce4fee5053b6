"""The board's rules: which cards the plan asks for, their order, WIP, due dates, filters.

Pure: plans, cards and dates in, cards and answers out; no I/O and no Textual.

Every card the plan makes has a ``source`` naming its rule and period, so that it
is made once and never again (not after a restart, a second run that day, a
changed plan start, nor after the user deleted it):

- monthly rules: ``"<type>:<plan month>"``, e.g. ``"case_study:2"``;
- weekly rules: ``"<type>:<ISO week>"``, e.g. ``"weekly_learnings:2026-W48"``;
- fortnightly rules: ``"<type>:<ISO week the fortnight starts>"``, e.g.
  ``"experiment:2026-W47"``; fortnights are pairs of weeks counted from a fixed
  Monday, so they do not move when the plan start does;
- capstones: ``"capstone:<capstone id>"``.

A second rule of a type already used by an earlier rule uses its rule id instead
of the type (``"d-extra-notes:3"``), so two rules never share a key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import pendulum
from pendulum import Date

from cadence.data.merge import merge_fields
from cadence.data.models import (
    CARD_TYPES,
    COLUMNS,
    ChecklistItem,
    Deliverable,
    Measure,
    Plan,
    Settings,
    WeeklyReview,
)
from cadence.domain.plan_time import LAST_MONTH, month_of, month_span
from cadence.domain.weeks import WEEK_KEY, week_bounds, week_key
from cadence.i18n import _

#: Fortnights are counted from this Monday (any fixed Monday would do).
FORTNIGHT_EPOCH = pendulum.date(2024, 1, 1)
#: Where a new card of each type lands; the rest go to the backlog.
FIRST_COLUMN = {"weekly_learnings": "week"}
#: The board's columns by their default names (English; shown through ``_``).
COLUMN_TITLES = {"backlog": "Backlog", "week": "This week", "doing": "Doing", "done": "Done"}
#: The card types by their English names (shown and written through ``_``).
TYPE_TITLES = {
    "case_study": "Case study",
    "demo": "Demo",
    "notes": "Notes",
    "weekly_learnings": "Weekly learnings",
    "experiment": "Experiment",
    "capstone": "Capstone",
    "other": "Other",
}
DUE_STATES = ("overdue", "today", "soon")


def column_name(settings: Settings, column: str) -> str:
    """The column's name: the user's own, else the default in the UI language."""
    return settings.column_names.get(column, "").strip() or _(COLUMN_TITLES.get(column, column))


def type_name(card_type: str) -> str:
    """A card type as the user says it, in the UI language."""
    return _(TYPE_TITLES.get(card_type, "Other"))


# ---------------------------------------------------------------- periods


def monday_of(day: Date) -> Date:
    """The Monday on or before ``day``."""
    return week_bounds(day)[0]


def fortnight_start(day: Date) -> Date:
    """The Monday starting the two-week period that holds ``day``.

    Fortnights are counted from a fixed Monday, not from the plan start, so a
    changed plan start never makes a second card for the same two weeks.
    """
    monday = monday_of(day)
    weeks = (monday.toordinal() - FORTNIGHT_EPOCH.toordinal()) // 7
    return FORTNIGHT_EPOCH.add(weeks=weeks - weeks % 2)


def source_period(source: str | None) -> str:
    """The period part of a card's source: ``"2"``, ``"2026-W48"``, ``"cap-x"``, or ""."""
    if not source or ":" not in source:
        return ""
    return source.rsplit(":", 1)[1]


def source_week(source: str | None) -> str | None:
    """The ISO week a weekly or fortnightly card is for, or None."""
    period = source_period(source)
    return period if WEEK_KEY.match(period) else None


def weekly_source(week: str) -> str:
    """The source of the plan's weekly-learnings card of ``week`` ("2026-W48")."""
    return f"weekly_learnings:{week}"


# ---------------------------------------------------------------- what the plan asks for


def _rule_prefixes(plan: Plan) -> dict[str, str]:
    """Rule id -> the prefix of its sources (its type, or its id for a repeated type)."""
    seen: set[str] = set()
    out: dict[str, str] = {}
    for rule in plan.deliverables:
        out[rule.id] = rule.id if rule.type in seen else rule.type
        seen.add(rule.type)
    return out


def wanted_cards(plan: Plan, plan_start: Date, day: Date) -> list[Deliverable]:
    """The cards the plan asks for on ``day``: this plan month's monthly cards, this week's
    and this fortnight's cards, and the capstones. Nothing before the plan starts; only the
    capstones once its last month is over.

    Cards come in the plan's order, each with its ``source`` set; ids, order and
    timestamps are filled in by :func:`new_cards`.
    """
    month = month_of(plan_start, day)
    cards: list[Deliverable] = []
    if month is not None and month <= LAST_MONTH:
        prefixes = _rule_prefixes(plan)
        span = month_span(plan_start, month)
        output_goal = next(
            (g.id for g in plan.goals if g.month == month and g.track == "output"), None
        )
        for rule in plan.deliverables:
            if rule.every == "month":
                period, due = str(month), span.last
            elif rule.every == "week":
                monday = monday_of(day)
                period, due = week_key(monday), monday.add(days=6)
            elif rule.every == "fortnight":
                first = fortnight_start(day)
                period, due = week_key(first), first.add(days=13)
            else:  # an unknown period: the plan checker refuses these
                continue
            cards.append(
                Deliverable(
                    title=rule.title,
                    type=rule.type if rule.type in CARD_TYPES else "other",
                    column=FIRST_COLUMN.get(rule.type, "backlog"),
                    due=due.isoformat(),
                    month=month,
                    goal_id=output_goal if rule.type == "case_study" else None,
                    description=rule.description,
                    source=f"{prefixes[rule.id]}:{period}",
                )
            )
    if month is not None:
        for capstone in sorted(plan.capstones, key=lambda c: c.priority):
            cards.append(
                Deliverable(
                    title=capstone.title,
                    type="capstone",
                    description=capstone.description,
                    measures=[replace(m) for m in capstone.measures],
                    source=f"capstone:{capstone.id}",
                )
            )
    return cards


def new_cards(
    plan: Plan,
    plan_start: Date,
    day: Date,
    existing: Sequence[Deliverable],
    made: set[str],
    now_iso: str,
) -> list[Deliverable]:
    """The cards to add on ``day``: those the plan asks for whose source was never made.

    ``made`` holds every source ever made (deleted cards included). Each new card
    goes to the bottom of its column, stamped ``now_iso``.
    """
    bottoms: dict[str, float] = {}
    for card in existing:
        bottoms[card.column] = max(bottoms.get(card.column, 0.0), card.order)
    out: list[Deliverable] = []
    for card in wanted_cards(plan, plan_start, day):
        if card.source in made:
            continue
        bottoms[card.column] = bottoms.get(card.column, 0.0) + 1.0
        out.append(replace(card, order=bottoms[card.column], created=now_iso, updated=now_iso))
    return out


# ---------------------------------------------------------------- order and moves


def column_cards(cards: Iterable[Deliverable], column: str) -> list[Deliverable]:
    """The cards of ``column``, top to bottom."""
    return sorted(
        (c for c in cards if c.column == column), key=lambda c: (c.order, c.created, c.id)
    )


def top_order(column: Sequence[Deliverable]) -> float:
    """An order that puts a card above every card of ``column``."""
    return min((c.order for c in column), default=1.0) - 1.0


def bottom_order(column: Sequence[Deliverable]) -> float:
    """An order that puts a card below every card of ``column``."""
    return max((c.order for c in column), default=0.0) + 1.0


def next_column(column: str, step: int, columns: Sequence[str] = COLUMNS) -> str | None:
    """The column ``step`` places right (+) or left (-) of ``column``; None past the edge."""
    index = columns.index(column) + step
    return columns[index] if 0 <= index < len(columns) else None


def move_card(
    cards: Sequence[Deliverable], card_id: str, step: int, now_iso: str
) -> Deliverable | None:
    """The card moved ``step`` columns over, on top of its new column; None at the edge."""
    card = next((c for c in cards if c.id == card_id), None)
    if card is None:
        return None
    target = next_column(card.column, step)
    if target is None:
        return None
    return replace(
        card, column=target, order=top_order(column_cards(cards, target)), updated=now_iso
    )


def reorder(
    column: Sequence[Deliverable],
    card_id: str,
    delta: int,
    now_iso: str,
    visible: set[str] | None = None,
) -> list[Deliverable]:
    """Move a card ``delta`` places up (-) or down (+) in its column, counting only the
    ``visible`` cards (a filter may hide some); returns the cards whose order changed.

    The column is numbered 1..n afterwards, so orders never drift into fractions.
    """
    ids = [c.id for c in column]
    if card_id not in ids:
        return []
    shown = [i for i in ids if visible is None or i in visible or i == card_id]
    at = shown.index(card_id)
    to = max(0, min(len(shown) - 1, at + delta))
    if to == at:
        return []
    target = shown[to]
    ids.remove(card_id)
    index = ids.index(target)
    ids.insert(index + 1 if delta > 0 else index, card_id)
    by_id = {c.id: c for c in column}
    changed = []
    for n, ident in enumerate(ids, 1):
        card = by_id[ident]
        if card.order != float(n) or ident == card_id:
            changed.append(
                replace(card, order=float(n), updated=now_iso if ident == card_id else card.updated)
            )
    return changed


# ---------------------------------------------------------------- WIP and due dates


def over_limit(cards: Iterable[Deliverable], column: str, limit: int) -> bool:
    """True when ``column`` holds more cards than ``limit`` (0 or less: no limit)."""
    return limit > 0 and sum(1 for c in cards if c.column == column) > limit


def days_left(card: Deliverable, today: Date) -> int | None:
    """Days from ``today`` to the card's due date (negative when late); None without one."""
    if not card.due:
        return None
    try:
        due = pendulum.parse(card.due, exact=True)
    except Exception:
        return None
    if not isinstance(due, Date):
        return None
    return due.toordinal() - today.toordinal()


def due_state(card: Deliverable, today: Date, soon_days: int = 3) -> str | None:
    """``"overdue"``, ``"today"``, ``"soon"`` (within ``soon_days``), or None.

    Cards in Done are never late.
    """
    if card.column == "done":
        return None
    left = days_left(card, today)
    if left is None:
        return None
    if left < 0:
        return "overdue"
    if left == 0:
        return "today"
    if left <= soon_days:
        return "soon"
    return None


def reminders_due(
    cards: Iterable[Deliverable], today: Date, soon_days: int = 3
) -> list[tuple[Deliverable, str]]:
    """Cards whose due date calls for a reminder today, most urgent first, with their state."""
    rank = {state: i for i, state in enumerate(DUE_STATES)}
    found = [(c, s) for c in cards if (s := due_state(c, today, soon_days)) is not None]
    return sorted(found, key=lambda cs: (rank[cs[1]], days_left(cs[0], today) or 0, cs[0].title))


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class CardFilter:
    """What the board shows: words in the title/description/tags, a type, a month, a tag."""

    text: str = ""
    type: str | None = None
    month: int | None = None
    tag: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.text.strip()) or any(
            v is not None for v in (self.type, self.month, self.tag)
        )

    def matches(self, card: Deliverable) -> bool:
        if self.type is not None and card.type != self.type:
            return False
        if self.month is not None and card.month != self.month:
            return False
        if self.tag is not None and self.tag.casefold() not in {t.casefold() for t in card.tags}:
            return False
        words = self.text.casefold().split()
        if words:
            haystack = " ".join(
                [card.title, card.description, *card.tags, *(i.text for i in card.checklist)]
            ).casefold()
            return all(w in haystack for w in words)
        return True


def all_tags(cards: Iterable[Deliverable]) -> list[str]:
    """Every tag in use, once each (case-insensitively), sorted."""
    seen: dict[str, str] = {}
    for card in cards:
        for tag in card.tags:
            seen.setdefault(tag.casefold(), tag)
    return sorted(seen.values(), key=str.casefold)


# ---------------------------------------------------------------- editing text


_TAG_SPLIT = re.compile(r"[\s,，、;；]+")
_CHECK = re.compile(r"^\s*(?:[-*]\s*)?\[( |x|X|✓)\]\s?(.*)$")


def parse_tags(text: str) -> list[str]:
    """``"rag, #agent  kpi"`` -> ``["rag", "agent", "kpi"]``: split on spaces and commas
    (Chinese ones too), a leading ``#`` dropped, duplicates (any case) dropped."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in _TAG_SPLIT.split(text):
        tag = raw.lstrip("#").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out


def format_checklist(items: Iterable[ChecklistItem]) -> str:
    """A checklist as editable text: one ``[x] text`` or ``[ ] text`` line per item."""
    return "\n".join(f"[{'x' if i.done else ' '}] {i.text}" for i in items)


def parse_checklist(text: str, previous: Sequence[ChecklistItem] = ()) -> list[ChecklistItem]:
    """Lines of text as a checklist: ``[x]`` marks an item done, ``[ ]`` or nothing not.

    Blank lines are skipped. An item whose text was already on the list keeps its
    id (and its minutes and link), so links to it survive an edit.
    """
    unused = list(previous)
    out: list[ChecklistItem] = []
    for line in text.splitlines():
        match = _CHECK.match(line)
        done = bool(match and match.group(1) != " ")
        body = (match.group(2) if match else line).strip()
        if not body:
            continue
        old = next((i for i in unused if i.text == body), None)
        if old is not None:
            unused.remove(old)
            out.append(replace(old, done=done))
        else:
            out.append(ChecklistItem(text=body, done=done))
    return out


def parse_number(text: str) -> float | None:
    """A measure's value: ``""`` -> None, ``"12.5"`` -> 12.5; ValueError when not a number."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if not cleaned:
        return None
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def format_number(value: float | None) -> str:
    """``12.0`` -> ``"12"``, ``12.5`` -> ``"12.5"``, None -> ``""``."""
    if value is None:
        return ""
    value = float(value)  # a stored 3000 may be an int
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)  # the shortest text that reads back to the same number


class MeasureLineError(ValueError):
    """A measures line that cannot be read: its 1-based ``line`` and what is wrong."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


def format_measures(measures: Iterable[Measure]) -> str:
    """Measures as editable text: one ``name | unit | target | current`` line each."""
    return "\n".join(
        " | ".join([m.name, m.unit, format_number(m.target), format_number(m.current)])
        for m in measures
    )


def parse_measures(text: str) -> list[Measure]:
    """Lines ``name | unit | target | current`` (unit, target and current may be empty).

    Raises :class:`MeasureLineError` naming the first bad line: a missing name, a
    target or current that is not a number, or more than four fields.
    """
    out: list[Measure] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 4:
            raise MeasureLineError(n, "too many fields")
        parts += [""] * (4 - len(parts))
        name, unit, target, current = parts
        if not name:
            raise MeasureLineError(n, "name")
        values: list[float | None] = []
        for field_name, raw in (("target", target), ("current", current)):
            try:
                values.append(parse_number(raw))
            except ValueError:
                raise MeasureLineError(n, field_name) from None
        out.append(Measure(name=name, unit=unit, target=values[0], current=values[1]))
    return out


def measure_progress(measures: Sequence[Measure]) -> tuple[int, int]:
    """(measures with a current value, all measures)."""
    return sum(1 for m in measures if m.current is not None), len(measures)


# ---------------------------------------------------------------- changes of the board
#
# Each change is a function of the board as it is at that moment: the screen applies it
# to the cards it shows (at once, for the repaint) and hands the same function to
# ``Repository.update_board``, which applies it to the board as it is on disk inside one
# transaction. Changes say where things end up ("card X in Doing, on top"), not how far
# they move, so applying one twice, or to a board that already has it, changes nothing
# that shows. They never change a card in place: they put a new one in its place.


class Board(Protocol):
    """The board a change works on: ``Repository.update_board``'s ``BoardEdit``, or the
    screen's :class:`DraftBoard`."""

    cards: dict[str, Deliverable]

    def add(self, card: Deliverable) -> bool: ...

    def remove(self, card_id: str) -> Deliverable | None: ...

    def review(self, week: str) -> WeeklyReview: ...


BoardChange = Callable[[Board], None]


@dataclass
class DraftBoard:
    """The cards a screen shows, changed by the same functions the store applies.

    Weekly reviews are the store's business: the draft hands out a throwaway one.
    """

    cards: dict[str, Deliverable]
    removed: set[str] = field(default_factory=set)

    def add(self, card: Deliverable) -> bool:
        taken = card.source and any(c.source == card.source for c in self.cards.values())
        if card.id in self.cards or taken:
            return False
        self.cards[card.id] = card
        return True

    def remove(self, card_id: str) -> Deliverable | None:
        self.removed.add(card_id)
        return self.cards.pop(card_id, None)

    def review(self, week: str) -> WeeklyReview:
        return WeeklyReview(week)


def finish_week(board: Board, week: str, now_iso: str) -> None:
    """Mark the weekly review of ``week`` finished (made when missing)."""
    review = board.review(week)
    if not review.finished:
        review.finished = True
        review.updated = now_iso


def move_to(card_id: str, column: str, now_iso: str) -> BoardChange:
    """Card ``card_id`` to the top of ``column``; nothing when it is there already or gone.

    A weekly-learnings card put in Done finishes its week's review, in the same change."""

    def change(board: Board) -> None:
        card = board.cards.get(card_id)
        if card is None or card.column == column:
            return
        top = top_order(column_cards(board.cards.values(), column))
        board.cards[card_id] = replace(card, column=column, order=top, updated=now_iso)
        week = source_week(card.source)
        if card.type == "weekly_learnings" and column == "done" and week:
            finish_week(board, week, now_iso)

    return change


def set_orders(orders: dict[str, float], moved: str, now_iso: str) -> BoardChange:
    """Cards at these places in their column (a reorder); ``moved`` is stamped ``now_iso``."""

    def change(board: Board) -> None:
        for card_id, order in orders.items():
            card = board.cards.get(card_id)
            if card is not None and (card.order != order or card_id == moved):
                stamp = now_iso if card_id == moved else card.updated
                board.cards[card_id] = replace(card, order=order, updated=stamp)

    return change


def add_at_bottom(card: Deliverable) -> BoardChange:
    """A new card, at the bottom of its column; nothing when its id or source exists."""

    def change(board: Board) -> None:
        if card.id in board.cards:
            return
        bottom = bottom_order(column_cards(board.cards.values(), card.column))
        board.add(replace(card, order=bottom))

    return change


def merge_edit(original: Deliverable, edited: Deliverable, conflicts: list[str]) -> BoardChange:
    """The fields the user changed in the editor (``original`` → ``edited``), put on the card
    as it is now; a field changed elsewhere meanwhile keeps that change and is named in
    ``conflicts``."""

    def change(board: Board) -> None:
        current = board.cards.get(original.id)
        if current is None:
            return
        merged, found = merge_fields(original, edited, current)
        conflicts[:] = found
        board.cards[original.id] = merged

    return change


def tick_items(card_id: str, done: dict[str, bool], now_iso: str) -> BoardChange:
    """Checklist items (by id) ticked or not; items not named are left as they are."""

    def change(board: Board) -> None:
        card = board.cards.get(card_id)
        if card is None:
            return
        items = [replace(i, done=done.get(i.id, i.done)) for i in card.checklist]
        if items != card.checklist:
            board.cards[card_id] = replace(card, checklist=items, updated=now_iso)

    return change


def delete(card_id: str) -> BoardChange:
    """The card removed."""

    def change(board: Board) -> None:
        board.remove(card_id)

    return change


def restore(cards: Sequence[tuple[str, Deliverable | None]]) -> BoardChange:
    """Cards back as they were (an undo): each id to its old card, or gone when it had none."""

    def change(board: Board) -> None:
        for card_id, before in cards:
            if before is None:
                board.remove(card_id)
            elif card_id in board.cards:
                board.cards[card_id] = before
            else:
                board.add(before)

    return change


def close_week_card(week: str, now_iso: str) -> BoardChange:
    """The weekly-learnings card of ``week`` to the top of Done (its review was finished);
    nothing when there is none or it is done already."""

    def change(board: Board) -> None:
        card = next(
            (
                c
                for c in board.cards.values()
                if c.type == "weekly_learnings" and source_week(c.source) == week
            ),
            None,
        )
        if card is not None:
            move_to(card.id, "done", now_iso)(board)

    return change
