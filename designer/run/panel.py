"""The run toolbar: settings (duration, seed, warm-up, replications, speed), Run, Pause,
Stop, the progress bar with simulated time, and the time slider that scrubs a finished run."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QProgressBar,
    QSlider,
    QSpinBox,
    QToolBar,
    QWidget,
)

from designer.run.history import RunRecord
from designer.run.protocol import RunParams

SPEEDS = (
    ("Max speed", None),
    ("1× (real time)", 1.0),
    ("10×", 10.0),
    ("100×", 100.0),
    ("1000×", 1000.0),
)


class RunBar(QToolBar):
    """Run controls in one toolbar row under the main toolbar."""

    scrubbed = Signal(int)  # series row chosen with the time slider

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Run", parent)
        self.setObjectName("toolbar-run")
        self.duration = _spin(QDoubleSpinBox(), 1, 1e7, " s", "Simulated seconds to run")
        self.seed = _spin(QSpinBox(), 0, 2**31 - 1, "", "Random seed (same seed, same run)")
        self.warmup = _spin(QDoubleSpinBox(), 0, 1e7, " s", "Seconds left out of the statistics")
        self.replications = _spin(
            QSpinBox(), 1, 50, "", "Independent runs (seeds seed, seed+1, …) for 95% intervals"
        )
        self.speed = QComboBox()
        for text, value in SPEEDS:
            self.speed.addItem(text, value)
        self.speed.setToolTip(
            "Max speed: as fast as possible; 1×, 10×, …: simulated seconds per wall-clock second"
        )
        self.run_action = _action(
            self, "Run", "F5", "Run the scenario (a frozen copy of the design)"
        )
        self.pause_action = _action(self, "Pause", "F6", "Pause or resume the run")
        self.stop_action = _action(self, "Stop", "Shift+F5", "Stop the run (keeps what it found)")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFormat("idle")
        self.progress.setTextVisible(True)
        self.progress.setFixedWidth(190)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setFixedWidth(150)
        self.slider.setEnabled(False)
        self.slider.setToolTip("After a run: scrub the charts and canvas back to any moment")
        self.slider.valueChanged.connect(self.scrubbed)
        self.slider_label = QLabel("t = –")
        self.slider_label.setMinimumWidth(70)
        self._lay_out()
        self.set_state("idle")

    def _lay_out(self) -> None:
        for text, widget in (
            ("Duration", self.duration),
            ("Seed", self.seed),
            ("Warm-up", self.warmup),
            ("Reps", self.replications),
            ("Speed", self.speed),
        ):
            label = QLabel(f" {text} ")
            label.setBuddy(widget)
            self.addWidget(label)
            self.addWidget(widget)
        self.addSeparator()
        for action in (self.run_action, self.pause_action, self.stop_action):
            self.addAction(action)
        self.addWidget(self.progress)
        self.addSeparator()
        self.addWidget(QLabel(" Time "))
        self.addWidget(self.slider)
        self.addWidget(self.slider_label)

    # --- settings -------------------------------------------------------------------------
    def set_defaults(self, params: RunParams) -> None:
        """Show the scenario's duration, seed and warm-up."""
        self.duration.setValue(params.duration)
        self.seed.setValue(params.seed)
        self.warmup.setValue(params.warmup)

    def params(self) -> RunParams:
        """What the controls ask for."""
        return RunParams(
            self.duration.value(),
            self.seed.value(),
            min(self.warmup.value(), self.duration.value() * 0.99),
            self.replications.value(),
            self.speed.currentData(),
        )

    # --- state ----------------------------------------------------------------------------
    def set_state(self, state: str) -> None:
        """Enable what makes sense when idle, running or paused."""
        busy = state in ("running", "paused")
        self.pause_action.setEnabled(busy)
        self.stop_action.setEnabled(busy)
        self.pause_action.setText("Resume" if state == "paused" else "Pause")
        for widget in (self.duration, self.seed, self.warmup, self.replications):
            widget.setEnabled(not busy)
        if busy:
            self.slider.setEnabled(False)

    def clear(self) -> None:
        """Back to idle: no progress, no time, nothing to scrub."""
        self.progress.setValue(0)
        self.progress.setFormat("idle")
        self.clear_slider()

    def clear_slider(self) -> None:
        """Nothing to scrub (a new run has started, or a new document)."""
        self.slider.blockSignals(True)
        self.slider.setRange(0, 0)
        self.slider.blockSignals(False)
        self.slider.setEnabled(False)
        self.slider_label.setText("t = –")

    def show_progress(self, record: RunRecord) -> None:
        """Progress bar: fraction done and simulated time."""
        snap = record.latest
        duration = record.params.duration
        if snap is None:
            self.progress.setValue(0)
            self.progress.setFormat("starting engine…")
            return
        self.progress.setValue(int(1000 * snap.progress))
        word = {"paused": "paused · ", "cancelled": "stopped · "}.get(record.status, "")
        reps = record.params.replications
        extra = f" · reps {len(record.replications) + 1}/{reps}" if reps > 1 and snap.done else ""
        self.progress.setFormat(f"{word}t = {snap.time:,.0f} / {duration:,.0f} s{extra}")
        longest = f"stopped · t = {duration:,.0f} / {duration:,.0f} s"
        self._fit_progress(longest + (f" · reps {reps}/{reps}" if reps > 1 else ""))

    def _fit_progress(self, longest: str) -> None:
        """Widen the progress bar so the longest text of this run fits (never narrower)."""
        width = self.progress.fontMetrics().horizontalAdvance(longest) + 24
        if width > self.progress.width():
            self.progress.setFixedWidth(width)

    def enable_scrub(self, record: RunRecord) -> None:
        """Let the slider pick any row of a finished run (at the end to start with)."""
        rows = record.series.rows
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, rows - 1))
        self.slider.setValue(max(0, rows - 1))
        self.slider.blockSignals(False)
        self.slider.setEnabled(rows > 0)
        self.show_slider_time(record, rows - 1)

    def show_slider_time(self, record: RunRecord, row: int) -> None:
        """The label next to the slider."""
        if 0 <= row < record.series.rows:
            self.slider_label.setText(f"t = {record.series.t[row]:,.0f} s")


def _spin(widget, low: float, high: float, suffix: str, tip: str):
    widget.setRange(low, high)
    widget.setSuffix(suffix)
    widget.setToolTip(tip)
    widget.setKeyboardTracking(False)
    widget.setMaximumWidth(92)
    if isinstance(widget, QDoubleSpinBox):
        widget.setDecimals(0)
    return widget


def _action(bar: QToolBar, text: str, shortcut: str, tip: str) -> QAction:
    action = QAction(text, bar)
    action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(f"{tip} ({shortcut})")
    return action
