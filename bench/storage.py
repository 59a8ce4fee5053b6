"""Storage bench: the cost of one persisted change, and of the reads at startup, at 1 and 5 years.

For each size a temporary data folder is filled with plausible history (per day:
3 focus sessions, a day record with 8 block states, a daily review; a weekly
review per week; 100 cards; a plan and settings), written through the
Repository's store in the Repository's own file layout, one transaction per file
(a ``save_*`` call per record would rewrite each file thousands of times), and
checked back through the Repository. Then it measures:

- one change: ``repo.add_session`` of a new session today, and ``repo.update_card``
  moving a card (both checked against their models before they are written, and
  each file's last version kept as ``<name>.json.prev``), median and p90 over ``--reps`` repetitions;
- a cold load: a new Store + Repository reading what the app reads at startup
  (settings, plan, this year's days / sessions / daily reviews, cards, this
  week's review), median over ``--runs`` runs, and the 5-year / 1-year ratio.

    python bench/storage.py [--runs 41] [--reps 200]

Targets: one change < 10 ms median; cold load 5 years ≤ 1.1× 1 year (only the
current year's files are read). Nothing is asserted: results are printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from typing import Any  # noqa: E402

from cadence.data.models import (  # noqa: E402
    CARD_TYPES,
    COLUMNS,
    ChecklistItem,
    DailyReview,
    DayRecord,
    DayTemplate,
    Deliverable,
    FocusSession,
    MustDo,
    Plan,
    Resource,
    RoadmapGoal,
    Settings,
    TimeBlock,
    WeeklyReview,
)
from cadence.data.repository import BOARD, WEEKLY, Repository, year_file  # noqa: E402
from cadence.data.store import Store  # noqa: E402

TODAY = dt.date(2026, 11, 29)
TARGET_CHANGE_MS = 10.0
TARGET_LOAD_RATIO = 1.1
BLOCK_IDS = [f"wd-{n}" for n in ("wake", "commute", "listen", "work", "lunch", "study", "build")]
BLOCK_IDS.append("wd-sleep")
WORDS = ("retrieval", "eval", "prompt", "agent", "检索", "评估", "产品", "用户", "访谈")
WORDS += ("指标", "demo", "复盘", "latency", "cost")


def make_store(root: Path) -> Store:
    return Store(root, today=lambda: TODAY.isoformat(), stamp=lambda: "20261129T093000")


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def sentence(rng: random.Random, n: int = 5) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_plan() -> Plan:
    blocks = [
        TimeBlock(f"{6 + 2 * i:02d}:00", f"{7 + 2 * i:02d}:00", f"Block {i}", "study", id=b)
        for i, b in enumerate(BLOCK_IDS)
    ]
    return Plan(
        id="bench",
        name="Bench plan",
        language="zh",
        principles=["每天学习", "Ship weekly"],
        templates=[
            DayTemplate("weekday", "工作日", [0, 1, 2, 3, 4], blocks),
            DayTemplate("weekend", "周末", [5, 6], blocks[:5]),
        ],
        goals=[
            RoadmapGoal(m, track, f"Goal {m} {track}", id=f"g{m}{track}")
            for m in range(1, 13)
            for track in ("tech", "product", "output")
        ],
        must_dos=[
            MustDo(
                "course",
                "Course",
                "course",
                [ChecklistItem(f"Lecture {i}", id=f"l{i}", minutes=45) for i in range(20)],
            )
        ],
        resources=[Resource(f"Resource {i}", "podcast", id=f"r{i}") for i in range(15)],
    )


def generate(root: Path, years: int, seed: int = 7) -> dict[str, int]:
    """Fill ``root`` with ``years`` of history ending TODAY. Returns counts per kind."""
    rng = random.Random(seed)
    repo = Repository(make_store(root))
    repo.save_settings(Settings(language="zh", timezone="Asia/Shanghai", plan_id="bench"))
    repo.install_plan(make_plan())

    per_file: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    weeks: dict[str, WeeklyReview] = {}
    first = TODAY - dt.timedelta(days=365 * years - 1)
    day = first
    while day <= TODAY:
        iso = day.isoformat()
        for k in range(3):
            start = dt.datetime(day.year, day.month, day.day, 9 + 4 * k, rng.randrange(60))
            planned = rng.choice((1500, 3000))
            session = FocusSession(
                start=start.isoformat() + "+08:00",
                end=(start + dt.timedelta(seconds=planned)).isoformat() + "+08:00",
                planned_s=planned,
                focused_s=planned - rng.randrange(300),
                label=sentence(rng, 3),
                link=f"goal:g{rng.randrange(1, 13)}tech",
            )
            per_file[year_file("focus", iso)]["sessions"].append(session.to_dict())
        record = DayRecord(
            iso,
            states={b: rng.choice(("done", "done", "todo", "skipped")) for b in BLOCK_IDS},
            top3=[sentence(rng, 3) for _ in range(3)],
        )
        if rng.random() < 0.2:
            record.added.append(TimeBlock("19:00", "20:00", sentence(rng, 2), "social"))
        per_file[year_file("days", iso)]["days"].append(record.to_dict())
        review = DailyReview(
            iso,
            learned=[sentence(rng, 8), sentence(rng, 6)],
            posted=rng.random() < 0.5,
            energy=rng.randrange(1, 6),
            workout_min=rng.choice((None, 20, 30, 45)),
            bed_before_23=rng.random() < 0.6,
            focus_s=sum(s["focused_s"] for s in per_file[year_file("focus", iso)]["sessions"][-3:]),
            finished=True,
        )
        per_file[year_file("reviews", iso)]["daily"].append(review.to_dict())
        weeks.setdefault(
            iso_week(day),
            WeeklyReview(
                iso_week(day),
                [sentence(rng, 8) for _ in range(3)],
                [sentence(rng, 6)],
                finished=True,
            ),
        )
        day += dt.timedelta(days=1)
    per_file[WEEKLY]["weekly"] = [w.to_dict() for w in weeks.values()]
    per_file[BOARD]["cards"] = [
        Deliverable(
            f"Card {i}: {sentence(rng, 4)}",
            rng.choice(CARD_TYPES),
            rng.choice(COLUMNS),
            float(i),
            id=f"card{i:03d}",
            description=sentence(rng, 20),
            checklist=[ChecklistItem(sentence(rng, 3), id=f"c{i}-{j}") for j in range(3)],
            tags=["ai", "产品"],
        ).to_dict()
        for i in range(100)
    ]

    store = repo.store
    for name, tables in per_file.items():
        with store.transaction(name) as txn:
            db = txn.db(name)
            for table, docs in tables.items():
                db.table(table).insert_multiple(docs)

    # Read it all back through the Repository: the layout is the Repository's own.
    check = Repository(make_store(root))
    counts = {
        "days": len(check.days(first.isoformat(), TODAY.isoformat())),
        "sessions": len(check.sessions(first.isoformat(), TODAY.isoformat())),
        "daily reviews": len(check.daily_reviews(first.isoformat(), TODAY.isoformat())),
        "weekly reviews": len(weeks),
        "cards": len(check.cards()),
    }
    assert counts["days"] == counts["daily reviews"] == 365 * years
    assert counts["sessions"] == 3 * 365 * years
    assert counts["cards"] == 100
    assert check.weekly_review(iso_week(TODAY)) is not None
    assert len(check.plan().goals) == 36
    return counts


def cold_load(root: Path) -> float:
    """What the app reads at startup, from a new Store. Returns seconds."""
    year_start = f"{TODAY.year}-01-01"
    today = TODAY.isoformat()
    started = time.perf_counter()
    repo = Repository(make_store(root))
    repo.settings()
    repo.plan()
    repo.days(year_start, today)
    repo.sessions(year_start, today)
    repo.daily_reviews(year_start, today)
    repo.cards()
    repo.weekly_review(iso_week(TODAY))
    return time.perf_counter() - started


class ChangeBench:
    """``add_session`` of a new session today and ``update_card`` of a moved card."""

    def __init__(self, root: Path) -> None:
        self.repo = Repository(make_store(root))
        self.rng = random.Random(11)
        self.cards = self.repo.cards()
        self.base = dt.datetime(TODAY.year, TODAY.month, TODAY.day, 20, 0)
        self.session_times: list[float] = []
        self.card_times: list[float] = []
        self.count = 0
        # Warm up: the day's first write makes the daily backups; the app pays that once a day.
        self.repo.update_card(self.cards[0].id, lambda c: setattr(c, "order", c.order + 0.5))
        start = self.base.isoformat() + "+08:00"
        self.repo.add_session(FocusSession(start, start, 60, 60))

    def step(self) -> None:
        self.count += 1
        start = self.base + dt.timedelta(seconds=30 * self.count)
        session = FocusSession(
            start.isoformat() + "+08:00",
            (start + dt.timedelta(minutes=25)).isoformat() + "+08:00",
            1500,
            1500,
            label=f"bench {self.count}",
        )
        t0 = time.perf_counter()
        self.repo.add_session(session)
        self.session_times.append(time.perf_counter() - t0)

        card_id = self.cards[self.rng.randrange(len(self.cards))].id
        column = self.rng.choice(COLUMNS)

        def move(card: Deliverable) -> None:
            card.order += 0.5
            card.column = column

        t0 = time.perf_counter()
        self.repo.update_card(card_id, move)
        self.card_times.append(time.perf_counter() - t0)


def plural(years: int) -> str:
    return f"{years} year{'s' if years != 1 else ''}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def folder_kb(root: Path, pattern: str = "*.json") -> int:
    return sum(p.stat().st_size for p in root.glob(pattern)) // 1024


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=41, help="cold loads per size (default 41)")
    parser.add_argument("--reps", type=int, default=200, help="changes per size (default 200)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = (1, 5)
    base = Path(tempfile.mkdtemp(prefix="cadence-bench-storage-"))
    loads: dict[int, float] = {}
    try:
        print(f"storage bench: today {TODAY}, {args.reps} changes and {args.runs} cold loads")
        roots: dict[int, Path] = {}
        for years in sizes:
            root = roots[years] = base / f"{years}y"
            t0 = time.perf_counter()
            counts = generate(root, years)
            what = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            this_year = folder_kb(root, f"*-{TODAY.year}.json")
            print(
                f"{plural(years)}: {what}; {folder_kb(root)} KB on disk, {this_year} KB in "
                f"{TODAY.year}'s files (generated in {time.perf_counter() - t0:.1f} s)"
            )

        # Cold loads interleaved (1y, 5y, 1y, ...), so that a busy machine slows both alike.
        samples: dict[int, list[float]] = {years: [] for years in sizes}
        for years in sizes:
            cold_load(roots[years])  # untimed: the OS file cache, as after any earlier start
        for _ in range(args.runs):
            for years in sizes:
                gc.collect()
                samples[years].append(cold_load(roots[years]))
        print()
        for years in sizes:
            loads[years] = statistics.median(samples[years])
            print(
                f"cold load, {plural(years)}: {ms(loads[years])} median, "
                f"{ms(p90(samples[years]))} p90 (of {args.runs})"
            )
        ratio = loads[5] / loads[1]
        verdict = "ok" if ratio <= TARGET_LOAD_RATIO else "OVER TARGET"
        print(
            f"cold load 5 years / 1 year: {ratio:.2f}x "
            f"(target <= {TARGET_LOAD_RATIO}x: only the current year is read) - {verdict}"
        )

        # Changes interleaved too: 1y, 5y, 1y, ...
        benches = {years: ChangeBench(roots[years]) for years in sizes}
        for _ in range(args.reps):
            for years in sizes:
                benches[years].step()
        print()
        for years in sizes:
            bench = benches[years]
            for label, times in (
                ("add_session", bench.session_times),
                ("update_card", bench.card_times),
            ):
                median = statistics.median(times)
                verdict = "ok" if median * 1000 < TARGET_CHANGE_MS else "OVER TARGET"
                print(
                    f"one change ({label}), {plural(years)}: {ms(median)} median, "
                    f"{ms(p90(times))} p90 (target < {TARGET_CHANGE_MS:.0f} ms median) - {verdict}"
                )
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
