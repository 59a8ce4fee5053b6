"""Carry the user's plan over to another shipped plan: another language, a newer edition.

Three plans take part, as plain dicts (``Plan.to_dict()``):

- ``stored``: the plan as the user has it, with their ticks, notes and edits;
- ``base``: the shipped plan it was made from (same edition, same language);
- ``target``: the shipped plan to move to.

A value the user left as shipped (``stored == base``) becomes the target's; a value
they changed stays as typed. Records are matched by id (checklist items, blocks …;
a capstone's measures by position while they have no ids): a record the user deleted
stays deleted, one they added is kept where it was, one the target adds is added,
and one the target drops goes unless the user changed it. No I/O, no Textual.
"""

from __future__ import annotations

import copy
from typing import Any

Data = dict[str, Any]

# Fields whose lists are merged item by item when their lengths agree (one text each).
_BY_POSITION = {"principles"}


def _is_records(*values: Any) -> bool:
    """Whether the values are lists of records (dicts), i.e. a collection to match up."""
    lists = [v for v in values if isinstance(v, list)]
    if not lists or any(not isinstance(v, list) for v in values if v is not None):
        return False
    items = [x for v in lists for x in v]
    return bool(items) and all(isinstance(x, dict) for x in items)


def _keys(*lists: list[Data]) -> bool:
    """True when every record of every list has a non-empty id (else match by position)."""
    return all(isinstance(x.get("id"), str) and x["id"] for items in lists for x in items)


def merge_value(stored: Any, base: Any, target: Any, name: str = "") -> Any:
    """One field: the target's value where the user kept the shipped one, else theirs."""
    if isinstance(stored, dict) and isinstance(target, dict):
        return merge_record(stored, base if isinstance(base, dict) else {}, target)
    if _is_records(stored, base, target):
        return merge_records(stored or [], base or [], target or [])
    if (
        name in _BY_POSITION
        and isinstance(stored, list)
        and isinstance(base, list)
        and isinstance(target, list)
        and len(stored) == len(base) == len(target)
    ):
        return [t if s == b else s for s, b, t in zip(stored, base, target, strict=True)]
    if stored == base:
        return copy.deepcopy(target)
    return copy.deepcopy(stored)


def merge_record(stored: Data, base: Data, target: Data) -> Data:
    """A record field by field (see :func:`merge_value`); keys only the user has are kept."""
    out: Data = {}
    missing = object()
    for key in [*target, *(k for k in stored if k not in target)]:
        s, b, t = stored.get(key, missing), base.get(key, missing), target.get(key, missing)
        if s is missing:
            if b is missing and t is not missing:
                out[key] = copy.deepcopy(t)  # a field new in the target
            continue
        if t is missing:
            if b is missing or s != b:
                out[key] = copy.deepcopy(s)
            continue
        out[key] = merge_value(s, None if b is missing else b, t, key)
    return out


def merge_records(stored: list[Data], base: list[Data], target: list[Data]) -> list[Data]:
    """A collection: matched by id (or by position when the records have no ids)."""
    if _keys(stored, base, target):

        def ident(items: list[Data]) -> list[Any]:
            return [x["id"] for x in items]
    else:

        def ident(items: list[Data]) -> list[Any]:
            return list(range(len(items)))

    s_ids, b_ids, t_ids = ident(stored), ident(base), ident(target)
    s_by = dict(zip(s_ids, stored, strict=True))
    b_by = dict(zip(b_ids, base, strict=True))
    out: list[Data] = []
    out_ids: list[Any] = []
    for key, record in zip(t_ids, target, strict=True):
        if key in s_by:
            out.append(merge_record(s_by[key], b_by.get(key, {}), record))
        elif key in b_by:
            continue  # shipped before and deleted by the user: stays deleted
        else:
            out.append(copy.deepcopy(record))  # new in the target
        out_ids.append(key)
    last = -1
    targets = set(t_ids)
    for key, record in zip(s_ids, stored, strict=True):
        if key in out_ids:
            last = out_ids.index(key)
            continue
        if key in targets:
            continue
        if key in b_by and record == b_by[key]:
            continue  # shipped before, dropped by the target, untouched by the user
        out.insert(last + 1, copy.deepcopy(record))  # the user's own (or changed) record
        out_ids.insert(last + 1, key)
        last += 1
    return out


def merge_plan(stored: Data, base: Data, target: Data) -> Data:
    """The user's plan carried over from ``base`` to ``target`` (all three as dicts)."""
    return merge_record(stored, base, target)
