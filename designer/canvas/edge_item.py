"""An edge: a curve from an output port to an input port, styled by kind, with a label."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer import style
from designer.canvas.edge_label import (
    FAR_LOD,
    LABEL_POINTS,
    LABEL_SHIFTS,
    MIN_LABEL_POINTS,  # noqa: F401 (re-exported: tests size labels with it)
    EdgeLabel,
    covered,
    label_candidates,
    label_scale,
    leader_end,
    scaled,
)
from designer.canvas.marks import ProblemMarks
from designer.canvas.node_item import NodeItem
from designer.canvas.ports import RADIUS
from designer.document import EdgeKey

PEN_STYLES = {
    "flow": Qt.PenStyle.SolidLine,
    "dead-letter": Qt.PenStyle.DashLine,
    "on-failure": Qt.PenStyle.DotLine,
}
ARROW = 9.0


def connection_path(start: QPointF, end: QPointF, lane: float | None = None) -> QPainterPath:
    """A smooth curve leaving `start` rightwards and entering `end` from the left.

    When the target lies behind the source, the curve runs back along the horizontal
    `lane` (above both cards) instead of cutting through them.
    """
    path = QPainterPath(start)
    dx = end.x() - start.x()
    if lane is None or dx > 40:
        reach = max(45.0, abs(dx) / 2) if dx > 0 else max(80.0, abs(dx) / 3)
        path.cubicTo(QPointF(start.x() + reach, start.y()), QPointF(end.x() - reach, end.y()), end)
        return path
    bend = 36.0
    path.cubicTo(
        QPointF(start.x() + bend, start.y()),
        QPointF(start.x() + bend, lane),
        QPointF(start.x(), lane),
    )
    path.lineTo(QPointF(end.x(), lane))
    path.cubicTo(QPointF(end.x() - bend, lane), QPointF(end.x() - bend, end.y()), end)
    return path


class EdgeItem(ProblemMarks, QGraphicsItem):
    """The canvas picture of one edge; it never changes the model itself."""

    def __init__(self, key: EdgeKey, source: NodeItem, target: NodeItem) -> None:
        super().__init__()
        self.key = key
        self.source = source
        self.target = target
        self.label = ""
        self.init_marks()
        self.highlight_color: QColor | None = None
        self.width: float | None = None
        self._path = QPainterPath()
        self._arrow = QPolygonF()
        self._label_rect = QRectF()  # as drawn: enlarged by _label_scale when zoomed out
        self._label_anchor = QPointF()  # the curve point the label stands for
        self.label_item = EdgeLabel(self)  # drawn above every curve, below the cards
        self._label_scale = self._wanted_scale = 1.0
        self._font = style.font(LABEL_POINTS)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(0)
        source.edges.add(self)
        target.edges.add(self)
        self.update_path()

    @property
    def kind(self) -> str:
        """flow, dead-letter or on-failure."""
        return self.key[2]

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        """The label joins and leaves the scene with the edge; it shows the selection."""
        if change == QGraphicsItem.GraphicsItemChange.ItemSceneChange:
            old = self.label_item.scene()
            if old is not None and old is not value:
                old.removeItem(self.label_item)
        elif change == QGraphicsItem.GraphicsItemChange.ItemSceneHasChanged:
            if value is not None and self.label_item.scene() is not value:
                value.addItem(self.label_item)
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.label_item.update()
        return super().itemChange(change, value)

    def update(self, *args: Any) -> None:
        """Repaint the curve and the label (colours follow selection, problems, highlight)."""
        super().update(*args)
        self.label_item.update()

    def detach(self) -> None:
        """Forget the node cards (before removal from the scene)."""
        self.source.edges.discard(self)
        self.target.edges.discard(self)

    # --- model mirroring ----------------------------------------------------------------
    def set_label(self, text: str, tooltip: str = "") -> None:
        """The short rule summary drawn on the curve."""
        self.label = text
        self._tooltip = tooltip
        self._update_tooltip()
        self.update_path()

    def set_highlight(self, on: bool, color: Any = "#F59F00") -> None:
        """Run-panel hook: draw the edge in a highlight colour (trace paths)."""
        self.highlight_color = QColor(color) if on else None
        self.update()

    def set_width(self, width: float | None) -> None:
        """Run-panel hook: line width, e.g. proportional to traffic; None restores.
        The curve and its label stay where they are (only the bounding margin grows)."""
        if width == self.width:
            return
        self.prepareGeometryChange()
        self.width = width
        self.update()

    def _update_tooltip(self) -> None:
        text = getattr(self, "_tooltip", "") or f"{self.key[0]} → {self.key[1]} ({self.kind})"
        self.tooltip_head = text
        self.refresh_tooltip()

    # --- geometry -----------------------------------------------------------------------
    def update_path(self) -> None:
        """Recompute the curve after a node moved."""
        self.prepareGeometryChange()
        self.label_item.prepareGeometryChange()
        start = self.source.output_anchor(self.kind)
        end = self.target.input_anchor() - QPointF(RADIUS, 0)
        lane = min(self.source.pos().y(), self.target.pos().y()) - 28
        self._path = connection_path(start, end, lane)
        self._arrow = _arrow_head(self._path, end)
        self._label_rect = QRectF()
        if self.label and not _BATCH[0]:
            self.place_label()

    def place_label(self, placed: list[QRectF] | None = None) -> None:
        """Put the label on the curve where no card, run badge or other label covers it:
        the free spot nearest the middle (the least covered one when none is free).
        `placed` (cards and labels placed so far, see `labels_placed_together`) stands in
        for asking the scene, and gets this label's rect."""
        if not self.label:
            return
        metrics = QFontMetricsF(self._font)
        scale = self._label_scale  # zoomed out, labels are drawn (and placed) larger
        width = (metrics.horizontalAdvance(self.label) + 12) * scale
        height = 18 * scale
        reach = (max(LABEL_SHIFTS) * scale + height) + 4  # how far a candidate can go
        area = self._path.boundingRect().adjusted(-width - 4, -reach, width + 4, reach)
        if placed is None:
            obstacles = self._obstacles(area)
        else:
            obstacles = [rect for rect in placed if rect.intersects(area)]
        spot = self._free_spot(width, height, scale, obstacles)
        # only now: asking the scene for obstacles re-indexes items at their current bounds
        self.prepareGeometryChange()
        self.label_item.prepareGeometryChange()
        self._label_rect, self._label_anchor = spot
        if placed is not None:
            placed.append(self._label_rect)

    def _free_spot(
        self, width: float, height: float, scale: float, obstacles: list[QRectF]
    ) -> tuple[QRectF, QPointF]:
        """The label's rect and the curve point it was placed by."""
        best: tuple[float, QRectF, QPointF] | None = None
        for shift, align, fraction in label_candidates():
            point = self._path.pointAtPercent(fraction)
            top = point.y() - height / 2 + shift * scale
            rect = QRectF(point.x() - width * align, top, width, height)
            share = covered(rect, obstacles)
            if share == 0:  # candidates come nearest-the-middle-of-the-curve first
                return rect, point
            if best is None or share < best[0]:
                best = (share, rect, point)
        assert best is not None
        return best[1], best[2]

    def _obstacles(self, area: QRectF) -> list[QRectF]:
        """Cards (with their badges and ports) and the other edges' labels within `area`
        (the scene's index finds them: a design's other items are never looked at)."""
        scene = self.scene()
        if scene is None:
            return []
        found = []
        for item in scene.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, NodeItem):
                found.append(item.sceneBoundingRect())
            elif isinstance(item, EdgeLabel) and item.edge is not self and item.edge.label:
                found.append(item.edge.label_rect())
        return found

    def label_rect(self) -> QRectF:
        """Where the label is drawn (scene coordinates)."""
        return QRectF(self._label_rect)

    def boundingRect(self) -> QRectF:
        """Curve, arrow head and label."""
        margin = 6 + (self.width or 0)
        rect = self._path.boundingRect().united(self._arrow.boundingRect())
        rect = rect.united(self._label_rect)
        return rect.adjusted(-margin, -margin, margin, margin)

    def shape(self) -> QPainterPath:
        """A band around the curve, plus the label, for clicking."""
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        shape = stroker.createStroke(self._path)
        if self.label:
            shape.addRect(self._label_rect)
        return shape

    # --- painting -----------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """The curve in the kind's line style and the arrow (the label item draws the label)."""
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        far = lod < FAR_LOD  # zoomed far out: plain lines, no arrow or label (fast panning)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not far)
        colour = self._colour()
        width = self.width or (2.2 if self.isSelected() or self.highlight_color else 1.4)
        pen = QPen(colour, width, PEN_STYLES.get(self.kind, Qt.PenStyle.SolidLine))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if far:
            return
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QBrush(colour))
        painter.drawPolygon(self._arrow)

    def paint_label(self, painter: QPainter, lod: float) -> None:
        """The label box (for the label item), with a leader line to its curve point when
        it had to stand aside; nothing when zoomed far out."""
        if not self.label or lod < FAR_LOD:
            return
        self._follow_zoom(lod)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self._colour()
        end = leader_end(self._label_rect, self._label_anchor)
        if end is not None:
            painter.setPen(QPen(colour, 1, Qt.PenStyle.DotLine))
            painter.drawLine(self._label_anchor, end)
        self._paint_label(painter, colour)

    def label_bounds(self) -> QRectF:
        """What the label item paints: the box and its leader line."""
        if not self.label or self._label_rect.isNull():
            return QRectF()
        anchor = QRectF(self._label_anchor, self._label_anchor).adjusted(-2, -2, 2, 2)
        return self._label_rect.united(anchor).adjusted(-2, -2, 2, 2)

    def _colour(self) -> QColor:
        if self.isSelected():
            return QColor(style.SELECTION)
        if self.severity == "error":
            return QColor(style.ERROR)
        if self.highlight_color is not None:
            return self.highlight_color
        if self.severity == "warning":
            return QColor(style.WARNING)
        return QColor(style.EDGE)

    def _follow_zoom(self, lod: float) -> None:
        """The zoom asks for another label size: place the label again at that size, soon
        (not while painting)."""
        wanted = round(label_scale(lod), 1)
        if wanted != self._label_scale:
            self._wanted_scale = wanted
            _RESIZE.add(self)

    def set_label_scale(self, scale: float) -> None:
        """Draw the label `scale` times its size, and find it a free spot at that size."""
        self._label_scale = scale
        self.place_label()
        self.update()

    def _paint_label(self, painter: QPainter, colour: QColor) -> None:
        """The label box, enlarged about its centre when zoomed out (still legible)."""
        border = colour if colour != QColor(style.EDGE) else self.source.color
        scale = self._label_scale
        rect = scaled(self._label_rect, 1 / scale)
        painter.save()
        if scale != 1.0:
            centre = rect.center()
            painter.translate(centre)
            painter.scale(scale, scale)
            painter.translate(-centre)
        painter.setPen(QPen(border, 1))
        painter.setBrush(QColor(style.NODE_FILL))
        painter.drawRoundedRect(rect, 9, 9)
        painter.setFont(self._font)
        painter.setPen(QColor(style.TEXT))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label)
        painter.restore()


class _Resizer:
    """Edges whose labels want another size after a zoom, re-placed together once the
    painting is over."""

    def __init__(self) -> None:
        self.pending: list[EdgeItem] = []

    def add(self, edge: EdgeItem) -> None:
        """Re-place `edge`'s label soon."""
        if not self.pending:
            QTimer.singleShot(0, self.flush)
        if edge not in self.pending:
            self.pending.append(edge)

    def flush(self) -> None:
        """Re-place every pending label (edges removed meanwhile are skipped)."""
        pending, self.pending = self.pending, []
        for edge in pending:
            try:
                if edge.scene() is not None:
                    edge.set_label_scale(edge._wanted_scale)
            except RuntimeError:  # its C++ item is gone
                continue


_RESIZE = _Resizer()
_BATCH = [False]  # inside labels_placed_together: curves move, labels wait


@contextmanager
def labels_placed_together(
    edges: Callable[[], Iterable[EdgeItem]], cards: Callable[[], Iterable[NodeItem]]
) -> Iterator[None]:
    """Build or move many items, then place every label once, in order, against the cards
    measured once (asking the scene per label made opening a large design take seconds)."""
    _BATCH[0] = True
    try:
        yield
    finally:
        _BATCH[0] = False
    placed = [card.sceneBoundingRect() for card in cards()]
    for edge in edges():
        edge.place_label(placed)


def _arrow_head(path: QPainterPath, tip: QPointF) -> QPolygonF:
    before = path.pointAtPercent(0.98)
    angle = math.atan2(tip.y() - before.y(), tip.x() - before.x())
    left = QPointF(
        tip.x() - ARROW * math.cos(angle - 0.42), tip.y() - ARROW * math.sin(angle - 0.42)
    )
    right = QPointF(
        tip.x() - ARROW * math.cos(angle + 0.42), tip.y() - ARROW * math.sin(angle + 0.42)
    )
    return QPolygonF([tip, left, right])
