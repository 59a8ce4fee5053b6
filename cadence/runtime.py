"""Everything the app and the shell commands share, made once and handed down.

No Textual here: ``cadence status`` and friends use this without loading the UI.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from cadence.clock import Clock, clock_from_env
from cadence.data.errors import describe_error, is_disk_trouble
from cadence.data.lock import DataInUseError, InstanceLock
from cadence.data.paths import ensure_private_dir
from cadence.data.plan.errors import PlanError
from cadence.data.repository import Repository
from cadence.data.seed import PlanPreview, ensure_plan, switch_plan_language, upgrade_stored_plan
from cadence.data.store import Notice, Store
from cadence.domain.schedule import first_plan_day
from cadence.i18n import _


@dataclass
class Runtime:
    data_dir: Path
    clock: Clock
    store: Store
    repo: Repository
    lock: InstanceLock | None = None
    read_only_reason: str | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def close(self) -> None:
        # Files found valid on this run are not checked again on the next (see checked.py).
        with contextlib.suppress(OSError):
            self.store.save_checked()
        if self.lock is not None:
            self.lock.release()


def check_folder(data_dir: Path) -> None:
    """Refuse, with an error ``describe_error`` turns into one sentence, a data folder that is
    a file, or one that exists but cannot be read (another user's, chmod 000)."""
    if data_dir.exists() and not data_dir.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(data_dir))
    if data_dir.is_dir() and not os.access(data_dir, os.R_OK | os.X_OK):
        raise PermissionError(errno.EACCES, "cannot read the folder", str(data_dir))


def open_runtime(
    data_dir: Path,
    *,
    language: str,
    interactive: bool,
    clock: Clock | None = None,
    read_only: bool = False,
) -> Runtime:
    """Open the data folder: take the instance lock (UI only), open the store, seed a first run.

    Read-only, the folder is never created or changed. A UI that cannot write — the data
    open elsewhere, a full disk, a folder it may not write — opens read-only and says why
    (``read_only_reason``). Anything else (a file where the folder should be, a folder it
    cannot read; for shell commands, any failed write) raises, for ``describe_error``.
    """
    check_folder(data_dir)
    lock: InstanceLock | None = None
    reason: str | None = "--read-only" if read_only else None
    messages: list[str] = []
    probe_clock = clock or clock_from_env()

    def cannot_write(exc: OSError) -> None:
        nonlocal read_only, reason, lock
        if not (interactive and is_disk_trouble(exc) and data_dir.is_dir()):
            raise exc
        if lock is not None:
            lock.release()
            lock = None
        read_only, reason = True, describe_error(exc)

    if not read_only:
        try:
            ensure_private_dir(data_dir)
        except OSError as exc:
            cannot_write(exc)
    if interactive and not read_only:
        lock = InstanceLock(data_dir)
        try:
            lock.acquire(since=probe_clock.now().to_datetime_string())
        except DataInUseError as exc:
            lock = None
            read_only = True
            reason = str(exc)
        except OSError as exc:
            cannot_write(exc)
        else:
            if lock.stale is not None:
                messages.append(
                    _("Took over a stale lock left by {holder}.", holder=lock.stale.describe())
                )
            if lock.other_host is not None:
                messages.append(
                    _(
                        "The data was last opened on another machine: {holder}.",
                        holder=lock.other_host.describe(),
                    )
                )

    def today() -> str:
        return current_clock.now().to_date_string()

    def stamp() -> str:
        return current_clock.now().format("YYYYMMDD[T]HHmmss")

    current_clock = probe_clock
    try:
        store = Store(data_dir, today=today, stamp=stamp, read_only=read_only)
    except OSError as exc:
        cannot_write(exc)
        store = Store(data_dir, today=today, stamp=stamp, read_only=True)
    repo = Repository(store)
    settings = repo.settings()
    if settings.timezone and settings.timezone != current_clock.tz and clock is None:
        # The user's chosen zone wins over the machine's (docs/pitfalls.md: TZ=CST-8).
        current_clock = clock_from_env(settings.timezone)
    # The plan starts on the plan's today: a first run at 01:30 is the evening before.
    today_iso = first_plan_day(current_clock.now(), settings.rollover_hour).isoformat()
    if not read_only:
        try:
            ensure_plan(repo, language=language, today=today_iso, timezone=current_clock.tz)
            try:
                upgraded = upgrade_stored_plan(repo)
            except PlanError as exc:  # the user's plan clashes with the new edition: keep it
                messages.append(_("The plan could not be upgraded: {error}", error=str(exc)))
            else:
                if upgraded is not None:
                    messages.append(
                        _(
                            "The plan was upgraded to edition {n}; your ticks and edits were kept.",
                            n=upgraded.plan.version,
                        )
                    )
            if interactive:
                # The UI shows one language: the plan's text follows it (edits stay as typed).
                switch_plan_language(repo, language)
        except OSError as exc:
            cannot_write(exc)
            store.read_only = True
    if read_only or not interactive:
        # Read-only, or a shell command beside a running UI: show the plan as the UI would
        # (seeded, upgraded, in this language) without writing it.
        repo = PlanPreview(store, language=language, today=today_iso, timezone=current_clock.tz)
    return Runtime(data_dir, current_clock, store, repo, lock, reason, messages)


def describe_notice(notice: Notice) -> tuple[str, str, str]:
    """A notice as (message, title, severity) for ``App.notify``: what was kept aside,
    what was restored and from where."""
    from cadence.data.store import FROM_BACKUP, FROM_MEMORY, FROM_PREV

    path = str(notice.moved_to) if notice.moved_to else notice.file
    if notice.kind in ("recovered", "lost"):
        if notice.moved_to is not None:
            text = _(
                "{file} could not be read ({reason}) and was kept aside as {moved}.",
                file=notice.file,
                reason=notice.detail,
                moved=path,
            )
        else:
            text = _(
                "{file} could not be read ({reason}); it is left as it is (read-only).",
                file=notice.file,
                reason=notice.detail,
            )
        if notice.kind == "lost":
            return text + " " + _("No good copy was found: it starts empty."), _("Data"), "error"
        if notice.source == FROM_MEMORY:
            restored = _("Restored the copy open in this window, today's changes included.")
        elif notice.source == FROM_PREV:
            restored = _(
                "Restored the last version Cadence wrote, {copy}.", copy=str(notice.restored_from)
            )
        elif notice.source == FROM_BACKUP:
            restored = _(
                "Restored from the backup {backup}; changes made after it are lost.",
                backup=str(notice.restored_from),
            )
        else:
            restored = _("Restored from the backup {backup}.", backup=str(notice.restored_from))
        if notice.moved_to is None:
            restored = _("Showing a copy, not saved: {what}", what=restored)
        return text + " " + restored, _("Data"), "warning"
    if notice.kind == "completed":
        return (
            _("A change to {file} cut short by a crash was completed.", file=notice.file),
            _("Data"),
            "information",
        )
    if notice.kind == "external":
        return (
            _("{file} changed outside Cadence and was reloaded.", file=notice.file),
            _("Data"),
            "information",
        )
    if notice.kind == "migrated":
        return (
            _(
                "{file} was upgraded to schema {version}; a backup was kept.",
                file=notice.file,
                version=notice.detail,
            ),
            _("Data"),
            "information",
        )
    return (
        _("A sync conflict copy was found: {file}", file=str(Path(path).name)),
        _("Data"),
        "warning",
    )
