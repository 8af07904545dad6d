"""Run and watch: live simulation in the designer (issue 6).

`install(window)` adds the run toolbar, the chart docks, results, traces and compare
panels to a MainWindow. Qt is imported lazily so that `designer.run.child` (the engine
side) can be imported in a child process without it.
"""

from __future__ import annotations

import sys
import traceback
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from designer.main_window import MainWindow
    from designer.run.ui import RunUi


def install(window: MainWindow, mode: str = "process") -> RunUi | None:
    """Add the run panel to `window` (available afterwards as `window.run_ui`).

    A failure here is reported on stderr and leaves the designer usable without it.
    """
    try:
        from designer.run.ui import RunUi

        ui = RunUi(window, mode)
    except Exception:
        traceback.print_exc()
        print("eventscape: the run panel could not be set up", file=sys.stderr)
        return None
    window.run_ui = ui
    return ui


def run_to_end(window: MainWindow, timeout: float = 300.0) -> bool:
    """Run the file's scenario flat out and wait (processing events) until it finishes."""
    from designer.run.screenshot import run_to_end as _run

    return _run(window, timeout)
