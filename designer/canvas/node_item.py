"""A node card: coloured header with icon and label, key parameters, ports, marks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer import icons, style
from designer.canvas.marks import ProblemMarks
from designer.canvas.ports import PortItem
from designer.labels import node_lines
from simulator.model import Node, Topology

if TYPE_CHECKING:
    from designer.canvas.edge_item import EdgeItem

WIDTH = 164.0
HEIGHT = 76.0
HEADER = 24.0
RADIUS = 6.0
GRID = 20.0
OVERVIEW_ZOOM = 0.7  # below this zoom a card shows one big title instead of its detail lines
TITLE_PX = 13.0  # the big title's height on screen


class NodeItem(ProblemMarks, QGraphicsItem):
    """The canvas picture of one node; it never changes the model itself."""

    def __init__(self, node: Node, topology: Topology) -> None:
        super().__init__()
        self.node_id = node.id
        self.kind = node.kind
        self.color = style.kind_color(node.kind)
        self.title = node.title
        self.lines: list[str] = []
        self.edges: set[EdgeItem] = set()
        self.init_marks()
        self.overlay_text: str | None = None
        self.overlay_color: QColor | None = None
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1)
        self.input_port = PortItem(self, None, self.color) if node.spec.receives else None
        if self.input_port:
            self.input_port.setPos(0, HEIGHT / 2)
        self.output_ports: dict[str, PortItem] = {}
        for i, edge_kind in enumerate(sorted(node.spec.targets, key=lambda k: k != "flow")):
            port = PortItem(self, edge_kind, self.color)
            port.setPos(*_port_position(i))
            self.output_ports[edge_kind] = port
        self.refresh(node, topology)

    # --- model mirroring ----------------------------------------------------------------
    def refresh(self, node: Node, topology: Topology) -> None:
        """Take label, parameters and position from the model."""
        self.node_id = node.id
        self.title = node.title
        self.lines = node_lines(node, topology)
        if node.position is not None:
            self._mirroring = True  # the model's position is exact: no snapping
            self.setPos(QPointF(*node.position))
            self._mirroring = False
        self._update_tooltip(node)
        self.update()

    def _update_tooltip(self, node: Node | None = None) -> None:
        head = f"<b>{self.title}</b> ({self.node_id}, {self.kind})"
        if node is not None:
            head += f"<br>{node.spec.aws}"
        self.tooltip_head = head
        self.refresh_tooltip()

    def set_overlay(self, badge_text: str | None, color: Any = None) -> None:
        """Run-panel hook: a badge above the card and a tint of its body; None clears."""
        grows = bool(badge_text) != bool(self.overlay_text)
        if grows:
            self.prepareGeometryChange()  # the badge grows the bounding rect upwards
        self.overlay_text = badge_text
        if grows:
            self._labels_around_moved(own=True)
        self.overlay_color = QColor(color) if color is not None else None
        self.update()

    def _labels_around_moved(self, own: bool = False) -> None:
        """Edge labels near the card (with its badge) find a free spot again (those of its
        own edges too when `own`: a move has placed them already)."""
        scene = self.scene()
        if scene is None:
            return
        near = self.sceneBoundingRect().adjusted(-200, -60, 200, 60)
        for item in scene.items():  # not items(near): the index lags a geometry change
            place = getattr(item, "place_label", None)
            if place is None or not item.sceneBoundingRect().intersects(near):
                continue
            if own or item not in self.edges:
                place()

    def show_ports(self, visible: bool) -> None:
        """Show or hide the connection ports (hidden when zoomed far out)."""
        for port in [self.input_port, *self.output_ports.values()]:
            if port is not None:
                port.setVisible(visible)

    # --- geometry -----------------------------------------------------------------------
    def input_anchor(self) -> QPointF:
        """Where incoming edges end (scene coordinates)."""
        return self.mapToScene(QPointF(0, HEIGHT / 2))

    def output_anchor(self, edge_kind: str) -> QPointF:
        """Where outgoing edges of `edge_kind` start (scene coordinates)."""
        port = self.output_ports.get(edge_kind)
        return port.scenePos() if port else self.mapToScene(QPointF(WIDTH, HEIGHT / 2))

    def center(self) -> QPointF:
        """The card's centre in scene coordinates."""
        return self.mapToScene(QPointF(WIDTH / 2, HEIGHT / 2))

    def boundingRect(self) -> QRectF:
        """The card plus room for the problem badge and, while shown, the overlay badge."""
        top = -26 if self.overlay_text else -10
        return QRectF(-4, top, WIDTH + 14, HEIGHT + 8 - top)

    def shape(self) -> QPainterPath:
        """The card itself (for hit tests and rubber-band selection)."""
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, WIDTH, HEIGHT), RADIUS, RADIUS)
        return path

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        """Snap while dragging; drag attached edges along."""
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange:
            snap = getattr(self.scene(), "snap_to_grid", False)
            if snap and not getattr(self, "_mirroring", False):
                return QPointF(round(value.x() / GRID) * GRID, round(value.y() / GRID) * GRID)
        elif change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.update_path()
            self._labels_around_moved()
        return super().itemChange(change, value)

    # --- painting -----------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Card, header, icon, texts and marks; just a coloured block when far away."""
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        card = QRectF(0, 0, WIDTH, HEIGHT)
        if lod < 0.2:  # a speck on screen: two plain rectangles
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(
                self._border_pen() if self.isSelected() or self.severity else Qt.PenStyle.NoPen
            )
            painter.setBrush(QBrush(self._body_color()))
            painter.drawRect(card)
            painter.fillRect(QRectF(0, 0, WIDTH, HEADER), self.color)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if lod >= 0.45:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 22))
            painter.drawRoundedRect(card.translated(1.5, 2.5), RADIUS, RADIUS)
        painter.setPen(self._border_pen())
        painter.setBrush(QBrush(self._body_color()))
        painter.drawRoundedRect(card, RADIUS, RADIUS)
        self._paint_header(painter)
        if lod >= OVERVIEW_ZOOM:
            self._paint_texts(painter)
        else:  # zoomed out: one big title instead of small texts that cannot be read
            self._paint_big_title(painter, lod)
        if self.severity:
            self._paint_problem_badge(painter)
        if self.overlay_text:
            self._paint_overlay(painter, lod)

    def _border_pen(self) -> QPen:
        if self.isSelected():
            return QPen(QColor(style.SELECTION), 2.4)
        if self.severity == "error":
            return QPen(QColor(style.ERROR), 2.0)
        if self.severity == "warning":
            return QPen(QColor(style.WARNING), 1.6)
        return QPen(QColor(style.NODE_BORDER), 1.0)

    def _body_color(self) -> QColor:
        if self.overlay_color is None:
            return QColor(style.NODE_FILL)
        tint = QColor(self.overlay_color)
        tint.setAlpha(40)
        return _blend(QColor(style.NODE_FILL), tint)

    def _paint_header(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.color)
        painter.drawPath(_header_path())

    def _paint_texts(self, painter: QPainter) -> None:
        painter.drawPixmap(
            QRectF(7, 4, 16, 16), icons.kind_icon(self.kind, 16, "#FFFFFF"), QRectF()
        )
        title_font = style.font(9, bold=True)
        painter.setFont(title_font)
        painter.setPen(QColor("#FFFFFF"))
        metrics = QFontMetricsF(title_font)
        title = metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, WIDTH - 36)
        painter.drawText(QRectF(28, 0, WIDTH - 34, HEADER), Qt.AlignmentFlag.AlignVCenter, title)
        body_font = style.font(8)
        painter.setFont(body_font)
        metrics = QFontMetricsF(body_font)
        y = HEADER + 5
        for i, line in enumerate(self.lines):
            painter.setPen(QColor(style.TEXT if i == 0 else style.TEXT_MUTED))
            text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, WIDTH - 20)
            painter.drawText(QRectF(10, y, WIDTH - 20, 22), Qt.AlignmentFlag.AlignVCenter, text)
            y += 21

    def _paint_big_title(self, painter: QPainter, lod: float) -> None:
        """The title alone, in the card's body, large enough to read at this zoom."""
        font = overview_font(lod)
        painter.setFont(font)
        painter.setPen(QColor(style.TEXT))
        metrics = QFontMetricsF(font)
        body = QRectF(6, HEADER, WIDTH - 12, HEIGHT - HEADER)
        lines = _wrap_two(self.title, metrics, body.width())
        painter.drawText(body, Qt.AlignmentFlag.AlignCenter, "\n".join(lines))

    def _paint_problem_badge(self, painter: QPainter) -> None:
        colour = QColor(style.ERROR if self.severity == "error" else style.WARNING)
        painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
        painter.setBrush(colour)
        centre = QPointF(WIDTH - 1, 1)
        painter.drawEllipse(centre, 8, 8)
        painter.setFont(style.font(8, bold=True))
        painter.setPen(QColor("#FFFFFF"))
        painter.drawText(
            QRectF(centre.x() - 8, centre.y() - 8, 16, 16), Qt.AlignmentFlag.AlignCenter, "!"
        )

    def _paint_overlay(self, painter: QPainter, lod: float = 1.0) -> None:
        text, overlay_font = self._fitted_overlay(lod)
        width = QFontMetricsF(overlay_font).horizontalAdvance(text) + 14
        rect = QRectF(2, -23, min(width, WIDTH - 4), 20)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.overlay_color or QColor(style.TEXT))
        painter.drawRoundedRect(rect, 10, 10)
        painter.setFont(overlay_font)
        painter.setPen(QColor("#FFFFFF"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _fitted_overlay(self, lod: float = 1.0) -> tuple[str, QFont]:
        """The badge text and font: 9 pt, larger when zoomed out (about 9 px on screen),
        smaller or elided to fit."""
        text, room = self.overlay_text or "", WIDTH - 18
        big = min(12.0, max(9.0, 7.0 / max(lod, 0.05)))
        for size in (big, 9.0, 7.5):
            font = style.font(size, bold=True)
            if QFontMetricsF(font).horizontalAdvance(text) <= room:
                return text, font
        return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, room), font


_HEADER_PATH: list[QPainterPath] = []


def _header_path() -> QPainterPath:
    """The header band: rounded top corners, square bottom (built once)."""
    if not _HEADER_PATH:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0.5, 0.5, WIDTH - 1, HEADER), RADIUS - 0.5, RADIUS - 0.5)
        square = QPainterPath()
        square.addRect(QRectF(0.5, HEADER / 2, WIDTH - 1, HEADER / 2 + 0.5))
        _HEADER_PATH.append(path.united(square))
    return _HEADER_PATH[0]


def _port_position(index: int) -> tuple[float, float]:
    """Every output port sits on the right edge: flow in the middle, others below it."""
    if index == 0:
        return (WIDTH, HEIGHT / 2)
    return (WIDTH, HEIGHT / 2 + 24 * index)


def _blend(base: QColor, over: QColor) -> QColor:
    a = over.alphaF()
    return QColor.fromRgbF(
        base.redF() * (1 - a) + over.redF() * a,
        base.greenF() * (1 - a) + over.greenF() * a,
        base.blueF() * (1 - a) + over.blueF() * a,
    )


def overview_font(lod: float) -> QFont:
    """The zoomed-out title font: about TITLE_PX pixels on screen, within the card."""
    font = style.font(9, bold=True)
    font.setPixelSize(round(min(30.0, TITLE_PX / max(lod, 0.05))))
    return font


def _wrap_two(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """`text` on at most two lines of `width` (the second elided)."""
    if metrics.horizontalAdvance(text) <= width:
        return [text]
    words, first = text.split(), ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    rest = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)
    return [first, rest] if rest else [first]
