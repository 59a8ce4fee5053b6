"""Control characters and bidi overrides never reach the terminal: cleaned in, escaped out."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cadence.data.models import DayRecord, Deliverable, TimeBlock
from cadence.data.repository import Repository
from cadence.data.store import Store
from cadence.data.text import clean_text, terminal_safe
from cadence.data.timer_state import TimerState

BIDI = {0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def forbidden(char: str, *, multiline: bool) -> bool:
    code = ord(char)
    if multiline and char in "\n\t":
        return False
    return code < 0x20 or 0x7F <= code <= 0x9F or code in BIDI


# Text that mixes Chinese, ASCII, controls, escape sequences and bidi characters.
texts = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(["\x1b", "\x07", "\x9b", "\r", "\n", "\t", "\u202e", "\u2066", "检"]),
    )
) | st.builds(
    lambda a, b: a + b,
    st.sampled_from(["\x1b]0;pwned\x07", "\x1b[2J", "\u202egnp.exe", "\x1b[31m"]),
    st.text(max_size=5),
)


@given(texts, st.booleans())
def test_clean_text_leaves_no_control_and_is_idempotent(text: str, multiline: bool) -> None:
    out = clean_text(text, multiline=multiline)
    assert not any(forbidden(c, multiline=multiline) for c in out)
    assert clean_text(out, multiline=multiline) == out
    # Nothing else is touched: every other character stays, in order.
    breaks = "\t\n\r\x0b\x0c\x85\u2028\u2029"
    if multiline and "\r" not in text and "\u2028" not in text:
        assert out == "".join(c for c in text if not forbidden(c, multiline=True))
    if not multiline:
        kept = "".join(c for c in text if c not in breaks and not forbidden(c, multiline=False))
        assert out.replace(" ", "") == kept.replace(" ", "")


@given(st.text(st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs"))))
def test_printable_text_is_returned_as_it_is(text: str) -> None:
    assert clean_text(text) is text or clean_text(text) == text
    assert terminal_safe(text) == text


@given(texts)
def test_terminal_safe_shows_controls_as_visible_escapes(text: str) -> None:
    out = terminal_safe(text)
    assert not any(forbidden(c, multiline=True) for c in out)
    if "\x1b" in text:
        assert "\\x1b" in out


def test_examples() -> None:
    assert clean_text("Ship\x1b]0;pwned\x07 it") == "Ship]0;pwned it"
    assert clean_text("a\r\nb\tc") == "a b c"
    assert clean_text("a\r\nb\tc\x1b[2J", multiline=True) == "a\nb\tc[2J"
    assert clean_text("\u202eexe.txt") == "exe.txt"
    assert terminal_safe("RAG \x1b[2J") == "RAG \\x1b[2J"
    assert terminal_safe("复盘\u202e") == "复盘\\u202e"
    assert unicodedata.category("\u202e") == "Cf"


def test_records_are_clean_when_made_and_when_written(tmp_path: Path) -> None:
    card = Deliverable("Write \x1b[2Jup", description="one\ntwo\x07")
    assert (card.title, card.description) == ("Write [2Jup", "one\ntwo")
    card.title = "again\x1b]0;x\x07"  # set after it was made: cleaned when written
    assert card.to_dict()["title"] == "again]0;x"
    day = DayRecord("2026-12-01", added=[TimeBlock("07:00", "08:00", "t\x9b", note="a\nb\x00")])
    assert (day.added[0].title, day.added[0].note) == ("t", "a\nb")
    assert TimerState(label="RAG\x1b]0;x\x07").label == "RAG]0;x"

    repo = Repository(Store(tmp_path, today=lambda: "2026-12-01", stamp=lambda: "x"))
    repo.add_card(Deliverable("ok", id="c"))
    repo.update_card("c", lambda c: setattr(c, "title", "bad\x1b[2J"))
    raw = (tmp_path / "board.json").read_bytes()
    assert b"\\u001b" not in raw and b"\x1b" not in raw
    assert repo.cards()[0].title == "bad[2J"
