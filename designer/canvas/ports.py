"""Ports: the handles on a node card that connections are dragged from and drawn to."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.style import ERROR, TEXT_MUTED

RADIUS = 5.0
HIT = 9.0
PORT_COLORS = {"dead-letter": TEXT_MUTED, "on-failure": ERROR}
PORT_HINTS = {
    "flow": "Drag to connect: events flow to the node you drop on",
    "dead-letter": "Drag to a queue: its dead-letter queue (after max_receive_count receives)",
    "on-failure": "Drag to connect the on-failure destination (finally failed events)",
}


class PortItem(QGraphicsItem):
    """An output port for one edge kind (or the input port when `edge_kind` is None)."""

    def __init__(self, parent: QGraphicsItem, edge_kind: str | None, color: QColor) -> None:
        super().__init__(parent)
        self.edge_kind = edge_kind
        self.color = QColor(PORT_COLORS.get(edge_kind or "", color.name()))
        self._hover = False
        self.setAcceptHoverEvents(edge_kind is not None)
        self.setZValue(2)
        if edge_kind is not None:
            self.setCursor(Qt.CursorShape.CrossCursor)
            self.setToolTip(PORT_HINTS.get(edge_kind, f"Drag to connect ({edge_kind})"))

    @property
    def is_output(self) -> bool:
        """True for ports that connections start from."""
        return self.edge_kind is not None

    def boundingRect(self) -> QRectF:
        """The hit area, larger than the drawn dot."""
        return QRectF(-HIT, -HIT, 2 * HIT, 2 * HIT)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """A filled dot (output) or a ring (input); bigger under the mouse; none far away."""
        if option.levelOfDetailFromTransform(painter.worldTransform()) < 0.45:
            return
        r = RADIUS + (1.5 if self._hover else 0)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.color, 1.6)
        if self.edge_kind == "dead-letter":
            pen.setStyle(Qt.PenStyle.DashLine)
        elif self.edge_kind == "on-failure":
            pen.setStyle(Qt.PenStyle.DotLine)
            pen.setWidthF(2.0)
        painter.setPen(pen)
        fill = self.color if self.edge_kind == "flow" else QColor("#FFFFFF")
        painter.setBrush(QBrush(fill))
        painter.drawEllipse(QPointF(0, 0), r, r)

    def hoverEnterEvent(self, event) -> None:
        """Highlight."""
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        """Stop highlighting."""
        self._hover = False
        self.update()
