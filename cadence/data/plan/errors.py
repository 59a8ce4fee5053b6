"""What is wrong with a plan, and where: ``PlanError`` and field paths."""

from __future__ import annotations

FieldPath = tuple[str | int, ...]  # a field path: ("goals", 3, "track")


class PlanError(ValueError):
    """A plan that cannot be used: what is wrong (``message``), where (``line``, ``field``).

    ``line`` is 1-based, or None when it cannot be told; ``field`` is a path such as
    ``goals[3].track`` (0-based indexes), or "" for the file as a whole. ``problems``
    lists every problem found, this one first.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str = "",
        line: int | None = None,
        source: str = "plan.toml",
    ) -> None:
        self.message = message
        self.field = field
        self.line = line
        self.source = source
        self.problems: list[PlanError] = [self]
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.source if self.line is None else f"{self.source} line {self.line}"
        if self.field:
            where = f"{where}, {self.field}"
        return f"{where}: {self.message}"

    def __str__(self) -> str:
        return self._render()


def format_path(path: FieldPath) -> str:
    """``("goals", 3, "track")`` -> ``"goals[3].track"``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
