"""``cadence``: open the UI, or run a shell command without loading Textual."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from cadence import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadence", description="A keyboard-driven planner for your 12-month plan."
    )
    parser.add_argument("--version", action="version", version=f"cadence {__version__}")
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="data folder (default: $CADENCE_DATA_DIR or the user data dir)",
    )
    parser.add_argument(
        "--lang", choices=["en", "zh"], help="UI language (default: from settings or the locale)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway folder full of demo history"
    )
    parser.add_argument("--read-only", action="store_true", help="open without changing anything")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    plan = sub.add_parser("plan", help="import or export the plan")
    plan_sub = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    imp = plan_sub.add_parser("import", help="load a plan TOML file (validated first)")
    imp.add_argument("file", type=Path)
    exp = plan_sub.add_parser("export", help="write the current plan as TOML")
    exp.add_argument("file", type=Path, nargs="?", help="default: standard output")

    demo = sub.add_parser("demo-data", help="write months of plausible history into a folder")
    demo.add_argument("dir", type=Path)
    demo.add_argument("--months", type=int, default=4)
    demo.add_argument("--seed", type=int, default=7)
    # More subcommands: add their parsers above this line, their handlers in main().
    return parser


def _language(args: argparse.Namespace, data_dir: Path | None) -> str:
    from cadence.i18n import detect_language

    if args.lang:
        return args.lang
    if data_dir is not None and (data_dir / "settings.json").exists():
        import orjson

        try:
            tables = orjson.loads((data_dir / "settings.json").read_bytes())
            for doc in tables.get("settings", {}).values():
                if doc.get("language") in ("en", "zh"):
                    return str(doc["language"])
        except (OSError, ValueError, AttributeError):
            pass
    return detect_language()


def _fail(message: str, code: int = 2) -> int:
    print(f"cadence: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from cadence.data.paths import resolve_data_dir

    if args.command == "demo-data":
        from cadence.data.demo import write_demo

        if args.months < 1:
            return _fail("--months must be at least 1")
        from cadence.clock import clock_from_env

        try:
            clock = clock_from_env()
        except ValueError as exc:
            return _fail(str(exc))
        write_demo(
            args.dir,
            months=args.months,
            clock=clock,
            language=_language(args, None),
            seed=args.seed,
        )
        print(f"wrote {args.months} months of demo data to {args.dir}")
        return 0

    demo_dir: Path | None = None
    if args.demo:
        demo_dir = Path(tempfile.mkdtemp(prefix="cadence-demo-"))
        data_dir = demo_dir
    else:
        data_dir = resolve_data_dir(args.data)
    language = _language(args, data_dir)

    from cadence.i18n import set_language

    set_language(language)
    try:
        from cadence.clock import clock_from_env

        clock = clock_from_env()
    except ValueError as exc:
        return _fail(str(exc))

    if args.command == "plan":
        return _plan_command(args, data_dir, language)
    # More subcommands: dispatch above this line (they must not import Textual).

    if demo_dir is not None:
        from cadence.data.demo import write_demo

        write_demo(demo_dir, months=4, clock=clock, language=language)
    try:
        return _run_ui(data_dir, language, args.read_only)
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _run_ui(data_dir: Path, language: str, read_only: bool) -> int:
    from cadence.data.migrations import NewerSchemaError
    from cadence.runtime import open_runtime

    try:
        runtime = open_runtime(data_dir, language=language, interactive=True, read_only=read_only)
    except NewerSchemaError as exc:
        return _fail(str(exc))
    except PermissionError as exc:
        return _fail(f"cannot use the data folder: {exc}")
    from cadence.app import CadenceApp

    app = CadenceApp(runtime)
    try:
        app.run()
    finally:
        runtime.close()
    return app.return_code or 0


def _plan_command(args: argparse.Namespace, data_dir: Path, language: str) -> int:
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
        return _fail(f"no such file: {args.file}")
    except PlanError as exc:
        return _fail(f"{exc}\nnothing was changed")
    repo.install_plan(plan)
    settings = repo.settings()
    settings.plan_id = plan.id
    repo.save_settings(settings)
    print(
        f"loaded the plan {plan.name!r} ({len(plan.goals)} goals, {len(plan.templates)} day templates)"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    raise SystemExit(main())
