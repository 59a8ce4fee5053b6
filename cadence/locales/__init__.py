"""Translations. Each ``zh_<area>.py`` holds a dict ``ZH`` for one area of the app."""

from __future__ import annotations

import importlib
import pkgutil


def merged_zh() -> dict[str, str]:
    """All Chinese strings; a key defined twice with different text is a bug (tested)."""
    out: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("zh_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            out.update(module.ZH)
    return out


def conflicts() -> list[tuple[str, str, str]]:
    """Keys that two area catalogs translate differently."""
    seen: dict[str, str] = {}
    clashes = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("zh_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for key, value in module.ZH.items():
                if key in seen and seen[key] != value:
                    clashes.append((key, seen[key], value))
                seen.setdefault(key, value)
    return clashes
