"""Find a node (Ctrl+F): type to filter by id or label; Enter selects and centres it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

if TYPE_CHECKING:
    from designer.main_window import MainWindow

ROWS = 8


class FindBox(QFrame):
    """A small search box over the canvas's top-right corner."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window.view)
        self.main = window
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find a node by id or label…")
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(ROWS * 22)
        self.list.itemActivated.connect(
            lambda item: self.choose(item.data(Qt.ItemDataRole.UserRole))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.edit.textChanged.connect(self.filter)
        self.edit.returnPressed.connect(self.choose_current)
        self._keys = _Keys(self)
        self.edit.installEventFilter(self._keys)
        self.setFixedWidth(300)
        self.hide()

    def open(self) -> None:
        """Show the box in the canvas's top-right corner, ready for typing."""
        view = self.main.view
        self.move(view.width() - self.width() - 12, 12)
        self.filter(self.edit.text())
        self.show()
        self.raise_()
        self.edit.setFocus()
        self.edit.selectAll()

    def matches(self, text: str) -> list[tuple[str, str]]:
        """(id, label) of the nodes whose id or label contains `text` (any case)."""
        needle = text.strip().lower()
        found = []
        for node in self.main.doc.topology.nodes:
            label = node.label or ""
            if needle in node.id.lower() or needle in label.lower():
                found.append((node.id, label))
        return found

    def filter(self, text: str) -> None:
        """List the matching nodes, the first one current."""
        self.list.clear()
        for node_id, label in self.matches(text):
            item = QListWidgetItem(f"{label}  ({node_id})" if label else node_id)
            item.setData(Qt.ItemDataRole.UserRole, node_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.adjustSize()

    def choose_current(self) -> None:
        """Enter: select and centre the current match."""
        item = self.list.currentItem()
        if item is not None:
            self.choose(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, node_id: str) -> None:
        """Select node `node_id`, centre it and close the box."""
        scene = self.main.scene
        if node_id in scene.node_items:
            scene.select([node_id])
            self.main.view.centerOn(scene.node_items[node_id])
            self.main.statusBar().showMessage(f"Found {node_id}", 3000)
        self.close_box()

    def close_box(self) -> None:
        """Hide the box and give the keyboard back to the canvas."""
        self.hide()
        self.main.view.setFocus()


class _Keys(QObject):
    """Up/Down move through the matches; Escape closes."""

    def __init__(self, box: FindBox) -> None:
        super().__init__(box)
        self.box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys typed in the search field."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        rows = self.box.list
        if event.key() == Qt.Key.Key_Escape:
            self.box.close_box()
            return True
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and rows.count():
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            rows.setCurrentRow(max(0, min(rows.count() - 1, rows.currentRow() + step)))
            return True
        return False


def find_box(window: MainWindow) -> FindBox:
    """The window's find box (made on first use)."""
    box = getattr(window, "_find_box", None)
    if box is None:
        box = FindBox(window)
        window._find_box = box  # type: ignore[attr-defined]
    return box
