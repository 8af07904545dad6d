"""Run pressed again while a run streams: the first run ends cancelled, the second runs."""

from __future__ import annotations

from conftest import open_example

from designer.run.screenshot import wait_until


def test_run_again_while_running_starts_the_new_run(window, ui):
    """F5 during a flat-out run stops it and starts the next, which streams and finishes
    (the engine read the new run's start together with the stop between two slices,
    dropped it, and the new run stayed 'starting the engine' for ever)."""
    open_example(window, "iot-alerts")
    ui.bar.speed.setCurrentIndex(0)  # flat out: the engine reads messages between slices
    ui.bar.run_action.trigger()
    first = ui.controller.history.current
    assert wait_until(lambda: first.latest is not None, 30)
    ui.bar.duration.setValue(120)
    ui.bar.run_action.trigger()
    second = ui.controller.history.current
    assert second is not first
    assert wait_until(lambda: first.finished, 60)
    assert wait_until(lambda: second.finished, 90), second.status
    assert second.status == "done" and second.result is not None
    assert ui.controller.state == "idle"
