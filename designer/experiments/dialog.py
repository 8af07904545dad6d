"""The set-up dialog: values to sweep, or the range and target of a goal seek."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from designer.experiments.spec import GOAL, SWEEP, Spec

METRICS = (
    "latency.mean", "latency.p95", "latency.p99", "events.completed", "events.failed",
    "events.dead_lettered", "events.throttled",
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
        self, kind: str, path: str, current: float, node_id: str, parent: QWidget | None = None
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
        if kind == SWEEP:
            form.addRow("Values", self.values)
        else:
            form.addRow("Lowest", self.lo)
            form.addRow("Highest", self.hi)
            form.addRow("Metric", self.metric_box)
            form.addRow("Must be", self.op)
            form.addRow("Bound", self.bound)
        self.replications = QSpinBox()
        self.replications.setRange(1, 1000)
        self.replications.setValue(3 if kind == SWEEP else 5)
        form.addRow("Replications", self.replications)
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
        )

    def _accept(self) -> None:
        problem = self.spec().check()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()
