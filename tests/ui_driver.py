"""Drive the designer the way a user does: palette drops, port drags, clicks, typing.

Used by the tests (`from ui_driver import UiDriver`; pytest puts `tests/` on the path) and by
docs/screenshots/make_screenshots.py; every step goes through real Qt events on the widgets,
not through the model. It lives under tests/ because the app never uses it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from designer.canvas.node_item import HEIGHT, WIDTH
from designer.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


class UiDriver:
    """Mouse and keyboard actions on a MainWindow."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.view = window.view
        self.scene = window.scene

    @staticmethod
    def process() -> None:
        """Let queued events and timers run."""
        for _ in range(3):
            QApplication.processEvents()

    def viewport_point(self, scene_pos: QPointF) -> QPoint:
        """A scene position in viewport pixels, scrolling it into view first."""
        self.view.ensureVisible(scene_pos.x() - 1, scene_pos.y() - 1, 2, 2, 60, 60)
        return self.view.mapFromScene(scene_pos)

    # --- palette and canvas ---------------------------------------------------------------
    def drop_kind(self, kind: str, scene_pos: QPointF) -> str:
        """Drag `kind` from the palette and drop it at `scene_pos`; the new node's id."""
        palette = self.window.kind_palette
        mime = palette.mimeData([palette.item_for(kind)])
        target = self.view.viewport()
        point = QPointF(self.viewport_point(scene_pos))
        action = Qt.DropAction.CopyAction
        for event in (
            QDragEnterEvent(point, action, mime, LEFT, NO_MOD),
            QDragMoveEvent(point, action, mime, LEFT, NO_MOD),
            QDropEvent(point, action, mime, LEFT, NO_MOD),
        ):
            QApplication.sendEvent(target, event)
        self.process()
        return self.scene.selected_node_ids()[0]

    def drag_connect(self, source: str, target: str, edge_kind: str = "flow") -> str:
        """Drag from `source`'s port for `edge_kind` onto `target`; the status bar message."""
        port = self.scene.node_items[source].output_ports[edge_kind]
        start = self.viewport_point(port.scenePos())
        goal = self.scene.node_items[target].center()
        end = self.viewport_point(goal)
        start = self.view.mapFromScene(port.scenePos())  # the view may have scrolled
        viewport = self.view.viewport()
        QTest.mousePress(viewport, LEFT, NO_MOD, start)
        QTest.mouseMove(viewport, (start + end) / 2)
        QTest.mouseMove(viewport, end)
        QTest.mouseRelease(viewport, LEFT, NO_MOD, end)
        self.process()
        return self.window.statusBar().currentMessage()

    def click_node(self, node_id: str, ctrl: bool = False) -> None:
        """Click a node's body (Ctrl adds it to the selection)."""
        item = self.scene.node_items[node_id]
        point = self.viewport_point(item.mapToScene(QPointF(WIDTH / 2, HEIGHT - 12)))
        modifier = Qt.KeyboardModifier.ControlModifier if ctrl else NO_MOD
        QTest.mouseClick(self.view.viewport(), LEFT, modifier, point)
        self.process()

    def click_empty(self) -> None:
        """Click the canvas background, clearing the selection."""
        rect = self.scene.itemsBoundingRect()
        point = self.viewport_point(QPointF(rect.right() + 150, rect.bottom() + 150))
        QTest.mouseClick(self.view.viewport(), LEFT, NO_MOD, point)
        self.process()

    def click_edge(self, source: str, target: str, kind: str = "flow") -> None:
        """Click an edge in the middle of its curve."""
        item = self.scene.edge_items[(source, target, kind)]
        middle = item.mapToScene(item._path.pointAtPercent(0.5))
        label = item.label_rect()
        if not label.isEmpty():
            middle = label.center()
        QTest.mouseClick(self.view.viewport(), LEFT, NO_MOD, self.viewport_point(middle))
        self.process()

    def drag_node(self, node_id: str, dx: float, dy: float) -> None:
        """Drag a node by its header."""
        item = self.scene.node_items[node_id]
        start_scene = item.mapToScene(QPointF(WIDTH / 2, 10))
        start = self.viewport_point(start_scene)
        end = start + QPoint(round(dx * self.view.zoom), round(dy * self.view.zoom))
        viewport = self.view.viewport()
        QTest.mousePress(viewport, LEFT, NO_MOD, start)
        for step in range(1, 5):
            QTest.mouseMove(viewport, start + (end - start) * step / 4)
        QTest.mouseRelease(viewport, LEFT, NO_MOD, end)
        self.process()

    # --- inspector ----------------------------------------------------------------------
    def form(self):
        """The inspector page shown now."""
        self.process()
        return self.window.inspector.form

    def type_param(self, name: str, text: str) -> None:
        """Replace the text of a node parameter's field by typing `text`."""
        line = self.form().fields[name].findChild(QLineEdit)
        self.type_into(line, text)

    def type_into(self, line: QLineEdit, text: str) -> None:
        """Focus a line edit, clear it and type `text` key by key, then press Enter."""
        line.setFocus()
        line.selectAll()
        QTest.keyClicks(line, text)
        QTest.keyClick(line, Qt.Key.Key_Return)
        self.process()

    def paste_into(self, line: QLineEdit, text: str) -> None:
        """Replace a line edit's text by pasting `text` from the clipboard (Ctrl+V)."""
        QApplication.clipboard().setText(text)
        line.setFocus()
        line.selectAll()
        QTest.keyClick(line, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        self.process()

    def choose(self, combo: QComboBox, data: str) -> None:
        """Pick the entry of a combo box whose data (or text) is `data`, as a user would."""
        index = combo.findData(data)
        if index < 0:
            index = combo.findText(data)
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
        self.process()

    def set_text(self, editor, text: str) -> None:
        """Replace the text of a structured (JSON/YAML) editor."""
        editor.text.setFocus()
        editor.text.selectAll()
        editor.text.insertPlainText(text)
        self.process()


class SessionBuilder:
    """Rebuild a whole design from a blank canvas with palette drops, port drags and typing.

    `shoot(name)` is called at the interesting moments (the screenshot session uses it).
    """

    def __init__(self, ui: UiDriver, shoot=None) -> None:
        self.ui = ui
        self.window = ui.window
        self.shoot = shoot or (lambda name: None)

    def build(self, topology) -> None:
        """Nodes, then edges, then the scenario, all through the UI."""
        for node in topology.nodes:
            self.add_node(node)
        self.window.view.fit()
        self.shoot("02-nodes-dropped")
        for edge in topology.edges:
            self.add_edge(edge)
        self.shoot("03-connected")
        self.set_scenario(topology)

    def add_node(self, node) -> None:
        """Drop the kind where the card belongs, rename it in place, type its parameters."""
        from designer.canvas.node_item import HEIGHT, WIDTH

        x, y = node.position
        new_id = self.ui.drop_kind(node.kind, QPointF(x + WIDTH / 2, y + HEIGHT / 2))
        if new_id != node.id:
            self.ui.type_into(self.ui.form().id_edit, node.id)
        self.rename_in_place(node.id, node.label)
        for name, value in node.params.items():
            self.set_param(node.id, name, value)

    def rename_in_place(self, node_id: str, label: str) -> None:
        """Double-click the card and type its label."""
        item = self.ui.scene.node_items[node_id]
        point = self.ui.viewport_point(item.mapToScene(QPointF(WIDTH / 2, HEIGHT - 10)))
        QTest.mouseDClick(self.ui.view.viewport(), LEFT, NO_MOD, point)
        box = self.ui.scene._rename
        box.edit.selectAll()
        QTest.keyClicks(box.edit, label)
        QTest.keyClick(box.edit, Qt.Key.Key_Return)
        self.ui.process()

    def set_param(self, node_id: str, name: str, value) -> None:
        """Select the node and edit one parameter with its typed editor."""
        import json

        from designer.inspector.distribution import DistributionEditor
        from designer.inspector.editors import BoolEditor
        from designer.inspector.load import LoadEditor
        from designer.inspector.structured import StructuredEditor, dump
        from simulator.model.params import fmt

        if self.ui.scene.selected_node_ids() != [node_id]:
            self.ui.click_node(node_id)
        editor = self.ui.form().fields[name]
        if isinstance(editor, DistributionEditor):
            self.set_distribution(editor, value)
        elif isinstance(editor, LoadEditor):
            self.ui.choose(editor.combo, value["profile"])
            for key, field in editor.fields.items():
                if key in value and isinstance(field, QLineEdit):
                    self.ui.type_into(
                        field, fmt(value[key]) if key != "steps" else json.dumps(value[key])
                    )
        elif isinstance(editor, StructuredEditor):
            self.ui.set_text(editor, dump(value, editor.fmt))
        elif isinstance(editor, BoolEditor):
            if editor.box.isChecked() != value:
                editor.box.click()
                self.ui.process()
        else:
            self.ui.type_into(editor.findChild(QLineEdit), fmt(value))

    def set_distribution(self, editor, value) -> None:
        """Pick the family and type its numbers."""
        from simulator.model.distributions import DIST_KEYS
        from simulator.model.params import fmt, is_number

        if is_number(value):
            value = {"dist": "constant", "value": value}
        self.ui.choose(editor.combo, value["dist"])
        for field, key in zip(editor.fields, DIST_KEYS[value["dist"]][0], strict=False):
            self.ui.type_into(field, fmt(value[key]))

    def add_edge(self, edge) -> None:
        """Drag from the right port, then fill in pattern, filter, emits and latency."""
        from designer.inspector.structured import dump

        message = self.ui.drag_connect(edge.source, edge.target, edge.kind)
        assert message.startswith("Connected"), message
        for field in ("pattern", "filter", "emits"):
            value = getattr(edge, field)
            if value is not None:
                self.ui.click_edge(edge.source, edge.target, edge.kind)
                editor = self.ui.form().fields[field]
                self.ui.set_text(editor, dump(value, editor.fmt))
        if edge.latency is not None:
            self.ui.click_edge(edge.source, edge.target, edge.kind)
            self.set_distribution(self.ui.form().fields["latency"], edge.latency)

    def set_scenario(self, topology) -> None:
        """Click the empty canvas and type the scenario."""
        from simulator.model.params import fmt

        self.ui.click_empty()
        form = self.ui.form()
        self.ui.type_into(form.name, topology.name)
        form.description.setFocus()
        form.description.selectAll()
        form.description.insertPlainText(topology.description)
        for name in ("duration", "warmup", "seed"):
            self.ui.type_into(form.fields[name].line, fmt(getattr(topology.scenario, name)))
        self.ui.click_empty()
