"""The set-up dialog: values to sweep (of one parameter or a grid of several), or the range
and target of a goal seek."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from designer.experiments.grid import LARGE_RUNS, GridRows, size_text
from designer.experiments.spec import GOAL, SWEEP, Spec

METRICS = (
    "latency.mean", "latency.p95", "latency.p99", "events.completed", "events.failed",
    "events.dead_lettered", "events.throttled", "cost.monthly", "cost.per_million_events",
)  # fmt: skip


def default_values(current: float) -> str:
    """Five values around the current one: 1/4, 1/2, 1, 2 and 4 times it (ints for ints)."""
    if current <= 0:
        return "1,2,4,8,16"
    values = [current * f for f in (0.25, 0.5, 1, 2, 4)]
    if float(current).is_integer():
        values = sorted({max(1, round(v)) for v in values})
    return ",".join(f"{v:g}" for v in values)


class ExperimentDialog(QDialog):
    """Ask for a sweep's values or a goal's range and target; `spec()` after accept."""

    def __init__(
        self,
        kind: str,
        path: str,
        current: float,
        node_id: str,
        parent: QWidget | None = None,
        paths: list[str] | None = None,
        current_of: Callable[[str], float] | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind, self.path = kind, path
        self.setWindowTitle("Sweep" if kind == SWEEP else "Find the smallest value")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        form.addRow("Parameter", QLabel(path))
        self.values = QLineEdit(default_values(current))
        self.values.setToolTip("a comma list (10,20,40) or a range LO:HI:STEP")
        self.lo, self.hi = QSpinBox(), QSpinBox()
        for box in (self.lo, self.hi):
            box.setRange(0, 100_000)
        self.lo.setValue(1)
        self.hi.setValue(max(2, int(current) * 4))
        self.metric_box = QComboBox()
        self.metric_box.setEditable(True)
        self.metric_box.addItems([*METRICS, f"nodes.{node_id}.wait_mean",
                              f"nodes.{node_id}.utilization"])  # fmt: skip
        self.metric_box.setCurrentText("latency.p99")
        self.op = QComboBox()
        self.op.addItems(["<=", ">="])
        self.bound = QDoubleSpinBox()
        self.bound.setRange(-1e12, 1e12)
        self.bound.setDecimals(4)
        self.bound.setValue(1.0)
        of = current_of or (lambda _p: 0.0)
        self.grid = GridRows(
            [p for p in (paths or []) if p != path], lambda p: default_values(of(p)), self._sized
        )
        self.grid_size = QLabel()
        self.confirm = QCheckBox()
        self.confirm.hide()
        if kind == SWEEP:
            form.addRow("Values", self.values)
            form.addRow("And", self.grid)
            form.addRow("Grid", self.grid_size)
            form.addRow("", self.confirm)
            self.values.textChanged.connect(lambda _t: self._sized())
        else:
            form.addRow("Lowest", self.lo)
            form.addRow("Highest", self.hi)
            form.addRow("Metric", self.metric_box)
            form.addRow("Must be", self.op)
            form.addRow("Bound", self.bound)
        self.replications = QSpinBox()
        self.replications.setRange(1, 1000)
        self.replications.setValue(3 if kind == SWEEP else 5)
        self.replications.valueChanged.connect(lambda _v: self._sized())
        form.addRow("Replications", self.replications)
        self.precise = Precise(node_id)
        self.precise.changed.connect(self._sized)
        self.precise.changed.connect(
            lambda: self.replications.setEnabled(not self.precise.enabled.isChecked())
        )
        if kind == SWEEP:  # a goal judges each value by its own interval already
            form.addRow("Or", self.precise)
        self.workers = QSpinBox()
        self.workers.setRange(1, 64)
        self.workers.setValue(2)
        form.addRow("Processes", self.workers)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._sized()

    def runs(self) -> int | None:
        """Replications the sweep would run (None while a setting is not valid)."""
        try:
            shape = self.spec().grid_shape()
        except Exception:  # ValueError / TopologyError of a setting being typed
            return None
        return self._each() * math.prod(shape)

    def _each(self) -> int:
        """Replications a point (at most, with a target interval)."""
        if self.precise.enabled.isChecked():
            return self.precise.cap.value()
        return self.replications.value()

    def _sized(self) -> None:
        """Show the grid's size; above LARGE_RUNS ask for a confirmation."""
        if self.kind != SWEEP:
            return
        try:
            shape = self.spec().grid_shape()
        except Exception as exc:  # a setting being typed: say which
            self.grid_size.setText(f"not valid yet: {getattr(exc, 'problems', [exc])[0]}")
            self.confirm.hide()
            return
        text = size_text(shape, self._each())
        if self.precise.enabled.isChecked():
            text = f"at most {text}: each point until its interval is narrow enough"
        self.grid_size.setText(text)
        runs = self._each() * math.prod(shape)
        self.confirm.setText(f"Yes, run up to {runs:,} replications")
        self.confirm.setVisible(runs > LARGE_RUNS)

    def spec(self) -> Spec:
        """What the dialog describes."""
        until = (
            f"{self.metric_box.currentText().strip()}{self.op.currentText()}{self.bound.value():g}"
        )
        return Spec(
            self.kind if self.kind in (SWEEP, GOAL) else SWEEP,
            self.path,
            values=self.values.text().strip(),
            lo=self.lo.value(),
            hi=self.hi.value(),
            until=until,
            replications=self.replications.value(),
            workers=self.workers.value(),
            more=self.grid.settings() if self.kind == SWEEP else (),
            **(self.precise.values() if self.kind == SWEEP else {}),
        )

    def _accept(self) -> None:
        problem = self.spec().check()
        runs = self.runs() if self.kind == SWEEP else None
        if not problem and runs is not None and runs > LARGE_RUNS and not self.confirm.isChecked():
            problem = f"this grid makes {runs:,} replications: tick the box to run them all"
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()


class Precise(QWidget):
    """'until the 95% interval of METRIC is within ±X %, at most N replications' of a sweep
    point, instead of a fixed count (`sweep --target-ci`)."""

    changed = Signal()

    def __init__(self, node_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox("until the 95% interval of")
        self.enabled.setToolTip(
            "Add replications at each point until the metric's 95% half-width is within this "
            "share of its mean (as run --target-ci), instead of a fixed count"
        )
        self.metric_box = QComboBox()
        self.metric_box.setEditable(True)
        self.metric_box.addItems([*METRICS, f"nodes.{node_id}.wait_mean"])
        self.metric_box.setCurrentText("latency.mean")
        self.relative = QDoubleSpinBox()
        self.relative.setRange(0.1, 50.0)
        self.relative.setDecimals(1)
        self.relative.setSuffix(" %")
        self.relative.setValue(5.0)
        self.cap = QSpinBox()
        self.cap.setRange(2, 10_000)
        self.cap.setValue(50)
        for widget in (self.enabled, self.metric_box, QLabel("is within ±"), self.relative,
                       QLabel("at most"), self.cap):  # fmt: skip
            row.addWidget(widget)
        self.enabled.toggled.connect(self._toggled)
        self.metric_box.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.relative.valueChanged.connect(lambda _v: self.changed.emit())
        self.cap.valueChanged.connect(lambda _v: self.changed.emit())
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        for widget in (self.metric_box, self.relative, self.cap):
            widget.setEnabled(on)
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        """The Spec's target_ci, metric and max_replications (none when unticked)."""
        if not self.enabled.isChecked():
            return {}
        return {
            "target_ci": round(self.relative.value() / 100, 6),
            "metric": self.metric_box.currentText().strip(),
            "max_replications": self.cap.value(),
        }
