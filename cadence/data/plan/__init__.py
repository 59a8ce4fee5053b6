"""Plan files: read, check and write the TOML a plan lives in, and carry a user's plan
to another language or a newer edition of the shipped one.

A plan file is the whole 12-month plan: day templates, roadmap, must-dos,
deliverable rules, capstones, KPIs, habits, resources, the skills map, freelancing
and the weekend guidance (see ``models.Plan``). ``parse_plan`` checks everything
before it builds a ``Plan``: a file that is wrong anywhere raises ``PlanError``
naming the line and the field, and is never half used. ``dump_plan`` writes the same
layout the shipped plans use, so an exported plan reads back equal.

The modules, by job: ``toml_io`` (load / dump, the shipped files), ``schema`` (what a
plan may hold, the rules across fields), ``locate`` (TOML line numbers for error
messages), ``merge`` (three-way merge of a user's plan) and ``versions`` (editions,
upgrade, another language). No Textual here (checked by import-linter).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cadence.data.plan.edition import (
        DEFAULT_PLAN_ID,
        FALLBACK_LANGUAGE,
        PLAN_VERSION,
        language_code,
    )
    from cadence.data.plan.errors import FieldPath, PlanError, format_path
    from cadence.data.plan.merge import merge_plan
    from cadence.data.plan.schema import (
        EVERY,
        FIRST_MONTH,
        LAST_MONTH,
        MUST_DO_KINDS,
        WEEKDAY_NAMES,
        check_plan_data,
    )
    from cadence.data.plan.toml_io import (
        MAX_PLAN_CHARS,
        PLANS_DIR,
        available_languages,
        default_plan_path,
        dump_plan,
        load_default_plan,
        load_plan,
        parse_plan,
        plan_from_dict,
    )
    from cadence.data.plan.versions import (
        Upgrade,
        is_shipped_plan,
        shipped_plan,
        translate_plan,
        upgrade_plan,
    )

# Loaded when first asked for: opening a folder whose plan is current needs none of the
# TOML machinery (``from cadence.data.plan.errors import PlanError`` stays cheap).
_WHERE = {
    "DEFAULT_PLAN_ID": "edition",
    "EVERY": "schema",
    "FALLBACK_LANGUAGE": "edition",
    "FIRST_MONTH": "schema",
    "FieldPath": "errors",
    "LAST_MONTH": "schema",
    "MAX_PLAN_CHARS": "toml_io",
    "MUST_DO_KINDS": "schema",
    "PLANS_DIR": "toml_io",
    "PLAN_VERSION": "edition",
    "PlanError": "errors",
    "Upgrade": "versions",
    "WEEKDAY_NAMES": "schema",
    "available_languages": "toml_io",
    "check_plan_data": "schema",
    "default_plan_path": "toml_io",
    "dump_plan": "toml_io",
    "format_path": "errors",
    "is_shipped_plan": "versions",
    "language_code": "edition",
    "load_default_plan": "toml_io",
    "load_plan": "toml_io",
    "merge_plan": "merge",
    "parse_plan": "toml_io",
    "plan_from_dict": "toml_io",
    "shipped_plan": "versions",
    "translate_plan": "versions",
    "upgrade_plan": "versions",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_PLAN_ID",
    "EVERY",
    "FALLBACK_LANGUAGE",
    "MAX_PLAN_CHARS",
    "FIRST_MONTH",
    "LAST_MONTH",
    "MUST_DO_KINDS",
    "PLANS_DIR",
    "PLAN_VERSION",
    "WEEKDAY_NAMES",
    "FieldPath",
    "PlanError",
    "Upgrade",
    "available_languages",
    "check_plan_data",
    "default_plan_path",
    "dump_plan",
    "format_path",
    "is_shipped_plan",
    "language_code",
    "load_default_plan",
    "load_plan",
    "merge_plan",
    "parse_plan",
    "plan_from_dict",
    "shipped_plan",
    "translate_plan",
    "upgrade_plan",
]
