"""Every way a sync can fail gives one sentence, a non-zero exit, and changes nothing here.

Servers: a Radicale started for this module (and one per test where it is stopped),
a socket that accepts and never answers, an HTTP server that fails with 5xx, and a TLS
server with a self-signed certificate — all on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import socket
import ssl
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence.data.models import Deliverable
from tests.sync.conftest import (
    folder_bytes,
    remote_components,
    setup_args,
    start_radicale,
)


def _one_sentence(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("cadence: ")
    return lines[0]


def _without_state(files: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if not k.startswith("sync.json")}


def _setup(cadence, data_dir, account, *extra):
    result = cadence(*setup_args(data_dir, account, *extra))
    assert result.code == 0, result.err
    return result


def _sync(cadence, data_dir, *extra):
    return cadence("--data", str(data_dir), "sync", *extra)


def _save_account(open_repo, data_dir, url: str) -> None:
    """An account saved without the setup's server check (for servers that never answer)."""
    from cadence.sync import state

    repo = open_repo(data_dir).repo
    state.save_account(repo, state.Account(url=url, username="alice"), reset_items=True)


# ---------------------------------------------------------------- servers that misbehave


@pytest.fixture
def black_hole() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _addr = server.accept()
            except OSError:
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


class _Failing(http.server.BaseHTTPRequestHandler):
    status = 500

    def _fail(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(self.status, "Internal Server Error")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_PROPFIND = do_REPORT = do_OPTIONS = _fail

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def failing_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[str]:
    """HTTPS with a certificate nobody trusts."""
    cert, key = _self_signed(tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


# ---------------------------------------------------------------- the tests


def test_with_the_server_stopped_sync_fails_and_changes_nothing_here(
    cadence, data_dir, tmp_path, open_repo, small_plan
):
    from tests.sync.conftest import Account

    server = start_radicale(tmp_path / "own-radicale")
    try:
        server.add_user("alice", "pw-alice-9")
        secret = tmp_path / "secret"
        secret.write_text("pw-alice-9\n", encoding="utf-8")
        account = Account(server.base, "alice", "pw-alice-9", secret)
        _setup(cadence, data_dir, account)
        assert _sync(cadence, data_dir).code == 0
        repo = open_repo(data_dir).repo
        card = Deliverable(title="Write the PRD", due="2026-12-15", column="week")
        repo.save_card(card)
    finally:
        server.stop()
    before = folder_bytes(data_dir)

    result = _sync(cadence, data_dir)

    assert result.code != 0
    line = _one_sentence(result.err)
    assert "Cannot reach the server at 127.0.0.1" in line
    assert "nothing was changed here" in line
    after = folder_bytes(data_dir)
    assert _without_state(after) == _without_state(before)

    # The next sync picks up once the server is back (same storage, same address).
    port = int(account.url.rsplit(":", 1)[1].strip("/"))
    again = start_radicale(tmp_path / "own-radicale", port=port)
    try:
        assert _sync(cadence, data_dir).code == 0
        assert f"cadence-todo-{card.id}@cadence" in remote_components(account)
    finally:
        again.stop()


def test_a_wrong_password_is_refused_at_setup_and_at_sync(cadence, data_dir, account, small_plan):
    before = folder_bytes(data_dir)
    account.secret_file.write_text("not-the-password\n", encoding="utf-8")

    result = cadence(*setup_args(data_dir, account))

    assert result.code != 0
    assert "refused the user name or password (401)" in _one_sentence(result.err)
    assert folder_bytes(data_dir) == before  # nothing saved

    account.secret_file.write_text(account.password + "\n", encoding="utf-8")
    _setup(cadence, data_dir, account)
    assert _sync(cadence, data_dir).code == 0
    account.secret_file.write_text("changed-since\n", encoding="utf-8")
    before = folder_bytes(data_dir)
    result = _sync(cadence, data_dir)
    assert result.code != 0
    assert "(401)" in _one_sentence(result.err)
    assert folder_bytes(data_dir) == before


def test_a_wrong_address_is_a_404_and_another_users_is_a_403(cadence, data_dir, account):
    from dataclasses import replace

    before = folder_bytes(data_dir)
    missing = replace(account, url=f"{account.url}{account.username}/no-such-thing/")
    result = cadence(*setup_args(data_dir, missing))
    assert result.code != 0
    assert "(404)" in _one_sentence(result.err)
    assert "no-such-thing" in result.err

    forbidden = replace(account, url=f"{account.url}someone-else/")
    result = cadence(*setup_args(data_dir, forbidden))
    assert result.code != 0
    assert "(403)" in _one_sentence(result.err)
    assert folder_bytes(data_dir) == before


def test_a_calendar_that_is_not_there_is_named(cadence, data_dir, account):
    before = folder_bytes(data_dir)
    result = cadence(*setup_args(data_dir, account, "--calendar", "Holidays"))
    assert result.code != 0
    assert "no calendar 'Holidays'" in _one_sentence(result.err)
    assert folder_bytes(data_dir) == before


def test_an_event_changed_between_read_and_write_is_a_412(
    cadence, data_dir, account, open_repo, monkeypatch, small_plan
):
    from cadence.sync.client import CalDAVServer

    _setup(cadence, data_dir, account)
    assert _sync(cadence, data_dir).code == 0
    repo = open_repo(data_dir).repo
    templates = repo.plan().templates
    block = templates[0].blocks[0]
    block.start = "06:20"
    repo.save_templates(templates)
    uid = f"cadence-{repo.plan().id}-{templates[0].id}-{block.id}@cadence"

    real_objects = CalDAVServer.objects

    def objects_then_someone_edits(self, url, known=None):
        found = real_objects(self, url, known)
        obj = remote_components(account)[uid][2]  # the phone, right after our read
        obj.icalendar_component["SUMMARY"] = "Edited on the phone"
        obj.save()
        return found

    monkeypatch.setattr(CalDAVServer, "objects", objects_then_someone_edits)
    before = folder_bytes(data_dir)
    result = _sync(cadence, data_dir)

    assert result.code != 0
    line = _one_sentence(result.err)
    assert "(412)" in line and "nothing was changed here" in line
    assert folder_bytes(data_dir) == before
    monkeypatch.undo()
    # The next sync sees the phone's edit and says so before replacing it.
    again = _sync(cadence, data_dir)
    assert again.code == 0, again.err
    assert "was edited on the server" in again.out


def test_a_server_that_never_answers_times_out(
    cadence, data_dir, black_hole, open_repo, monkeypatch
):
    from cadence.sync.client import DEFAULT_TIMEOUT, timeout_from_env

    assert DEFAULT_TIMEOUT <= 10
    assert timeout_from_env({}) == DEFAULT_TIMEOUT
    assert timeout_from_env({"CADENCE_SYNC_TIMEOUT": "60"}) == DEFAULT_TIMEOUT
    _save_account(open_repo, data_dir, black_hole)
    monkeypatch.setenv("CADENCE_SYNC_PASSWORD", "whatever")
    monkeypatch.setenv("CADENCE_SYNC_TIMEOUT", "1")
    before = folder_bytes(data_dir)

    started = time.monotonic()
    result = _sync(cadence, data_dir)
    took = time.monotonic() - started

    assert result.code != 0
    assert "did not answer within 1 s" in _one_sentence(result.err)
    assert took < 5
    assert _without_state(folder_bytes(data_dir)) == _without_state(before)


def test_a_server_error_is_reported(cadence, data_dir, failing_server, open_repo, monkeypatch):
    _save_account(open_repo, data_dir, failing_server)
    monkeypatch.setenv("CADENCE_SYNC_PASSWORD", "whatever")
    before = folder_bytes(data_dir)

    result = _sync(cadence, data_dir)

    assert result.code != 0
    line = _one_sentence(result.err)
    assert "failed (500" in line and "try again later" in line
    assert _without_state(folder_bytes(data_dir)) == _without_state(before)


def test_an_untrusted_certificate_is_refused(cadence, data_dir, tls_server, open_repo, monkeypatch):
    _save_account(open_repo, data_dir, tls_server)
    monkeypatch.setenv("CADENCE_SYNC_PASSWORD", "whatever")
    before = folder_bytes(data_dir)

    result = _sync(cadence, data_dir)

    assert result.code != 0
    assert "certificate could not be verified" in _one_sentence(result.err)
    assert _without_state(folder_bytes(data_dir)) == _without_state(before)


def test_sync_before_setup_says_how(cadence, data_dir):
    result = _sync(cadence, data_dir)
    assert result.code != 0
    assert "cadence sync setup --url URL --username NAME" in _one_sentence(result.err)


def test_the_password_never_reaches_the_data_folder(
    cadence, data_dir, account, monkeypatch, small_plan
):
    import sys

    from cadence.sync.credentials import password_file

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": account.password)
    result = cadence(
        "--data", str(data_dir), "sync", "setup", "--url", account.url,
        "--username", account.username,
    )  # fmt: skip
    assert result.code == 0, result.err
    # No keyring works in the test: the password is in a 0600 file in the config folder.
    path = password_file()
    assert "readable by you only" in result.out and str(path) in result.out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert account.password.encode() in path.read_bytes()
    assert not path.is_relative_to(data_dir)

    assert _sync(cadence, data_dir).code == 0
    secret = account.password.encode()
    for name, data in folder_bytes(data_dir).items():
        assert secret not in data, name

    removed = cadence("--data", str(data_dir), "sync", "setup", "--remove")
    assert removed.code == 0
    assert "forgot the account" in removed.out
    assert secret not in path.read_bytes() if path.exists() else True
    assert "not set up" in _sync(cadence, data_dir).err


def test_the_password_goes_to_a_working_keyring_and_nowhere_else(
    cadence, data_dir, account, monkeypatch, small_plan
):
    import sys

    import keyring
    from keyring.backend import KeyringBackend

    from cadence.sync.credentials import SERVICE, password_file

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": account.password)
    result = cadence(
        "--data", str(data_dir), "sync", "setup", "--url", account.url,
        "--username", account.username,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "system keyring" in result.out
    assert list(memory.store.values()) == [account.password]
    assert next(iter(memory.store))[0] == SERVICE
    assert not password_file().exists()
    assert _sync(cadence, data_dir).code == 0
    for name, data in folder_bytes(data_dir).items():
        assert account.password.encode() not in data, name
    assert cadence("--data", str(data_dir), "sync", "setup", "--remove").code == 0
    assert memory.store == {}


def test_a_password_command_holding_the_password_is_refused(cadence, data_dir, account):
    before = folder_bytes(data_dir)
    result = cadence(
        "--data", str(data_dir), "sync", "setup", "--url", account.url,
        "--username", account.username, "--password-command", f"echo {account.password}",
    )  # fmt: skip
    assert result.code != 0
    assert "holds the password itself" in _one_sentence(result.err)
    assert folder_bytes(data_dir) == before


def test_scripts_give_the_password_in_the_environment(
    cadence, data_dir, account, monkeypatch, small_plan
):
    monkeypatch.setenv("CADENCE_SYNC_PASSWORD", account.password)
    result = cadence(
        "--data", str(data_dir), "sync", "setup", "--url", account.url,
        "--username", account.username,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "not stored" in result.out
    assert _sync(cadence, data_dir).code == 0
    monkeypatch.delenv("CADENCE_SYNC_PASSWORD")
    result = _sync(cadence, data_dir)
    assert result.code != 0
    assert "No password for" in _one_sentence(result.err)
