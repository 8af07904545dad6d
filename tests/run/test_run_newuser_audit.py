"""Issue #10, second look in a real window: run-panel figures that outlived their run."""

from __future__ import annotations

from conftest import open_example, run_and_wait
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QFont, QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionProgressBar
from ui_driver import UiDriver


def _hover_middle(chart, dx: int = 0) -> None:
    """Move the mouse over the middle of the chart's plot, `dx` pixels right of it: real
    mouse-move events sent to the chart's viewport (a first one elsewhere, 30 ms apart, as
    pyqtgraph drops moves less than 10 ms apart). Sent to the widget, not through the
    window system, whose routing by cursor position depends on windows earlier tests left."""
    box = chart.plot.getViewBox().sceneBoundingRect()
    point = chart.widget.mapFromScene(box.center())
    viewport = chart.widget.viewport()
    for where in (QPointF(2, 2), QPointF(point.x() + dx, point.y())):
        move = QMouseEvent(
            QEvent.Type.MouseMove, where, viewport.mapToGlobal(where),
            Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(viewport, move)
        QTest.qWait(30)


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
    _hover_middle(chart, dx=6)
    assert chart.readout.text.isVisible()
    open_example(window, "notification-fanout")
    assert not chart.readout.text.isVisible()
    _hover_middle(chart, dx=12)
    run_and_wait(ui, duration=60)
    assert not chart.readout.text.isVisible()


def test_edge_labels_are_drawn_above_every_curve_and_still_select_their_edge(window, ui):
    """After a run (thick lines), no edge's curve is painted over another edge's label:
    every label lies above all curves and below the cards, and a click on a label still
    picks its edge (for selection and the right-click menu)."""
    from PySide6.QtCore import QRectF

    from designer.canvas.edge_item import EdgeItem
    from designer.canvas.edge_label import EdgeLabel

    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    scene, view = window.scene, window.view
    view.set_zoom(1.0)
    UiDriver.process()
    labelled = [e for e in scene.edge_items.values() if e.label]
    crossed = 0
    for edge in labelled:
        centre = edge.label_rect().center()
        spot = QRectF(centre.x() - 1, centre.y() - 1, 2, 2)
        stack = [
            item
            for item in scene.items(
                spot,
                Qt.ItemSelectionMode.IntersectsItemBoundingRect,
                Qt.SortOrder.DescendingOrder,
            )
            if isinstance(item, (EdgeItem, EdgeLabel))
        ]
        assert stack[0] is edge.label_item, edge.key
        crossed += sum(isinstance(item, EdgeItem) and item is not edge for item in stack)
        nodes = [item.zValue() for item in scene.node_items.values()]
        assert max(e.zValue() for e in labelled) < edge.label_item.zValue() < min(nodes)
    assert crossed > 0  # some labels do lie where other edges' curves run
    edge = scene.edge_items[("bus", "orders", "flow")]
    point = UiDriver(window).viewport_point(edge.label_rect().center())
    assert view.itemAt(point) is edge
    UiDriver(window).click_edge("bus", "orders")
    assert edge.isSelected()


def test_a_label_standing_aside_has_a_leader_line_to_its_curve(window, ui):
    """In the IoT example the Alerting function -> Pager edge is too short for its label
    'emits PageSent': the label stands aside, and a leader line runs from its curve point
    to the label box (the label item paints both)."""
    from designer.canvas.edge_label import leader_end

    open_example(window, "iot-alerts")
    window.view.set_zoom(1.0)
    UiDriver.process()
    edge = window.scene.edge_items[("alerting", "pager", "flow")]
    rect, anchor = edge.label_rect(), edge._label_anchor
    end = leader_end(rect, anchor)
    assert end is not None and not rect.contains(anchor)
    on_rect = abs(end.x() - rect.left()) < 0.01 or abs(end.x() - rect.right()) < 0.01
    on_rect |= abs(end.y() - rect.top()) < 0.01 or abs(end.y() - rect.bottom()) < 0.01
    assert on_rect
    assert min((edge._path.pointAtPercent(f / 100) - anchor).manhattanLength()
               for f in range(101)) < 3  # fmt: skip
    bounds = edge.label_item.boundingRect()
    assert bounds.contains(anchor) and bounds.contains(rect)
    placed = window.scene.edge_items[("ingest", "alert-queue", "flow")]
    if placed.label_rect().contains(placed._label_anchor):
        assert leader_end(placed.label_rect(), placed._label_anchor) is None


def test_a_live_run_in_its_warm_up_shows_no_made_up_latency(window, ui, qtbot):
    """While a run is inside its warm-up nothing is measured yet: the live Results say so
    instead of 'p50 0 s · p95 0 s · p99 0 s' (the bank example warms up for 600 s)."""
    open_example(window, "bank-account-opening")
    ui.bar.speed.setCurrentIndex(3)  # 100x: a few seconds of warm-up on the wall clock
    QTest.keyClick(window, Qt.Key.Key_F5)
    record = ui.controller.history.current
    qtbot.waitUntil(lambda: "Events:" in ui.results.headline.text(), timeout=20000)
    text = ui.results.headline.text()
    assert record.time < 600
    assert "measured after the warm-up (t = 600 s)" in text
    assert "p50" not in text
    ui.bar.stop_action.trigger()
    qtbot.waitUntil(lambda: record.finished, timeout=20000)


def test_stopped_and_reseeded_runs_read_right_in_the_toolbar_and_compare(window, ui, qtbot):
    """A stopped run's progress text ('stopped · t = … / 14,400 s') fits its bar; Compare
    names the run settings that really differ ('seed 11 → 12'; never 'seed 11 → 11' when
    the seed stayed) and says when a run was stopped."""
    open_example(window, "bank-account-opening")
    run_and_wait(ui, duration=3000)
    ui.bar.duration.setValue(14400)
    bar = ui.bar.progress
    bar.setFont(QFont(bar.font().family(), 10))  # the desktop's font may be larger than 9 pt
    ui.bar.speed.setCurrentIndex(4)  # 1000x, then Stop past t = 1,000 s
    QTest.keyClick(window, Qt.Key.Key_F5)
    record = ui.controller.history.current
    qtbot.waitUntil(lambda: record.time > 1000, timeout=20000)
    QTest.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: record.finished, timeout=20000)
    UiDriver.process()
    assert bar.text().startswith("stopped · t = ")
    option = QStyleOptionProgressBar()
    bar.initStyleOption(option)
    room = bar.style().subElementRect(QStyle.SubElement.SE_ProgressBarLabel, option, bar)
    assert bar.fontMetrics().horizontalAdvance(bar.text()) <= room.width() - 8
    changes = ui.compare.changes.text()
    assert "seed 11 → 11" not in changes
    assert f"run settings: duration 3000 s → 14400 s, B stopped at t = {record.time:,.0f} s" in (
        changes
    )
    ui.bar.seed.setValue(12)
    run_and_wait(ui, duration=14400)
    UiDriver.process()
    assert "run settings: seed 11 → 12" in ui.compare.changes.text()


def test_the_trace_timeline_forgets_the_last_trace_with_its_run(window, ui):
    """A trace picked in one design's run leaves nothing behind after File > Open of
    another design: the empty timeline has no time range or height left from it."""
    open_example(window, "notification-fanout")
    record = run_and_wait(ui, duration=300)
    trace = max(record.result.traces, key=lambda t: len({h["node"] for h in t["hops"]}))
    ui.traces.select_row(record.result.traces.index(trace))
    UiDriver.process()
    timeline = ui.traces.timeline
    assert timeline.widget.minimumHeight() > 140  # a lane for each of its nodes
    open_example(window, "ecommerce")
    UiDriver.process()
    assert timeline.plot.getViewBox().viewRange() == [[0.0, 1.0], [0.0, 1.0]]
    assert timeline.widget.minimumHeight() == 140


def test_the_time_cursor_stays_visible_in_the_dark_theme(window, ui, qtbot):
    """The charts' time cursor (a finished run's scrubbed time) takes the theme's text
    colour: light on the dark charts, dark on the light ones (it was always near-black)."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    chart = ui.board.charts["latency"]
    try:
        window.theme_actions["dark"].trigger()
        qtbot.waitUntil(lambda: chart.cursor.pen.color().lightness() > 150, timeout=5000)
    finally:
        window.theme_actions["light"].trigger()
    qtbot.waitUntil(lambda: chart.cursor.pen.color().lightness() < 100, timeout=5000)


def test_a_charts_right_click_export_is_the_apps(window, ui, prompts, tmp_path):
    """Right-click on a chart offers 'Export Chart (PNG/SVG)…', which saves the chart with
    its title, legend and axis labels like Run > Export chart (pyqtgraph's own 'Export...'
    dialog, with 'Entire Scene' and 'Matplotlib Window', is gone)."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    chart = ui.board.charts["depth"]
    scene = chart.widget.scene()
    actions = scene.contextMenu
    assert [a.text() for a in actions] == ["Export Chart (PNG/SVG)…"]
    prompts.export_paths = [tmp_path / "depth.svg"]
    actions[0].trigger()
    svg = (tmp_path / "depth.svg").read_text()
    for text in ("Queue depth", "messages waiting", "simulated time (s)", "Orders queue"):
        assert text in svg, text
    assert not prompts.errors


def test_compare_stays_readable_in_a_short_dock(window, ui):
    """In the first layout (1400x900) Compare's plot keeps a readable height under its
    legend, and its table shows rows: the panel scrolls instead of squeezing them (its
    plot area was about 35 px tall), and the canvas keeps its width. Long run names do not
    make the panel wider than its dock, and the wheel over a run box scrolls the panel
    instead of picking another run."""
    open_example(window, "iot-alerts")
    ui.fit_layout()
    run_and_wait(ui, duration=120)
    open_example(window, "bank-account-opening")
    run_and_wait(ui, duration=600)
    canvas = window.view.width()
    ui.compare_dock.raise_()
    UiDriver.process()
    compare = ui.compare
    assert compare.plot.height() >= 170
    assert compare.plot.getPlotItem().getViewBox().height() >= 80
    assert compare.table.height() >= 110
    assert window.view.width() == canvas
    inner, viewport = compare.scroller.widget(), compare.scroller.viewport()
    assert inner.width() <= viewport.width()  # nothing cut off at the right
    assert inner.minimumSizeHint().width() <= 320  # long run names do not widen it
    before = compare.run_a.currentIndex()
    centre = QPointF(compare.run_a.rect().center())
    wheel = QWheelEvent(
        centre, compare.run_a.mapToGlobal(centre), QPoint(), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(compare.run_a, wheel)
    assert compare.run_a.currentIndex() == before  # the wheel scrolls the panel instead


def test_run_names_write_long_durations_in_full():
    """A run of 1,440,012 s is named '… · 1440012 s', not '… · 1.44001e+06 s' (seen in the
    Results header); short and fractional durations read as before."""
    from designer.run.history import seconds_text

    assert seconds_text(1440012.0) == "1440012"
    assert seconds_text(900.0) == "900" and seconds_text(2.5) == "2.5"


def test_a_remembered_dark_theme_reaches_the_window_at_start(qtbot, tmp_path):
    """Started with View > Theme > Dark remembered, the window opens with light toolbar
    icons and dark charts (they stayed dark-on-dark icons and white charts with unreadable
    light legend text: the theme was applied before the window was on screen)."""
    from conftest import Prompts
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QColor

    from designer import style, theme
    from designer.app import open_main_window
    from designer.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(theme.SETTING, "dark")
    app = QApplication.instance()
    made = []

    def window_class(s):
        made.append(MainWindow(s, Prompts(), tmp_path / "recovery", restore_layout=False))
        qtbot.addWidget(made[-1])
        return made[-1]

    try:
        window = open_main_window(app, settings, window_class)
        qtbot.waitExposed(window)
        chart = window.run_ui.board.charts["latency"].widget
        assert chart.backgroundBrush().color().lightness() < 60
        icon = window.actions_["save"].icon().pixmap(16, 16).toImage()
        ink = [
            icon.pixelColor(x, y)
            for x in range(icon.width())
            for y in range(icon.height())
            if icon.pixelColor(x, y).alpha() > 200
        ]
        assert ink and max(c.lightness() for c in ink) > 150  # light ink on the dark bar
    finally:
        theme.set_theme(app, "light")
        for window in made:
            window.run_ui.controller.shutdown()
            window.doc.undo_stack.setClean()
            window.autosave_timer.stop()
    assert QColor(style.TEXT).lightness() < 100
