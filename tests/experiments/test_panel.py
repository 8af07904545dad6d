"""The designer's Experiments panel: background runs, progress, Stop, chart, table,
exports, goal marking, the inspector's right-click entries and opening a point as a run."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from experiment_topologies import mmc
from PySide6.QtCore import QSettings

from designer.experiments import menu
from designer.experiments.panel import ExperimentsPanel
from designer.experiments.spec import GOAL, SWEEP, Spec, from_dict
from simulator.experiments import SerialRunner

SWEEP_SPEC = Spec(SWEEP, "c.concurrency", values="2,3,4", replications=2)


@pytest.fixture
def panel(qtbot) -> ExperimentsPanel:
    """A shown panel."""
    widget = ExperimentsPanel()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _run(qtbot, panel: ExperimentsPanel, spec: Spec, duration: float = 300) -> None:
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.start(spec, mmc(1.5, duration=duration), SerialRunner())


def test_a_sweep_fills_the_table_and_the_chart(qtbot, panel: ExperimentsPanel) -> None:
    """Three values: three rows with mean ± half-width, bars and curve on the chart, and
    progress at its end."""
    _run(qtbot, panel, SWEEP_SPEC)
    assert panel.table.rowCount() == 3
    assert [panel.table.item(r, 0).text() for r in range(3)] == ["2", "3", "4"]
    assert "±" in panel.table.item(0, 2).text()
    assert panel.metric_box.currentText() == "latency.mean"
    assert panel.second_box.currentText() == "latency.p99"  # the second axis
    assert len(panel.chart.items) == 4  # bars and curve of each metric
    assert panel.progress.value() == panel.progress.maximum()


def test_progress_reports_every_replication(qtbot, panel: ExperimentsPanel) -> None:
    """The progress signal counts 1..6 of 6 replications."""
    seen: list[tuple[int, int]] = []
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.start(SWEEP_SPEC, mmc(1.5, duration=300), SerialRunner())
        assert panel.worker is not None
        panel.worker.progressed.connect(lambda d, t: seen.append((d, t)))
    assert seen[-1] == (6, 6)


class _PausingRunner(SerialRunner):
    """Runs two tasks, then waits (at most 30 s) for the cancel flag before going on: the
    test stops the sweep at a known point, whatever the machine's speed."""

    def __init__(self) -> None:
        self.two_done = threading.Event()

    def map(self, tasks, on_done=None, cancel=None):
        def done(i: int, result: dict) -> None:
            if on_done is not None:
                on_done(i, result)
            if i == 1:
                self.two_done.set()
                if cancel is not None:
                    cancel.wait(30)

        return super().map(tasks, done, cancel)


def test_stop_keeps_what_finished(qtbot, panel: ExperimentsPanel) -> None:
    """Stop during a long sweep: the panel says stopped and shows only finished points."""
    spec = Spec(SWEEP, "c.concurrency", values="2:40:1", replications=2)
    runner = _PausingRunner()
    with qtbot.waitSignal(panel.finished, timeout=60_000):
        panel.start(spec, mmc(1.5, duration=20_000), runner)
        qtbot.waitUntil(runner.two_done.is_set, timeout=30_000)
        panel.stop()
    assert panel.status.text().startswith("stopped")
    assert 1 <= panel.table.rowCount() < 39
    assert 2 <= panel.progress.value() < panel.progress.maximum() == 78  # not "100%"


def test_a_goal_marks_its_answer(qtbot, panel: ExperimentsPanel) -> None:
    """Utilization 1.5/c <= 0.6 first holds at c = 3: the row is ticked and said."""
    spec = Spec(GOAL, "c.concurrency", lo=2, hi=8, until="nodes.c.utilization<=0.6")
    _run(qtbot, panel, spec)
    assert panel.answer == 3
    assert "answer: c.concurrency = 3" in panel.status.text()
    rows = {panel.table.item(r, 0).text() for r in range(panel.table.rowCount())}
    assert "3 ✓" in rows
    assert panel.metric_box.currentText() == "nodes.c.utilization"


def test_exports_write_csv_and_png(qtbot, panel: ExperimentsPanel, tmp_path: Path) -> None:
    """CSV: one row per point and metric; PNG: an image file of the chart."""
    _run(qtbot, panel, SWEEP_SPEC)
    csv_path = panel.export_csv(str(tmp_path / "e.csv"))
    png_path = panel.export_png(str(tmp_path / "e.png"))
    assert csv_path is not None and png_path is not None
    rows = list(csv.DictReader(csv_path.open()))
    assert {r["c.concurrency"] for r in rows} == {"2", "3", "4"}
    assert png_path.read_bytes()[:4] == b"\x89PNG"


def test_opening_a_row_asks_for_that_point_s_run(qtbot, panel: ExperimentsPanel) -> None:
    """Double-clicking (or Open results) emits the point's overrides and the first seed."""
    _run(qtbot, panel, SWEEP_SPEC)
    with qtbot.waitSignal(panel.openPoint) as signal:
        panel.open_row(1)
    assert signal.args == [{"c.concurrency": 3}, 1]


def test_specs_round_trip_through_their_file_form() -> None:
    """A sweep's and a goal's file entries read back as the same spec."""
    goal = Spec(GOAL, "c.concurrency", lo=1, hi=9, until="latency.p99<=2", replications=4)
    for spec in (SWEEP_SPEC, goal):
        assert from_dict(spec.to_dict()) == spec
    assert Spec(SWEEP, "c.concurrency", values="1:x").check() is not None


@pytest.fixture
def consumer_form(qtbot):
    """The inspector form of an M/M/c design's consumer `c`, and the (kind, node, param)
    calls its experiment entries make (the handler is removed afterwards)."""
    from designer.document import Document
    from designer.editing import Editor
    from designer.inspector.node_form import NodeForm

    calls: list[tuple[str, str, str]] = []
    menu.set_handler(lambda *args: calls.append(args))
    doc = Document(mmc(1.5))
    form = NodeForm(doc, Editor(doc), "c", lambda: (100.0, None))
    qtbot.addWidget(form)
    yield form, calls
    menu.set_handler(None)


def test_the_inspector_offers_sweep_and_goal_on_numbers(consumer_form) -> None:
    """A consumer's concurrency label gets the right-click entries; choosing one reaches the
    handler with the node and the parameter."""
    form, calls = consumer_form
    entries = menu.menu_for("c", "concurrency", form).actions()
    assert [a.text() for a in entries] == [menu.SWEEP_TEXT, menu.GOAL_TEXT]
    entries[1].trigger()
    assert calls == [(GOAL, "c", "concurrency")]


@pytest.fixture
def main_window(qtbot, tmp_path: Path):
    """A main window of its own; its experiments and runs are stopped afterwards."""
    from tests_helpers_prompts import Prompts

    from designer.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings, Prompts(), tmp_path / "recovery", restore_layout=False)
    qtbot.addWidget(win)
    yield win
    win.experiments.shutdown()
    win.run_ui.controller.shutdown()
    win.doc.undo_stack.setClean()
    win.autosave_timer.stop()


def test_a_point_opens_as_a_normal_run(main_window) -> None:
    """In the main window, opening a point runs the design with that value set; a saved
    experiment is kept with the design and undoable."""
    win = main_window
    win.doc.reset(mmc(1.5, servers=2, duration=300))
    win.experiments.open_point({"c.concurrency": 5}, 7)
    record = win.run_ui.controller.history.current
    assert record is not None
    assert record.topology.node("c").params["concurrency"] == 5
    assert record.params.seed == 7
    assert win.doc.topology.node("c").params["concurrency"] == 2  # the design is untouched
    _saving_is_undoable(win)


def _saving_is_undoable(win) -> None:
    """An experiment kept with the design is offered for Run again, written to the file,
    and undo removes it."""
    from designer.experiments.install import SaveExperiment
    from simulator.files import dumps

    win.doc.push(SaveExperiment(win.doc, SWEEP_SPEC.to_dict()))
    assert win.experiments.panel.saved == [SWEEP_SPEC]
    assert win.experiments.panel.rerun_button.isEnabled()
    assert "experiments:" in dumps(win.doc.topology, "yaml")
    assert win.doc.is_dirty
    win.doc.undo_stack.undo()
    assert win.experiments.panel.saved == []


def test_the_panel_opens_with_room_for_its_chart(qtbot, main_window) -> None:
    """Starting an experiment in a 1600 x 1000 window shows the panel at least 0.4 of the
    window high, with the chart beside the table and over 200 px tall (in the docks'
    default row it was squeezed to about 60 px under the controls)."""
    win = main_window
    win.resize(1600, 1000)
    win.show()
    win.doc.reset(mmc(1.5, servers=2, duration=300))
    win.experiments.reveal()
    qtbot.waitUntil(lambda: win.experiments.dock.height() >= 0.4 * win.height())
    panel = win.experiments.panel
    assert panel.charts.height() > 200
    table_left = panel.table.mapTo(panel, panel.table.rect().topLeft()).x()
    assert panel.charts.geometry().right() < table_left  # side by side


def test_the_right_axis_has_numbers_only_with_a_second_metric(qtbot, panel) -> None:
    """With no second metric the right axis shows no values (it showed 0.2 to 0.8 of
    nothing); choosing one brings them back."""
    from designer.experiments.panel import NONE

    _run(qtbot, panel, SWEEP_SPEC)
    right = panel.chart.plot.getAxis("right")
    assert right.style["showValues"]
    panel.second_box.setCurrentText(NONE)
    assert not right.style["showValues"]
    panel.second_box.setCurrentText("latency.p99")
    assert right.style["showValues"]


def test_a_saved_experiment_can_be_removed_and_undo_restores_it(main_window) -> None:
    """Remove takes the chosen saved experiment out of the design (and the file); Undo puts
    it back at its place."""
    from designer.experiments.install import SaveExperiment
    from simulator.files import dumps

    win = main_window
    win.doc.reset(mmc(1.5, servers=2, duration=300))
    goal = Spec(GOAL, "c.concurrency", lo=1, hi=9, until="latency.p99<=2", replications=4)
    for spec in (SWEEP_SPEC, goal):
        win.doc.push(SaveExperiment(win.doc, spec.to_dict()))
    panel = win.experiments.panel
    panel.saved_box.setCurrentIndex(0)
    panel.remove_button.click()
    assert panel.saved == [goal]
    assert win.doc.topology.experiments == [goal.to_dict()]
    assert "2,3,4" not in dumps(win.doc.topology, "yaml")
    win.doc.undo_stack.undo()
    assert panel.saved == [SWEEP_SPEC, goal]


def test_the_value_field_offers_the_entries_under_its_edit_menu(consumer_form) -> None:
    """Right-clicking the concurrency number itself (not only its label) offers Sweep this…
    and Find… below the field's own edit menu; choosing one reaches the handler."""
    from PySide6.QtCore import Qt

    form, calls = consumer_form
    line = form.fields["concurrency"].line  # type: ignore[attr-defined]
    assert line.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    entries = [a for a in menu.field_menu(line, "c", "concurrency").actions()]
    texts = [a.text() for a in entries]
    assert texts[-2:] == [menu.SWEEP_TEXT, menu.GOAL_TEXT]
    assert any("Copy" in t for t in texts)  # the field's edit menu is kept
    entries[-2].trigger()
    assert calls == [(SWEEP, "c", "concurrency")]
