"""The Audit view: the last run's audit records, filtered by node, account, action and time.

Selecting a record highlights the path of its root event on the canvas, as a trace does.
Runs are audited while this view is open (see designer.audit.install).
"""

from __future__ import annotations

import math
from typing import Any

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
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from designer import style
from designer.audit.log import (
    ACCOUNT,
    ACTION,
    BAD_ACTIONS,
    CORRELATION,
    DECIDED,
    EVENT,
    NODE,
    REGION,
    TIME,
    AuditFilter,
    AuditLog,
    audit_path,
)
from simulator.model import Topology

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Time (s)", "Node", "Action", "Decided by", "Account", "Region", "Event", "Root")
ORDER = (TIME, NODE, ACTION, DECIDED, ACCOUNT, REGION, EVENT, CORRELATION)  # record columns
WIDTHS = (64, 84, 84, 170, 104, 84, 90)
ANY = "(any)"
NO_RECORDS = (
    "No audit records for this run: it was made while the Audit view was closed. "
    "Run again with this view open to record every decision."
)


class AuditModel(QAbstractTableModel):
    """The rows of an AuditLog that the filter keeps."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log = AuditLog([])
        self.shown: list[int] = []

    def set_rows(self, log: AuditLog, shown: list[int]) -> None:
        """Show rows `shown` of `log`."""
        self.beginResetModel()
        self.log, self.shown = log, shown
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:
        """One row per record kept."""
        return 0 if parent is not None and parent.isValid() else len(self.shown)

    def columnCount(self, parent: Index | None = None) -> int:
        """The record's keys."""
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        """Cell text; refusals and losses in red."""
        row = self.log.rows[self.shown[index.row()]]
        column = ORDER[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row[column]
            if column == TIME:
                return f"{value:.3f}"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"event {row[EVENT]} of root {row[CORRELATION]}"
        if role == Qt.ItemDataRole.ForegroundRole and column == ACTION:
            return QColor(style.ERROR) if row[ACTION] in BAD_ACTIONS else None
        return None


class AuditPanel(QWidget):
    """Filters, a count (and the cap), and the table of records."""

    pathSelected = Signal(object)  # TracePath of the selected record's root event, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log = AuditLog([])
        self.topology: Topology | None = None
        self.node = QComboBox()
        self.account = QComboBox()
        self.action = QComboBox()
        self.start = _time_box("from")
        self.end = _time_box("to")
        self.only_event = QCheckBox("Only the selected event")
        self.only_event.setToolTip(
            "Show every decision about the selected record's root event (and its copies)"
        )
        self.only_event.toggled.connect(self._only_event)
        self.correlation: str | None = None
        self.count = QLabel("No run yet")
        self.count.setProperty("role", "muted")
        self.count.setWordWrap(True)
        self.table = self._make_table()
        grid = QGridLayout()
        for column, (text, widget) in enumerate(
            (("Node", self.node), ("Account", self.account), ("Action", self.action))
        ):
            grid.addWidget(QLabel(text), 0, column)
            grid.addWidget(widget, 1, column)
            widget.currentIndexChanged.connect(self._fill)
        grid.addWidget(QLabel("Time from (s)"), 2, 0)
        grid.addWidget(self.start, 3, 0)
        grid.addWidget(QLabel("to (s)"), 2, 1)
        grid.addWidget(self.end, 3, 1)
        grid.addWidget(self.only_event, 3, 2)
        for box in (self.start, self.end):
            box.valueChanged.connect(self._fill)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        self._fill_choices()

    def _make_table(self) -> QTableView:
        self.model = AuditModel(self)
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
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width)
        table.selectionModel().selectionChanged.connect(self._selected)
        return table

    # --- content ------------------------------------------------------------------------
    def show_log(self, log: AuditLog | None, topology: Topology | None, note: str = "") -> None:
        """Show a run's records (None: that run was not audited; `note` says why)."""
        self.log = log if log is not None else AuditLog([])
        self.correlation = None
        self.only_event.blockSignals(True)
        self.only_event.setChecked(False)
        self.only_event.blockSignals(False)
        for control in (self.node, self.account, self.action, self.start, self.end):
            control.setEnabled(True)
        self.topology = topology
        self._fill_choices()
        self._fill()
        if log is None:
            self.count.setText(note or NO_RECORDS)

    def clear(self, text: str = "No run yet") -> None:
        """Empty the view."""
        self.show_log(None, None, text)

    def _only_event(self, on: bool) -> None:
        """Narrow the list to the selected record's root event (or widen it again),
        keeping that record selected."""
        chosen = self._chosen()
        row = self.log.rows[chosen] if chosen is not None else None
        self.correlation = row[CORRELATION] if on and row is not None else None
        if on and row is None:
            self.only_event.blockSignals(True)
            self.only_event.setChecked(False)
            self.only_event.blockSignals(False)
            return
        for control in (self.node, self.account, self.action, self.start, self.end):
            control.setEnabled(self.correlation is None)
        self._fill()
        if chosen is not None and chosen in self.model.shown:
            self.select_row(self.model.shown.index(chosen))

    def _chosen(self) -> int | None:
        """The log index of the selected record."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.shown[rows[0].row()] if rows else None

    def _fill_choices(self) -> None:
        for combo, column in ((self.node, NODE), (self.account, ACCOUNT), (self.action, ACTION)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ANY, None)
            for value in self.log.values(column):
                combo.addItem(value, value)
            combo.blockSignals(False)
        last = math.ceil(max((row[TIME] for row in self.log.rows), default=0.0) * 10) / 10
        bounds: tuple[tuple[QDoubleSpinBox, float], ...] = ((self.start, 0.0), (self.end, last))
        for box, at in bounds:
            box.blockSignals(True)
            box.setRange(0.0, max(last, 0.0))
            box.setValue(at)
            box.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        """The filter the controls set; with "Only the selected event" just that event (its
        every decision: the other controls are greyed out meanwhile)."""
        if self.correlation is not None:
            return AuditFilter(correlation=self.correlation)
        return AuditFilter(
            self.node.currentData(),
            self.account.currentData(),
            self.action.currentData(),
            self.start.value(),
            self.end.value(),
            self.correlation,
        )

    def _fill(self) -> None:
        shown = self.log.select(self.current_filter())
        self.model.set_rows(self.log, shown)
        total = len(self.log)
        text = f"{len(shown):,} of {total:,} records"
        if self.log.dropped:
            text += (
                f". Capped: only the first {total:,} decisions were kept, "
                f"{self.log.dropped:,} later ones were left out (use "
                "eventscape-sim run --audit FILE for all of them)"
            )
        self.count.setText(text)
        self.pathSelected.emit(None)

    # --- selection ----------------------------------------------------------------------
    def select_row(self, row: int) -> None:
        """Select the record in table row `row` (as a click would)."""
        self.table.selectRow(row)

    def _selected(self) -> None:
        index = self._chosen()
        if index is None or self.topology is None:
            self.pathSelected.emit(None)
            return
        self.pathSelected.emit(audit_path(self.log.related(index), self.topology))


def _time_box(which: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(1)
    box.setSuffix(" s")
    box.setKeyboardTracking(False)
    box.setToolTip(f"Show records {which} this simulated time")
    return box
