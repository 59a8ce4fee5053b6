"""Small drawing helpers shared by the Roadmap, must-do and resources screens."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content


def bar(fraction: float, cells: int = 12, *, ascii_icons: bool = False) -> Content:
    """A progress bar ``▰▰▰▱▱▱``: glyphs of narrow width in CJK terminals too (``##---`` in ASCII)."""
    fraction = min(1.0, max(0.0, fraction))
    filled = round(cells * fraction)
    full, empty = ("#", "-") if ascii_icons else ("▰", "▱")
    return Content.assemble((full * filled, "$success"), (empty * (cells - filled), "dim"))


def hours_text(seconds: float) -> str:
    """Rough hours for estimates: ``"~14h"``, ``"~40m"`` below an hour, ``"0m"`` when done."""
    if seconds <= 0:
        return "0m"
    if seconds < 3600:
        return f"~{max(1, round(seconds / 60))}m"
    return f"~{round(seconds / 3600)}h"


def pad(text: str, cells: int) -> str:
    """Pad ``text`` with spaces to ``cells`` terminal cells, or cut it with ``~`` (CJK is 2)."""
    if cell_len(text) <= cells:
        return text + " " * (cells - cell_len(text))
    out = ""
    for ch in text:
        if cell_len(out + ch) > cells - 1:
            break
        out += ch
    return out + "~" + " " * (cells - cell_len(out) - 1)
