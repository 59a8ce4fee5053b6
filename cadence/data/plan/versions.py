"""Editions of the shipped plan, and carrying a user's plan to a newer one or another language.

The default plan ships as ``plans/ai-pm-12-months.<lang>.toml`` (the current edition,
``PLAN_VERSION``); the editions before it are kept in ``plans/legacy/`` because they
are the "as shipped" base of a three-way merge (``merge.py``): what the user left as
shipped follows the new edition, what they changed or ticked stays.

Edition 2 (issue 13) adds the skills map, freelancing, the weekend guidance, a third
weekly workout (Wednesday evening, so Friday gets its own template), the publishing
block as output, impact/job-move KPI windows and the real Zero to Hero lecture list
(State of GPT moves to Resources). No I/O beyond reading the shipped files; no Textual.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cadence.data.models import Plan
from cadence.data.plan.edition import (
    DEFAULT_PLAN_ID,
    FALLBACK_LANGUAGE,
    PLAN_VERSION,
    language_code,
)
from cadence.data.plan.errors import PlanError
from cadence.data.plan.merge import merge_plan
from cadence.data.plan.toml_io import PLANS_DIR, load_plan, plan_from_dict

LEGACY_DIR = PLANS_DIR / "legacy"

Data = dict[str, Any]

# Edition 2 gives Friday its own template (Wednesday keeps "social-evening" and gains the
# workout): Friday's blocks are renamed se-* → fe-*, in the plan and in the day records.
SPLIT_FROM, SPLIT_TO, SPLIT_WEEKDAY = "social-evening", "friday-evening", 4
# The talk edition 1 listed among the lectures, and the resource it becomes.
OLD_TALK, OLD_TALK_RESOURCE, COURSE = "kz-8", "res-state-of-gpt", "must-karpathy"


@functools.lru_cache(maxsize=8)
def _shipped(code: str, version: int) -> Plan | None:
    if version == PLAN_VERSION:
        path = PLANS_DIR / f"{DEFAULT_PLAN_ID}.{code}.toml"
    else:
        path = LEGACY_DIR / f"{DEFAULT_PLAN_ID}.v{version}.{code}.toml"
    if not path.is_file():
        return None
    plan = load_plan(path)
    if version != PLAN_VERSION and plan.version != version:
        plan.version = version  # legacy files predate the field
    return plan


def shipped_plan(language: str, version: int | None = None) -> Plan | None:
    """The default plan as shipped in ``language`` at edition ``version`` (None: current).

    A fresh copy each call; None when that language or edition was never shipped.
    """
    code = language_code(language)
    plan = _shipped(code, version or PLAN_VERSION) if code else None
    return Plan.from_dict(copy.deepcopy(plan.to_dict())) if plan is not None else None


def is_shipped_plan(plan: Plan) -> bool:
    """Whether ``plan`` is (a user's copy of) the default plan in a shipped language."""
    return plan.id == DEFAULT_PLAN_ID and shipped_plan(plan.language, plan.version) is not None


# ---------------------------------------------------------------- upgrading


@dataclass
class Upgrade:
    """A plan brought to the current edition, and the block ids it renamed.

    ``renames`` maps a weekday (Monday = 0) to ``{old block id: new block id}``: the
    day records and focus sessions of those weekdays must follow (one transaction).
    """

    plan: Plan
    renames: dict[int, dict[str, str]] = field(default_factory=dict)
    from_version: int = 1


def _split_friday(data: Data) -> dict[str, str]:
    """Edition 1 → 2: Friday leaves "social-evening" for its own copy, blocks renamed."""
    templates = data.get("templates") or []
    source = next((t for t in templates if t.get("id") == SPLIT_FROM), None)
    if (
        source is None
        or SPLIT_WEEKDAY not in source.get("weekdays", [])
        or any(t.get("id") == SPLIT_TO for t in templates)
    ):
        return {}
    friday = copy.deepcopy(source)
    friday["id"] = SPLIT_TO
    friday["weekdays"] = [SPLIT_WEEKDAY]
    renames: dict[str, str] = {}
    for block in friday.get("blocks", []):
        old = str(block["id"])
        new = "fe-" + (old[3:] if old.startswith("se-") else old)
        block["id"] = renames[old] = new
    source["weekdays"] = [d for d in source["weekdays"] if d != SPLIT_WEEKDAY]
    templates.insert(templates.index(source) + 1, friday)
    return renames


def _pop_item(data: Data, must_do: str, item: str) -> Data | None:
    for must in data.get("must_dos") or []:
        if must.get("id") == must_do:
            for i, found in enumerate(must.get("items") or []):
                if found.get("id") == item:
                    return dict(must["items"].pop(i))
    return None


def _tidy(data: Data) -> None:
    """Drop references a user's deletions left dangling (a skill's goal, the weekend's template,
    the freelance block): harmless to the user, refused by the plan's checks."""
    goals = {g["id"] for g in data.get("goals") or []}
    for skill in data.get("skills") or []:
        skill["goals"] = [g for g in skill.get("goals") or [] if g in goals]
    templates = {t["id"] for t in data.get("templates") or []}
    blocks = {b["id"] for t in data.get("templates") or [] for b in t.get("blocks") or []}
    weekend = data.get("weekend")
    if isinstance(weekend, dict):
        for key in ("study_template", "build_template"):
            if weekend.get(key) not in templates:
                weekend[key] = ""
    freelance = data.get("freelance")
    if isinstance(freelance, dict) and freelance.get("block") not in blocks:
        freelance["block"] = ""


def _v1_to_v2(stored: Data, base: Data, target: Data) -> tuple[Data, dict[int, dict[str, str]]]:
    renames = _split_friday(stored)
    _split_friday(base)
    talk = _pop_item(stored, COURSE, OLD_TALK)
    _pop_item(base, COURSE, OLD_TALK)
    merged = merge_plan(stored, base, target)
    if talk is not None and talk.get("done"):
        for resource in merged.get("resources") or []:
            if resource.get("id") == OLD_TALK_RESOURCE:
                resource["status"] = "done"  # watched as "lecture 8": done as a talk
    return merged, ({SPLIT_WEEKDAY: renames} if renames else {})


_STEPS: dict[int, Callable[[Data, Data, Data], tuple[Data, dict[int, dict[str, str]]]]] = {
    1: _v1_to_v2,
}


def _checked(data: Data, fallback: Data | None = None) -> Plan:
    _tidy(data)
    try:
        return plan_from_dict(data, source="plan upgrade")
    except PlanError:
        if fallback is None:
            raise
        return _checked(fallback)


def upgrade_plan(stored: Plan) -> Upgrade | None:
    """``stored`` (an older edition of the default plan) brought to ``PLAN_VERSION``.

    None when there is nothing to do: a current plan, or a plan that is not the
    default one. Ticks, notes, statuses and edited texts are kept; new parts are added
    in the plan's own language. When the user's template edits clash with the new
    templates (say, their own Wednesday template), their templates are kept as they are
    and only the rest is upgraded.
    """
    if stored.id != DEFAULT_PLAN_ID or stored.version >= PLAN_VERSION:
        return None
    code = language_code(stored.language)
    if shipped_plan(code, stored.version) is None:
        code = FALLBACK_LANGUAGE
    data = stored.to_dict()
    renames: dict[int, dict[str, str]] = {}
    version = stored.version
    while version < PLAN_VERSION:
        base, target = shipped_plan(code, version), shipped_plan(code, version + 1)
        if base is None or target is None:
            return None
        before = copy.deepcopy(data)
        merged, step_renames = _STEPS[version](data, base.to_dict(), target.to_dict())
        # Without the template changes, should the user's templates clash with them.
        kept = copy.deepcopy(merged)
        kept["templates"] = before.get("templates") or []
        checked = _checked(merged, kept)
        if checked.templates != Plan.from_dict(merged).templates:
            step_renames = {}
        data = checked.to_dict()
        for weekday, names in step_renames.items():
            renames.setdefault(weekday, {}).update(names)
        version += 1
    plan = Plan.from_dict(data)
    plan.version = PLAN_VERSION
    return Upgrade(plan, renames, stored.version)


# ---------------------------------------------------------------- another language


def translate_plan(stored: Plan, language: str) -> Plan | None:
    """``stored`` with the shipped text of ``language`` wherever the user kept the shipped text.

    Matched by id: goals, blocks, lectures, skills … take the new language's words
    unless the user edited them (compared with the shipped text of the stored
    language), and every tick, note and status is kept. None when there is nothing to
    do or it cannot be done: the plan is already in ``language``, is not the default
    plan, is of an older edition (upgrade it first), or either language is not shipped.
    """
    code = language_code(language)
    if stored.id != DEFAULT_PLAN_ID or not code or language_code(stored.language) == code:
        return None
    base = shipped_plan(stored.language, stored.version)
    target = shipped_plan(code, stored.version)
    if base is None or target is None or stored.version != PLAN_VERSION:
        return None
    merged = merge_plan(stored.to_dict(), base.to_dict(), target.to_dict())
    try:
        return _checked(merged)
    except PlanError:
        return None
