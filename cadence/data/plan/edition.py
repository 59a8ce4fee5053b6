"""What the start-up asks of the shipped plan, without reading it: its id, its current
edition and language codes. Kept apart from ``toml_io`` and ``versions`` so that opening
a folder whose plan is current and in the right language loads no TOML at all."""

from __future__ import annotations

import re

DEFAULT_PLAN_ID = "ai-pm-12-months"
FALLBACK_LANGUAGE = "en"
#: The shipped plan's current edition (see ``versions``).
PLAN_VERSION = 2

_LANGUAGE = re.compile(r"[a-z]{2,3}")


def language_code(language: str) -> str:
    """``"zh-CN"``, ``"zh_Hans"`` → ``"zh"``; anything odd → ``""``."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if _LANGUAGE.fullmatch(code) else ""
