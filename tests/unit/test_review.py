"""The daily review's pure parts: which day, typed minutes, top three, and one transaction."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.data.models import DailyReview, DayRecord, Deliverable
from cadence.domain import review as flow

TZ = "Asia/Shanghai"


def d(text: str) -> pendulum.Date:
    return pendulum.parse(text).date()


def at(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=TZ)


def done(date: str) -> DailyReview:
    return DailyReview(date=date, finished=True)


def test_evening_reviews_today():
    assert flow.default_review_date(d("2026-12-01"), at("2026-12-01T21:00"), []) == d("2026-12-01")


def test_after_midnight_it_is_still_the_evening_of_the_logical_day():
    assert flow.default_review_date(d("2026-12-01"), at("2026-12-02T01:30"), []) == d("2026-12-01")


def test_morning_reviews_yesterday_unless_done():
    today = d("2026-12-02")
    morning = at("2026-12-02T08:30")
    assert flow.default_review_date(today, morning, []) == d("2026-12-01")
    reviews = [done("2026-12-01")]
    assert flow.default_review_date(today, morning, reviews) == d("2026-11-30")


def test_the_newest_unreviewed_day_and_everything_done_means_today():
    today = d("2026-12-05")
    reviews = [done("2026-12-05"), done("2026-12-04"), DailyReview(date="2026-12-03", step=3)]
    assert flow.default_review_date(today, at("2026-12-05T22:00"), reviews) == d("2026-12-03")
    all_done = [done(d("2026-12-05").subtract(days=i).isoformat()) for i in range(10)]
    assert flow.default_review_date(today, at("2026-12-05T22:00"), all_done) == today


def test_a_started_review_of_today_is_resumed_even_in_the_morning():
    today = d("2026-12-02")
    started = [DailyReview(date="2026-12-02", step=2)]
    assert flow.default_review_date(today, at("2026-12-02T09:00"), started) == today


@given(st.integers(0, 600))
def test_minutes_in_range_parse(n):
    assert flow.parse_minutes(f" {n} ") == n


@pytest.mark.parametrize("bad", ["-5", "601", "30m", "1.5", "三十"])
def test_bad_minutes_are_refused(bad):
    with pytest.raises(ValueError, match="0 to 600"):
        flow.parse_minutes(bad)


def test_blank_minutes_mean_not_answered():
    assert flow.parse_minutes("  ") is None


def test_finish_is_idempotent():
    review = DailyReview(date="2026-12-01", learned=["RAG"], step=3)
    once = flow.finish(review, "t1")
    twice = flow.finish(once, "t1")
    assert once == twice
    assert once.finished and once.step == 0


def test_top3_comes_from_the_day_or_the_previous_review():
    prev = DailyReview(date="2026-12-01", top3=["PRD draft", "Lecture 3"])
    assert flow.top3_for(d("2026-12-02"), None, prev) == ["PRD draft", "Lecture 3"]
    own = DayRecord(date="2026-12-02", top3=["Ship it"])
    assert flow.top3_for(d("2026-12-02"), own, prev) == ["Ship it"]
    assert flow.top3_for(d("2026-12-02"), None, None) == []


def test_open_cards_are_this_weeks_first_and_never_done():
    cards = [
        Deliverable("Old", column="done"),
        Deliverable("Later", column="backlog", order=1),
        Deliverable("Now", column="doing"),
        Deliverable("Week", column="week"),
    ]
    assert [c.title for c in flow.open_cards(cards)] == ["Now", "Week", "Later"]


def test_review_and_states_save_in_one_transaction_and_twice_is_the_same(make_runtime):
    runtime = make_runtime()
    repo = runtime.repo
    record = repo.day("2026-12-01")
    record.states["other"] = "done"
    repo.save_day(record)
    review = DailyReview(date="2026-12-01", learned=["tokens"], finished=True)
    repo.save_review_and_states(review, {"wd-study": "done"})
    repo.save_review_and_states(review, {"wd-study": "done"})
    assert repo.daily_review("2026-12-01") == review
    assert len(repo.daily_reviews("2026-12-01", "2026-12-01")) == 1
    assert repo.day("2026-12-01").states == {"other": "done", "wd-study": "done"}


def test_a_failing_transaction_saves_neither(make_runtime, monkeypatch):
    runtime = make_runtime()
    repo = runtime.repo

    class Boom(Exception):
        pass

    def broken(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(DayRecord, "to_dict", broken)
    with pytest.raises(Boom):
        repo.save_review_and_states(DailyReview(date="2026-12-01"), {"wd-study": "done"})
    monkeypatch.undo()
    assert repo.daily_review("2026-12-01") is None
    assert repo.day("2026-12-01").states == {}
