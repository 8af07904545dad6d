"""The Experiments panel: progress and Stop, the chart (a metric against the parameter, or
cost against latency: the trade-off), the table, exports, open a point."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.experiments.chart import ExperimentChart, Groups
from designer.experiments.spec import GOAL, Spec
from designer.experiments.tradeoff import Points, TradeoffChart, figures, label_of, short_names
from designer.experiments.worker import ExperimentThread
from simulator.experiments import GoalResult, Interval, Runner, SweepResult, Target, sweep_csv
from simulator.model import Topology

NONE = "(none)"
PARAMETER, TRADEOFF = "Metric against the parameter", "Cost against latency (trade-off)"
COSTS = ("cost.monthly", "cost.per_million_events", "cost.total")


def _cell(metric: Interval | None) -> str:
    if metric is None or metric["mean"] is None:
        return "-"
    half = metric["half_width"]
    return f"{metric['mean']:.4g}" + (f" ± {half:.2g}" if half is not None else "")


class ExperimentsPanel(QWidget):
    """Runs one experiment at a time in the background and shows its results."""

    openPoint = Signal(object, int)  # overrides {path: value}, seed: run it like a normal run
    rerun = Signal(object)  # a saved Spec to run again
    forget = Signal(object)  # a saved Spec to remove from the design
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: Spec | None = None
        self.worker: ExperimentThread | None = None
        self.points: Points = []  # (what was set, metrics) of each point, in grid order
        self.reps: list[int] = []
        self.unmet: set[int] = set()  # points whose target interval the cap cut short
        self.answer: float | None = None
        self.seed = 1
        self.data: dict[str, Any] = {"points": []}
        layout = QVBoxLayout(self)
        self.title = QLabel("Right-click a parameter in the inspector: Sweep this… or Find…")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        row = QHBoxLayout()  # saved experiments, then progress and Stop: one row
        self.saved_box = QComboBox()
        self.saved_box.setToolTip("Experiments saved with the design (experiments: in the file)")
        self.rerun_button = QPushButton("Run again")
        self.rerun_button.clicked.connect(self._rerun)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip(
            "Remove this experiment from the design (Undo brings it back)"
        )
        self.remove_button.clicked.connect(self._forget)
        row.addWidget(QLabel("Saved"))
        row.addWidget(self.saved_box, 2)
        row.addWidget(self.rerun_button)
        row.addWidget(self.remove_button)
        self.saved: list[Spec] = []
        self.progress = QProgressBar()
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        row.addWidget(self.progress, 1)
        row.addWidget(self.stop_button)
        layout.addLayout(row)
        self.status = QLabel()
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.view_box = QComboBox()
        self.view_box.addItems([PARAMETER, TRADEOFF])
        self.view_box.setToolTip("Cost against latency: one point per sweep point, labelled")
        self.metric_box, self.second_box, self.cost_box = QComboBox(), QComboBox(), QComboBox()
        for box in (self.view_box, self.metric_box, self.second_box, self.cost_box):
            box.currentTextChanged.connect(self._redraw)
        row.addWidget(self.view_box)
        row.addWidget(QLabel("Metric"))
        row.addWidget(self.metric_box, 1)
        self.second_label, self.cost_label = QLabel("Second axis"), QLabel("Cost")
        for label, box in ((self.second_label, self.second_box), (self.cost_label, self.cost_box)):
            row.addWidget(label)
            row.addWidget(box, 1)
        layout.addLayout(row)
        self.chart = ExperimentChart(self._clicked)
        self.tradeoff = TradeoffChart(self._clicked)
        self.charts = QStackedWidget()
        self.charts.addWidget(self.chart.widget)
        self.charts.addWidget(self.tradeoff.widget)
        self.charts.setMinimumSize(240, 120)
        self.table = QTableWidget(0, 0)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.open_row(r))
        self.table.currentCellChanged.connect(lambda r, *_: self.tradeoff.select(r))
        side = QWidget()  # the table and its buttons, beside the chart (a dock is wide, not tall)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(self.charts)
        self.body.addWidget(side)
        self.body.setStretchFactor(0, 3)
        self.body.setStretchFactor(1, 2)
        self.body.setChildrenCollapsible(False)
        layout.addWidget(self.body, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton("Open results")
        self.open_button.setToolTip("Run the selected point like a normal run (first seed)")
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.png_button = QPushButton("Export PNG…")
        self.png_button.clicked.connect(lambda: self.export_png())
        for button in (self.open_button, self.csv_button, self.png_button):
            row.addWidget(button)
        column.addLayout(row)

    # --- running --------------------------------------------------------------------------
    def set_saved(self, specs: list[Spec]) -> None:
        """The design's saved experiments, offered for Run again."""
        self.saved = specs
        self.saved_box.clear()
        self.saved_box.addItems([s.title for s in specs])
        self.rerun_button.setEnabled(bool(specs))
        self.remove_button.setEnabled(bool(specs))

    def _rerun(self) -> None:
        index = self.saved_box.currentIndex()
        if 0 <= index < len(self.saved):
            self.rerun.emit(self.saved[index])

    def _forget(self) -> None:
        index = self.saved_box.currentIndex()
        if 0 <= index < len(self.saved):
            self.forget.emit(self.saved[index])

    def start(self, spec: Spec, topology: Topology, runner: Runner | None = None) -> None:
        """Run `spec` on a frozen copy of `topology` in the background."""
        self.stop()
        self.spec, self.seed = spec, topology.scenario.seed
        self.points, self.reps, self.answer, self.unmet = [], [], None, set()
        self.title.setText(spec.title)
        problem = spec.check()
        if problem:  # e.g. a saved entry edited by hand: say why, run nothing
            self._failed(problem)
            return
        self.status.setText("running…")
        self.progress.setRange(0, 0)
        self.worker = ExperimentThread(spec.job(topology.frozen()), spec.workers, runner)
        self.worker.progressed.connect(self._progressed)
        self.worker.succeeded.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(lambda: self.stop_button.setEnabled(False))
        self.stop_button.setEnabled(True)
        self.worker.start()

    def stop(self) -> None:
        """Stop the running experiment (what finished is shown)."""
        if self.worker is not None and self.worker.isRunning():
            self.worker.stop()
            self.worker.wait()

    def running(self) -> bool:
        """True while an experiment runs."""
        return self.worker is not None and self.worker.isRunning()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _failed(self, message: str) -> None:
        self.progress.setRange(0, 1)
        self.status.setText(message)
        self.finished.emit()

    def _done(self, result: Any) -> None:
        stopped = self.worker is not None and self.worker.cancel.is_set()
        if not stopped:
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
        elif self.progress.maximum() == 0:  # stopped before any replication finished
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        # else: stopped; the bar keeps how many of the planned replications finished
        if isinstance(result, SweepResult):
            self._show_sweep(result)
        elif isinstance(result, GoalResult):
            self._show_goal(result, stopped)
        if stopped:
            self.status.setText("stopped: " + (self.status.text() or "what finished is shown"))
        self._fill()
        self.finished.emit()

    def _show_sweep(self, result: SweepResult) -> None:
        self.points = [(dict(p.set), p.metrics) for p in result.points]
        self.reps = [p.replications for p in result.points]
        self.unmet = {i for i, p in enumerate(result.points) if p.met is False}
        self.data = result.to_json_dict()
        short = f"; {len(self.unmet)} reached the most replications first" if self.unmet else ""
        self.status.setText(f"{len(result.points)} points{short}")

    def _show_goal(self, result: GoalResult, stopped: bool) -> None:
        assert self.spec is not None
        latest = {e.value: e for e in result.evaluated}
        path = self.spec.path
        self.points = [({path: v}, latest[v].metrics) for v in sorted(latest)]
        self.reps = [len(latest[v].rows) for v in sorted(latest)]
        self.answer = None if result.value is None else float(result.value)
        pairs = zip(self.points, self.reps, strict=True)
        points = [{"set": s, "replications": n, "metrics": m} for (s, m), n in pairs]
        self.data = {"points": points}
        if result.value is not None:
            self.status.setText(f"answer: {path} = {result.value} meets {result.target}")
        elif not stopped:
            self.status.setText(
                f"no value in [{self.spec.lo}, {self.spec.hi}] meets {result.target}"
            )

    # --- showing --------------------------------------------------------------------------
    def _fill(self) -> None:
        names = list(self.points[0][1]) if self.points else []
        keep = self.metric_box.currentText()
        for box, extra in ((self.metric_box, []), (self.second_box, [NONE])):
            box.blockSignals(True)
            box.clear()
            box.addItems([*extra, *names])
            box.blockSignals(False)
        first = self._target_metric() or keep
        if first in names:
            self.metric_box.setCurrentText(first)
        elif "latency.mean" in names:
            self.metric_box.setCurrentText("latency.mean")
        second = "latency.p99" if self.metric_box.currentText() != "latency.p99" else NONE
        self.second_box.setCurrentText(second if second in names else NONE)
        parts = [n for n in names if n.startswith(("cost.services.", "cost.nodes."))]
        costs = [c for c in COSTS if c in names] + parts  # a service's or node's window cost
        self.cost_box.blockSignals(True)
        self.cost_box.clear()
        self.cost_box.addItems(costs)
        self.cost_box.blockSignals(False)
        self._redraw()

    def _target_metric(self) -> str | None:
        if self.spec is None or self.spec.kind != GOAL:
            return None
        return Target(self.spec.until).metric

    def trading(self) -> bool:
        """True when the chart shows cost against latency."""
        return self.view_box.currentText() == TRADEOFF

    def _redraw(self) -> None:
        if self.spec is None:
            return
        trading = self.trading()
        self.charts.setCurrentIndex(1 if trading else 0)
        for widget in (self.second_label, self.second_box):
            widget.setVisible(not trading)
        for widget in (self.cost_label, self.cost_box):
            widget.setVisible(trading)
        metric = self.metric_box.currentText()
        if trading:
            cost = self.cost_box.currentText()
            self.tradeoff.show(self.points, cost, metric)
            self._table(metric, cost)
            return
        chosen = self.second_box.currentText()
        second = None if chosen in ("", NONE) else chosen
        bound = None
        if self.spec.kind == GOAL and metric == self._target_metric():
            bound = Target(self.spec.until).bound
        path = self.spec.paths[0]
        self.chart.show(self.groups(), path, metric, second, self.answer, bound)
        self._table(metric, second)

    def groups(self) -> Groups:
        """The points as series against the first parameter: one per combination of the
        others (one unnamed series for a one-parameter sweep or a goal)."""
        assert self.spec is not None
        first, *others = self.spec.paths
        names = short_names(others)
        series: dict[str, list[tuple[float, Any, int]]] = {}
        for i, (settings, metrics) in enumerate(self.points):
            rest = {p: settings[p] for p in others if p in settings}
            key = label_of(rest, names)
            series.setdefault(key, []).append((float(settings[first]), metrics, i))
        return list(series.items())

    def _table(self, metric: str, second: str | None) -> None:
        assert self.spec is not None
        paths = self.spec.paths
        headers = [*paths, "replications", metric] + ([second] if second else [])
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.points))
        for r, ((settings, metrics), reps) in enumerate(zip(self.points, self.reps, strict=True)):
            values = [settings.get(p) for p in paths]
            mark = " ✓" if self.answer is not None and values[0] == self.answer else ""
            cells = [f"{v:g}" if v is not None else "-" for v in values]
            cells[0] += mark
            cells += [f"{reps} (cap)" if r in self.unmet else str(reps), _cell(metrics.get(metric))]
            if second:
                cells.append(_cell(metrics.get(second)))
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _clicked(self, index: int) -> None:
        """A point was clicked on a chart: select its row and show its figures."""
        if not 0 <= index < len(self.points):
            return
        self.table.selectRow(index)
        self.tradeoff.select(index)
        settings, metrics = self.points[index]
        keys = [self.metric_box.currentText()]
        keys.append(
            self.cost_box.currentText() if self.trading() else self.second_box.currentText()
        )
        self.status.setText("selected: " + figures(settings, metrics, keys).replace("\n", "; "))

    # --- actions --------------------------------------------------------------------------
    def open_row(self, row: int) -> None:
        """Open the point of table row `row` as a normal run (its first seed)."""
        if self.spec is None or not 0 <= row < len(self.points):
            return
        self.openPoint.emit(dict(self.points[row][0]), self.seed)

    def export_csv(self, path: str | None = None) -> Path | None:
        """Write every point and metric as CSV (asks for a file when `path` is None)."""
        path = path or QFileDialog.getSaveFileName(self, "Export CSV", "experiment.csv",
                                                   "CSV (*.csv)")[0]  # fmt: skip
        if not path:
            return None
        Path(path).write_text(sweep_csv(self.data), encoding="utf-8")
        return Path(path)

    def export_png(self, path: str | None = None) -> Path | None:
        """Save the chart as a PNG image (asks for a file when `path` is None)."""
        path = path or QFileDialog.getSaveFileName(self, "Export PNG", "experiment.png",
                                                   "PNG (*.png)")[0]  # fmt: skip
        if not path:
            return None
        shown = self.charts.currentWidget()
        assert shown is not None
        shown.grab().save(path, "PNG")
        return Path(path)
