"""The faults table of the scenario: outages, slowdowns and error bursts per node, and
Region outages (the Target column then names a Region instead of a node)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QTableWidgetItem

from designer.inspector.editors import parse_number
from designer.inspector.rows import RowsEditor
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


class FaultsEditor(RowsEditor):
    """Rows of faults; `edited(list[Fault])` when every row parses."""

    def __init__(self) -> None:
        super().__init__(COLUMNS, COLUMN_TIPS, "Add fault")
        self.table.setMinimumHeight(110)
        self.node_ids: list[str] = []

    def set_faults(self, faults: list[Fault], node_ids: list[str]) -> None:
        """Show the model's faults."""
        self.node_ids = node_ids
        self._show_rows(faults)

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
        self._add(Fault(self.node_ids[0], "outage", 60, 30))

    def faults(self) -> tuple[list[Fault], list[str]]:
        """The rows as faults, or the reasons they cannot be read."""
        faults, problems = [], []
        for row in range(self.table.rowCount()):
            node, kind = self._choice(row, 0), self._choice(row, 1)
            numbers: list[float | None] = []
            for col in (2, 3, 4):
                text = self._text(row, col)
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

    def read(self) -> tuple[list[Fault], list[str]]:
        return self.faults()
