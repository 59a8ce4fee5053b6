"""``cadence plan export|import``: the plan as TOML, validated before it is loaded."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cadence.shell import fail


def plan_command(args: argparse.Namespace, data_dir: Path, language: str) -> int:
    from cadence.data.plan import PlanError, dump_plan, load_plan
    from cadence.runtime import open_runtime

    runtime = open_runtime(data_dir, language=language, interactive=False)
    repo = runtime.repo
    if args.plan_command == "export":
        text = dump_plan(repo.plan())
        if args.file is None:
            sys.stdout.write(text)
        else:
            args.file.write_text(text, encoding="utf-8")
            print(f"wrote the plan to {args.file}")
        return 0
    try:
        plan = load_plan(args.file)
    except FileNotFoundError:
        return fail(f"no such file: {args.file}")
    except PlanError as exc:
        return fail(f"{exc}\nnothing was changed")
    repo.install_plan(plan)
    settings = repo.settings()
    settings.plan_id = plan.id
    repo.save_settings(settings)
    print(
        f"loaded the plan {plan.name!r} ({len(plan.goals)} goals, {len(plan.templates)} day templates)"
    )
    return 0
