"""Tests that look inside the engine by patching its methods (`monkeypatch.setattr`).

Compiled engine code (simulator/compiled.py) calls its own methods directly, past a
patch, so such a test runs in the interpreted engine: when this process runs the
compiled one, `interpreted` runs the test again in a child pytest with
`EVENTSCAPE_PURE=1` and passes or fails with it.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator import compiled

ROOT = Path(__file__).resolve().parents[2]


def interpreted(test: Callable[..., None]) -> Callable[..., None]:
    """Run `test` in the interpreted engine (in a child pytest when this one is compiled)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        if compiled.state != "compiled":
            test(*args, **kwargs)
            return
        node_id = os.environ["PYTEST_CURRENT_TEST"].rsplit(" ", 1)[0]
        child = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", node_id],
            cwd=ROOT,
            env={**os.environ, "EVENTSCAPE_PURE": "1"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert child.returncode == 0, f"in the interpreted engine:\n{child.stdout}{child.stderr}"

    return wrapper
