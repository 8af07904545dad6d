"""An edge's label as its own canvas item, and where labels may go.

The label is drawn by an item above every edge's curve (and below the cards), so another
edge's line - thick after a run - never crosses it. It has no shape: clicks, tooltips and
`itemAt` find the edge under it, as when the edge drew the label itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

if TYPE_CHECKING:
    from designer.canvas.edge_item import EdgeItem

LABEL_Z = 0.5  # edges are at 0, cards at 1
LABEL_SPOTS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.12, 0.88)
LABEL_SHIFTS = (0.0, -12.0, 12.0, -24.0, 24.0, -40.0, 40.0, -60.0, 60.0, -72.0, 72.0, -90.0, 90.0)
LABEL_POINTS = 7.5
MIN_LABEL_POINTS = 7.0  # on screen: below this zoomed-out labels are drawn larger
FAR_LOD = 0.5  # zoomed further out than this: plain lines, no arrow or label
LEADER_GAP = 3.0  # a label further than this from its curve point gets a leader line


class EdgeLabel(QGraphicsItem):
    """Paints `edge`'s label (and its leader line) above the curves."""

    def __init__(self, edge: EdgeItem) -> None:
        super().__init__()
        self.edge = edge
        self.setZValue(LABEL_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        """The label box and its leader line."""
        return self.edge.label_bounds()

    def shape(self) -> QPainterPath:
        """None: the edge under the label takes its clicks and shows its tooltip."""
        return QPainterPath()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """The edge paints its label at this zoom."""
        self.edge.paint_label(painter, option.levelOfDetailFromTransform(painter.worldTransform()))


def leader_end(rect: QRectF, anchor: QPointF) -> QPointF | None:
    """Where a leader line from `anchor` meets `rect` (its nearest point), or None when the
    label stands on its curve point anyway."""
    x = min(max(anchor.x(), rect.left()), rect.right())
    y = min(max(anchor.y(), rect.top()), rect.bottom())
    end = QPointF(x, y)
    if (end - anchor).manhattanLength() <= LEADER_GAP:
        return None
    return end


def label_scale(lod: float) -> float:
    """How much to enlarge a label at zoom `lod` so it stays at least MIN_LABEL_POINTS on
    screen (1 at 100 % zoom and closer)."""
    return max(1.0, MIN_LABEL_POINTS / (LABEL_POINTS * max(lod, FAR_LOD)))


def scaled(rect: QRectF, scale: float) -> QRectF:
    """`rect` enlarged by `scale` about its centre (an empty rect stays empty)."""
    if rect.isNull():
        return rect
    dx, dy = rect.width() * (scale - 1) / 2, rect.height() * (scale - 1) / 2
    return rect.adjusted(-dx, -dy, dx, dy)


def covered(rect: QRectF, obstacles: list[QRectF]) -> float:
    """The share of `rect` (with a small margin) that `obstacles` cover."""
    padded = rect.adjusted(-3, -3, 3, 3)
    area = 0.0
    for other in obstacles:
        overlap = other.intersected(padded)
        area += overlap.width() * overlap.height()
    return area / max(1.0, padded.width() * padded.height())


def label_candidates() -> list[tuple[float, float, float]]:
    """(vertical shift, horizontal anchor, fraction of the curve) in order of preference:
    centred on the curve, then beside the curve point, then above or below it."""
    return _CANDIDATES


_CANDIDATES = [
    (shift, align, fraction)
    for shift in LABEL_SHIFTS
    for align in (0.5, 1.0, 0.0)
    for fraction in LABEL_SPOTS
]
