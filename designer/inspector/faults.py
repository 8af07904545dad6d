"""The faults table of the scenario: outages, slowdowns and error bursts per node, and
Region outages (the Target column then names a Region instead of a node)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.inspector.editors import parse_number
from simulator.model import FAULT_KINDS, Fault, fmt, region_codes

COLUMNS = ("Target", "Kind", "Start", "Duration", "Value")
COLUMN_TIPS = (
    "The node the fault hits (a region-outage: the Region; every node in it is out)",
    "outage: processes nothing; slowdown: service times × factor; errors: failure rate; "
    "az-failure: a share of the zones is lost, work there fails over (a latency bump)",
    "Seconds into the run",
    "Seconds the fault lasts",
    "slowdown: factor (> 0); errors: failure rate (0–1); az-failure: share lost (0–1); "
    "outage: unused",
)
VALUE_KEY = {"slowdown": "factor", "errors": "failure_rate", "az-failure": "share"}
REGION_OUTAGE = "region-outage"  # names a Region, not a node (issue 16)


class FaultsEditor(QWidget):
    """Rows of faults; `edited(list[Fault])` when every row parses."""

    edited = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        for col, tip in enumerate(COLUMN_TIPS):
            header = self.table.horizontalHeaderItem(col)
            if header is not None:
                header.setToolTip(tip)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.table.itemChanged.connect(lambda _item: self._changed())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add fault")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.node_ids: list[str] = []
        self._loading = False

    def set_faults(self, faults: list[Fault], node_ids: list[str]) -> None:
        """Show the model's faults."""
        self._loading = True
        self.node_ids = node_ids
        self.table.setRowCount(0)
        for fault in faults:
            self._append(fault)
        self._loading = False
        self.show_problems([])

    def _append(self, fault: Fault) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        nodes = QComboBox()
        self._fill_targets(nodes, fault.kind)
        nodes.setCurrentText((fault.region or "") if fault.kind == REGION_OUTAGE else fault.node)
        nodes.activated.connect(lambda _i: self._changed())
        kinds = QComboBox()
        kinds.addItems(FAULT_KINDS)
        kinds.setCurrentText(fault.kind)
        kinds.activated.connect(lambda _i, n=nodes, k=kinds: self._kind_picked(n, k))
        self.table.setCellWidget(row, 0, nodes)
        self.table.setCellWidget(row, 1, kinds)
        key = VALUE_KEY.get(fault.kind)
        value = getattr(fault, key) if key else None
        for col, number in ((2, fault.start), (3, fault.duration), (4, value)):
            self.table.setItem(row, col, QTableWidgetItem("" if number is None else fmt(number)))

    def _fill_targets(self, combo: QComboBox, kind: str) -> None:
        """The node ids, or the Region codes for a region-outage."""
        combo.clear()
        combo.addItems(list(region_codes()) if kind == REGION_OUTAGE else self.node_ids)
        combo.setProperty("regions", kind == REGION_OUTAGE)

    def _kind_picked(self, targets: QComboBox, kinds: QComboBox) -> None:
        """A row switched to or from region-outage lists Regions or nodes instead."""
        if bool(targets.property("regions")) != (kinds.currentText() == REGION_OUTAGE):
            self._fill_targets(targets, kinds.currentText())
        self._changed()

    def add_row(self) -> None:
        """Append an outage of the first node."""
        if not self.node_ids:
            self.show_problems(["add a node first"])
            return
        self._loading = True
        self._append(Fault(self.node_ids[0], "outage", 60, 30))
        self._loading = False
        self._changed()

    def remove_row(self) -> None:
        """Delete the selected row (or the last one)."""
        row = self.table.currentRow()
        if self.table.rowCount() == 0:
            return
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)
        self._changed()

    def faults(self) -> tuple[list[Fault], list[str]]:
        """The rows as faults, or the reasons they cannot be read."""
        faults, problems = [], []
        for row in range(self.table.rowCount()):
            node, kind = self._choice(row, 0), self._choice(row, 1)
            numbers: list[float | None] = []
            for col in (2, 3, 4):
                item = self.table.item(row, col)
                text = item.text().strip() if item else ""
                if col == 4 and kind not in VALUE_KEY:
                    numbers.append(None)
                    continue
                value, reason = parse_number(text, False) if text else (None, "is empty")
                if reason:
                    problems.append(f"row {row + 1}, {COLUMNS[col].lower()}: {reason}")
                numbers.append(value)
            start, length = numbers[0], numbers[1]
            if start is None or length is None:
                continue  # its problem is listed
            fault = Fault(node, kind, start, length)
            if kind == REGION_OUTAGE:
                fault = Fault("", kind, start, length, region=node)
            if kind in VALUE_KEY:
                setattr(fault, VALUE_KEY[kind], numbers[2])
            faults.append(fault)
        return faults, problems

    def _choice(self, row: int, col: int) -> str:
        """The text chosen in the combo box of a cell."""
        combo = self.table.cellWidget(row, col)
        return combo.currentText() if isinstance(combo, QComboBox) else ""

    def _changed(self) -> None:
        if self._loading:
            return
        faults, problems = self.faults()
        if problems:
            self.show_problems(problems)
            return
        self.edited.emit(faults)

    def show_problems(self, problems: list[str]) -> None:
        """Reasons an edit was refused."""
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
