"""Where the sync password comes from — never from (or into) the data folder.

In order: ``CADENCE_SYNC_PASSWORD`` (scripts), the account's password command (its
first line of output, as khal and vdirsyncer users expect), the system keyring
(``keyring``), and, where no keyring backend works, a file readable by its owner only
(0600, in a 0700 folder) in the user's config folder (platformdirs), never in the data
folder, which users sync between machines.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import orjson

from cadence.i18n import _
from cadence.sync.client import SyncError

SERVICE = "cadence-sync"
ENV_PASSWORD = "CADENCE_SYNC_PASSWORD"
ENV_CONFIG_DIR = "CADENCE_CONFIG_DIR"
PASSWORD_FILE = "sync-passwords.json"
COMMAND_TIMEOUT = 30


def account_key(url: str, username: str) -> str:
    """The keyring / file key of an account: ``alice@https://dav.example.com/``."""
    return f"{username}@{url}"


def config_dir() -> Path:
    """``CADENCE_CONFIG_DIR``, else the platform's user config folder for Cadence."""
    raw = os.environ.get(ENV_CONFIG_DIR, "").strip()
    if raw:
        return Path(raw).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("cadence", appauthor=False))


def password_file() -> Path:
    return config_dir() / PASSWORD_FILE


def run_password_command(command: str) -> str:
    """The first line the command prints; a clear :class:`SyncError` when it fails."""
    try:
        done = subprocess.run(
            command,
            shell=True,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=COMMAND_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise SyncError(
            _("The password command did not finish within {seconds} s.", seconds=COMMAND_TIMEOUT)
        ) from exc
    except OSError as exc:
        raise SyncError(
            _("The password command could not run: {error}.", error=exc.strerror or exc)
        ) from exc
    if done.returncode != 0:
        raise SyncError(
            _("The password command failed (exit status {code}).", code=done.returncode)
        )
    password = done.stdout.split("\n", 1)[0].rstrip("\r")
    if not password:
        raise SyncError(_("The password command printed no password."))
    return password


# ---------------------------------------------------------------- keyring


def _keyring_get(key: str) -> str | None:
    """The keyring's password for ``key``; None when there is none or no keyring works."""
    try:
        import keyring

        return keyring.get_password(SERVICE, key)
    except Exception:  # no backend, a locked or broken one: the file is the fallback
        return None


def _keyring_set(key: str, password: str) -> bool:
    try:
        import keyring

        keyring.set_password(SERVICE, key, password)
    except Exception:
        return False
    # Some backends accept and drop (the "null" one): trust only what reads back.
    return _keyring_get(key) == password


def _keyring_delete(key: str) -> bool:
    try:
        import keyring

        keyring.delete_password(SERVICE, key)
    except Exception:
        return False
    return True


# ---------------------------------------------------------------- the 0600 file


def _read_file() -> dict[str, str]:
    try:
        data = orjson.loads(password_file().read_bytes())
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_file(entries: dict[str, str]) -> None:
    from cadence.data.paths import ensure_private_dir
    from cadence.data.storage import atomic_write_bytes

    path = password_file()
    ensure_private_dir(path.parent)
    if not entries:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    atomic_write_bytes(path, orjson.dumps(entries, option=orjson.OPT_INDENT_2))  # 0600


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- the three operations


def lookup(key: str, command: str = "") -> tuple[str, str]:
    """(password, where it came from): "environment", "command", "keyring" or "file"."""
    env = os.environ.get(ENV_PASSWORD)
    if env:
        return env, "environment"
    if command:
        return run_password_command(command), "command"
    found = _keyring_get(key)
    if found:
        return found, "keyring"
    found = _read_file().get(key)
    if found:
        return found, "file"
    raise SyncError(
        _(
            "No password for {account} on this machine: run `cadence sync setup` "
            "or set CADENCE_SYNC_PASSWORD.",
            account=key,
        )
    )


def store(key: str, password: str, data_dir: Path | None = None) -> str:
    """Keep the password: in the keyring where one works, else in the 0600 file.

    Returns where it went ("keyring" or the file's path). Refuses a config folder
    inside the data folder (the data folder travels between machines).
    """
    if _keyring_set(key, password):
        entries = _read_file()
        if entries.pop(key, None) is not None:
            _write_file(entries)
        return "keyring"
    path = password_file()
    if data_dir is not None and _inside(path, data_dir):
        raise SyncError(
            _(
                "The password file {path} would be inside the data folder; "
                "set CADENCE_CONFIG_DIR to a folder outside it.",
                path=str(path),
            )
        )
    entries = _read_file()
    entries[key] = password
    _write_file(entries)
    return str(path)


def forget(key: str) -> list[str]:
    """Remove the password from the keyring and the file; where it was removed from."""
    removed = []
    if _keyring_get(key) is not None and _keyring_delete(key):
        removed.append("keyring")
    entries = _read_file()
    if entries.pop(key, None) is not None:
        _write_file(entries)
        removed.append(str(password_file()))
    return removed
