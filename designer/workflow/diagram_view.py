"""The state diagram: a scene drawn from an ASL layout and a view that zooms and fits it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeyEvent,
    QPainter,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent, QGraphicsView

from designer import style
from designer.workflow.diagram_items import FrameItem, LinkItem, StateItem
from designer.workflow.diagram_layout import Layout, layout
from designer.workflow.figures import StateFigures

MIN_ZOOM, MAX_ZOOM = 0.15, 3.0


class DiagramScene(QGraphicsScene):
    """Draws a state machine; keeps the selection across redraws; shows run figures."""

    stateActivated = Signal(str)  # the state's name (double-click or Enter)
    stateSelected = Signal(str)  # the selected state's name ('' when none)

    def __init__(self) -> None:
        super().__init__()
        self.setBackgroundBrush(QBrush(QColor(style.CANVAS_BG)))
        self.layout_: Layout = Layout()
        self.states: dict[str, StateItem] = {}
        self.figures: Mapping[str, StateFigures] = {}
        self.definition: Any = None
        self._rebuilding = False
        self.selectionChanged.connect(self._selection_changed)

    def show_definition(self, definition: Any) -> None:
        """Lay out and draw `definition` (any value: broken documents are drawn as far as
        they go)."""
        selected = self.selected_state()
        self._rebuilding = True  # no selection signals for the items going and coming
        self.clear()
        self.states = {}
        self.definition = definition
        self.layout_ = layout(definition, tall=bool(self.figures))
        for frame in self.layout_.frames:
            self.addItem(FrameItem(frame))
        for box in self.layout_.boxes.values():
            item = StateItem(box)
            self.addItem(item)
            self.states[box.key] = item
        for link in self.layout_.links:
            source = self.layout_.boxes[link.source]
            self.addItem(LinkItem(link, source.depth))
        self.setSceneRect(QRectF(0, 0, self.layout_.width, self.layout_.height))
        if selected in self.states:
            self.states[selected].setSelected(True)
        self._rebuilding = False
        if self.selected_state() != selected:
            self.stateSelected.emit(self.selected_state())
        self._apply_figures()

    def set_figures(self, figures: Mapping[str, StateFigures] | None) -> None:
        """Show per-state run figures (by state name); None or {} hides them.

        States get taller to hold the figures: the first figures (and their end) lay the
        diagram out again."""
        had = bool(self.figures)
        self.figures = dict(figures or {})
        if had != bool(self.figures):
            self.show_definition(self.definition)
        else:
            self._apply_figures()

    def _apply_figures(self) -> None:
        for item in self.states.values():
            fig = self.figures.get(item.box.name) if item.box.path else None
            if fig is None:
                item.set_figures("")
            else:
                item.set_figures(fig.text(), bool(fig.failures), fig.details())

    def set_problems(self, problems: Mapping[str, str]) -> None:
        """Mark states named in validation problems (state name -> first message)."""
        for item in self.states.values():
            item.set_problem(problems.get(item.box.name, "") if item.box.path else "")

    def selected_state(self) -> str:
        """The name of the selected state ('' when none)."""
        items = [i for i in self.selectedItems() if isinstance(i, StateItem)]
        return items[0].box.name if items else ""

    def select_state(self, name: str) -> None:
        """Select the state called `name` (nothing when there is none)."""
        self.clearSelection()
        item = self.states.get(name)
        if item is not None and item.box.path:
            item.setSelected(True)

    def _selection_changed(self) -> None:
        if self._rebuilding:
            return
        self.stateSelected.emit(self.selected_state())

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Double-click on a state: activate it."""
        views = self.views()
        item = self.itemAt(event.scenePos(), views[0].transform() if views else QTransform())
        while item is not None and not isinstance(item, StateItem):
            item = item.parentItem()
        if isinstance(item, StateItem) and item.box.path:
            self.stateActivated.emit(item.box.name)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


class DiagramView(QGraphicsView):
    """Shows a DiagramScene: Ctrl+wheel zooms, F fits, the diagram fits when first shown."""

    def __init__(self, scene: DiagramScene | None = None) -> None:
        self._scene = scene or DiagramScene()  # the view keeps its scene alive
        super().__init__(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.auto_fit = True  # fit on resize and redraw until the user zooms

    def diagram(self) -> DiagramScene:
        """The scene shown."""
        return self.scene()  # type: ignore[return-value]

    @property
    def zoom(self) -> float:
        """The current scale."""
        return self.transform().m11()

    def set_zoom(self, zoom: float) -> None:
        """Scale to `zoom` (clamped)."""
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.resetTransform()
        self.scale(zoom, zoom)

    def refit(self) -> None:
        """Fit again unless the user has zoomed."""
        if self.auto_fit:
            self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the diagram fitted while the user has not zoomed."""
        super().resizeEvent(event)
        self.refit()

    def fit(self, largest: float = 1.0) -> None:
        """Fit the whole diagram, never larger than `largest` (F; fitting resumes)."""
        self.auto_fit = True
        rect = self.sceneRect()
        if rect.isEmpty() or self.viewport().width() < 10:
            return
        sx = self.viewport().width() / rect.width()
        sy = self.viewport().height() / rect.height()
        self.set_zoom(min(largest, sx, sy))

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.auto_fit = False
            self.set_zoom(self.zoom * step)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """F: fit; +/-: zoom; Enter: activate the selected state."""
        key = event.key()
        if key == Qt.Key.Key_F and not event.modifiers():
            self.fit()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            self.auto_fit = False
            self.set_zoom(self.zoom * (1 / 1.2 if key == Qt.Key.Key_Minus else 1.2))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.diagram().selected_state():
            self.diagram().stateActivated.emit(self.diagram().selected_state())
        else:
            super().keyPressEvent(event)
            return
        event.accept()
