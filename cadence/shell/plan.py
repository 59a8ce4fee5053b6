"""``cadence plan export|import``: the plan as TOML, validated before it is loaded."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cadence.shell import fail


def plan_command(args: argparse.Namespace, data_dir: Path, language: str) -> int:
    from cadence.data.errors import describe_error
    from cadence.data.plan import PlanError, dump_plan, load_plan
    from cadence.data.storage import write_output
    from cadence.data.text import terminal_safe
    from cadence.runtime import open_runtime

    if args.plan_command == "import":
        # The file is read and checked before the folder is opened: a broken file on a new
        # folder creates nothing.
        try:
            plan = load_plan(args.file)
        except PlanError as exc:
            return fail(f"{exc}\nnothing was changed")
        except OSError as exc:
            return fail(f"{describe_error(exc, path=args.file)}\nnothing was changed")
    runtime = open_runtime(data_dir, language=language, interactive=False)
    repo = runtime.repo
    if args.plan_command == "export":
        text = dump_plan(repo.plan())
        if args.file is None:
            sys.stdout.write(terminal_safe(text))
        else:
            try:
                out = write_output(args.file, text.encode("utf-8"))  # private: 0600
            except OSError as exc:
                return fail(describe_error(exc, path=args.file), 1)
            print(f"wrote the plan to {out}")
        return 0

    def chosen(settings):
        settings.plan_id = plan.id

    repo.install_plan(plan, settings=chosen)  # the plan and its id together
    print(
        f"loaded the plan {plan.name!r} ({len(plan.goals)} goals, {len(plan.templates)} day templates)"
    )
    return 0
