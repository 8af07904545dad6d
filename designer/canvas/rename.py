"""In-place label editing on a node card (double-click or F2)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGraphicsProxyWidget, QGraphicsScene, QLineEdit

from designer.canvas.node_item import HEADER, WIDTH, NodeItem


class RenameBox(QObject):
    """A line edit over the card's header; Enter commits, Escape cancels."""

    done = Signal(str, object)  # node id, new text or None when cancelled

    def __init__(self, scene: QGraphicsScene, item: NodeItem, text: str) -> None:
        super().__init__()
        self.node_id = item.node_id
        self.edit = QLineEdit(text)
        self.edit.setFixedSize(int(WIDTH - 26), int(HEADER - 2))
        self.edit.selectAll()
        self.proxy = QGraphicsProxyWidget()
        self.proxy.setWidget(self.edit)
        self.proxy.setZValue(10)
        self.proxy.setPos(item.pos().x() + 25, item.pos().y() + 1)
        scene.addItem(self.proxy)
        self._finished = False
        self.edit.returnPressed.connect(self.commit)
        self.edit.installEventFilter(self)
        self.edit.setFocus()
        scene.setFocusItem(self.proxy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Escape cancels; losing focus commits."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.cancel()
            return True
        if event.type() == QEvent.Type.FocusOut and not self._finished:
            self.commit()
        return False

    def commit(self) -> None:
        """Finish with the typed text."""
        self._finish(self.edit.text())

    def cancel(self) -> None:
        """Finish without a change."""
        self._finish(None)

    def _finish(self, text: str | None) -> None:
        if self._finished:
            return
        self._finished = True
        self.edit.removeEventFilter(self)
        scene = self.proxy.scene()
        if scene is not None:
            scene.removeItem(self.proxy)
        self.proxy.deleteLater()
        self.done.emit(self.node_id, text)
