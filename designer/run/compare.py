"""Compare runs of the session: one metric of two runs overlaid, and the differences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer import style
from designer.look import look
from designer.run.history import RunHistory, RunRecord, seconds_text
from designer.run.legend import CompactLegend, OnResize
from designer.wheelguard import WheelGuard
from simulator.cost import CostReport
from simulator.model import Topology

COLORS = ("#1C7ED6", "#E8590C")
GLOBAL_METRICS = (
    ("Latency p99", "latency_p99"),
    ("Latency p95", "latency_p95"),
    ("Latency p50", "latency_p50"),
    ("Completed per second", "throughput"),
    ("Copies in flight", "in_flight"),
)


def metrics_of(record: RunRecord) -> list[tuple[str, str]]:
    """(label, series column) of everything worth comparing."""
    found = list(GLOBAL_METRICS)
    for node in record.topology.nodes:
        for name in look(node.kind).compare:
            found.append((f"{node.title}: {name}", f"{node.id}.{name}"))
    return found


def differences(a: RunRecord, b: RunRecord) -> list[tuple[str, float, float]]:
    """(figure, value in A, value in B) for the headline figures both runs have."""
    ra, rb = a.result, b.result
    if ra is None or rb is None:
        return []
    rows = [(f"latency {k} (s)", ra.latency[k], rb.latency[k]) for k in ("p50", "p95", "p99")]
    for key in (
        "produced",
        "completed",
        "failed",
        "dead_lettered",
        "throttled",
        "expired",
        "denied",
        "replayed",
    ):
        if ra.events.get(key) or rb.events.get(key):
            rows.append((key.replace("_", "-"), ra.events.get(key, 0), rb.events.get(key, 0)))
    for node, fa in ra.nodes.items():
        fb = rb.nodes.get(node)
        if fb is None:
            continue
        for key, label in look(fa["kind"]).compare_results:
            rows.append((f"{node} {label}", _figure(fa, key), _figure(fb, key)))
    return rows + cost_differences(a, b)


def cost_differences(a: RunRecord, b: RunRecord) -> list[tuple[str, float, float]]:
    """The cost change in $ a month: total, per service, then line by line (node and what
    was billed, e.g. a queue's empty receives), for lines either run has."""
    ca = a.result.cost if a.result is not None else None
    cb = b.result.cost if b.result is not None else None
    if ca is None or cb is None:
        return []
    rows = [("cost $/month", ca.monthly, cb.monthly)]
    sa, sb = _monthly_services(ca), _monthly_services(cb)
    for s in dict.fromkeys([*sa, *sb]):  # kms / data_transfer appear only where billed
        if sa.get(s) or sb.get(s):
            rows.append((f"{s} $/month", sa.get(s, 0.0), sb.get(s, 0.0)))
    lines_a, lines_b = _monthly_lines(ca), _monthly_lines(cb)
    for key in dict.fromkeys([*lines_a, *lines_b]):
        rows.append((f"{key} $/month", lines_a.get(key, 0.0), lines_b.get(key, 0.0)))
    return rows


def _monthly_services(cost: CostReport) -> dict[str, float]:
    """Service -> $ a month (the window's cost per service, scaled as `monthly`)."""
    scale = cost.monthly / cost.total if cost.total else 0.0
    return {s: usd * scale for s, usd in cost.services().items()}


def _monthly_lines(cost: CostReport) -> dict[str, float]:
    """`node: what` -> $ a month, one entry per priced line."""
    scale = cost.monthly / cost.total if cost.total else 0.0
    out: dict[str, float] = {}
    for line in cost.lines:
        key = f"{line.node}: {line.what}"
        out[key] = out.get(key, 0.0) + line.cost * scale
    return out


def _figure(stats: Mapping[str, Any], key: str) -> float:
    """One of a node's result figures, by name."""
    return float(stats[key])


def design_changes(a: Topology, b: Topology) -> list[str]:
    """What differs between the two designs that were run (node parameters, nodes)."""
    changes = []
    nodes_a = {n.id: n for n in a.nodes}
    nodes_b = {n.id: n for n in b.nodes}
    for node_id in nodes_a.keys() - nodes_b.keys():
        changes.append(f"{node_id} removed")
    for node_id in nodes_b.keys() - nodes_a.keys():
        changes.append(f"{node_id} added")
    for node_id in nodes_a.keys() & nodes_b.keys():
        pa, pb = nodes_a[node_id].params, nodes_b[node_id].params
        for key in sorted(pa.keys() | pb.keys()):
            if pa.get(key) != pb.get(key):
                changes.append(f"{node_id}.{key}: {_short(pa.get(key))} → {_short(pb.get(key))}")
    if len(a.edges) != len(b.edges) or {e.key for e in a.edges} != {e.key for e in b.edges}:
        changes.append("edges changed")
    return sorted(changes)


SETTINGS = (("duration", "duration", " s"), ("warmup", "warm-up", " s"), ("seed", "seed", ""))


def settings_changes(a: RunRecord, b: RunRecord) -> list[str]:
    """The run settings that differ between A and B (the speed changes no figure), and a
    run stopped early, with when."""
    changes = [
        f"{label} {seconds_text(getattr(a.params, name))}{unit} → "
        f"{seconds_text(getattr(b.params, name))}{unit}"
        for name, label, unit in SETTINGS
        if getattr(a.params, name) != getattr(b.params, name)
    ]
    if a.params.replications != b.params.replications:
        changes.append(f"replications {a.params.replications} → {b.params.replications}")
    for name, record in (("A", a), ("B", b)):
        if record.result is not None and record.result.cancelled:
            changes.append(f"{name} stopped at t = {record.time:,.0f} s")
    return changes


def _short(value: Any) -> str:
    text = "default" if value is None else str(value)
    return text if len(text) < 40 else text[:37] + "…"


MAX_CHANGES = 4  # design changes listed above the plot (the rest are counted)
PLOT_MIN_HEIGHT = 170  # pixels: room for the two-row legend above a readable plot
TABLE_MIN_HEIGHT = 110


class ComparePanel(QWidget):
    """Pick two runs and a metric; see both curves and the difference in the summary."""

    def __init__(self, history: RunHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.run_a, self.run_b, self.metric_box = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.run_a, self.run_b):
            combo.currentIndexChanged.connect(self._runs_changed)
        self.metric_box.currentIndexChanged.connect(self._plot)
        for combo in (self.run_a, self.run_b, self.metric_box):  # never wider than the dock
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
        form = QFormLayout()
        form.addRow("Run A", self.run_a)
        form.addRow("Run B", self.run_b)
        form.addRow("Metric", self.metric_box)
        self.changes = QLabel()
        self.changes.setWordWrap(True)
        self.changes.setProperty("role", "muted")
        self.plot = pg.PlotWidget(background=style.CHART_BG)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        # above the plot, off the data; two rows at most (long run names are shortened)
        self.legend_box = CompactLegend(self.plot.getPlotItem(), 8.0)
        self._resize_watch = OnResize(self._fit_legend, self.plot)
        self.plot.installEventFilter(self._resize_watch)
        self.plot.setLabel("bottom", "simulated time (s)", color=style.TEXT_MUTED)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Figure", "A", "B", "B − A", "change"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # readable in a short dock: the plot and table keep a useful height and the panel
        # scrolls (the dock never grows to fit them; only the user resizes docks)
        self.plot.setMinimumHeight(PLOT_MIN_HEIGHT)
        self.table.setMinimumHeight(TABLE_MIN_HEIGHT)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.plot)
        splitter.addWidget(self.table)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addWidget(self.changes)
        layout.addWidget(splitter, 1)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(inner)
        guard = WheelGuard(self.scroller)  # scrolling the panel leaves the runs picked
        for combo in (self.run_a, self.run_b, self.metric_box):
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            combo.installEventFilter(guard)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroller)

    def refresh(self) -> None:
        """Offer the finished runs: A defaults to the one before last, B to the last."""
        runs = self.history.finished()
        for combo, default in ((self.run_a, -2), (self.run_b, -1)):
            combo.blockSignals(True)
            combo.clear()
            for record in runs:
                combo.addItem(record.label, record.number)
            if runs:
                combo.setCurrentIndex(max(0, len(runs) + default))
            _whole_names(combo)
            combo.blockSignals(False)
        self._runs_changed()

    def choose(self, a: int, b: int, metric: str | None = None) -> None:
        """Compare runs number `a` and `b` on series column `metric`."""
        self.run_a.setCurrentIndex(self.run_a.findData(a))
        self.run_b.setCurrentIndex(self.run_b.findData(b))
        if metric is not None:
            self.metric_box.setCurrentIndex(self.metric_box.findData(metric))

    def records(self) -> tuple[RunRecord | None, RunRecord | None]:
        """The two runs picked."""
        return (
            self.history.by_number(self.run_a.currentData() or -1),
            self.history.by_number(self.run_b.currentData() or -1),
        )

    def _runs_changed(self) -> None:
        a, b = self.records()
        current = self.metric_box.currentData()
        self.metric_box.blockSignals(True)
        self.metric_box.clear()
        if b is not None:
            for label, column in metrics_of(b):
                self.metric_box.addItem(label, column)
            index = self.metric_box.findData(current)
            self.metric_box.setCurrentIndex(max(0, index))
        self.metric_box.blockSignals(False)
        self.changes.setText(self._changes_text(a, b))
        self._fill_table(a, b)
        self._plot()

    def _changes_text(self, a: RunRecord | None, b: RunRecord | None) -> str:
        if a is None or b is None:
            return "Run the design twice (change something in between) to compare."
        found = design_changes(a.topology, b.topology)
        settings = settings_changes(a, b)
        if settings:
            found.append("run settings: " + ", ".join(settings))
        if len(found) > MAX_CHANGES:  # another design: a few changes, then how many more
            more = len(found) - MAX_CHANGES
            found = [*found[:MAX_CHANGES], f"and {more} more"]
        return "Changes A → B: " + ("; ".join(found) if found else "none (same design)")

    @property
    def legend(self) -> pg.LegendItem | None:
        """The pyqtgraph legend shown now."""
        return self.legend_box.item

    def _fit_legend(self) -> None:
        self.legend_box.fit(self.plot.width())

    def _plot(self) -> None:
        self.plot.clear()
        column = self.metric_box.currentData()
        entries = []
        for record, color, name in zip(self.records(), COLORS, "AB", strict=True):
            if record is None or column is None:
                continue
            values = record.series.column(column)
            curve = self.plot.plot(record.series.t, values, pen=pg.mkPen(color, width=2))
            entries.append((curve, f"{name}: {record.label}"))
        self.legend_box.set_entries(entries)
        self._fit_legend()
        self.plot.setLabel("left", self.metric_box.currentText(), color=style.TEXT_MUTED)

    def _fill_table(self, a: RunRecord | None, b: RunRecord | None) -> None:
        rows = differences(a, b) if a is not None and b is not None else []
        self.table.setRowCount(len(rows))
        for row, (name, va, vb) in enumerate(rows):
            delta = vb - va
            change = f"{delta / va:+.0%}" if va else ("" if not vb else "new")
            cells = [name, _num(va), _num(vb), _num(delta, sign=True), change]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)


def _whole_names(combo: QComboBox) -> None:
    """The open list shows whole run names, however narrow the box."""
    view = combo.view()
    if view is not None:
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)


def _num(value: float, sign: bool = False) -> str:
    if np.isnan(value):
        return "–"
    if isinstance(value, int) or (float(value).is_integer() and abs(value) >= 10):
        return f"{value:+,.0f}" if sign else f"{value:,.0f}"
    return f"{value:+.3g}" if sign else f"{value:.3g}"
