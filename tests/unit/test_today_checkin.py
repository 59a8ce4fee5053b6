"""The evening check-in's rules (prefill, both-way sync with the blocks), the post composer,
Today's top three, the block ``f`` focuses on, and the plan's first day. Pure."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pendulum import Date

from cadence.data.models import DailyReview, DayRecord, Deliverable, FocusSession, Plan, TimeBlock
from cadence.data.plan import shipped_plan
from cadence.domain import kpis
from cadence.domain import review as checkin
from cadence.domain.plan_time import month_of
from cadence.domain.schedule import blocks_for, first_plan_day, pick_focus_block

TZ = "Asia/Shanghai"
TUESDAY = Date(2026, 12, 1)
WEDNESDAY = Date(2026, 12, 2)


def plan() -> Plan:
    found = shipped_plan("en")
    assert found is not None
    return found


def at(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=TZ)


def session(start: str, minutes: int, label: str) -> FocusSession:
    begin = at(start)
    return FocusSession(
        start=begin.isoformat(),
        end=begin.add(minutes=minutes).isoformat(),
        planned_s=minutes * 60,
        focused_s=minutes * 60,
        label=label,
    )


# ---------------------------------------------------------------- what the day knows


def test_the_day_facts_come_from_blocks_sessions_and_earlier_reviews():
    t = plan().templates
    sessions = [
        session("2026-12-02T07:00", 25, "Tokens"),
        session("2026-12-02T21:00", 50, "Attention"),
        session("2026-12-01T21:00", 50, "Yesterday"),  # another day: not counted
    ]
    earlier = [
        DailyReview("2026-11-29", posted=True, post_where="Xiaohongshu"),
        DailyReview("2026-11-30", posted=True, post_where=""),
        DailyReview("2026-12-03", posted=True, post_where="Later"),  # after the day
    ]
    note = TimeBlock("21:00", "21:30", "Call", "social", id="x", note="Ask about RAG evals")
    record = DayRecord("2026-12-02", added=[note])
    facts = checkin.day_facts(t, record, WEDNESDAY, sessions, earlier)
    assert facts.focus_s == 75 * 60 and facts.sessions == 2
    assert facts.labels == ("Attention", "Tokens")  # most focused first
    assert facts.health_blocks == ("se-workout",) and facts.health_minutes == {"se-workout": 45}
    assert facts.publish_blocks == ("se-wind-down",)
    assert facts.last_where == "Xiaohongshu"
    assert facts.notes == ("Ask about RAG evals",)
    assert facts.planned_s == 0  # Wednesday evening is social


def test_ticked_blocks_prefill_the_answers_and_stored_answers_win():
    t = plan().templates
    facts = checkin.day_facts(t, None, WEDNESDAY, [], [DailyReview("2026-12-01", posted=True,
                              post_where="Xiaohongshu")])  # fmt: skip
    states = {"se-workout": "done", "se-wind-down": "done"}
    fresh = checkin.prefill(None, facts, states, "2026-12-02")
    assert (fresh.workout_min, fresh.posted, fresh.post_where) == (45, True, "Xiaohongshu")
    stored = DailyReview("2026-12-02", workout_min=30, posted=False)
    kept = checkin.prefill(stored, facts, states, "2026-12-02")
    assert (kept.workout_min, kept.posted, kept.post_where) == (30, False, "")
    nothing = checkin.prefill(None, facts, {}, "2026-12-02")
    assert (nothing.workout_min, nothing.posted) == (None, None)


def test_ticking_in_the_check_in_moves_answers_that_followed_the_blocks_only():
    t = plan().templates
    facts = checkin.day_facts(t, None, WEDNESDAY, [], [DailyReview("2026-12-01", posted=True,
                              post_where="Xiaohongshu")])  # fmt: skip
    review = DailyReview("2026-12-02")
    ticked = {"se-workout": "done", "se-wind-down": "done"}
    after = checkin.follow_ticks(review, facts, {}, ticked)
    assert (after.workout_min, after.posted, after.post_where) == (45, True, "Xiaohongshu")
    back = checkin.follow_ticks(after, facts, ticked, {})
    assert (back.workout_min, back.posted) == (None, None)
    typed = DailyReview("2026-12-02", workout_min=40, posted=True, post_where="Weibo")
    assert checkin.follow_ticks(typed, facts, {}, ticked) == typed  # the user's word stays
    # A "no" then a tick of the publishing block: the latest act wins.
    said_no = DailyReview("2026-12-02", posted=False)
    assert checkin.follow_ticks(said_no, facts, {}, ticked).posted is True


def test_answers_tick_the_blocks():
    t = plan().templates
    facts = checkin.day_facts(t, None, WEDNESDAY, [], [])
    yes = DailyReview("2026-12-02", posted=True, workout_min=35)
    assert checkin.states_for_answers(yes, facts, {"se-study": "done"}) == {
        "se-study": "done",
        "se-wind-down": "done",
        "se-workout": "done",
    }
    no = DailyReview("2026-12-02", posted=False, workout_min=0)
    assert checkin.states_for_answers(no, facts, {"se-wind-down": "done"}) == {
        "se-wind-down": "skipped",
        "se-workout": "skipped",
    }
    assert checkin.states_for_answers(DailyReview("2026-12-02"), facts, {}) == {}
    # Tuesday has no health block: minutes are logged, no block to tick.
    tuesday = checkin.day_facts(t, None, TUESDAY, [], [])
    morning = DailyReview("2026-12-01", workout_min=30)
    assert checkin.states_for_answers(morning, tuesday, {}) == {}
    assert checkin.changed_states({"a": "done"}, {"a": "done", "b": "todo", "c": "done"}) == {
        "c": "done"
    }


@settings(max_examples=80, deadline=None)
@given(
    workout=st.sampled_from(["todo", "done", "skipped"]),
    post=st.sampled_from(["todo", "done", "skipped"]),
    minutes=st.none() | st.integers(0, 120),
    posted=st.none() | st.booleans(),
)
def test_an_answered_check_in_and_its_blocks_agree(workout, post, minutes, posted):
    """Whatever the blocks said, once the answers are applied the blocks say the same as
    the answers, and applying them again changes nothing."""
    t = plan().templates
    facts = checkin.day_facts(t, None, WEDNESDAY, [], [])
    review = DailyReview("2026-12-02", workout_min=minutes, posted=posted)
    states = checkin.states_for_answers(
        review, facts, {"se-workout": workout, "se-wind-down": post}
    )
    assert checkin.states_for_answers(review, facts, states) == states
    record = DayRecord("2026-12-02", states=states)
    if posted is not None:
        assert kpis.published(t, record, WEDNESDAY) is posted
    if minutes:
        assert kpis.ticked_health_minutes(t, record, WEDNESDAY) == 45
        assert kpis.workout_minutes(t, record, review, WEDNESDAY) == minutes
        counted = kpis.workouts_this_week(t, {"2026-12-02": record}, [review], WEDNESDAY)
        assert counted == (1 if minutes >= kpis.WORKOUT_MIN else 0)


def test_morning_exercise_counts_only_when_logged_thirty_minutes():
    t = plan().templates
    morning = DayRecord("2026-12-01", states={"wd-morning": "done"})
    records = {"2026-12-01": morning}
    assert kpis.workouts_this_week(t, records, [], TUESDAY) == 0
    assert kpis.workouts_this_week(t, records, [DailyReview("2026-12-01", workout_min=20)],
                                   TUESDAY) == 0  # fmt: skip
    assert kpis.workouts_this_week(t, records, [DailyReview("2026-12-01", workout_min=30)],
                                   TUESDAY) == 1  # fmt: skip


def test_the_post_streak_counts_ticked_publishing_blocks_and_answers():
    t = plan().templates
    records = {
        "2026-11-30": DayRecord("2026-11-30", states={"wd-wind-down": "done"}),
        "2026-12-01": DayRecord("2026-12-01", states={"wd-wind-down": "done"}),
    }
    reviews = [DailyReview("2026-11-29", posted=True)]
    assert kpis.post_streak_days(t, records, reviews, WEDNESDAY) == 3  # today not yet
    said_no = [*reviews, DailyReview("2026-11-30", posted=False)]
    assert kpis.post_streak_days(t, records, said_no, WEDNESDAY) == 1
    assert kpis.post_streak_days(t, {}, [], WEDNESDAY) == 0


# ---------------------------------------------------------------- the post composer


def test_a_draft_fits_xiaohongshu_and_names_the_day():
    draft = checkin.draft_post(
        ["Attention is all you need, and the KV cache saves recomputation", "Tokens"],
        ["Zero to Hero: lecture 7", "PRD"],
        ["Ask about RAG evals"],
        plan_day=12,
    )
    assert draft.title == "Day 12: Attention is"[: checkin.TITLE_MAX]
    assert len(draft.title) <= checkin.TITLE_MAX
    assert "1. Attention is all you need" in draft.body and "2. Tokens" in draft.body
    assert "Zero to Hero: lecture 7, PRD" in draft.body and "Ask about RAG evals" in draft.body
    assert draft.tags == ("AIPM", "LearnInPublic", "StudyNotes")
    assert checkin.post_problems(draft) == {}
    long = checkin.draft_post(["x" * 3000], [], [])
    assert len(long.body_with_tags) <= checkin.BODY_MAX and checkin.post_problems(long) == {}
    empty = checkin.draft_post([], [], [])
    assert empty.title == "Today's study notes" and checkin.post_problems(empty) == {}


def test_the_limits_are_checked_in_characters():
    ok = checkin.PostDraft("一" * 20, "正" * 990, ("学习",))
    assert checkin.post_problems(ok) == {}  # 990 + 2 + 3 = 995
    problems = checkin.post_problems(checkin.PostDraft("一" * 21, "正" * 997, ("学习",)))
    assert "21 characters" in problems["title"] and "1002 characters" in problems["body"]
    assert set(checkin.post_problems(checkin.PostDraft(" ", " "))) == {"title", "body"}


def test_tags_are_read_however_they_are_typed():
    assert checkin.parse_tags("#AI产品经理 学习笔记, #RAG，LLM、Agent #RAG") == (
        "AI产品经理",
        "学习笔记",
        "RAG",
        "LLM",
        "Agent",
    )
    assert checkin.parse_tags("  ") == ()


line = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30)


@settings(max_examples=150, deadline=None)
@given(
    title=line.filter(lambda s: s.strip() and "\n" not in s),
    body=st.lists(line, max_size=4).map("\n".join),
    tags=st.lists(st.from_regex(r"[A-Za-z0-9一-龥]{1,8}", fullmatch=True), max_size=4, unique=True),
)
def test_a_kept_post_reads_back_as_written(title, body, tags):
    draft = checkin.PostDraft(title.strip(), body.strip(), tuple(tags))
    back = checkin.parse_post(draft.text())
    if draft.body and all(w.startswith("#") for w in draft.body.split("\n")[-1].split()):
        return  # a body whose last line is only tags reads as tags: ambiguous by design
    assert back == draft


# ---------------------------------------------------------------- top three


def test_top3_is_the_days_choice_filled_from_the_weeks_plan():
    previous = DailyReview("2026-12-01", top3=["Draft the PRD"])
    planned = ["Lecture 4", "Draft the PRD", "Interview 3 users", "Ship the demo"]
    items = checkin.top3_items(WEDNESDAY, None, previous, planned, done_elsewhere=["Lecture 4"])
    assert [(i.text, i.done, i.source) for i in items] == [
        ("Draft the PRD", False, "day"),
        ("Interview 3 users", False, "week"),
        ("Ship the demo", False, "week"),
    ]
    record = DayRecord("2026-12-02")
    checkin.tick_top3(items, 1)(record)
    assert record.top3 == ["Draft the PRD", "Interview 3 users", "Ship the demo"]
    assert record.top3_done == ["Interview 3 users"]
    shown = checkin.top3_items(WEDNESDAY, record, previous, planned)
    assert [i.done for i in shown] == [False, True, False]
    checkin.tick_top3(shown, 1)(record)  # again: unticked
    assert record.top3_done == []


def test_the_weeks_plan_is_the_review_of_the_week_before():
    plans = {"2026-W48": ["Lecture 4"], "2026-W49": ["Ship it"]}
    assert checkin.week_plan(TUESDAY, plans) == ["Lecture 4"]  # 2026-12-01 is in W49
    assert checkin.week_plan(Date(2026, 12, 7), plans) == ["Ship it"]
    assert checkin.week_plan(Date(2026, 12, 14), plans) == []


def test_candidates_put_the_weeks_plan_before_cards_and_skip_chosen_ones():
    cards = [Deliverable("Write the PRD", column="week"), Deliverable("Old", column="done")]
    assert checkin.candidates(cards, ["Lecture 4", "Write the PRD"], ["Lecture 4"]) == [
        "Write the PRD"
    ]


# ---------------------------------------------------------------- f: which block


def blocks(day: Date = TUESDAY):
    return blocks_for(plan().templates, None, day, TZ)


def test_f_at_2025_on_a_tuesday_starts_the_2030_study_block_not_the_rest():
    pick = pick_focus_block(blocks(), "wd-rest", at("2026-12-01T20:25"))
    assert pick.block is not None and pick.block.block.id == "wd-study" and pick.why == "soon"


@pytest.mark.parametrize(
    ("moment", "selected", "expected", "why"),
    [
        ("2026-12-01T20:45", "wd-dinner", "wd-study", "current"),
        ("2026-12-01T20:45", "wd-study", "wd-study", "selected"),
        ("2026-12-01T20:14", "wd-rest", None, "ask"),  # 16 minutes away: ask
        ("2026-12-01T20:15", None, "wd-study", "soon"),
        ("2026-12-06T09:20", None, "wb-build-am", "soon"),  # Sunday: build counts
        ("2026-12-06T12:30", "wb-build-pm", "wb-build-pm", "selected"),
    ],
)
def test_the_focus_block_rules(moment, selected, expected, why):
    day = at(moment).date()
    pick = pick_focus_block(blocks(day), selected, at(moment))
    assert (pick.block.block.id if pick.block else None, pick.why) == (expected, why)


def test_when_nothing_fits_the_choice_lists_blocks_to_come_first():
    pick = pick_focus_block(blocks(Date(2026, 12, 6)), None, at("2026-12-06T13:00"))
    assert pick.block is None
    assert [b.block.id for b in pick.choices][:2] == ["wb-build-pm", "wb-weekly-review"]
    assert pick.choices[-1].block.id == "wb-build-am"
    other_day = pick_focus_block(blocks(), None, None)
    assert [b.block.id for b in other_day.choices] == ["wd-study"]


@settings(max_examples=100, deadline=None)
@given(minute=st.integers(0, 24 * 60 - 1), weekday=st.integers(0, 6))
def test_f_never_picks_anything_but_study_or_build(minute, weekday):
    day = Date(2026, 11, 30).add(days=weekday)
    now = pendulum.datetime(day.year, day.month, day.day, tz=TZ).add(minutes=minute)
    pick = pick_focus_block(blocks(day), None, now)
    if pick.block is not None:
        assert pick.block.block.kind in ("study", "build")
        assert pick.block.contains(now) or now < pick.block.start <= now.add(minutes=15)
    else:
        assert all(b.block.kind in ("study", "build") for b in pick.choices)


# ---------------------------------------------------------------- the plan's first day


@pytest.mark.parametrize(
    ("moment", "first"),
    [("2026-12-02T01:30", "2026-12-01"), ("2026-12-02T03:59", "2026-12-01"),
     ("2026-12-02T04:00", "2026-12-02"), ("2026-12-02T23:30", "2026-12-02")],
)  # fmt: skip
def test_a_plan_started_before_the_rollover_starts_on_the_evening_before(moment, first):
    start = first_plan_day(at(moment), 4)
    assert start.isoformat() == first
    # Today (the plan's today at that moment) is then day 1 of month 0, never "before".
    from cadence.domain.schedule import logical_date

    assert month_of(start, logical_date(at(moment), 4)) == 0
