"""Dragging a new connection from an output port: live feedback, then connect or refuse."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from designer import style
from designer.canvas.edge_item import PEN_STYLES, connection_path
from designer.canvas.node_item import NodeItem
from designer.canvas.ports import PortItem
from designer.editing import Editor


class ConnectionDrag:
    """A connection being dragged: a rubber curve that turns green or red over a target."""

    def __init__(self, scene: QGraphicsScene, editor: Editor, port: PortItem) -> None:
        self.scene = scene
        self.editor = editor
        self.source: NodeItem = port.parentItem()  # type: ignore[assignment]
        self.edge_kind = port.edge_kind or "flow"
        self.target: NodeItem | None = None
        self.problems: list[str] = []
        self.curve = QGraphicsPathItem()
        self.curve.setZValue(5)
        self._pen(style.EDGE)
        scene.addItem(self.curve)

    def _pen(self, colour: str) -> None:
        pen = QPen(QColor(colour), 2, PEN_STYLES.get(self.edge_kind, Qt.PenStyle.SolidLine))
        self.curve.setPen(pen)

    def move_to(self, pos: QPointF) -> str:
        """Follow the mouse; return a status message about the node under it."""
        self.target = _node_at(self.scene, pos, exclude=None)
        start = self.source.output_anchor(self.edge_kind)
        end = self.target.input_anchor() if self.target else pos
        self.curve.setPath(connection_path(start, end))
        if self.target is None:
            self.problems = []
            self._pen(style.EDGE)
            return f"Drop on a node to connect {self.source.node_id} ({self.edge_kind})"
        self.problems = self.editor.connection_problems(
            self.source.node_id, self.target.node_id, self.edge_kind
        )
        self._pen(style.ERROR if self.problems else style.OK)
        if self.problems:
            return self.refusal()
        return f"Release to connect {self.source.node_id} → {self.target.node_id}"

    def refusal(self) -> str:
        """The message shown when the connection is forbidden."""
        target = self.target.node_id if self.target else "?"
        return f"Cannot connect {self.source.node_id} → {target}: {'; '.join(self.problems)}"

    def finish(self, pos: QPointF) -> tuple[bool, str]:
        """Connect when allowed; (connected, message)."""
        message = self.move_to(pos)
        self.scene.removeItem(self.curve)
        if self.target is None:
            return False, ""
        if self.problems:
            return False, message
        problems = self.editor.connect(self.source.node_id, self.target.node_id, self.edge_kind)
        if problems:
            self.problems = problems
            return False, self.refusal()
        return True, f"Connected {self.source.node_id} → {self.target.node_id}"

    def cancel(self) -> None:
        """Abandon the drag."""
        if self.curve.scene() is not None:
            self.scene.removeItem(self.curve)


def _node_at(scene: QGraphicsScene, pos: QPointF, exclude: NodeItem | None) -> NodeItem | None:
    for item in scene.items(pos):
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if item is not None and item is not exclude:
            return item
    return None
