"""The inspector fits a narrow dock: no field or help line is cut off at the right (issue
#10 item 5, seen in a real window under Xvfb with the right dock at its narrowest)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from designer.paths import EXAMPLES

# the examples of issue 10 (a newer one has a policy editor being made by another helper)
EXAMPLE_FILES = ["bank-account-opening", "ecommerce", "iot-alerts", "notification-fanout"]


@pytest.mark.parametrize("example", EXAMPLE_FILES)
@pytest.mark.parametrize("width", [320, 400])
def test_every_node_form_fits_the_dock_width(window, ui, example, width):
    """At the dock's narrowest (320 px) and at 400 px, every node's form is no wider than
    the visible page, every visible widget ends inside it, and wrapped texts keep the
    height they need (nothing clipped right, top or bottom)."""
    assert window.open_file(EXAMPLES / f"{example}.yaml", ask=False)
    window.resizeDocks([window.inspector_dock], [width], Qt.Orientation.Horizontal)
    inspector = window.inspector
    for node in [n.id for n in window.doc.topology.nodes]:
        ui.click_node(node)
        form = inspector.form
        page = inspector.viewport().width()
        assert form.minimumSizeHint().width() <= page, (node, form.minimumSizeHint())
        for child in form.findChildren(QWidget):
            if not child.isVisible() or child.parent() is None:
                continue
            right = child.mapTo(form, child.rect().topRight()).x()
            assert right <= page + 1, (node, type(child).__name__, right, page)
            if isinstance(child, QLabel) and child.wordWrap() and child.text():
                assert child.height() >= child.heightForWidth(child.width()), (
                    node,
                    child.text(),
                )


def test_a_drop_down_lists_its_choices_whole(window, ui):
    """A drop-down narrowed to fit the dock still opens a list wide enough for its
    longest choice."""
    assert window.open_file(EXAMPLES / "ecommerce.yaml", ask=False)
    window.resizeDocks([window.inspector_dock], [320], Qt.Orientation.Horizontal)
    ui.click_node("payments")
    combos = [c for c in window.inspector.form.findChildren(QComboBox) if c.isVisible()]
    assert combos
    for combo in combos:
        view = combo.view()
        assert view.minimumWidth() >= view.sizeHintForColumn(0)


def _wheel(widget: QWidget, down: bool = True) -> None:
    """One wheel notch over the middle of `widget`."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
        QPoint(0, -120 if down else 120), Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_scrolling_the_inspector_over_a_drop_down_leaves_its_value(window, ui, shop_file):
    """A wheel turn over a drop-down that has not got the focus scrolls the inspector and
    changes nothing in the design (it turned a cold start from uniform to normal)."""
    assert window.open_file(shop_file, ask=False)
    window.resizeDocks([window.inspector_dock], [320], Qt.Orientation.Horizontal)
    ui.click_node("payments")
    window.view.setFocus()
    ui.process()
    inspector = window.inspector
    combos = [c for c in inspector.form.findChildren(QComboBox) if c.isVisible()]
    assert combos
    before = [c.currentIndex() for c in combos]
    bar = inspector.verticalScrollBar()
    bar.setValue(0)
    for combo in combos:
        _wheel(combo)
    ui.process()
    assert [c.currentIndex() for c in combos] == before
    assert window.doc.undo_stack.isClean()
    assert bar.value() > 0  # the page scrolled instead
