"""The run panel wired into the main window: toolbar, chart docks, results, traces, compare."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu

from designer import errors
from designer.run import export
from designer.run.board import ChartBoard
from designer.run.compare import ComparePanel
from designer.run.controller import RunController
from designer.run.history import RunRecord
from designer.run.overlays import CanvasOverlay
from designer.run.panel import RunBar
from designer.run.pricing import PricingActions
from designer.run.results import ResultsPanel
from designer.run.traces import TracesPanel
from designer.validation import find_issues

if TYPE_CHECKING:
    from designer.main_window import MainWindow

BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
CHECK_DELAY_MS = 400
PUMP_MS = 10  # one redraw per event-loop turn, at most every PUMP_MS
SIDE_CHARTS = ("node",)
RIGHT_WIDTH = 440  # results table readable, canvas as wide as possible


class RunUi(QObject):
    """Everything the run adds to a window, and the glue between its parts."""

    def __init__(self, window: MainWindow, mode: str = "process") -> None:
        super().__init__(window)
        self.window = window
        self.controller = RunController(window.doc, mode, self)
        self.board = ChartBoard(self)
        self.overlay = CanvasOverlay(window.scene)
        self.bar = RunBar(window)
        self.results = ResultsPanel()
        self.traces = TracesPanel()
        self.compare = ComparePanel(self.controller.history)
        self.shown: RunRecord | None = None
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._update_check)
        self._round: list = []  # redraws still to do for the latest batch
        self._pump = QTimer(self, interval=PUMP_MS)
        self._pump.timeout.connect(self._pump_one)
        window.addToolBarBreak()
        window.addToolBar(self.bar)
        self._add_docks()
        self._add_menu()
        self._connect()
        self._scenario_changed()
        self._update_check()
        if window.settings.value("window/state") is None:  # first launch: no saved layout
            QTimer.singleShot(0, self.fit_layout)

    # --- construction -------------------------------------------------------------------
    def _add_docks(self) -> None:
        """Add each dock straight into its place (stacking them first would make the window
        grow to fit them all, and it would not shrink back)."""
        w = self.window
        inspector = getattr(w, "inspector_dock", None)
        self.chart_docks: dict[str, QDockWidget] = {}
        for key, chart in self.board.charts.items():
            title = chart.title if key != "node" else "Node chart"
            dock = w.add_dock(title, chart.widget, RIGHT if key in SIDE_CHARTS else BOTTOM)
            chart.on_title = dock.setWindowTitle
            self._menu_export(key, chart.widget.scene())
            dock.visibilityChanged.connect(partial(self._chart_shown, key))
            self.chart_docks[key] = dock
            if key == "consumers":
                w.tabifyDockWidget(self.chart_docks["outcomes"], dock)
            elif key == "node" and inspector is not None:
                w.splitDockWidget(inspector, dock, Qt.Orientation.Vertical)
        self.chart_docks["outcomes"].raise_()
        self.results_dock = self._side_dock("Results", self.results, inspector)
        self.traces_dock = self._side_dock("Traces", self.traces, inspector)
        self.compare_dock = self._side_dock("Compare runs", self.compare, inspector)
        if inspector is not None:
            inspector.raise_()
            w.resizeDocks(
                [inspector, self.chart_docks["node"]], [400, 170], Qt.Orientation.Vertical
            )
        row = [self.chart_docks[k] for k in ("latency", "depth", "throughput", "outcomes")]
        w.resizeDocks(row, [230] * len(row), Qt.Orientation.Vertical)

    def _menu_export(self, key: str, scene) -> None:
        """A chart's right-click Export… saves it as Run > Export chart does (title, legend
        and axis labels; errors in words), instead of pyqtgraph's developer dialog."""
        action = QAction("Export Chart (PNG/SVG)…", scene)
        action.triggered.connect(partial(self.export_chart, key))
        scene.contextMenu = [action]

    def fit_layout(self) -> None:
        """Share the width sensibly: four equal charts beside the problems list, and a right
        column wide enough for the results table."""
        w = self.window
        row = [self.chart_docks[k] for k in ("latency", "depth", "throughput", "outcomes")]
        w.resizeDocks(row, [w.width() // len(row)] * len(row), Qt.Orientation.Horizontal)
        inspector = getattr(w, "inspector_dock", None)
        if inspector is not None:
            w.resizeDocks([inspector], [RIGHT_WIDTH], Qt.Orientation.Horizontal)
        w.view.fit()

    def _side_dock(self, title: str, widget, inspector: QDockWidget | None) -> QDockWidget:
        dock = self.window.add_dock(title, widget, RIGHT)
        if inspector is not None:
            self.window.tabifyDockWidget(inspector, dock)
        return dock

    def _add_menu(self) -> None:
        w, bar = self.window, self.bar
        menu = QMenu("&Run", w)
        for action in (bar.run_action, bar.pause_action, bar.stop_action):
            menu.addAction(action)
            w.addAction(action)
        menu.addSeparator()
        for what, (name, _) in export.FILES.items():
            menu.addAction(
                f"Export {name.split('.')[1].upper()}: {name}…",
                _call(self.export_result, what),
            )
        charts = menu.addMenu("Export chart (PNG/SVG)")
        for key, chart in self.board.charts.items():
            charts.addAction(f"{chart.title}…", _call(self.export_chart, key))
        menu.addSeparator()
        self.cost_action = menu.addAction("Show cost on canvas ($/month)")
        self.cost_action.setCheckable(True)
        self.cost_action.toggled.connect(self.show_cost_overlay)
        self.pricing = PricingActions(w, menu)
        help_menu = getattr(w, "menus", {}).get("help")
        if help_menu is not None:
            w.menuBar().insertMenu(help_menu.menuAction(), menu)
        else:
            w.menuBar().addMenu(menu)
        self.menu = menu

    def _connect(self) -> None:
        c, bar, doc = self.controller, self.bar, self.window.doc
        bar.run_action.triggered.connect(self.start)
        bar.pause_action.triggered.connect(c.toggle_pause)
        bar.stop_action.triggered.connect(c.stop)
        bar.scrubbed.connect(self.scrub)
        c.stateChanged.connect(bar.set_state)
        c.runStarted.connect(self._started)
        c.runUpdated.connect(self._updated)
        c.runFinished.connect(self._finished)
        self.traces.traceSelected.connect(self._trace_selected)
        self.window.scene.selectionChanged.connect(self._selection_changed)
        doc.topologyReset.connect(self.forget_shown)
        doc.topologyReset.connect(self._scenario_changed)
        doc.scenarioChanged.connect(self._scenario_changed)
        doc.changed.connect(self._check_timer.start)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(c.shutdown)

    # --- commands -----------------------------------------------------------------------
    def start(self) -> RunRecord | None:
        """Run with the toolbar's settings, unless the design has errors (then say so)."""
        errors = [i for i in find_issues(self.window.doc.topology) if i.severity == "error"]
        if errors:
            text = f"Cannot run: {len(errors)} error(s) in the design, first: {errors[0].text}"
            self.results.status.setText("Fix the errors in the Problems panel, then run")
            self.window.statusBar().showMessage(text, 10000)
            self.window.problems_dock.raise_()
            return None
        params = replace(self.bar.params(), free_tier=self.pricing.free_tier)
        return self.controller.start(params)

    def forget_shown(self) -> None:
        """A new or opened document starts with empty run panels: stop a run of the old one
        and clear results, charts, traces, progress and the time slider (runs stay in
        Compare, named by file and revision)."""
        self.shown = None
        self._round = []
        if self.controller.active is not None:
            self.controller.stop()
        self.overlay.clear()
        self.board.clear()
        self.results.clear()
        self.traces.show_run(None)
        self.bar.clear()

    def scrub(self, row: int) -> None:
        """Show the finished run as it was at series row `row`."""
        record = self.shown
        if record is None or not 0 <= row < record.series.rows:
            return
        self.bar.show_slider_time(record, row)
        self.board.set_cursor(float(record.series.t[row]))
        self.overlay.show_row(record, row)

    def show_cost_overlay(self, on: bool) -> None:
        """Badge every node with its monthly cost (a finished run's), or back to the figures."""
        self.overlay.cost_on = on
        record = self.shown
        if record is not None and record.result is not None and record.series.rows:
            self.overlay.clear()
            self.overlay.show_row(record, record.series.rows - 1)

    def _chart_shown(self, key: str, shown: bool) -> None:
        if shown:
            self.board.refresh_chart(key)

    def export_result(self, what: str) -> None:
        """Ask where, then write the summary, series or traces of the run shown."""
        record = self.shown
        if record is None or record.result is None:
            self.window.statusBar().showMessage("Nothing to export: run the scenario first", 5000)
            return
        path = self.window.prompts.export_path(
            export.suggested_name(record, what), export.FILES[what][1]
        )
        if path is not None:
            self._write(lambda: export.export_result(record, what, path), f"save the {what}", path)

    def export_chart(self, key: str) -> None:
        """Ask where, then save a chart as PNG or SVG."""
        name = f"{key}-chart.png"
        if self.shown is not None:
            name = export.suggested_name(self.shown, f"{key}-chart")
        path = self.window.prompts.export_path(name, export.CHART_FILTER)
        if path is not None:
            self._write(
                lambda: export.export_chart(self.board.charts[key], path), "save the chart", path
            )

    def _write(self, job, what: str, target) -> None:
        try:
            path = job()
        except OSError as exc:
            self.window.prompts.error("Export failed", errors.write_failed(what, target, exc))
            return
        self.window.statusBar().showMessage(f"Wrote {path}", 6000)

    # --- controller signals -------------------------------------------------------------
    def _started(self, record: RunRecord) -> None:
        self.shown = record
        self.traces.show_run(None)
        self.overlay.clear()
        self.board.set_live(True)
        self.board.follow(record)
        self.board.set_cursor(None)
        self.results.clear(f"{record.label}: starting the engine…")
        self.results.show_live(record)
        self.bar.clear_slider()
        self.bar.show_progress(record)
        self.results_dock.raise_()

    def _updated(self, record: RunRecord) -> None:
        """Plan one round of redraws, spread over event-loop turns (see `_pump_one`)."""
        if record is not self.shown or self._round:
            return  # the round in progress will show the newest figures anyway
        charts = self.board.visible_keys()
        self._round = [lambda k=key: self.board.refresh_chart(k) for key in charts]
        self._round += [
            lambda: self.overlay.show_live(record),
            lambda: self.results.show_live(record),
            lambda: self.bar.show_progress(record),
        ]
        self._pump.start()

    def _pump_one(self) -> None:
        """Do one redraw of the round: each paints on its own, so the GUI never stalls on
        a whole window's repaint and stays responsive while a run streams."""
        if not self._round:
            self._pump.stop()
            return
        self._round.pop(0)()

    def _finished(self, record: RunRecord) -> None:
        if record is not self.shown:
            self.compare.refresh()
            return
        self._round = []
        self.board.set_live(False)
        self.board.refresh()
        self.bar.show_progress(record)
        self.bar.enable_scrub(record)
        self.overlay.show_row(record, record.series.rows - 1)
        self.results.show_result(record)
        self.traces.show_run(record)
        self.compare.refresh()
        if record.error:
            self.window.statusBar().showMessage(f"Run failed: {record.error}", 10000)

    def _trace_selected(self, selection) -> None:
        if selection is None:
            self.overlay.clear_trace()
            if self.shown is not None:
                self.scrub(self.bar.slider.value())
            return
        _trace, path = selection
        self.overlay.show_trace(path.nodes, path.edges, path.bad)

    def _selection_changed(self) -> None:
        try:
            ids = self.window.scene.selected_node_ids()
        except RuntimeError:  # the scene is going away with the window
            return
        if len(ids) == 1:
            self.board.show_node(ids[0])

    def _scenario_changed(self) -> None:
        if self.controller.active is None:
            self.bar.set_defaults(self.controller.default_params())

    def _update_check(self) -> None:
        self.results.check.update_from(self.window.doc.topology)


def _call(action: Callable[[str], None], arg: str) -> Callable[[], None]:
    """A menu slot that calls `action(arg)` (and ignores the `checked` flag)."""
    return lambda: action(arg)
