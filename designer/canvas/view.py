"""The canvas view: zoom (wheel, keys, fit), pan, rubber band, palette drops, file drops."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmap,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsProxyWidget, QGraphicsView, QWidget

from designer import style
from designer.canvas.node_item import GRID
from designer.canvas.scene import TopologyScene

KIND_MIME = "application/x-eventscape-kind"
MIN_ZOOM, MAX_ZOOM = 0.1, 4.0
STEP = 1.2
ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}
DETAIL_ZOOM = 0.45  # below this, cards are drawn without ports and texts
MAP_GAP = 12  # Fit to View keeps cards this far from the overview map


class CanvasView(QGraphicsView):
    """Shows a TopologyScene; drops of palette kinds add nodes, drops of files open them."""

    zoomChanged = Signal(float)
    filesDropped = Signal(list)
    kindDropped = Signal(str, QPointF)  # kind, scene position of the card's top-left corner
    nudged = Signal(int, int, bool)  # arrow key with a selection: dx, dy, Shift held

    def __init__(self, scene: TopologyScene) -> None:
        super().__init__(scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setAcceptDrops(True)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSceneRect(QRectF(-5000, -5000, 10000, 10000))
        self._pan_from: QPointF | None = None
        self._space = False

    def canvas(self) -> TopologyScene:
        """The scene shown."""
        return self.scene()  # type: ignore[return-value]

    # --- zoom ---------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        """The current scale (1.0 = 100 %)."""
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Scale to `factor`, within limits."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.scale(factor / self.zoom, factor / self.zoom)
        self._zoomed()

    def _zoomed(self) -> None:
        self.canvas().set_detail(self.zoom >= DETAIL_ZOOM)
        self.zoomChanged.emit(self.zoom)

    def zoom_in(self) -> None:
        """One step closer."""
        self.set_zoom(self.zoom * STEP)

    def zoom_out(self) -> None:
        """One step further."""
        self.set_zoom(self.zoom / STEP)

    def fit(self) -> None:
        """Show every node, at most at 100 %."""
        rect = self.canvas().items_rect()
        if rect.isEmpty():
            self.set_zoom(1.0)
            self.centerOn(0, 0)
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:
            self.set_zoom(1.0)
        self.centerOn(rect.center())
        self._clear_of_overlays(rect)
        self._zoomed()

    def _clear_of_overlays(self, rect: QRectF) -> None:
        """With the overview map shown, fit `rect` beside or above it, whichever keeps the
        larger zoom, so no card lies under the map."""
        covers = [w for w in self.findChildren(QWidget) if w.property("covers-canvas")]
        corner = next((w for w in covers if w.isVisible()), None)
        if corner is None:
            return
        area = corner.geometry().translated(-self.viewport().pos())  # viewport pixels
        cards = rect.adjusted(30, 30, -30, -30)  # the padding may go under the map
        if not area.intersects(self.mapFromScene(cards).boundingRect()):
            return
        width, height = self.viewport().width(), self.viewport().height()
        side, below = corner.width() + 2 * MAP_GAP, corner.height() + 2 * MAP_GAP
        beside = min((width - side) / rect.width(), height / rect.height())
        above = min(width / rect.width(), (height - below) / rect.height())
        zoom = min(self.zoom, max(beside, above))
        if zoom <= 0:
            return
        self.set_zoom(zoom)
        shift = QPointF(side / 2, 0) if beside >= above else QPointF(0, below / 2)
        self.centerOn(rect.center() + shift / self.zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Wheel zooms around the mouse; Shift+wheel pans sideways."""
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - (delta.y() or delta.x()))
            return
        if delta.y():
            self.set_zoom(self.zoom * (STEP ** (delta.y() / 120)))
        event.accept()

    # --- pan ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Middle button, or Space + left button, pans."""
        if event.button() == Qt.MouseButton.MiddleButton or (
            self._space and event.button() == Qt.MouseButton.LeftButton
        ):
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Pan while the pan button is held."""
        if self._pan_from is not None:
            self.pan(event.position() - self._pan_from)
            self._pan_from = event.position()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Stop panning."""
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def pan(self, delta: QPointF) -> None:
        """Move the view by `delta` pixels."""
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() - round(delta.x()))
        v.setValue(v.value() - round(delta.y()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows nudge the selection; Space arms panning; + and - zoom (unless a text
        editor on the canvas has the focus: then every key is typed into it)."""
        if self._editing_text():
            super().keyPressEvent(event)
            return
        step = ARROWS.get(Qt.Key(event.key()))
        if step is not None and self.canvas().selected_node_ids():
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.nudged.emit(step[0], step[1], shift)
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
            return
        if event.key() == Qt.Key.Key_Minus:
            self.zoom_out()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """Space released: back to selecting."""
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space:
            self._space = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def _editing_text(self) -> bool:
        """True while a widget on the canvas (the in-place rename box) has the focus."""
        return isinstance(self.scene().focusItem(), QGraphicsProxyWidget)

    # --- drops --------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept palette kinds and files."""
        if event.mimeData().hasFormat(KIND_MIME) or event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        """Keep accepting while over the canvas."""
        if event.mimeData().hasFormat(KIND_MIME) or event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """A kind: a new card centred where dropped. Files: open them."""
        mime = event.mimeData()
        if mime.hasFormat(KIND_MIME):
            kind = bytes(mime.data(KIND_MIME).data()).decode()
            centre = self.mapToScene(event.position().toPoint())
            origin = self.canvas().snap(TopologyScene.card_origin(centre))
            self.kindDropped.emit(kind, origin)
            event.acceptProposedAction()
        elif mime.hasUrls():
            self.filesDropped.emit([u.toLocalFile() for u in mime.urls() if u.isLocalFile()])
            event.acceptProposedAction()
        else:
            super().dropEvent(event)

    # --- background ---------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """A light canvas with a dot grid (hidden when zoomed far out)."""
        rect = QRectF(rect)
        painter.fillRect(rect, QColor(style.CANVAS_BG))
        if self.zoom >= 0.5:
            painter.fillRect(rect, _grid_brush())


_GRID_BRUSH: dict[str, QBrush] = {}


def _grid_brush() -> QBrush:
    """A tiled brush with one dot per grid cell (cheap to paint at any size), one per dot
    colour (a theme change switches at once)."""
    if style.GRID_DOT not in _GRID_BRUSH:
        scale = 4
        tile = QPixmap(int(GRID * scale), int(GRID * scale))
        tile.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(style.GRID_DOT))
        painter.drawEllipse(QPointF(0, 0), 1.3 * scale, 1.3 * scale)
        painter.drawEllipse(QPointF(GRID * scale, 0), 1.3 * scale, 1.3 * scale)
        painter.drawEllipse(QPointF(0, GRID * scale), 1.3 * scale, 1.3 * scale)
        painter.drawEllipse(QPointF(GRID * scale, GRID * scale), 1.3 * scale, 1.3 * scale)
        painter.end()
        brush = QBrush(tile)
        brush.setTransform(QTransform.fromScale(1 / scale, 1 / scale))
        _GRID_BRUSH[style.GRID_DOT] = brush
    return _GRID_BRUSH[style.GRID_DOT]
