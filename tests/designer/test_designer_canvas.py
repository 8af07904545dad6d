"""Canvas editing: selection, clipboard, rename, zoom, pan, grid, labels, marks, hooks."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from designer.canvas.edge_item import PEN_STYLES


def test_ctrl_click_and_rubber_band_select_several(shop, window):
    """Ctrl-click adds to the selection; a rubber band selects every card it covers."""
    shop.click_node("inventory")
    shop.click_node("fulfilment", ctrl=True)
    assert window.scene.selected_node_ids() == ["inventory", "fulfilment"]
    shop.click_empty()
    items = [window.scene.node_items[i] for i in ("web", "mobile")]
    top_left = items[0].sceneBoundingRect().topLeft() - QPointF(30, 30)
    bottom_right = items[1].sceneBoundingRect().bottomRight() + QPointF(10, 10)
    start, end = shop.viewport_point(top_left), shop.viewport_point(bottom_right)
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, (start + end) / 2)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    shop.process()
    assert window.scene.selected_node_ids() == ["web", "mobile"]


def test_copy_paste_brings_nodes_and_inner_edges(shop, window):
    """Copy + paste adds renamed copies with the edges among them, as one undo step."""
    shop.click_node("orders")
    shop.click_node("payments", ctrl=True)
    window.actions_["copy"].trigger()
    window.actions_["paste"].trigger()
    shop.process()
    assert window.scene.selected_node_ids() == ["orders-2", "payments-2"]
    assert window.doc.has_edge(("orders-2", "payments-2", "flow"))
    assert window.doc.node("orders-2").params == window.doc.node("orders").params
    window.doc.undo_stack.undo()
    assert not window.doc.topology.has_node("orders-2")


def test_duplicate_and_delete_key(shop, window):
    """Ctrl+D duplicates the selection; the Delete key removes it."""
    shop.click_node("accounting")
    window.actions_["duplicate"].trigger()
    assert window.scene.selected_node_ids() == ["accounting-2"]
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    shop.process()
    assert not window.doc.topology.has_node("accounting-2")


def test_inline_rename_by_double_click(shop, window):
    """Double-clicking a card edits its label in place; Enter commits, undo restores."""
    item = window.scene.node_items["bus"]
    point = shop.viewport_point(item.mapToScene(QPointF(80, 50)))
    QTest.mouseDClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    shop.process()
    box = window.scene._rename
    assert box is not None and box.edit.text() == "Order bus"
    box.edit.selectAll()
    QTest.keyClicks(box.edit, "Main bus")
    QTest.keyClick(box.edit, Qt.Key.Key_Return)
    shop.process()
    assert window.doc.node("bus").label == "Main bus" and item.title == "Main bus"
    window.doc.undo_stack.undo()
    assert window.doc.node("bus").label == "Order bus"


def test_zoom_with_wheel_keys_and_fit(shop, window):
    """The wheel and Ctrl+= zoom in, Ctrl+- out; fit shows every card."""
    view = window.view
    view.set_zoom(1.0)
    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        view.mapToGlobal(centre.toPoint()),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom > 1.1
    window.actions_["zoom_out"].trigger()
    window.actions_["zoom_out"].trigger()
    assert view.zoom < 1.0
    window.actions_["fit"].trigger()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    for item in window.scene.node_items.values():
        assert visible.contains(item.sceneBoundingRect())


def test_pan_with_middle_button(shop, window):
    """Dragging with the middle button scrolls the canvas."""
    view = window.view
    before = view.mapToScene(view.viewport().rect().center())
    viewport = view.viewport()
    start = QPoint(400, 300)
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, QPoint(300, 250))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 250)
    )
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() > before.x() and after.y() > before.y()


def test_snap_to_grid_on_drop_and_off(ui, window):
    """With snapping on, dropped cards land on the 20 px grid; off, exactly where dropped."""
    node = ui.drop_kind("queue", QPointF(133, 77))
    x, y = window.doc.node(node).position
    assert x % 20 == 0 and y % 20 == 0
    window.actions_["snap"].trigger()
    assert not window.scene.snap_to_grid
    other = ui.drop_kind("queue", QPointF(433, 77))
    assert window.doc.node(other).position[0] % 20 != 0


def test_edges_styled_and_labelled(shop, window):
    """Rules show their pattern, DLQ edges are dashed, on-failure edges dotted."""
    items = window.scene.edge_items
    assert items[("bus", "orders", "flow")].label == "OrderPlaced"
    assert items[("payments", "bus", "flow")].label == "emits PaymentAuthorized"
    assert "dead-letter after 3" in items[("orders", "orders-dlq", "dead-letter")].label
    assert PEN_STYLES["dead-letter"] == Qt.PenStyle.DashLine
    assert PEN_STYLES["on-failure"] == Qt.PenStyle.DotLine
    assert window.editor.connect("payments", "orders-dlq", "on-failure") == []
    assert items[("payments", "orders-dlq", "on-failure")].label == "on failure"


def test_invalid_and_suspicious_items_marked_with_tooltip(shop, window):
    """Validation errors and graph warnings mark the culprit card or edge, with the reason."""
    queue = window.editor.add_node("queue", (0, 600))
    window.doc.set_node_value("fulfilment", "concurrency", 0)  # bypasses the editor's checks
    window.validator.run_now()
    marked = window.scene.node_items
    assert marked[queue].severity == "warning" and "no consumer reads" in marked[queue].toolTip()
    assert (
        marked["fulfilment"].severity == "error"
        and "must be >= 1" in marked["fulfilment"].toolTip()
    )
    errors, warnings = window.problems.counts()
    assert errors >= 1 and warnings >= 1


def test_problem_click_selects_culprit(shop, window):
    """Clicking a row of the problems panel selects the node it is about."""
    queue = window.editor.add_node("queue", (0, 600))
    window.validator.run_now()
    row = next(i for i, issue in enumerate(window.problems.issues) if issue.node == queue)
    window.problems.activate(row)
    assert window.scene.selected_node_ids() == [queue]
    assert window.inspector.target == ("node", queue)


def test_run_panel_hooks_draw_overlays(shop, window):
    """NodeItem.set_overlay, EdgeItem.set_highlight/set_width and clear_overlays work."""
    card = window.scene.node_items["orders"]
    card.set_overlay("depth 42", "#E03131")
    edge = window.scene.edge_items[("bus", "orders", "flow")]
    edge.set_highlight(True)
    edge.set_width(5)
    window.grab()
    assert card.overlay_text == "depth 42" and edge.highlight_color is not None
    window.scene.clear_overlays()
    assert card.overlay_text is None and edge.width is None and edge.highlight_color is None
    dock = window.add_dock("Run", QLabel("run panel"), Qt.DockWidgetArea.BottomDockWidgetArea)
    assert dock.toggleViewAction() in window.panels_menu.actions()
    action = QAction("Run", window)
    window.add_toolbar_action(action)
    assert action in window.toolbar.actions()


def test_context_menu_offers_commands_for_what_is_under_the_mouse(shop, window):
    """Right-clicking a card selects it and offers node commands; the canvas offers paste."""
    item = window.scene.node_items["orders"]
    menu = window.context_menu(shop.viewport_point(item.mapToScene(QPointF(80, 60))))
    texts = [a.text() for a in menu.actions() if a.text()]
    menu.close()
    assert window.scene.selected_node_ids() == ["orders"]
    assert "&Rename" in texts and "&Delete" in texts
    rect = window.scene.itemsBoundingRect()
    menu = window.context_menu(
        shop.viewport_point(QPointF(rect.right() + 200, rect.bottom() + 200))
    )
    assert "&Paste" in [a.text() for a in menu.actions()]
    menu.close()
