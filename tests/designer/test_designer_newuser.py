"""What a new user tripped over on the canvas (issue #10), through real Qt events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

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
