"""The palette: one entry per registered node kind, dragged onto the canvas."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from designer import icons
from designer.canvas.view import KIND_MIME
from simulator.model import KINDS


class Palette(QListWidget):
    """Node kinds with icon, title and AWS analogue; drag one, or double-click to add."""

    kindActivated = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setDragEnabled(True)
        self.setDragDropMode(QListWidget.DragDropMode.DragOnly)
        self.setIconSize(QSize(30, 30))
        self.setSpacing(2)
        self.setMinimumWidth(180)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.setStyleSheet(
            "QListWidget { border: none; background: palette(base); }"
            "QListWidget::item { padding: 6px 4px; border-bottom: 1px solid #F1F3F5; }"
            "QListWidget::item:selected { background: #E7F0FD; color: #1F2933; }"
        )
        for kind in KINDS.values():
            item = QListWidgetItem(
                QIcon(icons.kind_icon(kind.name, 30)), f"{kind.title}\n{_short(kind.aws)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, kind.name)
            item.setToolTip(
                f"<b>{kind.title}</b> — {kind.aws}<br>{kind.doc}<br><i>Drag onto the canvas</i>"
            )
            self.addItem(item)
        self.itemDoubleClicked.connect(lambda item: self.kindActivated.emit(self.kind_of(item)))

    @staticmethod
    def kind_of(item: QListWidgetItem) -> str:
        """The node kind an entry stands for."""
        return item.data(Qt.ItemDataRole.UserRole)

    def item_for(self, kind: str) -> QListWidgetItem:
        """The entry of `kind`."""
        return next(self.item(i) for i in range(self.count()) if self.kind_of(self.item(i)) == kind)

    def mimeTypes(self) -> list[str]:
        """Palette drags carry a node kind."""
        return [KIND_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        """The dragged kind's name."""
        data = QMimeData()
        if items:
            data.setData(KIND_MIME, self.kind_of(items[0]).encode())
        return data


def _short(aws: str) -> str:
    """`EventBridge event bus` -> `EventBridge bus`: fits the palette's width."""
    return aws.split(" (")[0].replace(" event bus", " bus").replace(" function", "")
