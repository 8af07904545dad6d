"""The engine package stays GUI-free: importing it never loads Qt."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys, pkgutil, importlib, simulator
for info in pkgutil.walk_packages(simulator.__path__, "simulator."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
bad = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "designer")]
print(bad)
sys.exit(1 if bad else 0)
"""


def test_simulator_never_imports_qt() -> None:
    """Every simulator module imports without pulling in PySide6, pyqtgraph or designer."""
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
