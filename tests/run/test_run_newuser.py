"""What a new user tripped over in the run panel (issue #10), through real Qt events."""

from __future__ import annotations

from conftest import open_example, run_and_wait
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_driver import UiDriver


def test_a_new_or_opened_document_starts_with_empty_run_panels(window, ui):
    """After a run, File > New (Ctrl+N) and File > Open leave no figure of the old run on
    screen; the old run stays in Compare, named by its file and revision."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    UiDriver(window).click_node("payments")
    assert "Payment" in ui.board.charts["node"].title
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    UiDriver.process()
    assert ui.results.status.text().startswith("No run yet")
    assert ui.results.table.rowCount() == 0 and not ui.results.headline.text()
    assert ui.bar.progress.text() == "idle" and ui.bar.progress.value() == 0
    assert not ui.bar.slider.isEnabled() and ui.bar.slider_label.text() == "t = –"
    assert ui.board.charts["node"].title == "Node chart"
    assert all(not chart.lines for chart in ui.board.charts.values())
    open_example(window, "bank-account-opening")
    assert ui.results.status.text().startswith("No run yet")
    assert "ecommerce.yaml rev 0" in ui.compare.run_b.currentText()
