"""The demo history: plausible, complete, deterministic, dated no later than now."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import orjson
import pendulum
import pytest

from cadence.clock import FakeClock
from cadence.data.models import BLOCK_STATES
from cadence.data.repository import Repository
from cadence.data.store import Store
from cadence.domain.schedule import blocks_for
from cadence.shell.demo import write_demo

TZ = "Asia/Shanghai"
NOW = "2026-11-29T21:00"  # a Sunday evening, during the weekly review block
TODAY = "2026-11-29"
FIRST = "2000-01-01"
LAST = "2099-12-31"


def _clock() -> FakeClock:
    return FakeClock(NOW, tz=TZ)


def _open(folder: Path) -> Repository:
    clock = _clock()
    store = Store(
        folder,
        today=lambda: clock.now().to_date_string(),
        stamp=lambda: clock.now().format("YYYYMMDD[T]HHmmss"),
    )
    return Repository(store)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def _raw_count(folder: Path, name: str, table: str) -> int:
    return len(orjson.loads((folder / f"{name}.json").read_bytes()).get(table, {}))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    write_demo(folder, months=3, clock=_clock(), language="zh")
    return folder


def test_every_kind_of_record_is_there(demo: Path) -> None:
    repo = _open(demo)
    assert repo.settings().plan_start == "2026-08-29"
    assert repo.settings().timezone == TZ
    assert len(repo.days(FIRST, LAST)) == 93  # 2026-08-29 .. 2026-11-29
    sessions = repo.sessions(FIRST, LAST)
    assert len(sessions) > 100
    assert any(not s.completed and s.focused_s < s.planned_s for s in sessions)
    assert any(s.manual for s in sessions)
    assert any((s.link or "").startswith("lecture:kz-") for s in sessions)
    assert any((s.link or "").startswith("card:") for s in sessions)
    reviews = repo.daily_reviews(FIRST, LAST)
    assert 0.65 < len(reviews) / 93 < 0.95
    assert all(r.finished and 1 <= len(r.learned) <= 2 for r in reviews)
    assert any(r.posted and r.post_where == "小红书" for r in reviews)
    assert repo.weekly_review("2026-W47") is not None
    assert repo.weekly_review("2026-W48") is None  # the review block is still running
    assert any(c.type == "capstone" for c in repo.cards())
    plan = repo.plan()
    assert any(g.done and g.done_on for g in plan.goals if g.month < 3)
    assert not any(g.done for g in plan.goals if g.month > 3)
    karpathy = next(m for m in plan.must_dos if m.id == "must-karpathy")
    assert 0 < sum(item.done for item in karpathy.items) < len(karpathy.items)


def test_block_states_follow_the_schedule(demo: Path) -> None:
    repo = _open(demo)
    templates = repo.templates()
    now = _clock().now()
    done = Counter()
    total = Counter()
    for record in repo.days(FIRST, LAST):
        day = pendulum.parse(record.date).date()
        blocks = {b.block.id: b for b in blocks_for(templates, record, day, TZ)}
        for block_id, state in record.states.items():
            assert state in BLOCK_STATES
            assert blocks[block_id].end <= now  # nothing later than now has a state
            total[blocks[block_id].block.kind] += 1
            done[blocks[block_id].block.kind] += state == "done"
    assert 0.6 < done["study"] / total["study"] < 0.9
    assert 0.4 < done["social"] / total["social"] < 0.9  # ~25 evenings at 60 %
    assert done["work"] / total["work"] > 0.9
    today = repo.day(TODAY)
    assert "wb-build-am" in today.states
    assert "wb-weekly-review" not in today.states  # 20:30–21:15, still running
    assert "wb-sleep" not in today.states


def test_weekly_focus_is_plausible(demo: Path) -> None:
    weeks: dict[tuple[int, int], int] = defaultdict(int)
    for s in _open(demo).sessions(FIRST, LAST):
        year, week, _ = pendulum.parse(s.start).isocalendar()
        weeks[(year, week)] += s.focused_s
    full = [weeks[key] / 3600 for key in sorted(weeks)[1:-1]]  # first and last are partial
    assert len(full) >= 11
    in_band = [h for h in full if 6 <= h <= 15]
    assert len(in_band) >= 0.75 * len(full)
    assert all(2 <= h <= 20 for h in full)
    assert 7 <= sum(full) / len(full) <= 13


def test_nothing_is_dated_after_now(demo: Path) -> None:
    repo = _open(demo)
    now = _clock().now()
    assert all(r.date <= TODAY for r in repo.daily_reviews(FIRST, LAST))
    assert all(pendulum.parse(r.updated) <= now for r in repo.daily_reviews(FIRST, LAST))
    assert repo.daily_review(TODAY) is None  # reviews are written after 22:30
    assert all(pendulum.parse(s.end) <= now for s in repo.sessions(FIRST, LAST))
    assert all(r.date <= TODAY for r in repo.days(FIRST, LAST))
    for card in repo.cards():
        assert card.updated[:10] <= TODAY
    for goal in repo.goals():
        assert goal.done_on is None or goal.done_on < TODAY


def test_cards_of_each_month_exist_once(demo: Path) -> None:
    cards = _open(demo).cards()
    sources = Counter(c.source for c in cards)
    for month in range(4):  # months 0, 1, 2 are past; 3 began today
        for kind in ("case_study", "demo", "notes"):
            assert sources[f"{kind}:{month}"] == 1
    assert all(count == 1 for count in sources.values())
    by_source = {c.source: c for c in cards}
    assert by_source["case_study:0"].column == "done"
    assert by_source["case_study:3"].column in ("doing", "week")
    capstones = [c for c in cards if c.type == "capstone"]
    assert len(capstones) == 3
    assert any(m.current is not None for c in capstones for m in c.measures)
    assert any(m.current is None for c in capstones for m in c.measures)


def test_reopening_reads_everything(demo: Path) -> None:
    repo = _open(demo)
    assert len(repo.sessions(FIRST, LAST)) == _raw_count(demo, "focus-2026", "sessions")
    assert len(repo.days(FIRST, LAST)) == _raw_count(demo, "days-2026", "days")
    assert len(repo.daily_reviews(FIRST, LAST)) == _raw_count(demo, "reviews-2026", "daily")
    assert len(repo.cards()) == _raw_count(demo, "board", "cards")
    weekly = orjson.loads((demo / "weekly.json").read_bytes())["weekly"]
    assert len(weekly) == 13
    assert all(repo.weekly_review(doc["week"]) is not None for doc in weekly.values())
    assert len(repo.goals()) == _raw_count(demo, "plan", "goals")


def test_same_seed_same_bytes_other_seed_differs(demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    write_demo(again, months=3, clock=_clock(), language="zh")
    assert _files(again) == _files(demo)
    other = tmp_path / "other"
    write_demo(other, months=3, clock=_clock(), language="zh", seed=8)
    assert _files(other).keys() == _files(demo).keys()
    assert _files(other)["focus-2026.json"] != _files(demo)["focus-2026.json"]


def test_english_demo_speaks_english(tmp_path: Path) -> None:
    write_demo(tmp_path / "en", months=1, clock=_clock(), language="en")
    repo = _open(tmp_path / "en")
    reviews = repo.daily_reviews(FIRST, LAST)
    assert any(r.post_where == "Xiaohongshu" for r in reviews)
    assert all(line.isascii() for r in reviews for line in r.learned)
    assert repo.settings().language == "en"


def test_refuses_a_folder_with_data(demo: Path) -> None:
    with pytest.raises(FileExistsError):
        write_demo(demo, months=3, clock=_clock())
    with pytest.raises(ValueError):
        write_demo(demo.parent / "none", months=0, clock=_clock())


def test_sixty_months_write_every_year(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    write_demo(folder, months=60, clock=_clock())
    names = {p.stem for p in folder.glob("*.json")}
    for year in range(2021, 2027):
        for kind in ("days", "focus", "reviews"):
            assert f"{kind}-{year}" in names
    repo = _open(folder)
    assert repo.settings().plan_start == "2021-11-29"
    assert len(repo.days("2021-11-29", TODAY)) == 1827
    sources = Counter(c.source for c in repo.cards())
    assert all(sources[f"case_study:{m}"] == 1 for m in range(13))
    assert all(c.column == "done" for c in repo.cards())
