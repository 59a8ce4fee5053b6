"""Text fitted to terminal cells (CJK characters take two, a cut is marked with ``~``), and
the row a table's cursor is on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

if TYPE_CHECKING:  # Today's first paint needs ``clip`` alone, not the DataTable module
    from textual.widgets import DataTable


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


def cursor_row_key(table: DataTable[Any]) -> str | None:
    """The key of the row under ``table``'s cursor (None: no rows, or a row without a key)."""
    from textual.widgets.data_table import CellDoesNotExist

    if not table.row_count:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except CellDoesNotExist:
        return None
    return str(key.value) if key.value is not None else None
