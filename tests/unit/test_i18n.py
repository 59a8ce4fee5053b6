"""Every UI string has a Chinese translation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cadence
from cadence.i18n import ZH, _, detect_language, set_language
from cadence.screens.keys import keymap

ROOT = Path(cadence.__file__).parent


def ui_strings() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
            # Binding descriptions are translated at run time.
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "Binding"
                and len(node.args) >= 3
                and isinstance(node.args[2], ast.Constant)
            ):
                found.add(node.args[2].value)
            # Names kept in English in a table and shown through _(): FOO_TITLES, BAR_NAMES.
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(
                    isinstance(t, ast.Name) and t.id.endswith(("TITLES", "NAMES")) for t in targets
                ):
                    value = node.value
                    items = value.values if isinstance(value, ast.Dict) else []
                    if isinstance(value, ast.Tuple):
                        items = value.elts
                    found.update(
                        v.value
                        for v in items
                        if isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value
                    )
    # The screens' keys (screens/keys.toml): descriptions, tooltips and groups.
    for rows in keymap().values():
        for row in rows:
            found.update(
                row[field] for field in ("description", "tooltip", "group") if field in row
            )
    return found


def test_every_ui_string_has_chinese():
    strings = ui_strings()
    assert len(strings) > 30
    missing = sorted(s for s in strings if s not in ZH)
    assert missing == []


def test_area_catalogs_agree():
    from cadence.locales import conflicts

    assert conflicts() == []


def test_translation_and_fill():
    set_language("zh")
    assert _("Today") == "今日"
    assert _("Month {n}", n=3) == "第 3 月"
    set_language("en")
    assert _("Month {n}", n=3) == "Month 3"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        set_language("fr")


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LC_ALL": "zh_TW"}, "zh")],
)
def test_detect_language(env, expected):
    assert detect_language(env) == expected
