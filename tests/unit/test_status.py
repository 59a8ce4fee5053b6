"""`cadence status` and `cadence focus …`: one line, light imports, the same timer as the UI."""

from __future__ import annotations

import subprocess
import sys

from cadence.app import CadenceApp
from cadence.cli import main
from cadence.data.models import FocusSession
from cadence.domain import timer
from cadence.domain.focus_summary import hm, status_line, totals, week_of
from cadence.domain.schedule import format_duration
from cadence.domain.timer import TimerConfig
from cadence.notify import FakeNotifier
from cadence.shell.focus import summary
from tests.helpers import screen_text

NOW = "2026-12-02T21:00"  # a Wednesday; the week began on Monday Nov 30


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out.strip()


def test_status_on_a_new_folder_is_idle(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CADENCE_NOW", NOW)
    line = run(capsys, "--data", str(tmp_path / "d"), "--lang", "en", "status")
    assert line == "idle · today 0m · week 0.0/8h"


def test_focus_commands_drive_the_shared_timer(tmp_path, capsys, monkeypatch):
    data = str(tmp_path / "d")
    monkeypatch.setenv("CADENCE_NOW", "2026-12-02T21:00")
    out = run(capsys, "--data", data, "--lang", "en", "focus", "start", "--label", "Lecture 3")
    assert out.startswith("focus 2") and "Lecture 3" in out
    monkeypatch.setenv("CADENCE_NOW", "2026-12-02T21:10")
    assert run(capsys, "--data", data, "--lang", "en", "status").startswith(
        "focus 15:0"
    )  # 15:00 or 15:01: the start ran a moment after 21:00
    out = run(capsys, "--data", data, "--lang", "en", "focus", "pause")
    assert out.startswith("paused 15:0") and "today 9m" in out
    monkeypatch.setenv("CADENCE_NOW", "2026-12-02T21:30")
    out = run(capsys, "--data", data, "--lang", "en", "focus", "resume")
    assert out.startswith("focus 15:0")
    out = run(capsys, "--data", data, "--lang", "en", "focus", "pause")
    assert "nothing" not in out
    out = run(capsys, "--data", data, "--lang", "zh", "status")
    assert out.startswith("暂停 15:0") and "今日 9m" in out and "本周 0.2/8h" in out
    out = run(capsys, "--data", data, "--lang", "en", "focus", "stop")
    assert "logged 10 min of focus: Lecture 3" in out
    assert out.splitlines()[-1].startswith("idle · today ")
    out = run(capsys, "--data", data, "--lang", "en", "focus", "pause")
    assert out.startswith("nothing to pause: the timer is idle")


def test_a_bad_shell_argument_is_refused(tmp_path, capsys):
    data = str(tmp_path / "d")
    assert main(["--data", data, "focus", "extend", "--minutes", "0"]) == 2
    assert "--minutes must be between 1 and 180" in capsys.readouterr().err
    assert main(["--data", data, "focus", "start", "--label", "  "]) == 2


async def test_status_agrees_with_the_ui(make_runtime, tmp_path):
    # History: today, earlier this week (one typed in by hand), and last week.
    setup = make_runtime(now=NOW, interactive=False)

    def session(start: str, minutes: int, **kw) -> FocusSession:
        end = start[:11] + "23:59:00+08:00"
        return FocusSession(start, end, minutes * 60, minutes * 60, label="x", **kw)

    for s in [
        session("2026-12-02T19:00:00+08:00", 50),
        session("2026-12-02T20:00:00+08:00", 25),
        session("2026-11-30T20:30:00+08:00", 100, manual=True),
        session("2026-11-29T20:30:00+08:00", 300),  # Sunday: last week
    ]:
        setup.repo.save_session(s)
    cfg = TimerConfig.from_settings(setup.repo.settings(), "Asia/Shanghai")
    now = setup.clock.now().timestamp()
    step = timer.start(
        setup.repo.timer_state(), cfg, now - 600, label="Karpathy lecture 3", live=False
    )
    setup.repo.save_timer(step.state, step.sessions)
    setup.close()

    app = CadenceApp(
        make_runtime(now=NOW, data=tmp_path / "data"), poll_interval=0.2, notifier=FakeNotifier()
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        service = app.services.focus
        ui_view, ui_totals = service.view(), service.totals()
        shell_view, shell_totals, target = summary(tmp_path / "data", service.now())
        assert shell_view == ui_view
        assert shell_totals == ui_totals
        assert ui_totals.today_s == (50 + 25 + 10) * 60
        assert ui_totals.week_s == (50 + 25 + 100 + 10) * 60
        line = status_line(shell_view, shell_totals, target)
        assert line == "focus 15:00 · Karpathy lecture 3 · today 1h25 · week 3.1/8h"
        text = screen_text(app)
        assert "Today 1h25   Week 3.1h / 8h" in text
        assert "Focusing on: Karpathy lecture 3" in text


def test_status_imports_neither_textual_nor_pendulum(make_runtime, tmp_path):
    make_runtime(now=NOW, interactive=False).close()  # a seeded folder (its zone is set)
    code = (
        "import sys\n"
        "from cadence.cli import main\n"
        f"main(['--data', {str(tmp_path / 'data')!r}, 'status'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'rich', 'pendulum'))\n"
        "print('IMPORTED', ','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"CADENCE_NOW": NOW, "PATH": ""},
    ).stdout
    status, imported = out.splitlines()
    assert status.startswith("idle · today 0m")
    assert imported.removeprefix("IMPORTED").strip() == ""


def test_figures_are_counted_as_the_rest_of_the_app_counts_them():
    from pendulum import Date

    from cadence.domain import kpis

    pairs = [("2026-12-02T19:00:00+08:00", 3000.0), ("2026-11-30T08:00:00+08:00", 600.0)]
    figures = totals(pairs, "2026-12-02", 0, pending_s=60)
    assert (figures.today_s, figures.week_s) == (3060, 3660)
    assert week_of("2026-12-02", 0) == ("2026-11-30", "2026-12-06")
    assert week_of("2026-12-02", 6) == ("2026-11-29", "2026-12-05")
    first, last = kpis.week_bounds(Date(2026, 12, 2), 6)
    assert (first.isoformat(), last.isoformat()) == week_of("2026-12-02", 6)
    for seconds in (0, 59, 60, 3599, 3600, 7500, 86399):
        assert hm(seconds) == format_duration(seconds)
