"""What a new user tripped over in the run panel (issue #10), through real Qt events."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import open_example, run_and_wait
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_driver import UiDriver


def test_a_new_or_opened_document_starts_with_empty_run_panels(window, ui):
    """After a run, File > New (Ctrl+N) and File > Open leave no figure of the old run on
    screen; the old run stays in Compare, named by its file and revision."""
    open_example(window, "ecommerce")
    first_name = window.doc.display_name  # an example opens as an untitled copy
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
    for key in ("depth", "throughput", "node"):  # no y range left over from the old run
        assert ui.board.charts[key].plot.getViewBox().viewRange()[1] == [0.0, 1.0], key
    open_example(window, "bank-account-opening")
    assert ui.results.status.text().startswith("No run yet")
    assert f"{first_name} rev 0" in ui.compare.run_b.currentText()


def test_during_a_run_every_figure_is_the_current_runs(window, ui, qtbot):
    """While Run 2 streams, the per-node table and the time slider show nothing of Run 1."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    assert ui.results.table.rowCount() > 0 and ui.bar.slider_label.text() == "t = 60 s"
    ui.bar.duration.setValue(600)
    ui.bar.speed.setCurrentIndex(1)  # real time: the run is still going when we look
    QTest.keyClick(window, Qt.Key.Key_F5)
    record = ui.controller.history.current
    qtbot.waitUntil(lambda: record.latest is not None, timeout=20000)
    UiDriver.process()
    assert ui.results.table.rowCount() == 0
    assert ui.bar.slider_label.text() == "t = –" and not ui.bar.slider.isEnabled()
    assert ui.results.status.text().startswith(f"Run {record.number}")
    ui.bar.stop_action.trigger()
    qtbot.waitUntil(lambda: record.finished, timeout=20000)


def test_the_right_dock_keeps_its_width_through_runs(window, ui):
    """A long Results header (3 replications) wraps instead of widening the right-hand
    dock: the canvas keeps its width, and View > Reset Layout gives the first layout back."""
    open_example(window, "ecommerce")
    ui.fit_layout()
    UiDriver.process()
    canvas = window.view.width()
    run_and_wait(ui, duration=30, replications=3)
    UiDriver.process()
    assert "3 replications" in ui.results.status.text(), ui.results.headline.text()
    assert abs(window.view.width() - canvas) <= 2
    window.reset_layout()
    UiDriver.process()
    assert abs(window.view.width() - canvas) <= 2


def _label_overlaps(window) -> list[str]:
    """Edge labels that a card (with its run badge) or another label covers."""
    found = []
    edges = list(window.scene.edge_items.values())
    for edge in edges:
        rect = edge.label_rect()
        if rect.isEmpty():
            continue
        for node_id, card in window.scene.node_items.items():
            if card.sceneBoundingRect().intersects(rect):
                found.append(f"{edge.label!r} under {node_id}")
        for other in edges:
            if other is not edge and other.label_rect().intersects(rect):
                found.append(f"{edge.label!r} under {other.label!r}")
    return found


@pytest.mark.parametrize("name", ["ecommerce", "notification-fanout", "bank-account-opening"])
def test_edge_labels_stay_clear_of_cards_badges_and_each_other(window, ui, name):
    """After a run (badges above the cards), no edge label is covered by a card, a badge
    or another label: each sits on its curve where nothing hides it."""
    open_example(window, name)
    assert _label_overlaps(window) == []
    run_and_wait(ui, duration=60)
    assert any(card.overlay_text for card in window.scene.node_items.values())
    assert _label_overlaps(window) == []


def test_results_headline_is_the_latency_of_delivered_events(window, ui):
    """Results name the headline latency as that of delivered events and show the failed
    events' latency apart (unmatched events have none)."""
    from designer.run.results import _failed_latency_html

    open_example(window, "notification-fanout")
    record = run_and_wait(ui, duration=120)
    assert record.result.events["unmatched"] > 0
    assert "Latency of delivered events" in ui.results.headline.text()
    failed = {"mean": 2.0, "p50": 1.5, "p95": 3.0, "p99": 4.0, "max": 5.0}
    assert "failed events: p50 1.5 s" in _failed_latency_html({"latency_failed": failed})
    assert _failed_latency_html({"latency_failed": dict.fromkeys(failed, 0.0)}) == ""


def test_charts_start_at_zero_follow_each_run_and_keep_legends_off_the_data(window, ui):
    """Count charts start at zero (an all-zero curve gets 0..1, not -0.4..0.4), their top
    follows the run shown, the node chart keeps a readable height beside the call-out,
    and Compare's legend sits above its plot, not on the curves."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    UiDriver(window).click_node("orders-dlq")  # a dead-letter queue: all zeros
    UiDriver.process()
    for key, chart in ui.board.charts.items():
        if chart.log_y or not chart.lines:
            continue
        low, high = chart.plot.getViewBox().viewRange()[1]
        top = max(float(np.nanmax(line.values(chart.series), initial=0)) for line in chart.lines)
        assert low == 0.0, key
        assert high == pytest.approx(top * 1.08 if top > 0 else 1.0), key
    assert ui.board.charts["node"].widget.height() >= 150
    run_and_wait(ui, duration=60)
    compare = ui.compare
    plot_box = compare.plot.getPlotItem().getViewBox().sceneBoundingRect()
    assert compare.legend.sceneBoundingRect().bottom() <= plot_box.top() + 1
    assert len(compare.legend.items) == 2


def test_trace_timeline_gives_each_node_a_lane_its_name_fits(window, ui):
    """A trace across many nodes gets a timeline tall enough for one readable lane each."""
    from designer.run.traces import LANE_PX

    open_example(window, "ecommerce")
    record = run_and_wait(ui, duration=60)
    trace = max(record.result.traces, key=lambda t: len({h["node"] for h in t["hops"]}))
    ui.traces.select_row(record.result.traces.index(trace))
    UiDriver.process()
    lanes = len({h["node"] for h in trace["hops"]})
    assert ui.traces.timeline.widget.minimumHeight() >= 70 + LANE_PX * lanes


def test_export_into_a_missing_folder_says_what_to_do(window, ui, prompts, tmp_path):
    """Exporting the summary or a chart into a folder that does not exist says which
    folder is missing and what to do, not '[Errno 2] No such file or directory'."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=30)
    missing = tmp_path / "no-such-folder"
    prompts.export_paths = [missing / "summary.json", missing / "chart.png"]
    ui.export_result("summary")
    ui.export_chart("latency")
    assert len(prompts.errors) == 2
    for title, message in prompts.errors:
        assert title == "Export failed" and "Errno" not in message
        assert f"the folder {missing} does not exist" in message
        assert "Choose an existing folder" in message


def test_a_stopped_runs_summary_says_when_it_stopped(window, ui, prompts, qtbot, tmp_path):
    """Stop (Shift+F5) during a run: the exported summary has cancelled and stopped_at,
    the simulated time reached, well before the duration."""
    import json

    open_example(window, "ecommerce")
    ui.bar.duration.setValue(900)
    ui.bar.speed.setCurrentIndex(2)  # 10x: still running when stopped
    QTest.keyClick(window, Qt.Key.Key_F5)
    record = ui.controller.history.current
    qtbot.waitUntil(lambda: record.time > 5, timeout=20000)
    QTest.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: record.finished, timeout=20000)
    prompts.export_paths = [tmp_path / "summary.json"]
    ui.export_result("summary")
    data = json.loads((tmp_path / "summary.json").read_text())
    assert data["cancelled"] is True and data["duration"] == 900
    assert 5 <= data["stopped_at"] < 900
    assert data["stopped_at"] == pytest.approx(record.result.stopped_at)


def test_exported_chart_images_carry_title_legend_and_axis_labels(window, ui, prompts, tmp_path):
    """Run > Export chart: the PNG has the chart's title in a band above the plot, and
    the SVG names the title, the legend's curves and the axis labels."""
    from PySide6.QtGui import QImage

    from designer.run.export import EXPORT_SIZE, TITLE_BAND

    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    prompts.export_paths = [tmp_path / "throughput.png", tmp_path / "throughput.svg"]
    ui.export_chart("throughput")
    ui.export_chart("throughput")
    image = QImage(str(tmp_path / "throughput.png"))
    assert image.width() == EXPORT_SIZE[0]
    band = [image.pixelColor(x, y).lightness() for x in range(image.width() // 3)
            for y in range(int(TITLE_BAND))]  # fmt: skip
    assert min(band) < 100  # dark title text in the band above the plot
    svg = (tmp_path / "throughput.svg").read_text()
    for text in ("Throughput", "events/s", "simulated time (s)", "produced"):
        assert text in svg, text
    assert not prompts.errors


def test_view_theme_dark_and_back_recolours_canvas_cards_and_charts(window, ui):
    """View > Theme > Dark makes the canvas, cards and charts dark with light text (the
    choice is remembered); Light brings the light colours back."""
    from PySide6.QtGui import QColor

    from designer import style, theme

    open_example(window, "ecommerce")
    try:
        window.theme_actions["dark"].trigger()
        assert window.settings.value(theme.SETTING) == "dark"
        assert QColor(style.CANVAS_BG).lightness() < 60 and QColor(style.TEXT).lightness() > 200
        chart = ui.board.charts["latency"].widget
        assert chart.backgroundBrush().color().lightness() < 60
        image = window.view.viewport().grab().toImage()
        assert image.pixelColor(5, 5).lightness() < 60  # the canvas background
    finally:
        window.theme_actions["light"].trigger()
    assert theme.COLOURS["light"]["CANVAS_BG"] == style.CANVAS_BG
    assert ui.board.charts["latency"].widget.backgroundBrush().color() == QColor("#FFFFFF")
