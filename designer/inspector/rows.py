"""A table of scenario rows (faults, replays) with Add/Remove buttons and an error line.

Subclasses fill a row from a model object (`_append`) and read every row back (`read`);
`edited(list)` is emitted when every row reads, otherwise the reasons are shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)


class RowsEditor(QWidget):
    """Rows of model objects; `edited(list)` when every row reads."""

    edited = Signal(list)

    def __init__(self, columns: tuple[str, ...], tips: tuple[str, ...], add: str) -> None:
        super().__init__()
        self.columns = columns
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        for col, tip in enumerate(tips):
            header = self.table.horizontalHeaderItem(col)
            if header is not None:
                header.setToolTip(tip)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._changed())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(add)
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
        self._loading = False

    def _append(self, item: Any) -> None:
        """Add a row showing `item`."""
        raise NotImplementedError

    def read(self) -> tuple[list[Any], list[str]]:
        """The rows as model objects, or the reasons they cannot be read."""
        raise NotImplementedError

    def add_row(self) -> None:
        """Append a new row (subclasses choose what it holds)."""
        raise NotImplementedError

    def _show_rows(self, items: list[Any]) -> None:
        """Replace the rows with `items` (no `edited` signal)."""
        self._loading = True
        self.table.setRowCount(0)
        for item in items:
            self._append(item)
        self._loading = False
        self.show_problems([])

    def _add(self, item: Any) -> None:
        """Append a row for `item`, then read the table as an edit."""
        self._loading = True
        self._append(item)
        self._loading = False
        self._changed()

    def remove_row(self) -> None:
        """Delete the selected row (or the last one)."""
        if self.table.rowCount() == 0:
            return
        row = self.table.currentRow()
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)
        self._changed()

    def _text(self, row: int, col: int) -> str:
        """A text cell's stripped text ("" when empty)."""
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _choice(self, row: int, col: int) -> str:
        """The text chosen in the combo box of a cell."""
        combo = self.table.cellWidget(row, col)
        return combo.currentText() if isinstance(combo, QComboBox) else ""

    def _changed(self) -> None:
        if self._loading:
            return
        items, problems = self.read()
        if problems:
            self.show_problems(problems)
            return
        self.edited.emit(items)

    def show_problems(self, problems: list[str]) -> None:
        """Reasons an edit was refused."""
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
