"""A child process for test_focus_kill.py: runs a ``cadence`` command and dies mid-commit.

python kill_between_writes.py N DATA ARGS...
    runs ``cadence --data DATA ARGS...`` and kills itself (``os._exit(9)``, no cleanup)
    right after the N-th write of a data file in DATA (0: right after the journal).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cadence.data import store as store_module

real_write = store_module.atomic_write_bytes


def main() -> None:
    kill_after = int(sys.argv[1])
    data = Path(sys.argv[2]).resolve()
    written = 0

    def write(path: Path, raw: bytes) -> None:
        nonlocal written
        real_write(path, raw)
        if path.parent.resolve() != data:
            return  # a backup
        if path.name == store_module.JOURNAL:
            if kill_after == 0:
                os._exit(9)
            return
        written += 1
        if written == kill_after:
            os._exit(9)

    store_module.atomic_write_bytes = write  # type: ignore[assignment]
    from cadence.cli import main as cadence

    raise SystemExit(cadence(["--data", str(data), *sys.argv[3:]]))


if __name__ == "__main__":
    main()
