"""Running from the designer: streaming, charts, pause/stop, the frozen copy."""

from __future__ import annotations

import time

import numpy as np
from conftest import open_example, run_and_wait

from designer.run.screenshot import wait_until
from simulator.files.write import to_dict


def test_example_run_completes_and_fills_the_charts(window, ui):
    """A run of the e-commerce example finishes and every chart has its curves with data."""
    open_example(window, "ecommerce")
    record = run_and_wait(ui, duration=120)
    assert record.status == "done" and record.result is not None
    assert record.series.rows >= 20
    charts = ui.board.charts
    for key in ("latency", "depth", "throughput", "consumers"):
        chart = charts[key]
        assert chart.curves, key
        xs, _ = chart.curves[0].getData()
        assert len(xs) == record.series.rows, key
    p99 = charts["latency"].curves[2].getData()[1]  # log10 of seconds: the axis is logarithmic
    assert np.isfinite(p99).sum() > record.series.rows / 2
    assert ui.results.table.rowCount() == len(window.doc.topology.nodes)
    assert "completed" in ui.results.headline.text()
    assert ui.bar.progress.value() == 1000


def test_snapshots_stream_in_batches_while_running(window, ui, qtbot):
    """A paced run updates the charts and progress bar many times before it ends."""
    open_example(window, "ecommerce")
    updates = []
    ui.controller.runUpdated.connect(lambda r: updates.append(r.time))
    ui.bar.duration.setValue(60)
    ui.bar.speed.setCurrentIndex(4)  # 1000x: about 60 ms of wall time per simulated minute
    ui.bar.speed.setCurrentIndex(3)  # 100x: 0.6 s
    ui.bar.run_action.trigger()
    record = ui.controller.history.current
    assert wait_until(lambda: record.finished, 20)
    assert len(updates) >= 5
    assert updates == sorted(updates)
    assert record.series.rows == len(record.result.series["t"])


def test_stop_cancels_promptly(window, ui):
    """Stop ends a long paced run within half a second and keeps a partial, cancelled result."""
    open_example(window, "ecommerce")
    ui.bar.speed.setCurrentIndex(1)  # real time: 900 s would take 15 minutes
    ui.bar.run_action.trigger()
    record = ui.controller.history.current
    assert wait_until(lambda: record.latest is not None, 15)
    started = time.perf_counter()
    ui.bar.stop_action.trigger()
    assert wait_until(lambda: record.finished, 5)
    assert time.perf_counter() - started < 0.5
    assert record.status == "cancelled" and record.result.cancelled
    assert record.time < 60
    assert ui.controller.state == "idle"
    assert "stopped" in ui.bar.progress.format()


def _settled_time(record, qtbot, tries: int = 10) -> float:
    """The run's simulated time once it has stopped changing for 300 ms (fails if it never
    does)."""
    for _ in range(tries):
        before = record.time
        qtbot.wait(300)
        if record.time == before:
            return before
    raise AssertionError(f"simulated time kept moving while paused (now {record.time})")


def test_pause_holds_simulated_time_until_resumed(window, ui, qtbot):
    """Pause freezes simulated time; Resume carries on from there."""
    open_example(window, "ecommerce")
    ui.bar.speed.setCurrentIndex(3)  # 100x
    ui.bar.run_action.trigger()
    record = ui.controller.history.current
    assert wait_until(lambda: record.time > 20, 15)
    ui.bar.pause_action.trigger()
    assert ui.bar.pause_action.text() == "Resume"
    held = _settled_time(record, qtbot)  # snapshots already on their way may still land
    qtbot.wait(500)
    assert record.time == held
    ui.bar.pause_action.trigger()
    assert wait_until(lambda: record.time > held + 10, 5)
    ui.bar.stop_action.trigger()
    assert wait_until(lambda: record.finished, 5)


def test_run_does_not_change_the_topology_and_edits_wait_for_the_next_run(window, ui):
    """The run works on a frozen copy: the design is untouched, and an edit made during the
    run is kept for the next run but does not reach the one in progress."""
    open_example(window, "ecommerce")
    before = to_dict(window.doc.topology)
    ui.bar.duration.setValue(300)
    ui.bar.speed.setCurrentIndex(3)
    ui.bar.run_action.trigger()
    record = ui.controller.history.current
    assert wait_until(lambda: record.latest is not None, 15)
    window.editor.set_param("payments", "concurrency", 48)
    ui.bar.stop_action.trigger()
    assert wait_until(lambda: record.finished, 5)
    assert record.topology.node("payments").get("concurrency") == 24
    assert window.doc.topology.node("payments").get("concurrency") == 48
    second = run_and_wait(ui, duration=30)
    assert second.topology.node("payments").get("concurrency") == 48
    window.doc.undo_stack.undo()
    assert to_dict(window.doc.topology) == before


def test_a_design_with_errors_is_not_run(window, ui):
    """Run refuses a design with errors and points at the Problems panel instead."""
    open_example(window, "ecommerce")
    window.doc.set_node_value("payments", "concurrency", 0)
    assert ui.start() is None
    assert ui.controller.history.current is None
    assert "Cannot run" in window.statusBar().currentMessage()
