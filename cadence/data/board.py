"""The board's writes that touch more than one card or file: the plan's cards and the week link.

Callers run these off the UI thread (``app.persist``); each is one store transaction.
No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable

from pendulum import Date

from cadence.data.models import Deliverable
from cadence.data.repository import BOARD, Repository
from cadence.domain.deliverables import column_cards, new_cards, source_week, top_order
from cadence.domain.plan_time import parse_date


def generate_cards(repo: Repository, day: Date, now_iso: str) -> list[Deliverable]:
    """Add the cards the plan asks for on ``day`` that were never made; returns the new ones.

    Safe to run any number of times (restarts, two runs a day, two processes).
    Nothing happens without a plan start.
    """
    settings = repo.settings()
    if not settings.plan_start:
        return []
    try:
        start = parse_date(settings.plan_start)
    except ValueError:
        return []
    plan = repo.plan()
    return repo.add_generated_cards(
        lambda cards, made: new_cards(plan, start, day, cards, made, now_iso)
    )


def weeks_to_finish(cards: Iterable[Deliverable]) -> list[str]:
    """The ISO weeks whose review a save of ``cards`` finishes: weekly-learnings cards in Done."""
    return [
        week
        for c in cards
        if c.type == "weekly_learnings" and c.column == "done" and (week := source_week(c.source))
    ]


def save_cards(
    repo: Repository,
    save: Iterable[Deliverable] = (),
    delete: Iterable[str] = (),
    now_iso: str = "",
) -> None:
    """Save and delete cards in one transaction. A weekly-learnings card saved in Done
    marks its week's review finished (created if missing) in the same transaction."""
    save = list(save)
    repo.write_board(save, delete, weeks_to_finish(save), now_iso)


def close_weekly_card(repo: Repository, week: str, now_iso: str) -> Deliverable | None:
    """Move the weekly-learnings card of ISO ``week`` ("2026-W48") to the top of Done.

    Called when that week's review is finished. Returns the moved card, or None
    when there is no such card (never made, or deleted) or it is already done.
    """
    cards = repo.cards()
    card = next(
        (
            c
            for c in cards
            if c.type == "weekly_learnings" and source_week(c.source) == week and c.column != "done"
        ),
        None,
    )
    if card is None:
        return None
    card.column = "done"
    card.order = top_order(column_cards(cards, "done"))
    card.updated = now_iso
    repo.write_board([card])
    return card


class CardReader:
    """Reads the board's cards, re-building only those whose stored document changed.

    A board of hundreds of cards is read again after every write; most documents
    are unchanged, and comparing a document costs far less than building its card.
    The cards it returns are shared between reads: change copies, never them.
    """

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._built: dict[str, tuple[dict[str, object], Deliverable]] = {}

    def cards(self) -> list[Deliverable]:
        """The stored cards, sorted by column and order (as ``Repository.cards``)."""
        docs = self.repo.store.tables(BOARD).get("cards", {})
        built: dict[str, tuple[dict[str, object], Deliverable]] = {}
        for doc in docs.values():
            key = str(doc.get("id", ""))
            old = self._built.get(key)
            if old is not None and old[0] == doc:
                built[key] = old
            else:
                built[key] = (doc, Deliverable.from_dict(doc))
        self._built = built
        return sorted((card for _doc, card in built.values()), key=lambda c: (c.column, c.order))
