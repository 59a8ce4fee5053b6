"""Line numbers for field paths, read from a plan's raw TOML text (for error messages)."""

from __future__ import annotations

import re

from cadence.data.plan.errors import FieldPath

_ARRAY_HEADER = re.compile(r"\s*\[\[\s*([A-Za-z0-9_\-.\"' ]+?)\s*\]\]\s*(?:#.*)?")
_TABLE_HEADER = re.compile(r"\s*\[\s*([A-Za-z0-9_\-.\"' ]+?)\s*\]\s*(?:#.*)?")


def _closing(line: str, pos: int, quotes: str) -> int:
    """Where ``quotes`` close a multi-line string on ``line`` from ``pos``, or -1."""
    while (at := line.find(quotes, pos)) >= 0:
        before = line[:at]
        escapes = len(before) - len(before.rstrip("\\"))
        if quotes.startswith("'") or escapes % 2 == 0:
            return at
        pos = at + 1
    return -1


def _string_end(line: str, pos: int) -> int:
    """The index just past the one-line string that opens at ``pos``."""
    quote = line[pos]
    i = pos + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
        elif line[i] == quote:
            return i + 1
        else:
            i += 1
    return len(line)


def _header_name(raw: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in raw.split("."))


class Locator:
    """Best-effort line numbers for field paths, from the raw TOML text.

    A path is found by its table headers (the n-th ``[[goals]]``, then the m-th
    ``[[templates.blocks]]`` inside it) and then the ``key =`` line inside that table.
    A key that is missing points at its table's header; tables written inline point
    at the line of the array's key.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.code = self._code_lines(self.lines)
        self.headers: list[tuple[int, str, bool]] = []  # (0-based line, name, is array)
        for n, line in enumerate(self.lines):
            if not self.code[n]:
                continue
            if match := _ARRAY_HEADER.fullmatch(line):
                self.headers.append((n, _header_name(match.group(1)), True))
            elif match := _TABLE_HEADER.fullmatch(line):
                self.headers.append((n, _header_name(match.group(1)), False))

    @staticmethod
    def _code_lines(lines: list[str]) -> list[bool]:
        """Which lines start outside a multi-line string (and so may hold keys/headers)."""
        code: list[bool] = []
        inside: str | None = None  # the closing quotes of the multi-line string we are in
        for line in lines:
            code.append(inside is None)
            pos = 0
            while pos < len(line):
                if inside is not None:
                    end = _closing(line, pos, inside)
                    if end < 0:
                        break
                    inside, pos = None, end + 3
                elif line[pos] == "#":
                    break
                elif line[pos] in "\"'":
                    if line.startswith(line[pos] * 3, pos):
                        inside, pos = line[pos] * 3, pos + 3
                    else:
                        pos = _string_end(line, pos)
                else:
                    pos += 1
        return code

    def line_of(self, path: FieldPath) -> int | None:
        """The 1-based line of ``path``, or None when it cannot be told."""
        header = -1  # index into self.headers of the current table; -1 is the root
        prefix = ""
        i = 0
        while i < len(path):
            key = path[i]
            if not isinstance(key, str):
                return self._table_line(header)
            following = path[i + 1] if i + 1 < len(path) else None
            if isinstance(following, int):
                found = self._nth_child(header, prefix + key, following)
                if found is None:
                    return self._key_line(header, key)
                header, prefix = found, f"{prefix}{key}."
                i += 2
                continue
            if (
                isinstance(following, str)
                and (table := self._child_table(header, prefix + key)) is not None
            ):
                header, prefix = table, f"{prefix}{key}."  # a [table] header: go into it
                i += 1
                continue
            if following is None:
                line = self._key_line(header, key, fallback=False)
                if line is None and (first := self._nth_child(header, prefix + key, 0)) is not None:
                    line = self.headers[first][0] + 1
                if line is None and (table := self._child_table(header, prefix + key)) is not None:
                    line = self.headers[table][0] + 1
                return line if line is not None else self._table_line(header)
            return self._key_line(header, key)
        return self._table_line(header)

    def _table_line(self, header: int) -> int | None:
        return self.headers[header][0] + 1 if header >= 0 else None

    def _nth_child(self, header: int, name: str, n: int) -> int | None:
        parent = self.headers[header][1] + "." if header >= 0 else ""
        count = 0
        for index in range(header + 1, len(self.headers)):
            _, child, is_array = self.headers[index]
            if not child.startswith(parent):
                break
            if is_array and child == name:
                if count == n:
                    return index
                count += 1
        return None

    def _child_table(self, header: int, name: str) -> int | None:
        """The ``[name]`` (not array) table header inside ``header``'s table, if any."""
        parent = self.headers[header][1] + "." if header >= 0 else ""
        for index in range(header + 1, len(self.headers)):
            _, child, is_array = self.headers[index]
            if not child.startswith(parent):
                break
            if not is_array and child == name:
                return index
        return None

    def _key_line(self, header: int, key: str, *, fallback: bool = True) -> int | None:
        first = self.headers[header][0] + 1 if header >= 0 else 0
        last = self.headers[header + 1][0] if header + 1 < len(self.headers) else len(self.lines)
        pattern = re.compile(
            rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*="
        )
        for n in range(first, last):
            if self.code[n] and pattern.match(self.lines[n]):
                return n + 1
        return self._table_line(header) if fallback else None
