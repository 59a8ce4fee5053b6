"""Data and domain modules never import Textual; `cadence status`-style paths stay light."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import cadence.data
import cadence.domain
import cadence.export

PURE = ["cadence.clock", "cadence.i18n", "cadence.runtime", "cadence.cli"]
PURE += [m.name for m in pkgutil.walk_packages(cadence.data.__path__, "cadence.data.")]
PURE += [m.name for m in pkgutil.walk_packages(cadence.domain.__path__, "cadence.domain.")]
PURE += [m.name for m in pkgutil.walk_packages(cadence.export.__path__, "cadence.export.")]


def test_pure_modules_do_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {PURE!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"textual imported by pure modules: {out}"
    assert len(PURE) > 8
