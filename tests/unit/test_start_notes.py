"""The one toast a UI shows on opening: every section in sight, whatever came first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cadence.services.delivery import START_LINES, StartNotes, start_lines

CARDS = ("Cards due", [f"Overdue: card {i}" for i in range(12)])
MISSED = ("Missed while Cadence was closed", ["23:00 Sleep", "20:30 Study"])


def test_a_long_section_does_not_hide_a_short_one_whichever_came_first():
    for sections in ([CARDS, MISSED], [MISSED, CARDS]):
        lines = start_lines(list(sections))
        assert len(lines) <= START_LINES
        assert lines[:3] == [MISSED[0], "  23:00 Sleep", "  20:30 Study"]
        assert lines[3] == "Cards due"
        assert lines[-1] == "  …"


def test_one_section_has_no_title_line_and_is_cut_with_an_ellipsis():
    assert start_lines([MISSED]) == MISSED[1]
    lines = start_lines([CARDS])
    assert lines == [*CARDS[1][: START_LINES - 1], "…"]


@given(st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=4))
def test_every_section_keeps_its_title_and_the_toast_its_size(sizes):
    sections = [(f"S{i}", [f"l{i}.{j}" for j in range(n)]) for i, n in enumerate(sizes)]
    lines = start_lines(sections)
    assert len(lines) <= START_LINES
    if len(sections) > 1:
        for title, _body in sections:
            assert title in lines


def test_notes_gathered_during_the_start_are_shown_once_then_refused():
    shown: list[tuple[str, str]] = []
    notes = StartNotes(lambda text, title: shown.append((text, title)))
    assert notes.add(*CARDS)
    assert notes.add(*MISSED)
    text = notes.close()
    assert shown == [(text, "")]
    assert text.startswith(MISSED[0])
    assert not notes.add(*MISSED)  # the start is over: the caller notifies as usual
    assert notes.close() == ""
