"""What a new user tripped over on the canvas (issue #10), through real Qt events."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit

CTRL = Qt.KeyboardModifier.ControlModifier


def test_inline_rename_types_spaces_plus_and_minus(shop):
    """F2 then typing into the canvas (where the keyboard focus is) keeps every character:
    Space, + and - reach the editor, and the view does not zoom."""
    window, view = shop.window, shop.window.view
    shop.click_node("payments")
    view.setFocus()
    zoom = view.zoom
    QTest.keyClick(view, Qt.Key.Key_F2)
    shop.process()
    box = window.scene._rename
    assert box is not None
    box.edit.selectAll()
    QTest.keyClicks(view, "Tax calc v2 pay-v2+=")
    QTest.keyClick(view, Qt.Key.Key_Return)
    shop.process()
    assert window.doc.node("payments").label == "Tax calc v2 pay-v2+="
    assert view.zoom == zoom


@pytest.mark.parametrize("width", [320, 400, 520])
def test_inspector_help_lines_are_never_clipped(shop, width):
    """Every wrapped help line of every node's inspector page gets the height its text
    needs at the dock's width, and no field is squeezed below its natural height (Cold
    start, Keep alive, Batch size, Partial batch, …)."""
    window = shop.window
    window.resizeDocks([window.inspector_dock], [width], Qt.Orientation.Horizontal)
    for node in [n.id for n in window.doc.topology.nodes]:
        shop.click_node(node)
        for label in window.inspector.form.findChildren(QLabel):
            if label.wordWrap() and label.isVisible() and label.text():
                needed = label.heightForWidth(label.width())
                assert label.height() >= needed, (node, label.text())
        for kind in (QLineEdit, QComboBox, QCheckBox):
            for field in window.inspector.form.findChildren(kind):
                if field.isVisible():
                    assert field.height() >= field.sizeHint().height(), (node, field)


def test_a_bundled_example_opened_with_open_is_an_untitled_copy(window, prompts):
    """File > Open on a file in the examples folder gives 'New design from …': Ctrl+S asks
    for a new name (cancelled here) and the example on disk is not touched."""
    from designer.paths import EXAMPLES

    example = EXAMPLES / "ecommerce.yaml"
    before = example.read_bytes()
    prompts.open_paths = [example]
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_O, CTRL)
    assert window.doc.path is None
    assert window.statusBar().currentMessage() == "New design from ecommerce.yaml"
    window.editor.set_label("payments", "Changed")
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_S, CTRL)
    assert example.read_bytes() == before
    assert window.doc.path is None and window.doc.is_dirty


def test_paste_is_offset_with_unique_ids_and_labels(shop):
    """Ctrl+C, Ctrl+V twice on the canvas: each copy lands beside the last (not on the
    original), with a fresh id and label ('Payment service 2', then '… 3')."""
    window, view = shop.window, shop.window.view
    shop.click_node("payments")
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_C, CTRL)
    QTest.keyClick(view, Qt.Key.Key_V, CTRL)
    QTest.keyClick(view, Qt.Key.Key_V, CTRL)
    shop.process()
    nodes = {n.id: n for n in window.doc.topology.nodes}
    copies = [n for n in nodes.values() if n.id.startswith("payments") and n.id != "payments"]
    assert len(copies) == 2 and len(nodes) == 11
    assert sorted(n.label for n in copies) == ["Payment service 2", "Payment service 3"]
    positions = {nodes["payments"].position, *(n.position for n in copies)}
    assert len(positions) == 3
    for node in copies:
        item = window.scene.node_items[node.id]
        others = [window.scene.node_items[n].sceneBoundingRect() for n in nodes if n != node.id]
        assert not any(item.sceneBoundingRect().intersects(r) for r in others)


def test_filter_labels_read_correctly(window):
    """Edge labels of the notification example say 'severity ≠ urgent' and 'score ≥ 20'
    (not 'severity=≠urgent' or "score='>=' 20"), and are not cut short."""
    from designer.paths import EXAMPLES

    assert window.open_file(EXAMPLES / "notification-fanout.yaml", ask=False)
    labels = {key[1]: item.label for key, item in window.scene.edge_items.items()}
    assert labels["email-queue"] == "severity ≠ urgent"
    assert labels["push-queue"] == "channel = app, score ≥ 20"
    assert labels["sms-queue"] == "severity = urgent, country = US|GB|IN"


def test_saving_into_a_missing_folder_says_what_to_do(shop, prompts, tmp_path):
    """Save As and canvas export into a missing folder name the folder and the remedy."""
    missing = tmp_path / "gone"
    assert not shop.window.save_as(missing / "shop.yaml")
    assert not shop.window.export_picture("png", missing / "shop.png")
    messages = [m for _t, m in prompts.errors]
    assert len(messages) == 2 and all("Errno" not in m for m in messages)
    assert all(f"the folder {missing} does not exist" in m for m in messages)
