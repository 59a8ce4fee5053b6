"""``cadence agent install | uninstall``: the agent as a per-user service, started at login.

- Linux: a systemd user unit (``~/.config/systemd/user/cadence-agent.service``),
  enabled and started with ``systemctl --user enable --now`` where a user systemd
  runs; where none does, the unit is written and what to run is said.
- macOS: a launchd agent (``~/Library/LaunchAgents/org.cadence.agent.plist``),
  loaded with ``launchctl bootstrap gui/<uid>``.
- Windows: a Task Scheduler task "Cadence agent" that runs at logon (its XML is
  kept in the config folder and imported with ``schtasks /Create /XML``).

The service runs ``<this python> -m cadence --data <folder> agent``. ``--dry-run``
prints what would be written and run, and changes nothing. Where ``systemd-analyze``
exists, the unit is verified with it first (a unit it refuses is not installed). The texts are made by
pure functions (tests check all three on any system).
"""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

UNIT_NAME = "cadence-agent.service"
LAUNCHD_LABEL = "org.cadence.agent"
TASK_NAME = "Cadence agent"
TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"
DESCRIPTION = "Cadence reminders when no Cadence window is open (cadence agent)"
#: Seconds a service manager's command may take.
COMMAND_TIMEOUT_S = 30


def agent_argv(data_dir: Path, platform: str | None = None, python: str | None = None) -> list[str]:
    """The command the service runs: this Python, ``-m cadence --data DIR agent``."""
    platform = platform or sys.platform
    exe = python or sys.executable
    if platform == "win32" and python is None:
        # pythonw.exe runs without a console window.
        windowed = Path(exe).with_name("pythonw.exe")
        if windowed.exists():
            exe = str(windowed)
    return [exe, "-m", "cadence", "--data", str(data_dir), "agent"]


# ---------------------------------------------------------------- the three texts


def systemd_quote(arg: str) -> str:
    """One argument of a unit's command line: quoted, with ``%`` and ``$`` taken literally."""
    quoted = '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return quoted.replace("%", "%%").replace("$", "$$")


def systemd_unit(argv: list[str]) -> str:
    """The systemd user unit."""
    command = " ".join(systemd_quote(a) for a in argv)
    return "\n".join(
        [
            "# Written by `cadence agent install`; `cadence agent uninstall` removes it.",
            "[Unit]",
            f"Description={DESCRIPTION}",
            "",
            "[Service]",
            "Type=simple",
            f"ExecStart={command}",
            "Restart=on-failure",
            "RestartSec=10",
            "Environment=PYTHONIOENCODING=utf-8",
            "",
            "[Install]",
            "WantedBy=default.target",
            "",
        ]
    )


def launchd_plist(argv: list[str], logs: Path) -> bytes:
    """The launchd agent's property list."""
    return plistlib.dumps(
        {
            "Label": LAUNCHD_LABEL,
            "ProgramArguments": argv,
            "RunAtLoad": True,
            "KeepAlive": {"SuccessfulExit": False},
            "ProcessType": "Standard",
            "EnvironmentVariables": {"PYTHONIOENCODING": "utf-8"},
            "StandardOutPath": str(logs / "agent.out"),
            "StandardErrorPath": str(logs / "agent.err"),
        }
    )


def windows_task_xml(argv: list[str], user: str) -> str:
    """The Task Scheduler task: at ``user``'s logon, restarted when it fails, no time limit."""
    ElementTree.register_namespace("", TASK_NS)

    def el(parent: ElementTree.Element, tag: str, text: str | None = None) -> ElementTree.Element:
        node = ElementTree.SubElement(parent, f"{{{TASK_NS}}}{tag}")
        if text is not None:
            node.text = text
        return node

    task = ElementTree.Element(f"{{{TASK_NS}}}Task", {"version": "1.2"})
    info = el(task, "RegistrationInfo")
    el(info, "Description", DESCRIPTION)
    el(info, "URI", "\\" + TASK_NAME)
    trigger = el(el(task, "Triggers"), "LogonTrigger")
    el(trigger, "Enabled", "true")
    el(trigger, "UserId", user)
    principal = el(el(task, "Principals"), "Principal")
    principal.set("id", "Author")
    el(principal, "UserId", user)
    el(principal, "LogonType", "InteractiveToken")
    el(principal, "RunLevel", "LeastPrivilege")
    settings = el(task, "Settings")
    for tag, text in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("ExecutionTimeLimit", "PT0S"),
        ("StartWhenAvailable", "true"),
        ("Enabled", "true"),
        ("Hidden", "false"),
    ):
        el(settings, tag, text)
    restart = el(settings, "RestartOnFailure")
    el(restart, "Interval", "PT1M")
    el(restart, "Count", "3")
    actions = el(task, "Actions")
    actions.set("Context", "Author")
    execute = el(actions, "Exec")
    el(execute, "Command", argv[0])
    el(execute, "Arguments", subprocess.list2cmdline(argv[1:]))
    ElementTree.indent(task)
    body = ElementTree.tostring(task, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-16"?>\n' + body + "\n"


# ---------------------------------------------------------------- where and how


def log_dir() -> Path:
    """Where the agent writes its log (platformdirs' user log folder)."""
    import platformdirs

    return Path(platformdirs.user_log_dir("cadence", appauthor=False))


def _home() -> Path:
    return Path.home()


def systemd_unit_path() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(_home() / ".config")
    return Path(config) / "systemd" / "user" / UNIT_NAME


def launchd_plist_path() -> Path:
    return _home() / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def task_xml_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("cadence", appauthor=False)) / "cadence-agent-task.xml"


def user_systemd_runs() -> bool:
    """Whether ``systemctl --user`` can reach a user service manager here."""
    if shutil.which("systemctl") is None:
        return False
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return (Path(runtime) / "systemd" / "private").exists()


@dataclass
class ServicePlan:
    """What installing (or removing) the agent's service writes and runs."""

    kind: str  # "systemd" | "launchd" | "schtasks"
    path: Path
    content: bytes = b""
    text: str = ""
    commands: list[list[str]] = field(default_factory=list)
    #: Why the commands cannot run here (empty: they can).
    cannot_run: str = ""


def install_plan(data_dir: Path, platform: str | None = None) -> ServicePlan:
    """What ``cadence agent install`` writes and runs on ``platform`` (default: this one)."""
    platform = platform or sys.platform
    argv = agent_argv(data_dir, platform)
    if platform == "darwin":
        content = launchd_plist(argv, log_dir())
        path = launchd_plist_path()
        domain = f"gui/{os.getuid()}" if hasattr(os, "getuid") else "gui/501"
        return ServicePlan(
            "launchd",
            path,
            content,
            content.decode("utf-8"),
            [
                ["launchctl", "bootout", f"{domain}/{LAUNCHD_LABEL}"],
                ["launchctl", "bootstrap", domain, str(path)],
            ],
        )
    if platform == "win32":
        user = os.environ.get("USERNAME", "")
        if os.environ.get("USERDOMAIN"):
            user = os.environ["USERDOMAIN"] + "\\" + user
        text = windows_task_xml(argv, user)
        path = task_xml_path()
        return ServicePlan(
            "schtasks",
            path,
            text.encode("utf-16"),
            text,
            [
                ["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(path), "/F"],
                ["schtasks", "/Run", "/TN", TASK_NAME],
            ],
        )
    text = systemd_unit(argv)
    plan = ServicePlan(
        "systemd",
        systemd_unit_path(),
        text.encode("utf-8"),
        text,
        [
            ["systemctl", "--user", "daemon-reload"],
            ["systemctl", "--user", "enable", "--now", UNIT_NAME],
        ],
    )
    if not user_systemd_runs():
        plan.cannot_run = (
            "No user systemd runs here (systemctl --user cannot reach one), so the agent "
            "is not started."
        )
    return plan


def verify_unit(text: str) -> str | None:
    """What ``systemd-analyze --user verify`` says of the unit: "" when it has nothing to
    say, None when it cannot tell (not installed, or it did not run)."""
    import tempfile

    if shutil.which("systemd-analyze") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="cadence-unit-") as folder:
        unit = Path(folder) / UNIT_NAME
        unit.write_text(text, encoding="utf-8")
        # A runtime folder of its own: the check never talks to the user's manager.
        runtime = Path(folder) / "run"
        runtime.mkdir(mode=0o700)
        try:
            done = subprocess.run(
                ["systemd-analyze", "--user", "verify", str(unit)],
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT_S,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    said = (done.stderr + done.stdout).strip()
    if done.returncode != 0 and not said:
        said = f"exit status {done.returncode}"
    return said.replace(folder + os.sep, "") if said else ""


def _verified(plan: ServicePlan) -> bool:
    """Check a systemd unit where systemd-analyze exists; say what it found."""
    if plan.kind != "systemd":
        return True
    said = verify_unit(plan.text)
    if said is None:
        return True
    if said:
        print(f"systemd-analyze verify finds problems in the unit:\n{said}", file=sys.stderr)
        return False
    print("systemd-analyze verify: the unit is valid.")
    return True


def uninstall_plan(platform: str | None = None) -> ServicePlan:
    """What ``cadence agent uninstall`` runs and removes."""
    platform = platform or sys.platform
    if platform == "darwin":
        domain = f"gui/{os.getuid()}" if hasattr(os, "getuid") else "gui/501"
        return ServicePlan(
            "launchd",
            launchd_plist_path(),
            commands=[["launchctl", "bootout", f"{domain}/{LAUNCHD_LABEL}"]],
        )
    if platform == "win32":
        return ServicePlan(
            "schtasks",
            task_xml_path(),
            commands=[
                ["schtasks", "/End", "/TN", TASK_NAME],
                ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"],
            ],
        )
    plan = ServicePlan(
        "systemd",
        systemd_unit_path(),
        commands=[["systemctl", "--user", "disable", "--now", UNIT_NAME]],
    )
    if not user_systemd_runs():
        plan.cannot_run = "No user systemd runs here: nothing to stop."
    return plan


def _run(command: list[str], *, check: bool) -> bool:
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        if check:
            print(f"cadence: `{shlex.join(command)}` failed: {exc}", file=sys.stderr)
        return False
    if done.returncode != 0 and check:
        detail = (done.stderr or done.stdout).strip().splitlines()
        why = detail[-1] if detail else f"exit status {done.returncode}"
        print(f"cadence: `{shlex.join(command)}` failed: {why}", file=sys.stderr)
    return done.returncode == 0


def install(data_dir: Path, *, dry_run: bool = False, platform: str | None = None) -> int:
    """Write the service's file and start it (or, dry, say what that would do)."""
    plan = install_plan(data_dir, platform)
    if dry_run:
        print(f"would write {plan.path}:")
        print(plan.text.rstrip("\n"))
        ok = _verified(plan)
        for command in plan.commands:
            print(f"would run: {shlex.join(command)}")
        if plan.cannot_run:
            print(plan.cannot_run)
        return 0 if ok else 1
    if not _verified(plan):
        return 1
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    plan.path.write_bytes(plan.content)
    print(f"wrote {plan.path}")
    if plan.cannot_run:
        print(plan.cannot_run)
        print("Once one runs (or on the next login with one):")
        for command in plan.commands:
            print(f"  {shlex.join(command)}")
        print("Or start `cadence agent` from your session's autostart.")
        return 0
    first = True
    for command in plan.commands:
        # launchd: "bootout" of an agent not loaded yet fails, and that is fine.
        optional = plan.kind == "launchd" and first
        first = False
        if not _run(command, check=not optional) and not optional:
            return 1
    print(f"The agent is installed and running ({plan.kind}); `cadence agent status` shows it.")
    return 0


def uninstall(*, dry_run: bool = False, platform: str | None = None) -> int:
    """Stop the service and remove its file (or, dry, say what that would do)."""
    plan = uninstall_plan(platform)
    if not plan.path.exists():
        print(f"Nothing to uninstall: {plan.path} does not exist.")
        return 0
    if dry_run:
        for command in [] if plan.cannot_run else plan.commands:
            print(f"would run: {shlex.join(command)}")
        print(f"would remove {plan.path}")
        if plan.kind == "systemd" and not plan.cannot_run:
            print("would run: systemctl --user daemon-reload")
        return 0
    if not plan.cannot_run:
        for command in plan.commands:
            _run(command, check=False)  # stopping what is not running is fine
    plan.path.unlink()
    print(f"removed {plan.path}")
    if plan.kind == "systemd" and not plan.cannot_run:
        _run(["systemctl", "--user", "daemon-reload"], check=False)
    return 0


def installed_description(platform: str | None = None) -> str:
    """Whether the agent is installed as a service here (one line)."""
    plan = uninstall_plan(platform)
    names = {
        "systemd": "a systemd user service",
        "launchd": "a launchd agent",
        "schtasks": "a Task Scheduler task",
    }
    if plan.path.exists():
        return f"Installed as {names[plan.kind]} ({plan.path})."
    return "Not installed as a service (cadence agent install)."
