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
    DEFAULT_PLAN_ID,
    FALLBACK_LANGUAGE,
    MAX_PLAN_CHARS,
    PLANS_DIR,
    available_languages,
    default_plan_path,
    dump_plan,
    language_code,
    load_default_plan,
    load_plan,
    parse_plan,
    plan_from_dict,
)
from cadence.data.plan.versions import (
    PLAN_VERSION,
    Upgrade,
    is_shipped_plan,
    shipped_plan,
    translate_plan,
    upgrade_plan,
)

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
