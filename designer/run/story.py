"""The story of a finished run: which node and which moment to point at (screenshot mode).

Faults first (the end of the first fault window), then a queue that grew or backed up (its
worst moment), then a failed event (its path highlighted), else the busiest consumer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QApplication

from designer.look import Curve, look
from designer.run.findings import findings
from designer.run.history import RunRecord
from designer.run.windows import fault_windows

if TYPE_CHECKING:
    from designer.main_window import MainWindow

BACKLOG_WORDS = ("Keeps growing", "Largest backlog")


def show_story(window: MainWindow, record: RunRecord) -> None:
    """Select the node that matters (its chart shows) and scrub to its moment; for a run
    whose story is a failed event, select that event's trace instead."""
    ui = window.run_ui
    node, row = story_moment(record)
    if node is not None and node in window.scene.node_items:
        window.scene.select([node])
    if row is not None:
        ui.bar.slider.setValue(row)
    ui.results_dock.raise_()
    if node is None or row is None:
        show_failed_trace(window, record)
    QApplication.processEvents()
    window.view.fit()
    QApplication.processEvents()


def story_moment(record: RunRecord) -> tuple[str | None, int | None]:
    """(node, series row) to show; (node, None) or (None, None) when no moment stands out."""
    if not record.series.rows or record.result is None:
        return None, None
    faults = fault_windows(record.topology, record.params.duration)
    if faults:
        fault = faults[0]
        row = record.series.row_at(fault.end - 1e-6)
        feeding = [e.source for e in record.topology.edges_to(fault.node, "flow")]
        queues = record.showing(Curve.DEPTH)
        node = next((n for n in feeding if n in queues), fault.node)
        return node, max(0, row - 1) if record.series.t[row] > fault.end else row
    found = findings(record)
    backlog = next((f for f in found if f.node and f.text.startswith(BACKLOG_WORDS)), None)
    if backlog is not None and backlog.node is not None:
        return backlog.node, worst_row(record, backlog.node)
    if any(t["reason"] == "failed" for t in record.result.traces):
        return None, None
    busiest = next((f.node for f in found if f.text.startswith("Busiest")), None)
    return busiest, worst_row(record, busiest) if busiest else None


def worst_row(record: RunRecord, node: str) -> int | None:
    """The series row where `node` (or the queue feeding it) was most backed up, or busiest."""
    feeding = [e.source for e in record.topology.edges_to(node, "flow")]
    queues = [n for n in feeding if n in record.showing(Curve.DEPTH)]
    for column in [f"{q}.depth" for q in queues] + [f"{node}.depth", f"{node}.busy"]:
        values = record.series.column(column)
        if len(values) and np.nanmax(values, initial=0) > 0:
            return int(np.nanargmax(values))
    return None


def show_failed_trace(window: MainWindow, record: RunRecord) -> bool:
    """Select the first failed trace: its path lights up and its hops show on the timeline."""
    ui = window.run_ui
    rows = [i for i, t in enumerate(ui.traces.shown) if t["reason"] == "failed"]
    if not rows:
        return False
    ui.traces_dock.raise_()
    ui.traces.select_row(rows[0])
    path = ui.traces.path
    failed = path.bad if path is not None else set()
    bad = sorted(failed, key=lambda n: not look(record.node_kind(n)).utilization)
    if bad:
        ui.board.show_node(bad[0])  # the chart of the consumer that failed
    return True
