"""The overview map: the whole design in a small corner view; click or drag to pan."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView

from designer import style

SIZE = (240, 150)
MARGIN = 12


class OverviewMap(QGraphicsView):
    """Shows the main view's scene scaled to fit, with the visible area framed."""

    def __init__(self, main: QGraphicsView) -> None:
        super().__init__(main.scene(), main)
        self.main = main
        self.setInteractive(False)
        self.setFixedSize(*SIZE)
        self.setProperty("covers-canvas", True)  # Fit to View keeps the cards clear of it
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.Box)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(QColor(style.CANVAS_BG))
        self.setToolTip("Overview: click or drag to move the canvas there")
        self._refit = QTimer(self, singleShot=True, interval=150)
        self._refit.timeout.connect(self.refit)
        main.scene().changed.connect(self._scene_changed)  # a bound slot: dropped with the map
        self._watch = _Follow(self)
        main.installEventFilter(self._watch)
        main.viewport().installEventFilter(self._watch)
        main.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        main.verticalScrollBar().valueChanged.connect(self.viewport().update)
        self.place()

    def _scene_changed(self, _regions: object) -> None:
        """Refit soon after the design changed (once per burst of changes)."""
        self._refit.start()

    def refit(self) -> None:
        """Fit the whole design (with a margin)."""
        rect = self.scene().itemsBoundingRect()
        if not rect.isEmpty():
            self.fitInView(rect.adjusted(-60, -60, 60, 60), Qt.AspectRatioMode.KeepAspectRatio)
        self.viewport().update()

    def place(self) -> None:
        """In the canvas's bottom-right corner."""
        area = self.main.viewport().geometry()
        self.move(area.right() - self.width() - MARGIN, area.bottom() - self.height() - MARGIN)

    def visible_area(self) -> QRectF:
        """The part of the scene the main view shows."""
        return self.main.mapToScene(self.main.viewport().rect()).boundingRect()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """Frame the main view's visible area."""
        painter.setPen(QPen(QColor(style.SELECTION), 0))
        fill = QColor(style.SELECTION)
        fill.setAlpha(30)
        painter.setBrush(fill)
        painter.drawRect(self.visible_area())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Centre the canvas where clicked."""
        self.pan_to(self.mapToScene(event.position().toPoint()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Dragging keeps panning."""
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.pan_to(self.mapToScene(event.position().toPoint()))

    def pan_to(self, point: QPointF) -> None:
        """Centre the main view on `point`."""
        self.main.centerOn(point)
        self.viewport().update()


class _Follow(QObject):
    """Keeps the map in the corner and its frame current as the main view changes."""

    def __init__(self, overview: OverviewMap) -> None:
        super().__init__(overview)
        self.overview = overview

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Resize: move to the corner; any repaint of the canvas: redraw the frame."""
        if event.type() == QEvent.Type.Resize:
            self.overview.place()
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Paint):
            self.overview.viewport().update()
        return False
