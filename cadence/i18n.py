"""The string catalog: English source strings, Simplified Chinese translations.

Every UI string goes through :func:`_`. Plan text is never translated here: it
is shown as stored. The Chinese strings live in ``cadence/locales/zh_<area>.py``,
one module per area of the app, each a dict named ``ZH``. ``tests/unit/test_i18n.py`` checks that every ``_("…")``
in the package has a Chinese entry.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping

LANGUAGES = ("en", "zh")

_language = "en"
#: The Chinese catalog, loaded the first time Chinese is spoken (English costs nothing).
_zh: dict[str, str] | None = None


def _catalog() -> dict[str, str]:
    global _zh
    if _zh is None:
        from cadence.locales import merged_zh

        _zh = merged_zh()
    return _zh


def __getattr__(name: str) -> dict[str, str]:
    # ``ZH``: English source string -> Simplified Chinese, from ``cadence/locales/zh_*.py``.
    if name == "ZH":
        return _catalog()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """``zh`` when the locale says Chinese, else ``en``."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:  # pragma: no cover
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
    _language = language


def get_language() -> str:
    return _language


def _(text: str, **values: object) -> str:
    """Translate ``text`` into the current language and fill ``{names}``."""
    out = _catalog().get(text, text) if _language == "zh" else text
    return out.format(**values) if values else out
