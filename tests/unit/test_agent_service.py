"""``cadence agent install | uninstall | status``: the three service texts, checked by the
tools that read them, and what install does with and without a user systemd."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cadence.cli import main
from cadence.shell import agent_service
from cadence.shell.agent_service import (
    TASK_NS,
    UNIT_NAME,
    agent_argv,
    launchd_plist,
    systemd_unit,
    windows_task_xml,
)

ODD = Path("/tmp/my data/50% done $HOME")  # a space, a percent sign, a dollar


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home of our own: config, runtime dir and PATH under tmp_path."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (tmp_path / "run").mkdir()
    return tmp_path / "home"


def test_the_systemd_unit_runs_this_python_on_the_folder_and_systemd_reads_it(tmp_path):
    unit = systemd_unit(agent_argv(ODD, "linux"))
    assert f'ExecStart="{sys.executable}" "-m" "cadence" "--data"' in unit
    assert '"/tmp/my data/50%% done $$HOME" "agent"' in unit
    assert "Restart=on-failure" in unit and "WantedBy=default.target" in unit
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    path = tmp_path / UNIT_NAME
    path.write_text(unit, encoding="utf-8")
    runtime = tmp_path / "rt"
    runtime.mkdir(mode=0o700)
    done = subprocess.run(
        ["systemd-analyze", "--user", "verify", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == "" and done.stdout == "", done.stderr
    # The check can fail: a typo is reported.
    path.write_text(unit.replace("Type=simple", "Type=simpel"), encoding="utf-8")
    bad = subprocess.run(
        ["systemd-analyze", "--user", "verify", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        timeout=60,
    )
    assert "simpel" in bad.stderr


def test_the_launchd_plist_is_a_property_list_that_keeps_the_agent_alive(tmp_path):
    argv = agent_argv(ODD, "darwin", python="/usr/local/bin/python3")
    data = plistlib.loads(launchd_plist(argv, tmp_path / "logs"))
    assert data["Label"] == "org.cadence.agent"
    assert data["ProgramArguments"] == [
        "/usr/local/bin/python3",
        "-m",
        "cadence",
        "--data",
        str(ODD),
        "agent",
    ]
    assert data["RunAtLoad"] is True and data["KeepAlive"] == {"SuccessfulExit": False}
    assert data["StandardErrorPath"] == str(tmp_path / "logs" / "agent.err")


def test_the_windows_task_runs_at_logon_without_a_time_limit():
    argv = agent_argv(
        Path(r"C:\Users\Li Lei\AppData\Local\cadence"),
        "win32",
        python=r"C:\Python311\pythonw.exe",
    )
    text = windows_task_xml(argv, r"DESKTOP\Li Lei")
    assert text.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    # schtasks reads UTF-16: the encoded file parses as the same task.
    root = ElementTree.fromstring(text.encode("utf-16"))
    ns = {"t": TASK_NS}
    assert root.tag == f"{{{TASK_NS}}}Task"
    assert root.findtext("t:Triggers/t:LogonTrigger/t:UserId", namespaces=ns) == r"DESKTOP\Li Lei"
    assert root.findtext("t:Settings/t:ExecutionTimeLimit", namespaces=ns) == "PT0S"
    assert root.findtext("t:Actions/t:Exec/t:Command", namespaces=ns) == r"C:\Python311\pythonw.exe"
    assert (
        root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=ns)
        == r'-m cadence --data "C:\Users\Li Lei\AppData\Local\cadence" agent'
    )


def test_install_dry_run_prints_the_unit_and_the_commands_and_writes_nothing(
    home, tmp_path, capsys
):
    assert main(["--data", str(tmp_path / "data"), "agent", "install", "--dry-run"]) == 0
    out = capsys.readouterr().out
    unit_path = home / ".config" / "systemd" / "user" / UNIT_NAME
    assert f"would write {unit_path}:" in out
    assert "[Service]" in out and f'"{tmp_path / "data"}" "agent"' in out
    assert "would run: systemctl --user enable --now cadence-agent.service" in out
    assert "No user systemd runs here" in out
    assert not unit_path.exists() and not (tmp_path / "data").exists()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_install_verifies_the_unit_and_refuses_one_systemd_would_not_read(
    home, tmp_path, monkeypatch, capsys
):
    data = str(tmp_path / "data")
    assert main(["--data", data, "agent", "install", "--dry-run"]) == 0
    assert "systemd-analyze verify: the unit is valid." in capsys.readouterr().out
    good = agent_service.systemd_unit
    monkeypatch.setattr(
        agent_service, "systemd_unit", lambda argv: good(argv).replace("simple", "simpel")
    )
    assert main(["--data", data, "agent", "install", "--dry-run"]) == 1
    assert main(["--data", data, "agent", "install"]) == 1
    err = capsys.readouterr().err
    assert "systemd-analyze verify finds problems in the unit" in err and "simpel" in err
    assert not (home / ".config" / "systemd" / "user" / UNIT_NAME).exists()


def test_install_without_a_user_systemd_writes_the_unit_and_says_what_to_run(
    home, tmp_path, capsys
):
    assert main(["--data", str(tmp_path / "data"), "agent", "install"]) == 0
    out = capsys.readouterr().out
    unit = home / ".config" / "systemd" / "user" / UNIT_NAME
    assert unit.exists() and "ExecStart=" in unit.read_text(encoding="utf-8")
    assert "No user systemd runs here" in out and "systemctl --user enable --now" in out
    assert "Installed as a systemd user service" in agent_service.installed_description()
    assert main(["agent", "uninstall"]) == 0
    assert not unit.exists()
    capsys.readouterr()
    assert main(["agent", "uninstall"]) == 0
    assert "Nothing to uninstall" in capsys.readouterr().out


def test_install_with_a_user_systemd_enables_and_starts_it(home, tmp_path, monkeypatch, capsys):
    (tmp_path / "run" / "systemd").mkdir()
    (tmp_path / "run" / "systemd" / "private").touch()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls.txt"
    fake = bin_dir / "systemctl"
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert main(["--data", str(tmp_path / "data"), "agent", "install"]) == 0
    assert "installed and running (systemd)" in capsys.readouterr().out
    assert calls.read_text().splitlines() == [
        "--user daemon-reload",
        "--user enable --now cadence-agent.service",
    ]
    assert main(["agent", "uninstall"]) == 0
    assert calls.read_text().splitlines()[2:] == [
        "--user disable --now cadence-agent.service",
        "--user daemon-reload",
    ]
    # A failing systemctl is one sentence and a non-zero exit.
    fake.write_text("#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n", encoding="utf-8")
    assert main(["--data", str(tmp_path / "data"), "agent", "install"]) == 1
    assert "failed: Failed to connect to bus" in capsys.readouterr().err


def test_status_says_whether_an_agent_runs(home, tmp_path, capsys):
    from cadence.services.presence import AgentLock

    data = tmp_path / "data"
    data.mkdir()
    assert main(["--data", str(data), "--lang", "en", "agent", "status"]) == 3
    assert "Agent: not running" in capsys.readouterr().out
    lock = AgentLock(data)
    lock.acquire(since="2027-03-09 20:24:40")
    try:
        assert main(["--data", str(data), "--lang", "en", "agent", "status"]) == 0
        out = capsys.readouterr().out
        assert f"Agent: running (process {os.getpid()}, since 2027-03-09 20:24:40)" in out
        assert "Not installed as a service" in out
    finally:
        lock.release()


def test_a_second_agent_on_a_folder_is_one_sentence(tmp_path, monkeypatch, capsys):
    from cadence.services import presence
    from cadence.services.presence import AgentLock

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(presence, "ACQUIRE_TIMEOUT_S", 0.1)
    data = tmp_path / "data"
    data.mkdir()
    lock = AgentLock(data)
    lock.acquire(since="earlier")
    try:
        assert main(["--data", str(data), "agent"]) == 1
    finally:
        lock.release()
    err = capsys.readouterr().err
    assert err.startswith("cadence: An agent already runs for") and "since earlier" in err


def test_focus_start_minutes_is_checked(tmp_path, capsys):
    for bad in ("0", "181"):
        assert main(["--data", str(tmp_path), "focus", "start", "--minutes", bad]) == 2
        assert "--minutes must be between 1 and 180" in capsys.readouterr().err
