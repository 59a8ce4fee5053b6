"""``cadence``: open the UI, or run a shell command without loading Textual."""

from __future__ import annotations

import argparse
import gc
import os
from pathlib import Path

from cadence import __version__
from cadence.shell import fail
from cadence.shell.export import add_export_parsers
from cadence.shell.sync import add_sync_parser, sync_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadence", description="A keyboard-driven planner for your 12-month plan."
    )
    parser.add_argument("--version", action="version", version=f"cadence {__version__}")
    common: list[tuple[tuple[str, ...], dict]] = [
        (
            ("--data",),
            {
                "metavar": "DIR",
                "help": "data folder (default: $CADENCE_DATA_DIR or the user data dir)",
            },
        ),
        (
            ("--lang",),
            {"choices": ["en", "zh"], "help": "language (default: from settings or the locale)"},
        ),
    ]
    for flags, kwargs in common:
        parser.add_argument(*flags, **kwargs)
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
    add_export_parsers(sub)
    sub.add_parser("status", help="one line: the focus timer, today's and the week's focus")
    focus = sub.add_parser("focus", help="drive the focus timer: start, pause, resume, stop")
    focus_sub = focus.add_subparsers(dest="focus_command", metavar="ACTION", required=True)
    focus_start = focus_sub.add_parser("start", help="start a focus phase (or the waiting break)")
    focus_start.add_argument("--label", help="what this session is for (free text)")
    focus_start.add_argument("--link", help='what it is linked to, e.g. "lecture:kz-3"')
    focus_start.add_argument(
        "--minutes", type=int, help="this phase's length (1-180; default: the timer's setting)"
    )
    focus_sub.add_parser("pause", help="pause the running phase")
    focus_sub.add_parser("resume", help="go on with a paused phase")
    focus_sub.add_parser("skip", help="end this phase now and go to the next")
    focus_extend = focus_sub.add_parser("extend", help="add minutes to the phase (default 5)")
    focus_extend.add_argument("--minutes", type=int, default=5)
    focus_stop = focus_sub.add_parser("stop", help="stop the timer; the focus so far is logged")
    focus_stop.add_argument("--discard", action="store_true", help="do not log the focus so far")
    add_sync_parser(sub)
    agent = sub.add_parser(
        "agent", help="remind when no window is open: run (default), install, uninstall, status"
    )
    agent_sub = agent.add_subparsers(dest="agent_command", metavar="ACTION")
    agent_sub.add_parser("run", help="run in the foreground until stopped (the default)")
    agent_install = agent_sub.add_parser("install", help="install and start it as a user service")
    agent_install.add_argument("--dry-run", action="store_true", help="print, change nothing")
    agent_uninstall = agent_sub.add_parser("uninstall", help="stop it and remove the service")
    agent_uninstall.add_argument("--dry-run", action="store_true", help="print, change nothing")
    agent_sub.add_parser("status", help="whether an agent runs: process, since when, next reminder")
    # More subcommands: add their parsers above this line, their handlers in main().
    _everywhere(parser, common)
    return parser


def _everywhere(
    parser: argparse.ArgumentParser, common: list[tuple[tuple[str, ...], dict]]
) -> None:
    """Let every subcommand take the global options too (``cadence export --lang zh …``).

    Their default is "not given", so an option given before the subcommand is kept.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                for flags, kwargs in common:
                    child.add_argument(*flags, **kwargs, default=argparse.SUPPRESS)
                _everywhere(child, common)


def _language(args: argparse.Namespace, data_dir: Path | None) -> str:
    from cadence.i18n import detect_language

    if args.lang:
        return args.lang
    if data_dir is not None:
        import orjson

        try:
            tables = orjson.loads((data_dir / "settings.json").read_bytes())
            for doc in tables.get("settings", {}).values():
                if doc.get("language") in ("en", "zh"):
                    return str(doc["language"])
        except (OSError, ValueError, AttributeError):
            pass  # no settings yet, or unreadable: the command itself says why
    return detect_language()


def main(argv: list[str] | None = None) -> int:
    """Run ``cadence``; every failure is one sentence on stderr and a non-zero exit."""
    args = build_parser().parse_args(argv)
    try:
        return _main(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one place: a full disk, a folder not ours, ... never a traceback
        from cadence.data.errors import describe_error

        return fail(describe_error(exc), 1)


def _main(args: argparse.Namespace) -> int:
    from cadence.data.paths import resolve_data_dir

    if args.command == "status":  # first, before anything heavy: it runs on every shell prompt
        from cadence.i18n import set_language
        from cadence.shell.focus import status_command

        status_dir = resolve_data_dir(args.data)
        set_language(_language(args, status_dir))
        return status_command(status_dir)
    if args.command == "demo-data":
        from cadence.shell.demo import write_demo

        if args.months < 1:
            return fail("--months must be at least 1")
        from cadence.clock import clock_from_env

        try:
            clock = clock_from_env()
        except ValueError as exc:
            return fail(str(exc))
        try:
            write_demo(
                args.dir,
                months=args.months,
                clock=clock,
                language=_language(args, None),
                seed=args.seed,
            )
        except FileExistsError as exc:
            return fail(str(exc))
        print(f"wrote {args.months} months of demo data to {args.dir}")
        return 0

    demo_dir: Path | None = None
    if args.demo:
        import tempfile

        demo_dir = Path(tempfile.mkdtemp(prefix="cadence-demo-"))
        data_dir = demo_dir
    else:
        data_dir = resolve_data_dir(args.data)
    try:
        return _dispatch(args, data_dir, demo_dir)
    finally:
        if demo_dir is not None:
            import shutil

            shutil.rmtree(demo_dir, ignore_errors=True)


def _dispatch(args: argparse.Namespace, data_dir: Path, demo_dir: Path | None) -> int:
    """Run the command (or the UI) on ``data_dir``; a ``--demo`` folder is filled first."""
    language = _language(args, data_dir)

    from cadence.i18n import set_language

    set_language(language)
    try:
        from cadence.clock import clock_from_env

        clock = clock_from_env()
    except ValueError as exc:
        return fail(str(exc))
    if demo_dir is not None:
        from cadence.shell.demo import write_demo

        write_demo(demo_dir, months=4, clock=clock, language=language)

    if args.command == "plan":
        from cadence.shell.plan import plan_command

        return plan_command(args, data_dir, language)
    if args.command in ("export", "import"):
        from cadence.shell.export import run_shell_command

        return run_shell_command(args, data_dir, language)
    if args.command == "focus":
        from cadence.shell.focus import focus_command

        return focus_command(args, data_dir, language)
    if args.command == "sync":
        return sync_command(args, data_dir, language)
    if args.command == "agent":
        from cadence.shell.agent import agent_command

        return agent_command(args, data_dir, language)
    # More subcommands: dispatch above this line (they must not import Textual).
    return _run_ui(data_dir, language, args.read_only)


def _run_ui(data_dir: Path, language: str, read_only: bool) -> int:
    # Nothing made before the first paint is garbage: Python's collector would only walk
    # the new modules and records over and over (~40 ms of a ~250 ms start). The app
    # turns it back on once the first screen is painted (``CadenceApp._first_painted``).
    gc.disable()
    try:
        return _open_and_run(data_dir, language, read_only)
    finally:
        gc.enable()


def _open_and_run(data_dir: Path, language: str, read_only: bool) -> int:
    from cadence.runtime import open_runtime

    # A bad condition raises here and ``main`` says it in one sentence; one the UI can live
    # with (a full disk, a folder it may not write, the data open elsewhere) opens read-only.
    runtime = open_runtime(data_dir, language=language, interactive=True, read_only=read_only)
    from cadence.app import CadenceApp

    app = CadenceApp(runtime)
    try:
        app.run()
    finally:
        runtime.close()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    raise SystemExit(main())
