"""Real CalDAV servers on 127.0.0.1 for the sync tests, and a data folder to sync.

Each test module starts its own Radicale (htpasswd, its own storage in a temp folder,
stopped at the end); each test gets its own user on it, so tests share nothing and run
in parallel. The keyring and the config folder are the test's own: the real user's are
never touched.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cadence.clock import FakeClock
from cadence.i18n import set_language

NOW = "2026-12-01T20:45"
TZ = "Asia/Shanghai"
_users = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, limit: float = 20.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not start")


@dataclass
class DavServer:
    """A CalDAV server process on 127.0.0.1."""

    base: str
    proc: subprocess.Popen
    users_file: Path | None = None
    log: Path | None = None
    users: list[str] = field(default_factory=list)

    def add_user(self, name: str, password: str) -> None:
        assert self.users_file is not None
        with open(self.users_file, "a", encoding="utf-8") as handle:
            handle.write(f"{name}:{password}\n")
        self.users.append(name)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_radicale(folder: Path, port: int | None = None) -> DavServer:
    """Radicale on 127.0.0.1 (a free port unless given), its users and storage in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    users = folder / "users"
    if not users.exists():
        users.write_text("", encoding="utf-8")
    port = port or free_port()
    log = folder / "radicale.log"
    args = [
        sys.executable, "-m", "radicale", "--config", "",
        "--server-hosts", f"127.0.0.1:{port}",
        "--auth-type", "htpasswd",
        "--auth-htpasswd-filename", str(users),
        "--auth-htpasswd-encryption", "plain",
        "--storage-filesystem-folder", str(folder / "collections"),
        "--rights-type", "owner_only",
        "--logging-level", "warning",
        "--auth-delay", "0",
    ]  # fmt: skip
    with open(log, "ab") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    server = DavServer(f"http://127.0.0.1:{port}/", proc, users, log)
    try:
        wait_for_port(port, proc, log)
    except Exception:
        server.stop()
        raise
    return server


@pytest.fixture(scope="module")
def radicale(tmp_path_factory) -> Iterator[DavServer]:
    server = start_radicale(tmp_path_factory.mktemp("radicale"))
    yield server
    server.stop()


@dataclass
class Account:
    url: str
    username: str
    password: str
    secret_file: Path

    @property
    def command(self) -> str:
        return f"cat {self.secret_file}"


@pytest.fixture
def account(radicale: DavServer, tmp_path: Path) -> Account:
    """A fresh user on the module's Radicale, its password in a file outside the data folder."""
    name = f"u{os.getpid()}x{next(_users)}"
    password = f"pw-{name}-Zq7!"
    radicale.add_user(name, password)
    secret = tmp_path / "secret"
    secret.write_text(password + "\n", encoding="utf-8")
    return Account(radicale.base, name, password, secret)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The test's own config folder and keyring (none that works); a fixed clock."""
    import keyring
    import keyring.core
    from keyring.backends import fail

    monkeypatch.setenv("CADENCE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("CADENCE_NOW", NOW)
    monkeypatch.delenv("CADENCE_SYNC_PASSWORD", raising=False)
    monkeypatch.delenv("CADENCE_SYNC_TIMEOUT", raising=False)
    monkeypatch.delenv("CADENCE_DATA_DIR", raising=False)
    previous = keyring.core._keyring_backend
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.core._keyring_backend = previous


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder with the seed plan, its zone Asia/Shanghai, reminders 10 min ahead."""
    from cadence.runtime import open_runtime

    folder = tmp_path / "data"
    set_language("en")
    runtime = open_runtime(folder, language="en", interactive=False, clock=FakeClock(NOW, tz=TZ))
    settings = runtime.repo.settings()
    settings.reminder_lead_min = 10
    runtime.repo.save_settings(settings)
    runtime.close()
    return folder


@pytest.fixture
def small_plan(data_dir: Path) -> Path:
    """The data folder with two blocks per day template: a first sync of a few events, not 44,
    for tests about to-dos, errors and decisions rather than the schedule's content."""
    from cadence.runtime import open_runtime

    runtime = open_runtime(data_dir, language="en", interactive=False, clock=FakeClock(NOW, tz=TZ))
    templates = runtime.repo.plan().templates
    for template in templates:
        template.blocks = template.blocks[:2]
    runtime.repo.save_templates(templates)
    runtime.close()
    return data_dir


@pytest.fixture
def open_repo() -> Iterator[Callable[[Path], object]]:
    """Open a data folder's runtime (closed at the end)."""
    from cadence.runtime import open_runtime

    made = []

    def open_(folder: Path):
        runtime = open_runtime(
            folder, language="en", interactive=False, clock=FakeClock(NOW, tz=TZ)
        )
        made.append(runtime)
        return runtime

    yield open_
    for runtime in made:
        runtime.close()


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cadence(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``cadence ARGS`` in this process; its exit code, stdout and stderr."""
    from cadence.cli import main

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def setup_args(data: Path, acc: Account, *extra: str) -> list[str]:
    return [
        "--data", str(data), "sync", "setup",
        "--url", acc.url, "--username", acc.username,
        "--password-command", acc.command, *extra,
    ]  # fmt: skip


def remote_calendar(acc: Account, name: str = "Cadence"):
    """The calendar ``name`` read by an independent client (the ``caldav`` library)."""
    import caldav

    client = caldav.DAVClient(url=acc.url, username=acc.username, password=acc.password)
    for cal in client.principal().calendars():
        if cal.get_display_name() == name:
            return cal
    raise AssertionError(f"no calendar {name!r} on the server")


def remote_components(acc: Account, name: str = "Cadence") -> dict[str, object]:
    """UID -> (etag, icalendar Calendar) of every object, read with the library's search."""
    from icalendar import Calendar

    cal = remote_calendar(acc, name)
    out = {}
    for obj in cal.search(event=True) + cal.search(todo=True, include_completed=True):
        ical = Calendar.from_ical(obj.data)
        comp = next(c for c in ical.subcomponents if c.name in ("VEVENT", "VTODO"))
        out[str(comp["UID"])] = (obj.etag, ical, obj)
    return out


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with contextlib.suppress(OSError):
                out[str(path.relative_to(folder))] = path.read_bytes()
    return out
