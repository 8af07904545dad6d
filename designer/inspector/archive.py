"""A router's archive and the scenario's replays in the inspector (issue 16).

The archive is a small YAML box (`pattern` and `retention`, both optional; `{}` keeps every
event for ever; empty: no archive), checked as the file reader checks it. The replays are a
table like the faults': the bus to replay into, the window [from, to) of archive time, the
time `at` the replay starts, an optional name (the `replay-name` its events carry) and an
optional list of the bus's rule targets to replay to (EventBridge's FilterArns; empty:
every rule).
"""

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
from designer.inspector.structured import StructuredEditor
from simulator.model import Param, Replay, Topology, check_archive, fmt

ARCHIVE_EXAMPLE = "pattern: {source: [partner.app]}\nretention: 86400\n# {} keeps every event"
COLUMNS = ("Bus", "From", "To", "At", "Name", "Rules")
COLUMN_TIPS = (
    "The router whose archive is replayed into it (it needs an archive)",
    "Start of the window of archive time replayed (s)",
    "End of the window (s, excluded)",
    "When the replay starts (s, not before To); it takes as long as its window",
    "Optional name: the replay-name its events carry (patterns can test it)",
    "Optional: the targets of the bus's rules to replay to, comma-separated (empty: all)",
)


class ArchiveEditor(StructuredEditor):
    """A router's `archive` as YAML (empty: none)."""

    def __init__(self, param: Param) -> None:
        super().__init__("yaml", check_archive, ARCHIVE_EXAMPLE, height=96)
        self.param = param
        self.text.setToolTip(param.doc)


class ReplaysEditor(QWidget):
    """Rows of replays; `edited(list[Replay])` when every row reads."""

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
        self.table.setMinimumHeight(90)
        self.table.itemChanged.connect(lambda _item: self._changed())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add replay")
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
        self.routers: list[str] = []
        self.archived: list[str] = []  # routers with an archive
        self._loading = False

    def set_replays(self, replays: list[Replay], topology: Topology) -> None:
        """Show the model's replays; the Bus lists the design's routers."""
        self._loading = True
        self.routers = [n.id for n in topology.nodes if n.kind == "router"]
        self.archived = [
            n.id for n in topology.nodes if n.kind == "router" and "archive" in n.params
        ]
        self.table.setRowCount(0)
        for replay in replays:
            self._append(replay)
        self._loading = False
        self.show_problems([])

    def _append(self, replay: Replay) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        bus = QComboBox()
        bus.addItems(self.routers if replay.router in self.routers else [replay.router])
        bus.setCurrentText(replay.router)
        bus.activated.connect(lambda _i: self._changed())
        self.table.setCellWidget(row, 0, bus)
        rules = ", ".join(replay.rules) if replay.rules is not None else ""
        texts = (fmt(replay.start), fmt(replay.end), fmt(replay.at), replay.name or "", rules)
        for col, text in enumerate(texts, start=1):
            self.table.setItem(row, col, QTableWidgetItem(text))

    def add_row(self) -> None:
        """Append a replay of the first archived bus: the first 5 minutes, at t=600."""
        if not self.archived:
            self.show_problems(["give a router an archive first (its Archive box)"])
            return
        self._loading = True
        self._append(Replay(self.archived[0], 0, 300, 600))
        self._loading = False
        self._changed()

    def remove_row(self) -> None:
        """Delete the selected row (or the last one)."""
        if self.table.rowCount() == 0:
            return
        row = self.table.currentRow()
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)
        self._changed()

    def replays(self) -> tuple[list[Replay], list[str]]:
        """The rows as replays, or the reasons they cannot be read."""
        replays, problems = [], []
        for row in range(self.table.rowCount()):
            times: list[float] = []
            for col in (1, 2, 3):
                text = self._text(row, col)
                value, reason = parse_number(text, False) if text else (None, "is empty")
                if reason or value is None:
                    problems.append(f"row {row + 1}, {COLUMNS[col].lower()}: {reason}")
                else:
                    times.append(value)
            if len(times) < 3:
                continue
            name = self._text(row, 4) or None
            listed = [r.strip() for r in self._text(row, 5).split(",") if r.strip()]
            rules = tuple(listed) if listed else None
            replays.append(Replay(self._bus(row), times[0], times[1], times[2], name, rules))
        return replays, problems

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _bus(self, row: int) -> str:
        combo = self.table.cellWidget(row, 0)
        return combo.currentText() if isinstance(combo, QComboBox) else ""

    def _changed(self) -> None:
        if self._loading:
            return
        replays, problems = self.replays()
        if problems:
            self.show_problems(problems)
            return
        self.edited.emit(replays)

    def show_problems(self, problems: list[str]) -> None:
        """Reasons an edit was refused."""
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
