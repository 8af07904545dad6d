"""The Experiments panel: progress and Stop, the chart, the table, exports, open a point."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.experiments.chart import ExperimentChart, Rows
from designer.experiments.spec import GOAL, Spec
from designer.experiments.worker import ExperimentThread
from simulator.experiments import GoalResult, Interval, Runner, SweepResult, Target, sweep_csv
from simulator.model import Topology

NONE = "(none)"


def _cell(metric: Interval | None) -> str:
    if metric is None or metric["mean"] is None:
        return "-"
    half = metric["half_width"]
    return f"{metric['mean']:.4g}" + (f" ± {half:.2g}" if half is not None else "")


class ExperimentsPanel(QWidget):
    """Runs one experiment at a time in the background and shows its results."""

    openPoint = Signal(object, int)  # overrides {path: value}, seed: run it like a normal run
    rerun = Signal(object)  # a saved Spec to run again
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: Spec | None = None
        self.worker: ExperimentThread | None = None
        self.rows: Rows = []
        self.reps: list[int] = []
        self.answer: float | None = None
        self.seed = 1
        self.data: dict[str, Any] = {"points": []}
        layout = QVBoxLayout(self)
        self.title = QLabel("Right-click a parameter in the inspector: Sweep this… or Find…")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        row = QHBoxLayout()
        self.saved_box = QComboBox()
        self.saved_box.setToolTip("Experiments saved with the design (experiments: in the file)")
        self.rerun_button = QPushButton("Run again")
        self.rerun_button.clicked.connect(self._rerun)
        row.addWidget(QLabel("Saved"))
        row.addWidget(self.saved_box, 1)
        row.addWidget(self.rerun_button)
        layout.addLayout(row)
        self.saved: list[Spec] = []
        row = QHBoxLayout()
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
        self.metric_box, self.second_box = QComboBox(), QComboBox()
        for box in (self.metric_box, self.second_box):
            box.currentTextChanged.connect(self._redraw)
        row.addWidget(QLabel("Metric"))
        row.addWidget(self.metric_box, 1)
        row.addWidget(QLabel("Second axis"))
        row.addWidget(self.second_box, 1)
        layout.addLayout(row)
        self.chart = ExperimentChart(self._clicked)
        layout.addWidget(self.chart.widget, 1)
        self.table = QTableWidget(0, 0)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.open_row(r))
        layout.addWidget(self.table, 1)
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
        layout.addLayout(row)

    # --- running --------------------------------------------------------------------------
    def set_saved(self, specs: list[Spec]) -> None:
        """The design's saved experiments, offered for Run again."""
        self.saved = specs
        self.saved_box.clear()
        self.saved_box.addItems([s.title for s in specs])
        self.rerun_button.setEnabled(bool(specs))

    def _rerun(self) -> None:
        index = self.saved_box.currentIndex()
        if 0 <= index < len(self.saved):
            self.rerun.emit(self.saved[index])

    def start(self, spec: Spec, topology: Topology, runner: Runner | None = None) -> None:
        """Run `spec` on a frozen copy of `topology` in the background."""
        self.stop()
        self.spec, self.seed = spec, topology.scenario.seed
        self.rows, self.reps, self.answer = [], [], None
        self.title.setText(spec.title)
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
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if isinstance(result, SweepResult):
            self._show_sweep(result)
        elif isinstance(result, GoalResult):
            self._show_goal(result, stopped)
        if stopped:
            self.status.setText("stopped: " + (self.status.text() or "what finished is shown"))
        self._fill()
        self.finished.emit()

    def _show_sweep(self, result: SweepResult) -> None:
        assert self.spec is not None
        self.rows = [(float(p.set[self.spec.path]), p.metrics) for p in result.points]
        self.reps = [p.replications for p in result.points]
        self.data = result.to_json_dict()
        self.status.setText(f"{len(result.points)} points")

    def _show_goal(self, result: GoalResult, stopped: bool) -> None:
        assert self.spec is not None
        latest = {e.value: e for e in result.evaluated}
        self.rows = [(float(v), latest[v].metrics) for v in sorted(latest)]
        self.reps = [len(latest[v].rows) for v in sorted(latest)]
        self.answer = None if result.value is None else float(result.value)
        path = self.spec.path
        pairs = zip(self.rows, self.reps, strict=True)
        points = [{"set": {path: v}, "replications": n, "metrics": m} for (v, m), n in pairs]
        self.data = {"points": points}
        if result.value is not None:
            self.status.setText(f"answer: {path} = {result.value} meets {result.target}")
        elif not stopped:
            self.status.setText(
                f"no value in [{self.spec.lo}, {self.spec.hi}] meets {result.target}"
            )

    # --- showing --------------------------------------------------------------------------
    def _fill(self) -> None:
        names = list(self.rows[0][1]) if self.rows else []
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
        self._redraw()

    def _target_metric(self) -> str | None:
        if self.spec is None or self.spec.kind != GOAL:
            return None
        return Target(self.spec.until).metric

    def _redraw(self) -> None:
        if self.spec is None:
            return
        metric = self.metric_box.currentText()
        chosen = self.second_box.currentText()
        second = None if chosen in ("", NONE) else chosen
        bound = None
        if self.spec.kind == GOAL and metric == self._target_metric():
            bound = Target(self.spec.until).bound
        self.chart.show(self.rows, self.spec.path, metric, second, self.answer, bound)
        self._table(metric, second)

    def _table(self, metric: str, second: str | None) -> None:
        assert self.spec is not None
        headers = [self.spec.path, "replications", metric] + ([second] if second else [])
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rows))
        for r, ((x, metrics), reps) in enumerate(zip(self.rows, self.reps, strict=True)):
            mark = " ✓" if self.answer is not None and x == self.answer else ""
            cells = [f"{x:g}{mark}", str(reps), _cell(metrics.get(metric))]
            if second:
                cells.append(_cell(metrics.get(second)))
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _clicked(self, x: float) -> None:
        for r, (value, _m) in enumerate(self.rows):
            if value == x:
                self.table.selectRow(r)

    # --- actions --------------------------------------------------------------------------
    def open_row(self, row: int) -> None:
        """Open the point of table row `row` as a normal run (its first seed)."""
        if self.spec is None or not 0 <= row < len(self.rows):
            return
        value = self.rows[row][0]
        self.openPoint.emit(
            {self.spec.path: int(value) if value.is_integer() else value}, self.seed
        )

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
        self.chart.widget.grab().save(path, "PNG")
        return Path(path)
