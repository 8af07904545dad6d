"""Issue #10, second look in a real window: run-panel figures that outlived their run."""

from __future__ import annotations

from conftest import open_example, run_and_wait
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_driver import UiDriver


def _hover_middle(chart) -> None:
    """Move the mouse over the middle of the chart's plot (a real mouse-move event)."""
    box = chart.plot.getViewBox().sceneBoundingRect()
    point = chart.widget.mapFromScene(box.center())
    QTest.mouseMove(chart.widget.viewport(), QPoint(point.x(), point.y()))
    UiDriver.process()


def test_the_hover_read_out_never_shows_another_runs_figures(window, ui):
    """The latency chart's hover read-out goes when the mouse leaves the chart and when
    another run (here of another design) is shown: it never lists an old run's values."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    chart = ui.board.charts["latency"]
    _hover_middle(chart)
    assert chart.readout.text.isVisible()
    QApplication.sendEvent(chart.widget, QEvent(QEvent.Type.Leave))
    assert not chart.readout.text.isVisible()
    _hover_middle(chart)
    assert chart.readout.text.isVisible()
    open_example(window, "notification-fanout")
    assert not chart.readout.text.isVisible()
    _hover_middle(chart)
    run_and_wait(ui, duration=60)
    assert not chart.readout.text.isVisible()
