"""The UI open while two shells loop ``cadence focus start`` / ``cadence focus stop``
50 times each and a third loops ``cadence status`` (issue 10).

Each shell is its own process on the same folder. Time runs 600 times faster for them
(every command reads ``CADENCE_NOW`` from one shared formula, so the shells agree on
"now", and the 0.2 s pause after each command is two minutes of focus, enough to be
logged); phases are 180 minutes, so none ends by itself: every logged session is one
a stop reported.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.helpers import settle

LOOPS = 50
BASE = "2026-12-01T20:30:00+08:00"

SHELL = textwrap.dedent(
    """
    import contextlib, io, json, os, sys, time
    import pendulum
    from cadence.cli import main

    data, role, loops, t0, base = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
    start = pendulum.parse(base)
    results = []
    commands = [["status"]] if role == "status" else [
        ["focus", "start", "--minutes", "180", "--label", role], ["focus", "stop"]]
    for _ in range(loops):
        for command in commands:
            now = start.add(seconds=int((time.time() - t0) * 600))
            os.environ["CADENCE_NOW"] = now.isoformat()
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["--data", data, "--lang", "en", *command])
            results.append({"command": command[-1] if role == "status" else command[1],
                            "code": code, "out": out.getvalue(), "err": err.getvalue()})
            time.sleep(0.2)  # 2 minutes of the shells' time: a phase stopped now is logged
    print(json.dumps(results))
    """
)


def _every_file_parses(folder: Path) -> None:
    for path in folder.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


async def test_two_shells_loop_start_and_stop_while_a_third_reads_and_the_ui_is_open(
    make_app, tmp_path
):
    data = tmp_path / "data"
    app = make_app(now="2026-12-01T20:30")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        t0 = time.time()
        shells = [
            subprocess.Popen(
                [sys.executable, "-c", SHELL, str(data), role, str(LOOPS), str(t0), BASE],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for role in ("shell-a", "shell-b", "status")
        ]
        outputs = []
        for shell in shells:
            while shell.poll() is None:  # keep the UI's loop running meanwhile
                await pilot.pause(0.1)
            out, err = shell.communicate()
            assert shell.returncode == 0, err
            outputs.append(json.loads(out.strip().splitlines()[-1]))
        await settle(pilot)
        assert app.is_running

    a, b, status = outputs
    for result in [*a, *b, *status]:
        assert result["code"] == 0, result
        assert result["err"] == "", result
    assert len(a) == len(b) == 2 * LOOPS and len(status) == LOOPS
    reported = sum(r["out"].count("logged ") for r in [*a, *b] if r["command"] == "stop")
    assert reported >= 10  # the trial means something: stops found phases to end

    _every_file_parses(data)
    from cadence.runtime import open_runtime

    runtime = open_runtime(data, language="en", interactive=False, read_only=True)
    try:
        sessions = runtime.repo.sessions("2026-11-01", "2027-01-31")
    finally:
        runtime.close()
    assert len(sessions) == reported
    assert {s.label for s in sessions} <= {"shell-a", "shell-b"}
    assert len({s.id for s in sessions}) == len(sessions)
