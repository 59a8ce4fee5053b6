"""The screens' keys, read from ``keys.toml``: one key map for every mode's screens.

A screen's ``BINDINGS`` is ``screen_bindings("<its table>")``, in the order written there
(the Footer's order). Dialogs keep their few keys next to their code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from textual.binding import Binding, BindingType

KEYS_FILE = Path(__file__).with_name("keys.toml")


@cache
def keymap() -> dict[str, list[dict[str, Any]]]:
    """Every screen's rows of ``keys.toml``, by table name (read once)."""
    return tomllib.loads(KEYS_FILE.read_text(encoding="utf-8"))


@cache
def _group(description: str) -> Binding.Group:
    return Binding.Group(description)


def screen_bindings(screen: str) -> list[BindingType]:
    """The bindings of one screen: its table in ``keys.toml`` ("today", "kanban", ...)."""
    bindings: list[BindingType] = []
    for row in keymap()[screen]:
        fields = dict(row)
        group = fields.pop("group", None)
        bindings.append(Binding(**fields, group=None if group is None else _group(group)))
    return bindings
