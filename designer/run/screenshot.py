"""Screenshot mode: run the file's scenario to completion in the app, then show the results."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from designer.run.findings import findings

if TYPE_CHECKING:
    from designer.main_window import MainWindow
    from designer.run.history import RunRecord


def wait_until(condition, timeout: float) -> bool:
    """Process events until `condition()` holds or `timeout` seconds pass."""
    app = QApplication.instance()
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)
    return True


def run_to_end(window: MainWindow, timeout: float = 300.0) -> bool:
    """Run the scenario flat out, wait for the end, select a telling trace; True when done."""
    ui = window.run_ui
    ui.bar.speed.setCurrentIndex(0)
    record: RunRecord = ui.start()
    if not wait_until(lambda: record.finished, timeout):
        ui.controller.stop()
        return False
    focus = next((f.node for f in findings(record) if f.node), None) if record.result else None
    if focus is not None and focus in window.scene.node_items:
        window.scene.select([focus])  # the node chart shows the bottleneck
    ui.results_dock.raise_()
    QApplication.processEvents()
    return record.result is not None
