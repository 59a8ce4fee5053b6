"""``cadence sync`` and ``cadence sync setup``: the plan on a CalDAV server, from the shell.

No Textual. The heavy imports (``caldav``, ``keyring``) wait until a sync command runs:
``cadence status`` builds the same parser on every shell prompt.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_sync_parser(sub: argparse._SubParsersAction) -> None:
    """``cadence sync [--dry-run]`` and ``cadence sync setup …``."""
    sync = sub.add_parser(
        "sync", help="sync the plan with a CalDAV calendar (phone, other computers)"
    )
    sync.add_argument(
        "--dry-run", action="store_true", help="show what would change and change nothing"
    )
    actions = sync.add_subparsers(dest="sync_command", metavar="ACTION")
    setup = actions.add_parser(
        "setup", help="set the CalDAV account (checked with the server before it is saved)"
    )
    setup.add_argument("--url", help="the server's CalDAV address, https://…")
    setup.add_argument("--username", help="the account's user name")
    setup.add_argument(
        "--password-command",
        metavar="CMD",
        help='a command printing the password, e.g. "pass show caldav" (else it is asked for)',
    )
    setup.add_argument(
        "--calendar", metavar="NAME", help='an existing calendar to use (default: "Cadence")'
    )
    setup.add_argument("--remove", action="store_true", help="forget the account and its password")


def _fail(message: str, code: int = 1) -> int:
    from cadence.shell import fail

    return fail(message, code)


def sync_command(args: argparse.Namespace, data_dir: Path, language: str) -> int:
    """Run ``cadence sync`` or ``cadence sync setup``; returns the exit code."""
    from cadence.data.migrations import NewerSchemaError
    from cadence.data.store import ReadOnlyError
    from cadence.sync.client import SyncError

    try:
        if getattr(args, "sync_command", None) == "setup":
            return _setup(args, data_dir, language)
        return _run(args, data_dir, language)
    except SyncError as exc:
        return _fail(str(exc))
    except NewerSchemaError as exc:
        return _fail(f"{exc}; nothing was changed")
    except (ReadOnlyError, PermissionError) as exc:
        return _fail(f"cannot write the data folder {data_dir}: {exc}")


def _has_account(data_dir: Path) -> bool:
    import orjson

    try:
        tables = orjson.loads((data_dir / "sync.json").read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(tables, dict) and bool(tables.get("account"))


def _run(args: argparse.Namespace, data_dir: Path, language: str) -> int:
    from cadence.i18n import _
    from cadence.runtime import open_runtime
    from cadence.sync.engine import run_sync

    if not _has_account(data_dir):
        return _fail(
            _("Sync is not set up: run `cadence sync setup --url URL --username NAME` first.")
        )
    # A dry run opens the data read-only: it cannot change anything here.
    runtime = open_runtime(data_dir, language=language, interactive=False, read_only=args.dry_run)
    try:
        report = run_sync(runtime.repo, runtime.clock.now(), runtime.clock.tz, dry_run=args.dry_run)
    finally:
        runtime.close()
    print("\n".join(report.lines()))
    if args.dry_run:
        print("nothing was changed (--dry-run)")
    return 0


def _check_url(url: str) -> str | None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"--url must be a full address such as https://dav.example.com/ (got {url!r})"
    if parts.username or parts.password:
        return "--url must not hold the user name or password: use --username (the password is asked for)"
    return None


def _password(args: argparse.Namespace, url: str, username: str) -> tuple[str, str]:
    """(password, source) for setup: the command, the environment, or typed in."""
    from cadence.i18n import _
    from cadence.sync.client import SyncError
    from cadence.sync.credentials import ENV_PASSWORD, run_password_command

    if args.password_command:
        password = run_password_command(args.password_command)
        if password in args.password_command:
            raise SyncError(
                _(
                    "The password command holds the password itself; use a command that "
                    "reads it from elsewhere (pass, a keychain, a 0600 file)."
                )
            )
        return password, "command"
    if os.environ.get(ENV_PASSWORD):
        return os.environ[ENV_PASSWORD], "environment"
    if not sys.stdin.isatty():
        raise SyncError(
            _(
                "No password: give --password-command CMD, set CADENCE_SYNC_PASSWORD, "
                "or run this in a terminal to type it."
            )
        )
    import getpass

    password = getpass.getpass(f"Password for {username} at {url}: ")
    if not password:
        raise SyncError(_("No password was typed; nothing was saved."))
    return password, "typed"


def _setup(args: argparse.Namespace, data_dir: Path, language: str) -> int:
    from cadence.runtime import open_runtime
    from cadence.sync import credentials
    from cadence.sync import state as sync_state
    from cadence.sync.client import CalDAVServer, SyncError, timeout_from_env

    if args.remove:
        runtime = open_runtime(data_dir, language=language, interactive=False)
        try:
            account = sync_state.load(runtime.repo).account
            if account is None:
                print("no sync account was set up; nothing to forget")
                return 0
            key = credentials.account_key(account.url, account.username)
            removed = credentials.forget(key)
            sync_state.forget(runtime.repo)
        finally:
            runtime.close()
        where = f" and its password ({', '.join(removed)})" if removed else ""
        print(f"forgot the account {account.username} at {account.url}{where}")
        print("the calendar on the server is left as it is")
        return 0

    if not args.url or not args.username:
        return _fail("cadence sync setup needs --url and --username (or --remove)", 2)
    url = args.url.strip()
    problem = _check_url(url)
    if problem:
        return _fail(problem, 2)
    username = args.username.strip()
    password, source = _password(args, url, username)

    # Checked with the server before anything is saved.
    with CalDAVServer(url, username, password, timeout_from_env()) as server:
        calendars = server.calendars()
        if args.calendar and server.find_calendar(args.calendar) is None:
            names = ", ".join(n or u for n, u in calendars) or "-"
            raise SyncError(
                f"there is no calendar {args.calendar!r} on the server (it has: {names}); "
                "nothing was saved"
            )

    runtime = open_runtime(data_dir, language=language, interactive=False)
    try:
        old = sync_state.load(runtime.repo).account
        account = sync_state.Account(
            url=url,
            username=username,
            calendar=(args.calendar or "").strip(),
            password_command=args.password_command or "",
        )
        same = old is not None and (old.url, old.username, old.calendar) == (
            account.url,
            account.username,
            account.calendar,
        )
        if same and old is not None:
            account.events_url, account.todos_url = old.events_url, old.todos_url
        key = credentials.account_key(url, username)
        where = ""
        if source == "typed":
            where = credentials.store(key, password, data_dir)
        elif source == "command":
            credentials.forget(key)  # a password typed earlier is not needed any more
        sync_state.save_account(runtime.repo, account, reset_items=not same)
    finally:
        runtime.close()
    print(f"connected to {url} as {username} ({len(calendars)} calendars there)")
    target = args.calendar or 'a calendar named "Cadence" (made on the first sync if missing)'
    print(f"the plan will sync to {target}")
    if source == "typed":
        print(
            "the password is in the system keyring"
            if where == "keyring"
            else f"no keyring works here: the password is in {where} (readable by you only)"
        )
    elif source == "command":
        print("the password is read from the command at each sync (not stored)")
    else:
        print("the password is not stored: set CADENCE_SYNC_PASSWORD for each sync")
    print("run `cadence sync` (or `cadence sync --dry-run` first)")
    return 0
