"""The same sync against a second server, Xandikos (git-backed), where it installs and runs.

Xandikos serves HTTP Basic auth only over TLS (``--htpasswd`` needs ``--autocert``),
so here it runs without a password on 127.0.0.1; Radicale covers the password.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence.data.models import Deliverable
from tests.sync.conftest import Account, DavServer, free_port, remote_components, wait_for_port


def _xandikos() -> str | None:
    found = shutil.which("xandikos") or str(Path(sys.executable).with_name("xandikos"))
    return found if Path(found).exists() else None


@pytest.fixture(scope="module")
def xandikos(tmp_path_factory) -> Iterator[DavServer]:
    binary = _xandikos()
    if binary is None:
        pytest.skip("xandikos is not installed (pip install xandikos)")
    folder = tmp_path_factory.mktemp("xandikos")
    port = free_port()
    log = folder / "xandikos.log"
    args = [
        binary, "serve", "-d", str(folder / "data"), "--defaults",
        "-l", "127.0.0.1", "-p", str(port), "--no-detect-systemd",
        "--current-user-principal", "/alice/", "--state-dir", str(folder / "state"),
    ]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    server = DavServer(f"http://127.0.0.1:{port}/", proc, log=log)
    try:
        wait_for_port(port, proc, log)
    except RuntimeError as exc:
        server.stop()
        pytest.skip(f"xandikos does not run here: {exc}")
    yield server
    server.stop()


def test_sync_with_xandikos_round_trip(xandikos, cadence, data_dir, open_repo, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("unused-by-xandikos\n", encoding="utf-8")
    account = Account(xandikos.base, "alice", "unused-by-xandikos", secret)
    repo = open_repo(data_dir).repo
    card = Deliverable(title="Case study: search ranking", due="2026-12-11", column="week")
    repo.save_card(card)
    setup = cadence(
        "--data", str(data_dir), "sync", "setup", "--url", account.url,
        "--username", "alice", "--password-command", account.command,
    )  # fmt: skip
    assert setup.code == 0, setup.err

    first = cadence("--data", str(data_dir), "sync")
    assert first.code == 0, first.err
    comps = remote_components(account)
    events = [v for v in comps.values() if v[1].walk("VEVENT")]
    assert len(events) > 20
    series = next(v for v in events if "RRULE" in v[1].walk("VEVENT")[0])
    assert series[1].walk("VTIMEZONE")
    uid = f"cadence-todo-{card.id}@cadence"
    assert str(comps[uid][1].walk("VTODO")[0]["STATUS"]) == "NEEDS-ACTION"

    second = cadence("--data", str(data_dir), "sync")
    assert "In sync: nothing to change." in second.out
    assert {u: v[0] for u, v in remote_components(account).items()} == {
        u: v[0] for u, v in comps.items()
    }

    comps[uid][2].complete()
    third = cadence("--data", str(data_dir), "sync")
    assert "completed on the server" in third.out
    assert next(c for c in repo.cards() if c.id == card.id).column == "done"
    assert "In sync: nothing to change." in cadence("--data", str(data_dir), "sync").out
