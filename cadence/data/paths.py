"""Where Cadence keeps its data."""

from __future__ import annotations

import contextlib
import os
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
    """Create the folder readable by its owner only (0700)."""
    path.mkdir(parents=True, exist_ok=True)
    # A folder owned by someone else keeps its mode.
    with contextlib.suppress(OSError):
        os.chmod(path, DIR_MODE)
    return path
