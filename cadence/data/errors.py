"""Every failure the user can meet, said in one sentence (never a traceback).

``describe_error(exc)`` is what the shell prints after ``cadence:`` and what the
screens show with ``app.notify``: a full disk, a folder that is not yours, a
file where a folder should be, a damaged or refused import, a clock out of range.
"""

from __future__ import annotations

import errno
from pathlib import Path

from cadence.i18n import _

# errno -> the sentence, with {path} when the error names one.
_OS_SENTENCES = {
    errno.ENOSPC: "The disk is full: {path} could not be written.",
    errno.EDQUOT: "Your disk quota is used up: {path} could not be written.",
    errno.EROFS: "The disk is mounted read-only: {path} cannot be written.",
    errno.EACCES: "Permission denied: you cannot use {path}.",
    errno.EPERM: "Permission denied: you cannot use {path}.",
    errno.ENOTDIR: "{path} is a file, not a folder.",
    errno.EISDIR: "{path} is a folder, not a file.",
    errno.ENOENT: "There is no {path}.",
    errno.EEXIST: "{path} is in the way: a file is where a folder should be.",
    errno.ENAMETOOLONG: "The name {path} is too long.",
    errno.ELOOP: "{path} is a loop of symbolic links.",
    errno.EIO: "The disk failed to read or write {path}.",
}
_OS_SENTENCES_NO_PATH = {
    errno.ENOSPC: "The disk is full: nothing could be written.",
    errno.EDQUOT: "Your disk quota is used up: nothing could be written.",
    errno.EROFS: "The disk is mounted read-only: nothing can be written.",
    errno.EACCES: "Permission denied.",
    errno.EPERM: "Permission denied.",
    errno.EIO: "The disk failed to read or write.",
}


def _os_error(exc: OSError, path: Path | str | None) -> str:
    where = path if path is not None else (exc.filename or None)
    sentence = _OS_SENTENCES.get(exc.errno or 0) if where is not None else None
    if sentence is not None:
        return _(sentence, path=str(where))
    sentence = _OS_SENTENCES_NO_PATH.get(exc.errno or 0)
    if sentence is not None:
        return _(sentence)
    reason = exc.strerror or str(exc)
    if where is not None:
        return _("Could not use {path}: {reason}.", path=str(where), reason=reason)
    return _("The system refused: {reason}.", reason=reason)


def is_disk_trouble(exc: BaseException) -> bool:
    """A write failed because of the disk or the folder, not because of Cadence: the app can
    still open the data read-only (a full disk, a read-only mount, a folder not writable)."""
    return isinstance(exc, OSError) and exc.errno in (
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
    )


def describe_error(exc: BaseException, *, path: Path | str | None = None) -> str:
    """One sentence that says what went wrong with ``exc`` (for stderr or a toast).

    ``path`` names the file or folder involved when the exception does not.
    """
    # Imported here: each is light, but the shell's status line imports none of them.
    from cadence.data.lock import DataInUseError
    from cadence.data.migrations import NewerSchemaError
    from cadence.data.storage import CorruptFileError
    from cadence.data.store import InvalidRecordError, ReadOnlyError

    if isinstance(exc, ReadOnlyError):
        return _("Nothing was saved: the data is open read-only.")
    if isinstance(exc, InvalidRecordError):
        return _("The change was not saved: {problem}.", problem=exc.errors[0])
    if isinstance(exc, CorruptFileError):
        return _("{path} could not be read: {reason}.", path=str(exc.path), reason=exc.reason)
    if isinstance(exc, NewerSchemaError | DataInUseError):
        return str(exc)
    if isinstance(exc, FileExistsError) and path is not None and Path(path).is_file():
        return _("{path} is a file, not a folder.", path=str(path))
    if isinstance(exc, OSError):
        return _os_error(exc, path)
    if isinstance(exc, RecursionError):
        return _("The data is nested too deeply to be read.")
    if isinstance(exc, MemoryError):
        return _("There is not enough memory to do this.")
    if isinstance(exc, ValueError | LookupError) and str(exc):
        # Cadence's own refusals (ImportRefused, PlanError, ClockRangeError) say it already.
        return str(exc).rstrip(".") + "."
    return _("Something went wrong: {error}.", error=f"{type(exc).__name__}: {exc}".rstrip(": "))
