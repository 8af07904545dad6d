"""A real run (engine in its own process) feeds the state machine window's figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from tests_designer_helpers import FakePrompts

from designer.main_window import MainWindow
from designer.paths import EXAMPLES
from designer.run import run_to_end

FLOW = "account-flow"


@pytest.fixture
def run_window(qtbot, tmp_path: Path):
    """A main window with the run panel and a copy of the bank example open."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings, FakePrompts(), tmp_path / "recovery", restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    path = tmp_path / "bank.yaml"
    shutil.copy(EXAMPLES / "bank-account-opening.yaml", path)
    assert win.open_file(path, ask=False)
    yield win
    win.run_ui.controller.shutdown()
    win.doc.undo_stack.setClean()
    win.autosave_timer.stop()


def test_a_finished_run_shows_its_per_state_figures(run_window) -> None:
    """After a run of the bank example, with the time slider at the end, every state shows
    the run's own count of executions that entered it (and failures, retries), and the
    window says which run."""
    win = run_window.workflows.open(FLOW)
    assert run_to_end(run_window, timeout=120)
    record = run_window.run_ui.shown
    run_window.run_ui.bar.slider.setValue(record.series.rows - 1)  # the story moved it
    states = record.result.nodes[FLOW]["states"]
    risk = states["Risk"]
    assert risk["entered"] > 0
    assert win.pane.scene.states["Risk"].figures.startswith(f"{risk['entered']:,} in")
    address = states["AddressCheck"]
    item = win.pane.scene.states["AddressCheck"]
    assert address["retries"] > 0  # the flaky address check is retried in this example
    assert f"{address['retries']:,} retries" in item.figures
    assert win.run_label.text() == f"Run {record.number} · final figures"


def test_a_streaming_run_shows_live_per_state_figures(run_window) -> None:
    """While a paced run streams, the window shows the engine's live per-state figures
    (labelled live) before the run ends."""
    from designer.run.screenshot import wait_until

    win = run_window.workflows.open(FLOW)
    ui = run_window.run_ui
    ui.bar.speed.setCurrentIndex(ui.bar.speed.findData(1000.0))
    record = ui.start()
    assert record is not None

    def live_figures() -> bool:
        return win.run_label.text().endswith("· live") and bool(
            win.pane.scene.states["Risk"].figures
        )

    assert wait_until(live_figures, 60)
    assert not record.finished
    live = record.latest.nodes[FLOW]["states"]["Risk"]
    assert win.pane.scene.states["Risk"].figures.startswith(f"{int(live['entered']):,} in")
    ui.controller.stop()
    assert wait_until(lambda: record.finished, 30)


def test_the_time_slider_shows_per_state_figures_of_its_time(run_window) -> None:
    """Moving the time slider of a finished run shows, on each state, the executions that
    had entered it by then (the series summed to that row) and says the time; back at the
    end, the final figures return."""
    win = run_window.workflows.open(FLOW)
    assert run_to_end(run_window, timeout=120)
    ui = run_window.run_ui
    series = ui.shown.series
    row = series.rows // 2
    ui.bar.slider.setValue(row)
    entered = int(series.column(f"{FLOW}.state.Risk.entered")[: row + 1].sum())
    assert 0 < entered < ui.shown.result.nodes[FLOW]["states"]["Risk"]["entered"] + 20
    assert win.pane.scene.states["Risk"].figures.startswith(f"{entered:,} in")
    assert f"at t = {float(series.t[row]):,.0f} s" in win.run_label.text()
    ui.bar.slider.setValue(series.rows - 1)
    assert win.run_label.text().endswith("· final figures")
