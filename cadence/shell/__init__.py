"""Shell commands: everything `cadence COMMAND` runs, without Textual."""

from __future__ import annotations

import sys


def fail(message: str, code: int = 2) -> int:
    """Say what went wrong on stderr, in one line, and return the exit code."""
    print(f"cadence: {message}", file=sys.stderr)
    return code
