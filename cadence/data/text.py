"""Text is shown as text: no control characters reach the terminal.

A title holding ``ESC ]0;…BEL`` retitles the terminal and ``ESC [2J`` clears it;
bidirectional overrides reorder what is shown (PITFALLS). Textual escapes its
markup, not these. So every text is cleaned on the way in (:func:`clean_text`
when a record is made or written, and on import) and on the way out to a
terminal (:func:`terminal_safe` for the status line and exports to stdout).

Removed: C0 controls (U+0000-U+001F) except a line break and a tab where the
field allows several lines, DEL, C1 controls (U+0080-U+009F), and the bidi
embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, U+061C).
No other import than ``re``: ``cadence status`` loads this.
"""

from __future__ import annotations

import re

# Everything removed from a single-line text.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069"
_SINGLE = re.compile(f"[{_CONTROLS}]")
# A multi-line text keeps \t and \n (\r\n and a lone \r become \n first).
_MULTI = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("\r\n?")
# Line breaks and tabs in a single-line text read as one space.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters and bidi overrides.

    Single-line: line breaks and tabs become one space, other controls go.
    Multi-line (notes): ``\\n`` and ``\\t`` stay (``\\r\\n`` becomes ``\\n``).
    A text that needs nothing is returned as it is (the common case, checked fast).
    """
    if text.isprintable():
        # isprintable() is False for every control and every bidi format character.
        return text
    if multiline:
        return _MULTI.sub("", _NEWLINES.sub("\n", text)).replace("\u2028", "\n")
    return _SINGLE.sub("", _BREAKS.sub(" ", text))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, multiline: bool = True) -> str:
    """``text`` as it may be printed to a terminal: controls shown as ``\\x1b`` escapes
    (visible, and never acted on); line breaks and tabs kept when ``multiline``."""
    if text.isprintable():
        return text
    pattern = _MULTI if multiline else _SINGLE
    if multiline:
        text = _NEWLINES.sub("\n", text)
    return pattern.sub(_escape, text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_safe(text: str) -> str:
    """JSON text as it may be printed to a terminal: the characters a JSON encoder leaves
    raw that a terminal may act on (C1 controls, bidi overrides) become ``\\uXXXX``
    escapes, so the JSON still reads back exactly."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def needs_cleaning(value: object) -> bool:
    """Whether a text, or any text in a list or dict (keys included), holds a character
    :func:`clean_text` would change (quick: most texts are printable)."""
    if type(value) is str:
        return not value.isprintable()
    if type(value) in _PLAIN:
        return False
    if isinstance(value, list):
        # Called for every field of every record read: plain loops, texts inline.
        for item in value:
            if type(item) is str:
                if not item.isprintable():
                    return True
            elif type(item) not in _PLAIN and needs_cleaning(item):
                return True
        return False
    if isinstance(value, dict):
        return any(needs_cleaning(key) or needs_cleaning(item) for key, item in value.items())
    return False


_PLAIN = frozenset({int, float, bool, type(None)})


def clean_value(value: object, *, multiline: bool = False) -> object:
    """Clean a text, or the texts in a list or a dict (keys and values), recursively."""
    if isinstance(value, str):
        return clean_text(value, multiline=multiline)
    if isinstance(value, list):
        return [clean_value(v, multiline=multiline) for v in value]
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v, multiline=multiline) for k, v in value.items()}
    return value
