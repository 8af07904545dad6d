"""Editor features a canvas editor is expected to have (issue #10 "Missing"), through real
Qt events: nudging, find, align and distribute, help, theme, overview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_arrow_keys_nudge_the_selection_as_one_undo_step(shop):
    """Right, Right, Shift+Down move the selected card by 2 grid steps and 10 down; one
    Ctrl+Z puts it back."""
    window, view = shop.window, shop.window.view
    shop.click_node("payments")
    x, y = window.doc.node("payments").position
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Down, SHIFT)
    shop.process()
    assert window.doc.node("payments").position == (x + 40, y + 200)
    assert window.scene.node_items["payments"].pos().x() == x + 40
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    shop.process()
    assert window.doc.node("payments").position == (x, y)


def test_align_and_distribute_the_selection_undoably(shop):
    """Arrange > Align Left lines up the selected cards' left edges; Distribute
    Vertically spaces three cards evenly; each is one undo step."""
    window = shop.window
    ids = ["inventory", "fulfilment", "accounting"]
    window.scene.select(ids)
    before = {n: window.doc.node(n).position for n in ids}
    window.actions_["align_left"].trigger()
    lefts = {window.doc.node(n).position[0] for n in ids}
    assert lefts == {min(p[0] for p in before.values())}
    window.actions_["distribute_vertical"].trigger()
    ys = sorted(window.doc.node(n).position[1] for n in ids)
    assert abs((ys[1] - ys[0]) - (ys[2] - ys[1])) < 0.2
    window.doc.undo_stack.undo()
    window.doc.undo_stack.undo()
    assert {n: window.doc.node(n).position for n in ids} == before


def test_ctrl_f_finds_a_node_by_label_and_centres_it(shop):
    """Ctrl+F, type 'fulf', Enter: Fulfilment is selected and in the middle of the view."""
    window, view = shop.window, shop.window.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F, CTRL)
    shop.process()
    from designer.find import find_box

    box = find_box(window)
    assert box.isVisible() and box.edit.hasFocus()
    QTest.keyClicks(box.edit, "fulf")
    assert box.list.count() == 1
    QTest.keyClick(box.edit, Qt.Key.Key_Return)
    shop.process()
    assert window.scene.selected_node_ids() == ["fulfilment"]
    assert not box.isVisible()
    centre = view.mapToScene(view.viewport().rect().center())
    card = window.scene.node_items["fulfilment"].sceneBoundingRect()
    assert card.adjusted(-20, -20, 20, 20).contains(centre)


def test_help_lists_shortcuts_and_tooltips_name_them(window, qtbot):
    """Toolbar tooltips end with their shortcut, Help > Keyboard Shortcuts lists the
    commands and canvas keys, Help > File Format shows the format guide, and About
    names the version."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from designer import help as help_

    tips = {a.text(): a.toolTip() for a in window.toolbar.actions() if a.text()}
    assert tips["&Save"].endswith("(Ctrl+S)")
    assert "(Ctrl+Z)" in tips["&Undo"]
    help_menu = window.menus["help"]
    texts = [a.text() for a in help_menu.actions()]
    assert "&Keyboard Shortcuts" in texts and "&File Format…" in texts
    seen: list[str] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            if isinstance(dialog, help_.ShortcutSheet):
                table = dialog.table
                seen.append(repr([(table.item(r, 0).text(), table.item(r, 1).text())
                                  for r in range(table.rowCount())]))  # fmt: skip
            elif isinstance(dialog, help_.FormatGuide):
                seen.append(dialog.text.toPlainText())
            elif isinstance(dialog, QMessageBox):
                seen.append(dialog.text())
            dialog.close()

    for name in ("&Keyboard Shortcuts", "&File Format…", "&About Eventscape"):
        QTimer.singleShot(300, close_dialog)
        next(a for a in help_menu.actions() if a.text() == name).trigger()
    rows, guide, about = seen
    assert repr(("Ctrl+F", "Find Node")) in rows
    assert repr(("Arrow keys", help_.CANVAS_KEYS[0][1])) in rows
    assert "topology" in guide.lower()
    assert f"Eventscape {help_.version()}" in about


def test_zoomed_out_cards_show_one_title_readable_on_screen(shop, monkeypatch):
    """At 55% zoom (fit-to-view on a wide design) cards paint a big title (about 13 px on
    screen) instead of their 7 px detail lines; at 100% the detail lines come back."""
    from designer.canvas import node_item

    painted: list[str] = []
    big = node_item.NodeItem._paint_big_title
    small = node_item.NodeItem._paint_texts
    monkeypatch.setattr(
        node_item.NodeItem,
        "_paint_big_title",
        lambda s, p, lod: painted.append("big") or big(s, p, lod),
    )
    monkeypatch.setattr(
        node_item.NodeItem, "_paint_texts", lambda s, p: painted.append("small") or small(s, p)
    )
    view = shop.window.view
    for item in shop.window.scene.node_items.values():
        item.setCacheMode(item.CacheMode.NoCache)
    view.set_zoom(0.55)
    view.viewport().grab()
    assert painted and set(painted) == {"big"}
    assert node_item.overview_font(0.55).pixelSize() * 0.55 >= 12
    painted.clear()
    view.set_zoom(1.0)
    view.viewport().grab()
    assert painted and set(painted) == {"small"}


def test_overview_map_shows_the_design_and_pans_on_click(shop):
    """View > Overview Map (Ctrl+M) shows the whole design in the canvas's corner; a click
    on it centres the canvas there."""
    window, view = shop.window, shop.window.view
    view.set_zoom(2.0)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_M, CTRL)
    shop.process()
    overview = window.overview_map
    assert overview.isVisible() and window.actions_["overview"].isChecked()
    design = window.scene.itemsBoundingRect()
    shown = overview.mapToScene(overview.viewport().rect()).boundingRect()
    assert shown.contains(design)
    target = window.scene.node_items["accounting"].sceneBoundingRect().center()
    QTest.mouseClick(overview.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     overview.mapFromScene(target))  # fmt: skip
    shop.process()
    centre = view.mapToScene(view.viewport().rect().center())
    assert (centre - target).manhattanLength() < 30
    assert overview.visible_area().contains(target)
