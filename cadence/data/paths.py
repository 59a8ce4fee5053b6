"""Where Cadence keeps its data."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

ENV_DATA_DIR = "CADENCE_DATA_DIR"
APP_NAME = "cadence"
#: The data folder is its owner's alone.
DIR_MODE = 0o700


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """``--data DIR`` wins, then ``CADENCE_DATA_DIR``, then the platform's user data dir."""
    env = os.environ if environ is None else environ
    if cli_value:
        return Path(cli_value).expanduser()
    if env.get(ENV_DATA_DIR):
        return Path(env[ENV_DATA_DIR]).expanduser()
    return default_data_dir()


def ensure_private_dir(path: Path) -> Path:
    """Create the folder readable by its owner only (0700).

    An existing folder only loses what others could do (0755 becomes 0700); what its
    owner may do is never widened: a folder made read-only with chmod 500 stays so,
    and writing to it then fails with a message.
    """
    if path.is_dir():
        with contextlib.suppress(OSError):  # a folder owned by someone else keeps its mode
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                os.chmod(path, mode & DIR_MODE)
        return path
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    # mkdir's mode is masked by the umask; the folder was just made (by us), so set it.
    with contextlib.suppress(OSError):
        os.chmod(path, DIR_MODE)
    return path
