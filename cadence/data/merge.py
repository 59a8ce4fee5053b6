"""Saving a dialog's edit onto the record as it is now, field by field.

A dialog opens a record, the user edits it for a while, and meanwhile another
process (``cadence focus …``, a synced machine, a second window) may change the
same record. Writing the dialog's copy back whole would undo that change.
Instead only the fields the user changed are applied to the current record; a
field that both changed (to different values) is left as the other side wrote
it and reported, so the screen can say so rather than overwrite.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def _fields(record: Any) -> list[str]:
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return [f.name for f in dataclasses.fields(record)]
    if isinstance(record, dict):
        return list(record)
    raise TypeError(f"cannot merge {type(record).__name__}: a dataclass or a dict is needed")


def _get(record: Any, name: str, default: Any = None) -> Any:
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


_MISSING = object()


def merge_fields(original: T, edited: T, current: T) -> tuple[T, list[str]]:
    """Apply to ``current`` the fields that differ between ``original`` and ``edited``.

    Returns ``(merged, conflicts)``: ``merged`` is a new record (``current`` is not
    changed); ``conflicts`` names the fields the user changed that were also changed
    to another value since ``original`` was read. Those keep ``current``'s value.
    Works on dataclass records and on plain dicts; a changed list or nested record
    is one field (compared and applied whole).
    """
    merged = copy.deepcopy(current)
    conflicts: list[str] = []
    names = _fields(edited)
    if isinstance(edited, dict):
        names += [n for n in _fields(original) if n not in edited]  # removed keys
    for name in names:
        mine = _get(edited, name, _MISSING)
        base = _get(original, name, _MISSING)
        if mine == base:
            continue
        theirs = _get(current, name, _MISSING)
        if theirs != base and theirs != mine:
            conflicts.append(name)
            continue
        if isinstance(merged, dict):
            if mine is _MISSING:
                merged.pop(name, None)
            else:
                merged[name] = copy.deepcopy(mine)
        else:
            setattr(merged, name, copy.deepcopy(mine))
    return merged, conflicts


def merging(original: T, edited: T) -> tuple[Callable[[T], T], list[str]]:
    """A change function for ``repo.update_*`` that merges ``edited`` onto the stored record.

    Returns ``(change, conflicts)``; ``conflicts`` is filled when the change runs::

        change, conflicts = merging(opened, edited)
        card = repo.update_card(opened.id, change)
        if conflicts: ...  # tell the user which fields were kept as changed elsewhere
    """
    conflicts: list[str] = []

    def change(current: T) -> T:
        merged, found = merge_fields(original, edited, current)
        conflicts[:] = found
        return merged

    return change, conflicts
