"""Every command and the UI's start answer a bad condition with one sentence and a non-zero
exit, never a traceback, and leave the data folder byte for byte as it was."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence.cli import main
from cadence.data import storage
from cadence.data.errors import describe_error
from cadence.i18n import set_language

NOW = "2026-12-01T20:45"
TZ = "Asia/Shanghai"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# Root passes every permission check; these drop the powers that do so (as a user would be).
NO_ROOT_POWERS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file's bytes and every entry's mode (lock files are the lock's, not data)."""
    out: dict[str, tuple[bytes | None, int]] = {".": (None, stat.S_IMODE(folder.stat().st_mode))}
    for p in sorted(folder.rglob("*")):
        if p.name.endswith(".lock"):
            continue
        mode = stat.S_IMODE(p.lstat().st_mode)
        out[str(p.relative_to(folder))] = (p.read_bytes() if p.is_file() else None, mode)
    return out


def cadence(
    *args: str, env: dict[str, str] | None = None, user: bool = False
) -> subprocess.CompletedProcess:
    """``cadence ARGS`` in a child process; ``user`` runs it without root's powers."""
    command = [sys.executable, "-m", "cadence", *args]
    if user and AS_ROOT:
        if shutil.which("setpriv") is None:
            pytest.skip("needs setpriv to drop root's powers")
        command = NO_ROOT_POWERS + command
    environ = {**os.environ, "CADENCE_NOW": NOW, "TZ": TZ, "LANG": "C.UTF-8", **(env or {})}
    environ.pop("CADENCE_DATA_DIR", None)
    return subprocess.run(command, env=environ, capture_output=True, text=True, timeout=60)


def one_sentence(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode != 0, done
    assert "Traceback" not in done.stderr, done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith("cadence: "), done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a plan, settings and a running timer."""
    monkeypatch.setenv("CADENCE_NOW", NOW)
    monkeypatch.setenv("TZ", TZ)
    folder = tmp_path / "data"
    assert main(["--data", str(folder), "focus", "start", "--label", "RAG"]) == 0
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    err = capsys.readouterr().err
    return code, err


# ---------------------------------------------------------------- a full disk


class _FullDisk:
    """``os`` as the storage module sees it, with every write failing: the disk is full."""

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    @staticmethod
    def write(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_one_sentence_and_changes_nothing(data, capsys, monkeypatch) -> None:
    before = snapshot(data)
    monkeypatch.setattr(storage, "os", _FullDisk())
    code, err = run(capsys, "--data", str(data), "focus", "stop")
    assert code == 1
    assert err.startswith("cadence: The disk is full:") and "could not be written" in err
    assert len(err.strip().splitlines()) == 1
    monkeypatch.undo()
    assert snapshot(data) == before  # no temp file left, nothing half written
    assert main(["--data", str(data), "status"]) == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB tmpfs, when this machine lets us mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not AS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True)  # fmt: skip
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> None:
    with open(disk / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 1024)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_really_full_disk_commands_and_the_ui_start(tiny_disk: Path) -> None:
    folder = tiny_disk / "data"
    assert cadence("--data", str(folder), "focus", "start", "--label", "RAG").returncode == 0
    fill(tiny_disk)
    before = snapshot(folder)
    done = cadence("--data", str(folder), "focus", "stop")
    one_sentence(done, "The disk is full")
    assert snapshot(folder) == before
    assert cadence("--data", str(folder), "status").returncode == 0
    # The UI still opens, read-only, and shows the data.
    probe = (
        "from pathlib import Path; from cadence.runtime import open_runtime;"
        f"r = open_runtime(Path({str(folder)!r}), language='en', interactive=True);"
        "print(r.read_only, '|', r.read_only_reason, '|', r.repo.timer_state().label,"
        " '|', len(r.repo.goals()))"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           env={**os.environ, "CADENCE_NOW": NOW, "TZ": TZ}, timeout=60)  # fmt: skip
    read_only, reason, label, goals = (x.strip() for x in shown.stdout.split("|"))
    assert read_only == "True" and "The disk is full" in reason
    assert label == "RAG" and int(goals) > 10
    assert snapshot(folder) == before


# ---------------------------------------------------------------- permissions


def test_a_folder_made_read_only_stays_so_and_says_why(data: Path) -> None:
    os.chmod(data, 0o500)
    try:
        before = snapshot(data)
        done = cadence("--data", str(data), "focus", "stop", user=True)
        one_sentence(done, "Permission denied: you cannot use", str(data))
        assert snapshot(data) == before  # and not chmod-ed back to 0700
        assert cadence("--data", str(data), "status", user=True).returncode == 0
        probe = (
            "from pathlib import Path; from cadence.runtime import open_runtime;"
            f"r = open_runtime(Path({str(data)!r}), language='en', interactive=True);"
            "print(r.read_only, '|', r.read_only_reason)"
        )
        command = [sys.executable, "-c", probe]
        if AS_ROOT:
            command = NO_ROOT_POWERS + command
        shown = subprocess.run(command, capture_output=True, text=True, timeout=60,
                               env={**os.environ, "CADENCE_NOW": NOW, "TZ": TZ})  # fmt: skip
        assert shown.stdout.startswith("True | Permission denied"), shown
        assert snapshot(data) == before
    finally:
        os.chmod(data, 0o700)


def test_a_folder_that_is_not_yours(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    (folder / "settings.json").write_text("{}", encoding="utf-8")
    if AS_ROOT:
        os.chown(folder, 65534, 65534)  # nobody's
    else:
        os.chmod(folder, 0o000)
    try:
        before = snapshot(folder) if AS_ROOT else None
        for args in (("focus", "start"), ("status",), ("export", "--format", "md"), ()):
            done = cadence("--data", str(folder), *args, user=True)
            one_sentence(done, "Permission denied: you cannot use", str(folder))
        if before is not None:
            assert snapshot(folder) == before
    finally:
        os.chmod(folder, 0o700)


# ---------------------------------------------------------------- wrong kinds of paths


@pytest.mark.parametrize(
    "args",
    [("focus", "start"), ("status",), ("export", "--format", "md"), ("plan", "export"), ()],
    ids=["focus start", "status", "export", "plan export", "the UI"],
)
def test_data_naming_a_regular_file(tmp_path: Path, args: tuple[str, ...]) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine\n", encoding="utf-8")
    done = cadence("--data", str(afile), *args)
    one_sentence(done, f"{afile} is a file, not a folder.")
    assert afile.read_text(encoding="utf-8") == "mine\n"


def test_plan_import_of_a_folder_or_a_broken_file_creates_nothing(tmp_path, capsys) -> None:
    new = tmp_path / "new"
    code, err = run(capsys, "--data", str(new), "plan", "import", str(tmp_path))
    assert code == 2 and f"{tmp_path} is a folder, not a file." in err
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [", encoding="utf-8")
    code, err = run(capsys, "--data", str(new), "plan", "import", str(bad))
    assert code == 2 and "not valid TOML" in err and "nothing was changed" in err
    assert not new.exists()


def test_plan_import_of_a_folder_changes_nothing_in_a_folder_with_data(data, capsys) -> None:
    before = snapshot(data)
    code, err = run(capsys, "--data", str(data), "plan", "import", str(data))
    assert code == 2 and "is a folder, not a file" in err
    assert snapshot(data) == before


# ---------------------------------------------------------------- the clock


@pytest.mark.parametrize(
    ("now", "message"),
    [
        ("yesterday-ish", "is not an ISO date and time"),
        ("9999-12-31T23:59", "is outside the years 1970 to 2200"),
        ("1960-01-01T00:00", "is outside the years 1970 to 2200"),
    ],
)
def test_a_bad_clock_is_refused_and_no_timer_is_saved(data, capsys, monkeypatch, now, message):
    before = snapshot(data)
    monkeypatch.setenv("CADENCE_NOW", now)
    for args in (("status",), ("focus", "stop"), ("focus", "start")):
        code, err = run(capsys, "--data", str(data), *args)
        assert code != 0 and err.startswith("cadence: CADENCE_NOW=") and message in err
    assert snapshot(data) == before


# ---------------------------------------------------------------- where exports go


def test_export_out_writes_into_a_device_and_never_replaces_it(data, tmp_path, capsys) -> None:
    if AS_ROOT:
        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null device of our own
    else:
        device = Path("/dev/null")
    before = snapshot(data)
    code, _err = run(capsys, "--data", str(data), "export", "--format", "md", "--out", str(device))
    assert code == 0
    assert stat.S_ISCHR(device.stat().st_mode)  # still a device, not a file
    code, err = run(
        capsys, "--data", str(data), "export", "--format", "json", "--out", str(tmp_path)
    )
    assert code == 1 and f"{tmp_path} is a folder, not a file." in err
    assert snapshot(data) == before


def test_export_out_through_a_link_keeps_the_link(data, tmp_path, capsys) -> None:
    target = tmp_path / "reports" / "week.md"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    code, _err = run(capsys, "--data", str(data), "export", "--format", "md", "--out", str(link))
    assert code == 0 and link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("#")


def test_plan_export_file_is_private(data, tmp_path, capsys) -> None:
    out = tmp_path / "plan.toml"
    code, _err = run(capsys, "--data", str(data), "plan", "export", str(out))
    assert code == 0 and stat.S_IMODE(out.stat().st_mode) == 0o600


def test_pre_import_backups_are_private(data, tmp_path, capsys) -> None:
    out = tmp_path / "all.json"
    assert main(["--data", str(data), "export", "--format", "json", "--out", str(out)]) == 0
    main(["--data", str(data), "focus", "stop"])
    assert main(["--data", str(data), "import", str(out)]) == 0
    (backup,) = (data / "backups").glob("pre-import-*")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in backup.iterdir()} == {0o600}


# ---------------------------------------------------------------- --read-only


def test_read_only_never_creates_or_chmods_the_folder(tmp_path: Path) -> None:
    from cadence.clock import FakeClock
    from cadence.runtime import open_runtime

    missing = tmp_path / "nowhere"
    runtime = open_runtime(missing, language="en", interactive=True, read_only=True,
                           clock=FakeClock(NOW, tz=TZ))  # fmt: skip
    assert runtime.read_only and runtime.repo.cards() == [] and not missing.exists()
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    open_runtime(shared, language="en", interactive=True, read_only=True,
                 clock=FakeClock(NOW, tz=TZ)).close()  # fmt: skip
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755 and list(shared.iterdir()) == []


def test_status_and_exports_to_stdout_cannot_drive_the_terminal(data, capsys) -> None:
    # Labels and titles written before text was cleaned on the way in (a hand edit).
    for name, old, new in (
        ("timer.json", b'"RAG"', b'"RAG\\u001b]0;pwned\\u0007"'),
        ("plan.json", b'"name": "', b'"name": "\\u001b[2J\\u202e'),
    ):
        path = data / name
        assert old in path.read_bytes()
        path.write_bytes(path.read_bytes().replace(old, new, 1))
    for args in (("status",), ("export", "--format", "md"), ("export", "--format", "json"),
                 ("plan", "export")):  # fmt: skip
        capsys.readouterr()
        assert main(["--data", str(data), *args]) == 0
        out = capsys.readouterr().out
        assert not any(c in out for c in "\x1b\x07\u202e"), args
        if args == ("status",):
            assert "RAG]0;pwned" in out  # shown as text


# ---------------------------------------------------------------- the sentences


@pytest.mark.parametrize(
    ("exc", "sentence"),
    [
        (OSError(errno.ENOSPC, "No space", "/d/board.json"), "The disk is full: /d/board.json"),
        (PermissionError(errno.EACCES, "denied", "/d"), "Permission denied: you cannot use /d."),
        (NotADirectoryError(errno.ENOTDIR, "x", "/d"), "/d is a file, not a folder."),
        (IsADirectoryError(errno.EISDIR, "x", "/d"), "/d is a folder, not a file."),
        (OSError(errno.EROFS, "ro", "/d"), "The disk is mounted read-only"),
        (OSError(errno.ENOSPC, "No space"), "The disk is full: nothing could be written."),
        (RecursionError(), "nested too deeply"),
        (RuntimeError("boom"), "Something went wrong: RuntimeError: boom."),
    ],
)
def test_describe_error_says_one_sentence(exc: BaseException, sentence: str) -> None:
    said = describe_error(exc)
    assert sentence in said and "\n" not in said and said.endswith(".")


def test_describe_error_speaks_chinese() -> None:
    set_language("zh")
    try:
        said = describe_error(OSError(errno.ENOSPC, "No space", "/d/board.json"))
    finally:
        set_language("en")
    assert said == "磁盘已满：无法写入 /d/board.json。"


def test_status_reads_the_last_version_the_store_writes() -> None:
    from cadence.shell import focus

    assert focus.PREV_SUFFIX == storage.PREV_SUFFIX


def test_every_error_sentence_has_chinese() -> None:
    from cadence.data import errors
    from cadence.i18n import ZH

    sentences = [*errors._OS_SENTENCES.values(), *errors._OS_SENTENCES_NO_PATH.values()]
    assert [s for s in sentences if s not in ZH] == []
