"""The sweep dialog's further parameters (a grid), its size before Run and the big-grid guard.

`GridRows` holds the rows added with "Add parameter": a path (any number of the design,
offered from `sweepable_paths`) and its values. `size_text` says how many points and
runs the grid makes; above `LARGE_RUNS` the dialog asks the user to confirm.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from simulator.model import KINDS, Topology

LARGE_RUNS = 1000  # more replications than this in one sweep asks for a confirmation


def sweepable_paths(topology: Topology) -> list[str]:
    """Every path a sweep may set: numeric parameters of each node, a producer's load rate,
    and the scenario's duration."""
    paths = []
    for node in topology.nodes:
        for param in KINDS[node.kind].params:
            if param.type in ("int", "number"):
                paths.append(f"{node.id}.{param.name}")
            elif param.type == "load":
                paths.append(f"{node.id}.load.rate")
    return [*paths, "scenario.duration"]


def size_text(shape: list[int], replications: int) -> str:
    """'3 × 4 = 12 points × 3 replications = 36 runs' (a single setting: no product)."""
    points = math.prod(shape)
    grid = " × ".join(str(n) for n in shape)
    head = f"{grid} = {points:,} points" if len(shape) > 1 else f"{points:,} points"
    return f"{head} × {replications} replications = {points * replications:,} runs"


class GridRows(QWidget):
    """Rows of further swept parameters; `changed` is called when any row changes."""

    def __init__(
        self,
        paths: list[str],
        default_values: Callable[[str], str],
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths, self.default_values, self.changed = paths, default_values, changed
        self.layout_ = QGridLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setColumnStretch(0, 3)
        self.layout_.setColumnStretch(1, 2)  # the values get room too
        self.rows: list[tuple[QComboBox, QLineEdit, QPushButton]] = []
        self.add_button = QPushButton("Add parameter")
        self.add_button.setToolTip("Sweep a further parameter: every combination is run (a grid)")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.layout_.addWidget(self.add_button, 0, 0)

    def add_row(self, path: str = "", values: str = "") -> None:
        """A new row for `path` (the first offered path by default)."""
        box = QComboBox()
        box.setEditable(True)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(16)
        box.addItems(self.paths)
        box.setCurrentText(path or (self.paths[0] if self.paths else ""))
        edit = QLineEdit(values or self.default_values(box.currentText()))
        edit.setToolTip("a comma list (10,20,40) or a range LO:HI:STEP")
        edit.setMinimumWidth(160)
        remove = QPushButton("Remove")
        row = (box, edit, remove)
        box.currentTextChanged.connect(lambda p: edit.setText(self.default_values(p)))
        edit.textChanged.connect(lambda _t: self.changed())
        remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        self._relayout()

    def remove_row(self, row: tuple[QComboBox, QLineEdit, QPushButton]) -> None:
        """Drop one row."""
        self.rows.remove(row)
        for widget in row:
            widget.deleteLater()
        self._relayout()

    def settings(self) -> tuple[tuple[str, str], ...]:
        """(path, values text) of every row."""
        return tuple((b.currentText().strip(), e.text().strip()) for b, e, _ in self.rows)

    def _relayout(self) -> None:
        for r, row in enumerate(self.rows):
            for c, widget in enumerate(row):
                self.layout_.addWidget(widget, r, c)
        self.layout_.addWidget(self.add_button, len(self.rows), 0)
        self.changed()
