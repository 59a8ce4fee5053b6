"""Text fitted to terminal cells: CJK characters take two, a cut is marked with ``~``."""

from __future__ import annotations

from rich.cells import cell_len


def clip(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells (CJK counts two), ``~`` marking a cut."""
    if cell_len(text) <= cells:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > cells - 1:
            break
        out += ch
    return out + "~"


def pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` terminal cells, or cut with ``~`` (CJK is 2)."""
    fitted = clip(text, cells)
    return fitted + " " * (cells - cell_len(fitted))
