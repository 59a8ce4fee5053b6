"""The plan's cards in the store: made once ever, the weekly link, reminders once a day."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
from pathlib import Path

import pendulum

from cadence.data.models import Deliverable
from cadence.domain.deliverables import close_week_card, move_to
from cadence.services.board import generate_cards

NOW = "2026-12-01T20:45:00+08:00"


def d(text: str) -> pendulum.Date:
    return pendulum.parse(text, exact=True)  # type: ignore[return-value]


def month_two(make_runtime, tmp_path: Path):
    """A data folder whose plan started on 2026-10-01, reopened on 2026-12-01 (month 2)."""
    make_runtime(now="2026-10-01T09:00", interactive=False)
    return make_runtime(now="2026-12-01T20:45", interactive=False)


def sources(repo) -> list[str]:
    return sorted(c.source or "" for c in repo.cards())


def test_month_two_cards_are_made_once(make_runtime, tmp_path):
    runtime = month_two(make_runtime, tmp_path)
    made = generate_cards(runtime.repo, d("2026-12-01"), NOW)
    assert {c.source for c in made} >= {
        "case_study:2",
        "demo:2",
        "notes:2",
        "weekly_learnings:2026-W49",
        "capstone:cap-work-agent",
        "capstone:cap-customer-mvp",
        "capstone:cap-ai-platform",
    }
    assert len(made) == 8
    # A second run that day, and a restart (a new runtime on the folder), add nothing.
    assert generate_cards(runtime.repo, d("2026-12-01"), NOW) == []
    again = make_runtime(now="2026-12-01T23:00", interactive=False)
    assert generate_cards(again.repo, d("2026-12-01"), NOW) == []
    assert len(again.repo.cards()) == 8


def test_a_deleted_card_is_never_made_again(make_runtime, tmp_path):
    runtime = month_two(make_runtime, tmp_path)
    generate_cards(runtime.repo, d("2026-12-01"), NOW)
    case = next(c for c in runtime.repo.cards() if c.source == "case_study:2")
    runtime.repo.delete_card(case.id)
    assert generate_cards(runtime.repo, d("2026-12-02"), NOW) == []
    assert "case_study:2" not in sources(runtime.repo)


def test_a_changed_plan_start_makes_no_duplicates(make_runtime, tmp_path):
    runtime = month_two(make_runtime, tmp_path)
    repo = runtime.repo
    generate_cards(repo, d("2026-12-01"), NOW)
    settings = repo.settings()
    settings.plan_start = "2026-10-03"  # two days later: still month 2 on 12-03
    repo.save_settings(settings)
    assert generate_cards(repo, d("2026-12-03"), NOW) == []
    # The next week brings its own weekly card, and only that.
    later = generate_cards(repo, d("2026-12-08"), NOW)
    assert [c.source for c in later] == ["weekly_learnings:2026-W50"]


def test_cards_already_on_the_board_count_as_made(make_runtime, tmp_path):
    """A folder written by the demo generator has cards with sources but no record of them."""
    runtime = month_two(make_runtime, tmp_path)
    runtime.repo.save_card(Deliverable("Old", type="demo", source="demo:2"))
    made = generate_cards(runtime.repo, d("2026-12-01"), NOW)
    assert "demo:2" not in {c.source for c in made}


def test_no_plan_start_no_cards(make_runtime, tmp_path):
    runtime = month_two(make_runtime, tmp_path)
    settings = runtime.repo.settings()
    settings.plan_start = ""
    runtime.repo.save_settings(settings)
    assert generate_cards(runtime.repo, d("2026-12-01"), NOW) == []


def test_two_processes_at_once_make_each_card_once(make_runtime, tmp_path):
    runtime = month_two(make_runtime, tmp_path)
    folder = runtime.data_dir
    code = textwrap.dedent(
        f"""
        import pendulum
        from cadence.clock import FakeClock
        from cadence.services.board import generate_cards
        from cadence.runtime import open_runtime
        clock = FakeClock("2026-12-01T20:45", tz="Asia/Shanghai")
        rt = open_runtime(__import__("pathlib").Path({str(folder)!r}), language="en",
                          interactive=False, clock=clock)
        print(len(generate_cards(rt.repo, pendulum.date(2026, 12, 1), {NOW!r})))
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    counts = sorted(int(p.communicate(timeout=60)[0].strip()) for p in procs)
    assert counts == [0, 8]
    again = make_runtime(now="2026-12-01T21:00", interactive=False)
    assert len(again.repo.cards()) == 8


def test_weekly_card_in_done_finishes_the_review(make_runtime, tmp_path):
    runtime = month_two(make_runtime, tmp_path)
    repo = runtime.repo
    generate_cards(repo, d("2026-12-01"), NOW)
    card = next(c for c in repo.cards() if c.type == "weekly_learnings")
    assert repo.weekly_review("2026-W49") is None
    repo.update_board(move_to(card.id, "done", NOW))  # one transaction: the card and its week
    review = repo.weekly_review("2026-W49")
    assert review is not None and review.finished and review.updated == NOW


def test_weekly_card_move_keeps_what_the_review_holds(make_runtime, tmp_path):
    from cadence.data.models import WeeklyReview

    runtime = month_two(make_runtime, tmp_path)
    repo = runtime.repo
    generate_cards(repo, d("2026-12-01"), NOW)
    repo.save_weekly_review(WeeklyReview("2026-W49", learnings=["RAG needs evals"]))
    card = next(c for c in repo.cards() if c.type == "weekly_learnings")
    repo.update_board(move_to(card.id, "done", NOW))
    review = repo.weekly_review("2026-W49")
    assert review is not None and review.finished and review.learnings == ["RAG needs evals"]


def test_finishing_the_review_closes_the_card(make_runtime, tmp_path):
    runtime = month_two(make_runtime, tmp_path)
    repo = runtime.repo
    generate_cards(repo, d("2026-12-01"), NOW)
    before = {c.id: c for c in repo.cards()}
    repo.update_board(close_week_card("2026-W49", NOW))
    card = next(c for c in repo.cards() if c.type == "weekly_learnings")
    assert card.column == "done" and card.updated == NOW
    done = copy.deepcopy(repo.store.tables("board")["cards"])
    repo.update_board(close_week_card("2026-W49", "later"))  # already done: nothing changes
    repo.update_board(close_week_card("2026-W40", "later"))  # no such card
    assert repo.store.tables("board")["cards"] == done
    assert {i: c for i, c in before.items() if i != card.id} == {
        c.id: c for c in repo.cards() if c.id != card.id
    }


def test_reminders_are_claimed_once_per_card_per_day(make_runtime, tmp_path):
    runtime = month_two(make_runtime, tmp_path)
    repo = runtime.repo
    assert repo.claim_reminders(["a", "b"], "2026-12-01") == ["a", "b"]
    assert repo.claim_reminders(["a", "b", "c"], "2026-12-01") == ["c"]
    again = make_runtime(now="2026-12-01T22:00", interactive=False)
    assert again.repo.claim_reminders(["a"], "2026-12-01") == []
    assert again.repo.claim_reminders(["a"], "2026-12-02") == ["a"]
