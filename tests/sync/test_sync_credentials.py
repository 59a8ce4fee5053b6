"""Where the sync password comes from, and where it is kept (never the data folder)."""

from __future__ import annotations

import stat
import sys

import pytest

from cadence.sync import credentials
from cadence.sync.client import SyncError

KEY = credentials.account_key("https://dav.example.com/", "alice")


def test_the_environment_wins_then_the_command_then_the_keyring_or_file(tmp_path, monkeypatch):
    secret = tmp_path / "secret"
    secret.write_text("from-command\nsecond line\n", encoding="utf-8")
    credentials.store(KEY, "from-file")
    assert credentials.lookup(KEY) == ("from-file", "file")
    assert credentials.lookup(KEY, f"cat {secret}") == ("from-command", "command")
    monkeypatch.setenv("CADENCE_SYNC_PASSWORD", "from-env")
    assert credentials.lookup(KEY, f"cat {secret}") == ("from-env", "environment")


def test_without_a_keyring_the_file_is_private_and_outside_the_data_folder(tmp_path):
    where = credentials.store(KEY, "s3cret")
    path = credentials.password_file()
    assert where == str(path)
    assert path.is_relative_to(tmp_path / "config")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert credentials.forget(KEY) == [str(path)]
    assert not path.exists()
    with pytest.raises(SyncError, match="No password for alice@https://dav.example.com/"):
        credentials.lookup(KEY)


def test_a_config_folder_inside_the_data_folder_is_refused(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("CADENCE_CONFIG_DIR", str(data / "config"))
    with pytest.raises(SyncError, match="inside the data folder"):
        credentials.store(KEY, "s3cret", data)
    assert not (data / "config").exists()


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("exit 3", "failed \\(exit status 3\\)"),
        ("true", "printed no password"),
        (f"{sys.executable} -c 'import time; time.sleep(5)'", "did not finish"),
    ],
)
def test_a_failing_password_command_says_how(command, message, monkeypatch):
    monkeypatch.setattr(credentials, "COMMAND_TIMEOUT", 0.5)
    with pytest.raises(SyncError, match=message):
        credentials.run_password_command(command)
