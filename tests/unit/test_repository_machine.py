"""A state machine drives the repository's changes from two "processes" (two Stores on one
folder), with restarts and damaged files in between, and checks the disk agrees with a model."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from cadence.data.models import BLOCK_STATES, COLUMNS, Deliverable, FocusSession
from cadence.data.repository import BoardEdit, Repository
from cadence.data.store import Store

DATES = st.sampled_from(["2026-12-30", "2026-12-31", "2027-01-01"])
BLOCKS = st.sampled_from(["wake", "study", "build"])
CARD_IDS = st.sampled_from(["c1", "c2", "c3", "c4"])
WEEKS = st.sampled_from(["2026-W53", "2027-W01"])
SESSION_IDS = st.sampled_from(["s1", "s2", "s3"])
WHO = st.sampled_from([0, 1])
FILES = st.sampled_from(["board", "days-2026", "reviews-2027", "weekly", "settings", "focus-2026"])
TEXT = st.sampled_from(["RAG", "评估 eval", "demo", "ship\x1b[2J"])


def clean(text: str) -> str:
    return text.replace("\x1b", "")


class RepositoryMachine(RuleBasedStateMachine):
    @initialize()
    def open_folder(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="cadence-machine-"))
        self.repos = [self.open(), self.open()]
        self.days: dict[str, dict[str, str]] = {}
        self.cards: dict[str, tuple[str, str]] = {}
        self.reviews: dict[str, list[str]] = {}
        self.weekly: dict[str, list[str]] = {}
        self.sessions: dict[str, tuple[str, int]] = {}
        self.target = 8.0

    def open(self) -> Repository:
        return Repository(Store(self.root, today=lambda: "2026-12-31", stamp=lambda: "t"))

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # ------------------------------------------------------------ changes

    @rule(who=WHO, date=DATES, block=BLOCKS, state=st.sampled_from(BLOCK_STATES))
    def set_state(self, who: int, date: str, block: str, state: str) -> None:
        out = self.repos[who].update_day(date, lambda r: r.states.update({block: state}))
        self.days.setdefault(date, {})[block] = state
        assert out.states == self.days[date]

    @rule(who=WHO, card_id=CARD_IDS, title=TEXT)
    def add_card(self, who: int, card_id: str, title: str) -> None:
        out = self.repos[who].add_card(Deliverable(title, id=card_id))
        if card_id in self.cards:
            assert out is None
        else:
            assert out is not None and out.title == clean(title)
            self.cards[card_id] = (clean(title), "backlog")

    @rule(who=WHO, card_id=CARD_IDS, column=st.sampled_from(COLUMNS))
    def move_card(self, who: int, card_id: str, column: str) -> None:
        out = self.repos[who].update_card(card_id, lambda c: setattr(c, "column", column))
        if card_id not in self.cards:
            assert out is None
        else:
            self.cards[card_id] = (self.cards[card_id][0], column)
            assert out is not None and out.column == column

    @rule(who=WHO, card_id=CARD_IDS)
    def delete_card(self, who: int, card_id: str) -> None:
        self.repos[who].update_board(lambda board: board.remove(card_id) and None)
        self.cards.pop(card_id, None)

    @rule(who=WHO, date=DATES, item=TEXT, block=BLOCKS)
    def review(self, who: int, date: str, item: str, block: str) -> None:
        self.repos[who].update_review(
            date, lambda r: r.learned.append(item), day=lambda d: d.states.update({block: "done"})
        )
        self.reviews.setdefault(date, []).append(clean(item))
        self.days.setdefault(date, {})[block] = "done"

    @rule(who=WHO, week=WEEKS, item=TEXT, n=st.integers(1, 2))
    def weekly_review(self, who: int, week: str, item: str, n: int) -> None:
        card_id = f"w{week[-2:]}{n}"

        def cards(board: BoardEdit) -> None:
            board.add(Deliverable(item, id=card_id, column="week", source=f"plan:{week}/{n}"))

        self.repos[who].update_weekly_review(week, lambda r: r.next_week.append(item), board=cards)
        self.weekly.setdefault(week, []).append(clean(item))
        if card_id not in self.cards:
            self.cards[card_id] = (clean(item), "week")

    @rule(who=WHO, session_id=SESSION_IDS, minutes=st.integers(0, 50))
    def log_session(self, who: int, session_id: str, minutes: int) -> None:
        start = "2026-12-31T20:00:00+08:00"
        session = FocusSession(start, "2026-12-31T20:50:00+08:00", 3000, minutes * 60)
        session.id = session_id
        out = self.repos[who].add_session(session)
        self.sessions.setdefault(session_id, (start, minutes * 60))
        assert out.focused_s == self.sessions[session_id][1]

    @rule(who=WHO, session_id=SESSION_IDS, minutes=st.integers(0, 50))
    def edit_session(self, who: int, session_id: str, minutes: int) -> None:
        start = self.sessions.get(session_id, ("2026-12-31",))[0]
        out = self.repos[who].update_session(
            session_id, start, lambda s: setattr(s, "focused_s", minutes * 60)
        )
        if session_id in self.sessions:
            self.sessions[session_id] = (start, minutes * 60)
            assert out is not None
        else:
            assert out is None

    @rule(who=WHO, hours=st.integers(1, 40))
    def set_target(self, who: int, hours: int) -> None:
        self.repos[who].update_settings(lambda s: setattr(s, "weekly_target_h", float(hours)))
        self.target = float(hours)

    # ------------------------------------------------------------ the world

    @rule(who=WHO)
    def restart(self, who: int) -> None:
        self.repos[who] = self.open()

    @rule(name=FILES, raw=st.sampled_from([b"", b"[]", b'{"cards": {"1": {}}}', b"{"]))
    def damage(self, name: str, raw: bytes) -> None:
        """Someone damages a file (truncates it, a sync client...): nothing may be lost."""
        path = self.root / f"{name}.json"
        if path.exists():
            path.write_bytes(raw)

    # ------------------------------------------------------------ agreement

    def check(self, repo: Repository) -> None:
        for date in ("2026-12-30", "2026-12-31", "2027-01-01"):
            assert repo.day(date).states == self.days.get(date, {})
            review = repo.daily_review(date)
            assert (review.learned if review else []) == self.reviews.get(date, [])
        assert {c.id: (c.title, c.column) for c in repo.cards()} == self.cards
        for week in ("2026-W53", "2027-W01"):
            review = repo.weekly_review(week)
            assert (review.next_week if review else []) == self.weekly.get(week, [])
        sessions = repo.sessions("2026-12-01", "2027-01-31")
        assert {s.id: (s.start, s.focused_s) for s in sessions} == self.sessions
        assert repo.settings().weekly_target_h == self.target

    @invariant()
    def everyone_agrees_with_the_model(self) -> None:
        if not hasattr(self, "root"):
            return
        for repo in self.repos:
            self.check(repo)
        self.check(self.open())  # and a process started now


RepositoryMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_repository_machine = RepositoryMachine.TestCase
