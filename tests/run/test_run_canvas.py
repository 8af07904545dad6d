"""What a run shows on the canvas: overlays, scrubbing, trace paths, the node chart."""

from __future__ import annotations

from conftest import BACKLOG_YAML, open_example, run_and_wait
from PySide6.QtCore import QPointF

from designer.look import heat
from designer.run.trace_path import trace_path


def test_overlay_shows_a_backed_up_queue(window, ui, tmp_path):
    """A queue fed faster than its consumer drains gets a red depth badge, a saturated
    consumer, and the call-out names the queue that keeps growing."""
    path = tmp_path / "backlog.yaml"
    path.write_text(BACKLOG_YAML, encoding="utf-8")
    assert window.open_file(path, ask=False)
    record = run_and_wait(ui)
    queue = window.scene.node_items["jobs"]
    depth = record.series.column("jobs.depth")[-1]
    assert depth > 1000  # 40/s in, 10/s out for a minute
    assert queue.overlay_text.startswith(f"{depth:,.0f} waiting")
    assert queue.overlay_color.name() == heat(1.0)
    worker = window.scene.node_items["worker"]
    assert worker.overlay_text.startswith("100% busy")
    assert "Keeps growing" in ui.results.callout.text() and "jobs" in ui.results.callout.text()
    assert window.scene.edge_items[("src", "jobs", "flow")].width > 1.2


def test_scrubbing_moves_the_cursor_and_the_overlays(window, ui, tmp_path):
    """After a run, the time slider puts the cursor on every chart and the overlays show
    the figures of that moment."""
    path = tmp_path / "backlog.yaml"
    path.write_text(BACKLOG_YAML, encoding="utf-8")
    assert window.open_file(path, ask=False)
    record = run_and_wait(ui)
    assert ui.bar.slider.isEnabled()
    row = record.series.rows // 3
    ui.bar.slider.setValue(row)
    t = float(record.series.t[row])
    for chart in ui.board.charts.values():
        assert chart.cursor.isVisible() and chart.cursor.value() == t
    depth = record.series.column("jobs.depth")[row]
    assert window.scene.node_items["jobs"].overlay_text.startswith(f"{depth:,.0f} waiting")
    assert ui.bar.slider_label.text() == f"t = {t:,.0f} s"


def test_selecting_a_trace_highlights_its_path(window, ui):
    """Selecting a trace highlights exactly the edges it took, numbers its nodes and draws
    its hops on the timeline; clearing the selection removes the highlight."""
    open_example(window, "ecommerce")
    record = run_and_wait(ui, duration=60)
    traces = ui.traces
    assert traces.model.rowCount() == len(record.result.traces) > 0
    traces.select_row(0)
    trace = traces.shown[0]
    path = trace_path(trace, record.topology)
    lit = {key for key, item in window.scene.edge_items.items() if item.highlight_color}
    assert lit == path.edges
    assert {("bus", "orders", "flow"), ("orders", "payments", "flow")} <= lit
    assert ("orders", "orders-dlq", "dead-letter") not in lit
    producer = trace["hops"][0]["node"]
    assert window.scene.node_items[producer].overlay_text == "hop 1"
    assert window.scene.node_items["orders-dlq"].overlay_text is None
    assert len(traces.timeline.plot.listDataItems()) >= len(trace["hops"])
    traces.table.clearSelection()
    assert not any(item.highlight_color for item in window.scene.edge_items.values())


def test_selected_node_gets_its_own_chart(window, ui):
    """Selecting a node on the canvas charts that node's figures in the node chart."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    window.scene.select(["payments"])
    chart = ui.board.charts["node"]
    assert "Payment service" in ui.chart_docks["node"].windowTitle()
    assert {line.label for line in chart.lines} >= {"busy", "processed/s"}
    assert len(chart.curves[0].getData()[0]) == ui.shown.series.rows


def test_hovering_a_chart_reads_out_every_curve(window, ui):
    """Moving the mouse over a chart shows the time and each curve's value there."""
    open_example(window, "ecommerce")
    record = run_and_wait(ui, duration=60)
    chart = ui.board.charts["throughput"]
    box = chart.plot.getViewBox()
    t = float(record.series.t[5])
    chart.readout.hover(box.mapViewToScene(QPointF(t, 1.0)))
    html = chart.readout.text.textItem.toHtml()
    assert chart.readout.text.isVisible() and f"t = {t:g} s" in html
    assert "Payment service" in html
