"""The model checker: derived from each dataclass, fast path and message path agree."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.data import validate
from cadence.data.models import (
    DailyReview,
    DayRecord,
    Deliverable,
    FocusSession,
    Plan,
    Settings,
    TimeBlock,
    WeeklyReview,
)
from cadence.data.repository import FILE_MODELS
from cadence.data.timer_state import TimerState
from cadence.data.validate import document_errors, is_date, is_moment, is_week

MODELS = [Deliverable, DayRecord, FocusSession, DailyReview, Settings, TimerState, WeeklyReview]

# Values of every JSON type, some fitting some field, most fitting none.
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 100_000),
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e12),
        st.sampled_from(
            [
                "",
                "x",
                "todo",
                "done",
                "backlog",
                "doing",
                "nowhere",
                "demo",
                "focus",
                "idle",
                "2026-12-01",
                "2027-02-30",
                "2026-12-01T09:00:00+08:00",
                "2026-W49",
                "2026-W60",
                "07:00",
                "25:00",
                "running",
                "routine",
            ]
        ),  # fmt: skip
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=6,
)


@st.composite
def documents(draw: st.DrawFn, model: type) -> dict[str, Any]:
    names = [f.name for f in dataclasses.fields(model)]
    keys = draw(st.lists(st.sampled_from(names), unique=True))
    return {k: draw(json_values) for k in keys}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_fast_check_agrees_with_the_messages(model: type, data: st.DataObject) -> None:
    doc = data.draw(documents(model))
    slow = document_errors(model, doc, "", strict=True, limit=100)  # strict: no fast path
    if not getattr(model, "RULES", ()):
        assert validate._fast(model)(doc) == (slow == [])
    else:
        assert not validate._fast(model)(doc) or all("'end'" in e or "longer" in e for e in slow)


def test_every_stored_model_passes_as_written() -> None:
    block = TimeBlock("07:00", "08:00", "Wake", id="b")
    examples = [
        Deliverable("Write", due="2026-12-31", created="2026-12-01T09:00:00+08:00"),
        DayRecord("2026-12-01", states={"b": "done"}, added=[block]),
        FocusSession("2026-12-01T09:00:00+08:00", "2026-12-01T09:25:00+08:00", 1500, 1500),
        DailyReview("2026-12-01", energy=2),
        Settings(plan_start="2026-12-01"),
        TimerState(status="running", started=1.7e9, deadline=1.7e9 + 1500),
        WeeklyReview("2026-W49"),
        Plan("p", "P", "zh"),
    ]
    for record in examples:
        assert document_errors(type(record), record.to_dict(), "x", strict=True) == []


def test_every_registered_table_model_is_a_dataclass() -> None:
    # New models (skills, freelancing, ...) are covered once named in FILE_MODELS or nested
    # in a named model: the checks come from their fields.
    for tables in FILE_MODELS.values():
        for model in tables.values():
            assert dataclasses.is_dataclass(model)
            validate._fast(model)  # compiles


def test_nested_records_are_checked_through_their_types() -> None:
    doc = {"date": "2026-12-01", "added": [{"start": "07:00", "end": "8am", "title": 5}]}
    errors = document_errors(DayRecord, doc, "days[1]")
    assert errors == [
        "days[1].added[0]: 'end' should be a time HH:MM from 00:00 to 23:59, not \"8am\"",
        "days[1].added[0]: 'title' should be text, not a number 5",
    ]


def test_formats() -> None:
    assert is_date("2028-02-29") and not is_date("2027-02-30") and not is_date("20270101")
    assert is_moment("2026-12-01T09:00") and is_moment("2026-12-01T09:00:00+08:00")
    assert not is_moment("2026-12-01") and not is_moment("2026-13-01T09:00")
    assert is_week("2026-W53") and not is_week("2027-W53") and not is_week("2026-W1")


def test_rules_only_when_strict() -> None:
    doc = FocusSession("2026-12-01T10:00", "2026-12-01T09:00", 60, 60).to_dict()
    assert document_errors(FocusSession, doc, "s") == []
    (error,) = document_errors(FocusSession, doc, "s", strict=True)
    assert "before 'start'" in error
