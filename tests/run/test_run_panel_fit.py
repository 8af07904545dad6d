"""Issue 10 leftovers in the run panel: compact legends, the Results header never clipped,
Results and canvas following a theme change at once, edge labels legible zoomed out."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import open_example, run_and_wait
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from designer import style
from designer.canvas.edge_item import LABEL_POINTS, MIN_LABEL_POINTS, label_scale
from designer.run.charts import Chart, Line, column
from designer.run.legend import plan


def _lines(count: int) -> list[Line]:
    names = ["Onboarding workflow", "Identity check", "Address check (flaky)", "Review team",
             "Account opening", "Ops follow-up", "Manual review", "produced"]  # fmt: skip
    return [Line(names[i % len(names)], column("t"), "#1C7ED6") for i in range(count)]


def test_legend_plan_uses_at_most_two_rows():
    """Eight long names in a narrow chart take two rows at most: shortened names in more
    columns, or the first few and "+N more" when even short names do not fit."""
    widths = [120.0] * 8
    wide = plan(widths, 1200, 2)
    assert wide.text_px is None and wide.shown == 8  # all whole, in one or two rows
    medium = plan(widths, 500, 2)
    assert medium.columns == 4 and medium.text_px is not None and medium.shown == 8
    narrow = plan(widths, 190, 2)
    assert -(-(narrow.shown + 1) // narrow.columns) <= 2 and narrow.shown < 8


def test_eight_curves_in_a_narrow_chart_leave_the_plot_its_height(qtbot):
    """A 260 x 220 chart with eight curves keeps its legend to two rows above the plot
    (the plot keeps most of the height) and names every curve in the legend's tooltip."""
    chart = Chart("throughput", "Throughput", "events/s")
    qtbot.addWidget(chart.widget)
    chart.widget.resize(260, 220)
    chart.widget.show()
    qtbot.waitExposed(chart.widget)
    for line in _lines(8):
        chart.add_line(line)
    qtbot.wait(50)
    legend = chart.legend
    assert legend is not None
    rows = -(-len(legend.items) // legend.columnCount)
    assert rows <= 2
    box = chart.plot.getViewBox().sceneBoundingRect()
    assert box.height() >= 0.45 * chart.widget.height()
    assert legend.sceneBoundingRect().bottom() <= box.top() + 2  # never over the data
    assert "Address check (flaky)" in legend.toolTip()


def test_wide_chart_keeps_whole_names(qtbot):
    """With room enough the legend shows every name whole."""
    chart = Chart("throughput", "Throughput", "events/s")
    qtbot.addWidget(chart.widget)
    chart.widget.resize(1000, 300)
    chart.widget.show()
    for line in _lines(5):
        chart.add_line(line)
    labels = [label.text for _sample, label in chart.legend.items]
    assert labels == [line.label for line in _lines(5)]


def test_results_header_lines_are_never_clipped(window, ui, qtbot):
    """After a bank run in a short, narrow Results dock every header label is as tall as
    its wrapped text needs (the panel scrolls instead of clipping the ledger line)."""
    open_example(window, "bank-account-opening")
    run_and_wait(ui, duration=3600, timeout=60)
    ui.results_dock.raise_()
    window.resizeDocks([ui.results_dock], [260], Qt.Orientation.Vertical)
    qtbot.wait(100)
    results = ui.results
    for label in (results.status, results.headline, results.callout):
        if label.isVisible():
            assert label.height() >= label.heightForWidth(label.width()), label.text()[:40]
    assert "Ledger" in results.headline.text()


@pytest.fixture
def dark(window):
    """The dark theme for one test, light again after."""
    window.theme_actions["dark"].trigger()
    yield
    window.theme_actions["light"].trigger()


def test_theme_change_recolours_the_results_at_once(window, ui):
    """Switching to dark after a run redraws the Results texts in the dark theme's text
    colour at once (not at the next run), and back in the light one."""
    from designer.theme import COLOURS

    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    assert COLOURS["light"]["TEXT"] in ui.results.headline.text()
    window.theme_actions["dark"].trigger()
    try:
        assert COLOURS["dark"]["TEXT"] in ui.results.headline.text()
        assert COLOURS["light"]["TEXT"] not in ui.results.headline.text()
    finally:
        window.theme_actions["light"].trigger()
    assert COLOURS["light"]["TEXT"] in ui.results.headline.text()


def test_grid_dots_follow_the_theme(window, qtbot):
    """After switching to dark the canvas grid dots are drawn in the dark theme's dot
    colour: no pixel of an empty canvas is brighter than it (the light dots stayed)."""
    window.view.resetTransform()
    window.view.viewport().update()
    light = window.view.viewport().grab().toImage()
    window.theme_actions["dark"].trigger()
    try:
        qtbot.wait(50)
        image = window.view.viewport().grab().toImage()
        size = min(image.width(), image.height(), 200)
        lightness = np.array(
            [[image.pixelColor(x, y).lightness() for x in range(size)] for y in range(size)]
        )
        assert lightness.max() <= QColor(style.GRID_DOT).lightness() + 2
        assert lightness.max() > QColor(style.CANVAS_BG).lightness()  # dots are drawn
    finally:
        window.theme_actions["light"].trigger()
    assert light.pixelColor(1, 1).lightness() > 200


@pytest.mark.parametrize("example", ["iot-alerts", "notification-fanout", "ecommerce"])
def test_zoomed_out_labels_are_enlarged_without_covering_each_other(window, qtbot, example):
    """At 60 % zoom every edge label of an example is drawn larger (legible) and the
    enlarged labels are placed so that none covers another."""
    open_example(window, example)
    window.view.set_zoom(0.6)
    edges = [e for e in window.scene.edge_items.values() if e.label]
    want = round(label_scale(0.6), 1)
    qtbot.waitUntil(lambda: all(e._label_scale == want for e in edges), timeout=3000)
    rects = [e.label_rect() for e in edges]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b), (a, b)
    window.view.set_zoom(1.0)
    qtbot.waitUntil(lambda: all(e._label_scale == 1.0 for e in edges), timeout=3000)


def test_edge_labels_stay_legible_when_zoomed_out():
    """Between 50 % and 100 % zoom an edge label is drawn at least MIN_LABEL_POINTS on
    screen; at 100 % and closer it keeps its own size."""
    for zoom in (0.5, 0.55, 0.7, 0.9):
        assert LABEL_POINTS * zoom * label_scale(zoom) >= MIN_LABEL_POINTS - 1e-9
    assert label_scale(1.0) == 1.0 and label_scale(2.0) == 1.0


def test_clicking_the_legend_shows_every_name_and_again_compacts_it(qtbot):
    """A click on a shortened legend's name lays out every name whole; another click makes
    it compact again."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    chart = Chart("throughput", "Throughput", "events/s")
    qtbot.addWidget(chart.widget)
    chart.widget.resize(260, 300)
    chart.widget.show()
    qtbot.waitExposed(chart.widget)
    names = [line.label for line in _lines(8)]
    for line in _lines(8):
        chart.add_line(line)

    def shown() -> list[str]:
        return [label.text for _sample, label in chart.legend.items]

    def click_first_name() -> None:
        _sample, label = chart.legend.items[0]
        centre = label.sceneBoundingRect().center()
        point = chart.widget.mapFromScene(centre)
        QTest.mouseClick(chart.widget.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))

    assert shown() != names
    click_first_name()
    qtbot.waitUntil(lambda: shown() == names, timeout=2000)
    click_first_name()
    qtbot.waitUntil(lambda: shown() != names, timeout=2000)


def test_dark_theme_lightens_lines_too_dark_for_its_background(window, ui, qtbot):
    """In the dark theme the grey "produced" line is drawn light enough to see on the dark
    chart background; back in light it is its own grey again."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=30)
    chart = ui.board.charts["throughput"]
    index = [line.label for line in chart.lines].index("produced")

    def lightness() -> int:
        return chart.curves[index].opts["pen"].color().lightness()

    assert lightness() < 110
    window.theme_actions["dark"].trigger()
    try:
        qtbot.waitUntil(lambda: lightness() > QColor(style.CHART_BG).lightness() + 80, timeout=2000)
    finally:
        window.theme_actions["light"].trigger()
    qtbot.waitUntil(lambda: lightness() < 110, timeout=2000)


def test_shortened_names_stay_told_apart(qtbot):
    """Names alike at the start ("Push gateway …") are shortened in the middle when cutting
    the end would make two legend entries read the same."""
    chart = Chart("consumers", "Consumer instances", "instances")
    qtbot.addWidget(chart.widget)
    chart.widget.resize(200, 220)
    chart.widget.show()
    names = ["Push gateway", "Push gateway cold starts", "Email sender", "Email sender cold starts"]
    for name in names:
        chart.add_line(Line(name, column("t"), "#1C7ED6"))
    texts = [label.text for _sample, label in chart.legend.items]
    assert any("…" in text for text in texts)  # shortened
    assert len(set(texts)) == len(texts)
