"""``cadence export`` and ``cadence import``: the shell side of the exports (no Textual).

Both take ``--lang`` after the command too, as every subcommand does (``cadence
export --format md --lang zh``); without it they speak the saved language, never a mix. Only the standard library is
imported at module level: ``cli`` builds every parser on each run, ``cadence status``
included.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadence.shell import fail

if TYPE_CHECKING:
    from cadence.domain.weeks import Period


def add_export_parsers(sub: Any) -> None:
    """``cadence export`` and ``cadence import`` (``sub``: the main parser's subparsers)."""
    export = sub.add_parser(
        "export", help="write a report (md), a calendar (ics) or everything (json)"
    )
    export.add_argument("--format", choices=["md", "ics", "json"], required=True)
    period = export.add_mutually_exclusive_group()
    period.add_argument("--week", metavar="YYYY-Www", help="a week, e.g. 2026-W48")
    period.add_argument("--month", metavar="YYYY-MM", help="a month, e.g. 2026-11")
    export.add_argument("-o", "--out", type=Path, metavar="FILE", help="default: standard output")
    restore = sub.add_parser("import", help="restore a JSON export into the data folder")
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--dry-run", action="store_true", help="show what would change and change nothing"
    )


def run_shell_command(args: argparse.Namespace, data_dir: Path, language: str) -> int:
    """Dispatch ``export`` / ``import``; returns the exit code."""
    if args.command == "export":
        return export_command(args, data_dir, language)
    return import_command(args, data_dir)


def export_command(args: argparse.Namespace, data_dir: Path, language: str) -> int:
    from cadence.data.migrations import NewerSchemaError
    from cadence.domain.weeks import month_period, parse_week, week_period
    from cadence.export.run import export_ics, export_json, export_markdown
    from cadence.runtime import open_runtime

    try:
        if args.week:
            parse_week(args.week.upper())
        elif args.month:
            month_period(args.month)
    except ValueError as exc:
        return fail(str(exc))
    if args.format == "json" and (args.week or args.month):
        return fail("--week and --month do not apply to --format json (it holds everything)")
    try:
        # Read-only: an export never changes the data (and never races a running UI).
        runtime = open_runtime(data_dir, language=language, interactive=False, read_only=True)
    except NewerSchemaError as exc:
        return fail(str(exc))
    repo, now = runtime.repo, runtime.clock.now()
    period: Period | None = None
    if args.week:  # a week as the settings count weeks (their first day)
        period = week_period(args.week.upper(), repo.settings().week_start)
    elif args.month:
        period = month_period(args.month)
    if args.format == "md":
        data = export_markdown(repo, now, period).encode("utf-8")
    elif args.format == "ics":
        data = export_ics(repo, now, runtime.clock.tz, period)
    else:
        data = export_json(repo, now)
    if args.out is None:
        from cadence.data.text import json_safe, terminal_safe

        # The user's texts go to a terminal: no control character may act on it.
        text = data.decode("utf-8")
        text = json_safe(text) if args.format == "json" else terminal_safe(text)
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return 0
    from cadence.data.errors import describe_error
    from cadence.data.storage import write_output

    try:
        out = write_output(args.out, data)
    except OSError as exc:
        return fail(describe_error(exc, path=args.out), 1)
    print(f"wrote {out}")
    return 0


def import_command(args: argparse.Namespace, data_dir: Path) -> int:
    from cadence.clock import clock_from_env
    from cadence.data.migrations import NewerSchemaError
    from cadence.export.json_io import (
        ImportRefused,
        apply_import,
        describe_changes,
        open_folder,
        plan_import,
        read_export,
    )

    try:
        export = read_export(args.file)
    except ImportRefused as exc:
        return fail(f"cannot import {args.file}: {exc}\nnothing was changed")
    from cadence.data.errors import describe_error
    from cadence.runtime import check_folder

    clock = clock_from_env()
    try:
        check_folder(data_dir)
        exists = data_dir.exists()
        if args.dry_run:
            store = open_folder(data_dir, clock.now, read_only=True) if exists else None
            changes = plan_import(store, export)
        else:
            store = open_folder(data_dir, clock.now, read_only=False)
            changes = apply_import(store, export, stamp=clock.now().format("YYYYMMDD[T]HHmmss"))
    except NewerSchemaError as exc:
        return fail(f"{exc}\nnothing was changed")
    except OSError as exc:
        return fail(f"{describe_error(exc)}\nnothing was changed", 1)
    verb = "would import into" if args.dry_run else "imported into"
    origin = f" (exported {export.exported_at})" if export.exported_at else ""
    print(f"{verb} {data_dir} from {args.file}{origin}:")
    print("\n".join(describe_changes(changes)))
    if args.dry_run:
        print("nothing was changed (--dry-run)")
    elif any(c.status == "replace" for c in changes):
        print("a copy of each replaced file is in backups/pre-import-*")
    return 0
