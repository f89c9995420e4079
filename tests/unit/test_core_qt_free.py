"""The core must run where Qt is not installed: import every core module with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import lgcoder.core

SCRIPT = r"""
import importlib, pkgutil, sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError("Qt is blocked in this test")
        return None

sys.meta_path.insert(0, Block())
import lgcoder.core
names = [m.name for m in pkgutil.walk_packages(lgcoder.core.__path__, "lgcoder.core.")
         if ".migrations" not in m.name]
for name in names:
    importlib.import_module(name)
import lgcoder.importers.registry, lgcoder.cli
assert not any(m.startswith("PySide6") for m in sys.modules)
print(len(names))
"""


def test_every_core_module_imports_without_qt() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False, timeout=120
    )
    assert out.returncode == 0, out.stderr
    count = int(out.stdout.strip())
    expected = len(list(Path(lgcoder.core.__file__).parent.rglob("*.py")))
    assert count >= 10 and count <= expected
