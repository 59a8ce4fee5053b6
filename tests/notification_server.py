"""A private D-Bus session bus with a recording notification server on it (tests only).

``notification_bus(folder)`` (a context manager; test modules wrap it in their own
``session_bus`` fixture) starts ``dbus-daemon`` and a tiny ``org.freedesktop.Notifications`` server that writes every notification
it receives, with the moment it came, as a JSON line; ``received(path)`` reads them.
Both processes are killed when the test ends.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVER = textwrap.dedent(
    """
    import json, sys, time
    from jeepney import MessageType, HeaderFields, new_method_return
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    address, out = sys.argv[1], sys.argv[2]
    conn = open_dbus_connection(bus=address)
    reply = conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications", 4))
    print("ready", reply.body[0], flush=True)
    serial = 0
    while True:
        msg = conn.receive()
        if msg.header.message_type != MessageType.method_call:
            continue
        member = msg.header.fields.get(HeaderFields.member)
        if member == "Notify":
            app, _replaces, _icon, summary, body, _actions, _hints, _timeout = msg.body
            serial += 1
            with open(out, "a", encoding="utf-8") as f:
                line = {"app": app, "summary": summary, "body": body, "t": time.time()}
                f.write(json.dumps(line) + "\\n")
            conn.send(new_method_return(msg, "u", (serial,)))
        elif member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", ("test", "cadence", "1", "1.2")))
        elif member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (["body"],)))
        else:
            conn.send(new_method_return(msg))
    """
)


@contextlib.contextmanager
def notification_bus(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``(bus address, record path)`` of a private session bus with a recording server."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed (apt-get install dbus-daemon libnotify-bin)")
    pytest.importorskip("jeepney", reason="the test notification server needs jeepney")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--print-address", "--nofork", "--nopidfile"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    server = None
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address.startswith("unix:"), address
        record = tmp_path / "received.jsonl"
        script = tmp_path / "server.py"
        script.write_text(SERVER, encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, str(script), address, str(record)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("ready 1"), line + (server.stderr.read() if server.stderr else "")
        yield address, record
    finally:
        for proc in (server, daemon):
            if proc is not None:
                proc.kill()
                proc.wait()


def received(record: Path) -> list[dict]:
    """The notifications the server got so far, oldest first."""
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


def wait_for(record: Path, count: int, timeout: float) -> list[dict]:
    """Wait until ``count`` notifications came (or ``timeout`` seconds); returns them all."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = received(record)
        if len(got) >= count:
            return got
        time.sleep(0.1)
    return received(record)
