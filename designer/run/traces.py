"""Event traces: a list of sampled and failed events and a timeline of the selected one's hops.

Selecting a trace highlights its path on the canvas (the debugging-across-services view).
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from designer import style
from designer.run.history import RunRecord
from designer.run.trace_path import TracePath, latency, outcome, trace_path
from simulator.model import Topology

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Outcome", "Start (s)", "Took (s)", "Hops", "Path")
FILTERS = (("All traces", None), ("Failed", "failed"), ("Sampled", "sample"))
MARKERS = {
    "created": ("o", "#2A9D8F"),
    "received": ("o", "#1C7ED6"),
    "processed": ("s", "#2B8A3E"),
    "completed": ("star", "#2B8A3E"),
    "failed": ("x", "#C92A2A"),
    "dead_lettered": ("t", "#862E9C"),
    "visible-again": ("d", "#E8590C"),
    "throttled-retry": ("d", "#1098AD"),
    "denied": ("x", "#D9480F"),  # refused by a resource policy (issue 16)
    "replayed": ("o", "#5F3DC4"),  # re-sent from an archive (issue 16)
}


class TraceModel(QAbstractTableModel):
    """The traces of a run as table rows, each worked out only when it is first shown
    (a run keeps up to a thousand traces or more)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.traces: list[dict[str, Any]] = []
        self.topology: Topology | None = None
        self._rows: dict[int, tuple[str, ...]] = {}

    def set_traces(self, traces: list[dict[str, Any]], topology: Topology | None) -> None:
        """Show these traces."""
        self.beginResetModel()
        self.traces, self.topology, self._rows = traces, topology, {}
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:
        """One row per trace."""
        return 0 if parent is not None and parent.isValid() else len(self.traces)

    def columnCount(self, parent: Index | None = None) -> int:
        """Outcome, start, duration, hops, path."""
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        """Cell text, tooltip (the correlation id) and red for failed traces."""
        trace = self.traces[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row(index.row())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"correlation id {trace['correlation_id']}"
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QColor(style.ERROR) if trace["reason"] == "failed" else None
        return None

    def _row(self, row: int) -> tuple[str, ...]:
        if row not in self._rows:
            trace = self.traces[row]
            nodes = trace_path(trace, self.topology).nodes if self.topology else []
            self._rows[row] = (
                outcome(trace),
                f"{trace['created']:.2f}",
                f"{latency(trace):.3g}",
                str(len(trace["hops"])),
                " → ".join(dict.fromkeys(nodes)),
            )
        return self._rows[row]


class TracesPanel(QWidget):
    """The trace list with a filter, and the hop timeline of the selected trace."""

    traceSelected = Signal(object)  # (trace dict, TracePath) or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: RunRecord | None = None
        self.shown: list[dict[str, Any]] = []
        self.path: TracePath | None = None  # of the selected trace
        self.filter = QComboBox()
        for text, reason in FILTERS:
            self.filter.addItem(text, reason)
        self.filter.currentIndexChanged.connect(self._fill)
        self.count = QLabel("No run yet")
        self.count.setProperty("role", "muted")
        self.table = self._make_table()
        self.timeline = Timeline()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.timeline.widget)
        splitter.setSizes([220, 200])
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _make_table(self) -> QTableView:
        self.model = TraceModel(self)
        table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((128, 72, 66, 44)):
            header.resizeSection(column, width)
        table.selectionModel().selectionChanged.connect(self._selected)
        return table

    def show_run(self, record: RunRecord | None) -> None:
        """List the traces of a finished run."""
        self.record = record
        self._fill()

    def _fill(self) -> None:
        record = self.record
        traces = record.result.traces if record is not None and record.result else []
        reason = self.filter.currentData()
        self.shown = [t for t in traces if reason is None or t["reason"] == reason]
        self.model.set_traces(self.shown, record.topology if record else None)
        failed = sum(t["reason"] == "failed" for t in traces)
        self.count.setText(f"{len(traces)} traces, {failed} failed" if record else "No run yet")
        self.timeline.show(None, None, record)
        self.traceSelected.emit(None)

    def select_row(self, row: int) -> None:
        """Select the trace in row `row` (as a click would)."""
        self.table.selectRow(row)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.record is None:
            self.timeline.show(None, None, self.record)
            self.traceSelected.emit(None)
            return
        trace = self.shown[rows[0].row()]
        path = trace_path(trace, self.record.topology)
        self.path = path
        self.timeline.show(trace, path, self.record)
        self.traceSelected.emit((trace, path))


LANE_PX = 22  # a node's lane in the trace timeline: room for its name at 8 pt


class Timeline:
    """Hops of one trace: one lane per node, time across, copies joined by their moves."""

    def __init__(self) -> None:
        self.widget = pg.PlotWidget(background="#FFFFFF")
        self.plot = self.widget.getPlotItem()
        self.plot.showGrid(x=True, y=False, alpha=0.2)
        self.plot.setTitle("Trace timeline", color=style.TEXT, size="9pt", bold=True)
        self.plot.setLabel("bottom", "simulated time (s)", color=style.TEXT_MUTED)
        self.plot.getViewBox().setMouseEnabled(x=True, y=False)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setStyle(tickFont=style.font(8))
            self.plot.getAxis(axis).setTextPen(style.TEXT_MUTED)
        self.widget.setMinimumHeight(140)

    def show(self, trace: dict | None, path: TracePath | None, record: RunRecord | None) -> None:
        """Draw `trace` (None: an empty timeline with a hint)."""
        self.plot.clear()
        if trace is None or path is None:
            self.plot.setTitle("Trace timeline: select a trace", color=style.TEXT_MUTED, size="9pt")
            self.plot.getAxis("left").setTicks([[]])
            self.plot.setXRange(0.0, 1.0, padding=0.0)  # nothing left of the last trace
            self.plot.setYRange(0.0, 1.0, padding=0.0)
            self.widget.setMinimumHeight(140)
            return
        hops = trace["hops"]
        lanes = {node: i for i, node in enumerate(dict.fromkeys(h["node"] for h in hops))}
        names = [(i, _title(record, node)) for node, i in lanes.items()]
        self.plot.getAxis("left").setTicks([names])
        short = trace["correlation_id"][-8:]
        self.plot.setTitle(f"Trace …{short}: {outcome(trace)}", color=style.TEXT, size="9pt")
        for a, b in path.links:
            xs = [hops[a]["t"], hops[b]["t"]]
            ys = [lanes[hops[a]["node"]], lanes[hops[b]["node"]]]
            self.plot.plot(xs, ys, pen=pg.mkPen("#ADB5BD", width=1.5))
        for hop in hops:
            symbol, color = MARKERS.get(hop["what"], ("o", "#495057"))
            tip = f"{hop['t']:.3f} s · {hop['node']} · {hop['what']} (copy {hop['copy']})"
            self.plot.addItem(
                pg.ScatterPlotItem(
                    [hop["t"]], [lanes[hop["node"]]], symbol=symbol, size=11,
                    brush=pg.mkBrush(color), pen=pg.mkPen("#FFFFFF"), hoverable=True,
                    tip=lambda x, y, data, text=tip: text,
                )
            )  # fmt: skip
        self.widget.setMinimumHeight(max(140, 70 + LANE_PX * len(lanes)))  # names never overlap
        self.plot.enableAutoRange(axis="x")
        self.plot.setYRange(-0.5, len(lanes) - 0.5, padding=0.05)


def _title(record: RunRecord | None, node_id: str) -> str:
    if record is None:
        return node_id
    try:
        return record.topology.node(node_id).title
    except KeyError:
        return node_id
