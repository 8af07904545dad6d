"""The main window: canvas in the centre, palette, inspector and problems in docks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QGraphicsItem,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from designer import clipboard, gcguard, icons, style
from designer.actions import create_actions, create_menus, create_toolbar
from designer.audit import install as install_audit
from designer.canvas.groups import install as install_groups
from designer.canvas.scene import TopologyScene
from designer.canvas.view import CanvasView
from designer.document import Document
from designer.editing import Editor
from designer.experiments.install import install as install_experiments
from designer.file_actions import FileMixin
from designer.inspector.panel import Inspector
from designer.palette import Palette
from designer.problems_panel import ProblemsPanel
from designer.prompts import Prompts
from designer.recovery import INTERVAL_MS, Recovery
from designer.run import install as install_run
from designer.validation import Issue, Validator
from designer.workflow.install import install as install_workflows
from designer.workflow.starter import new_params

if TYPE_CHECKING:
    from designer.experiments.install import Experiments
    from designer.run.ui import RunUi

APP_NAME = "Eventscape"
DEFAULT_SIZE = (1400, 900)


class MainWindow(FileMixin, QMainWindow):
    """One document per window; dialogs come from `prompts` so tests can answer them."""

    panels_menu: QMenu  # set by create_menus
    run_ui: RunUi  # set by designer.run.install (absent when the run panel is off)
    experiments: Experiments  # set by designer.experiments.install (with the run panel)

    def __init__(
        self,
        settings: QSettings,
        prompts: Prompts | None = None,
        recovery_dir: Path | None = None,
        restore_layout: bool = True,
        run_panel: bool = True,
    ) -> None:
        super().__init__()
        gcguard.install()  # collections only in this (the GUI) thread
        self.settings = settings
        self.prompts = prompts or Prompts(self)
        self.doc = Document()
        self.editor = Editor(self.doc)
        self.scene = TopologyScene(self.doc, self.editor)
        self.view = CanvasView(self.scene)
        self.validator = Validator(self.doc)
        self.setCentralWidget(self.view)
        self.setWindowIcon(icons.icon("eventscape"))
        self.setAcceptDrops(True)
        self._build_docks()
        self.actions_ = create_actions(self)
        self.menus = create_menus(self, self.actions_)
        install_groups(self)  # View > Region and Account Boxes (designer/canvas/groups.py)
        self.toolbar = create_toolbar(self, self.actions_)
        self.addToolBar(self.toolbar)
        self._build_status_bar()
        self._connect()
        if run_panel:
            install_run(self)  # run panel (designer/run): run toolbar, chart docks, results, traces
            install_experiments(self)  # sweeps and goal seeks (designer/experiments)
            install_audit(self)  # the Audit view (designer/audit)
        self.workflows = install_workflows(self)  # state machine windows, .asl.json import/export
        directory = recovery_dir or Path(settings.fileName()).parent / "recovery"
        self.recovery = Recovery(directory)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(INTERVAL_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.resize(*DEFAULT_SIZE)
        self._default_state = self.saveState()
        if restore_layout:
            self._restore_layout()
        self._update_title()
        self._show_issues(self.validator.run_now())

    # --- construction -------------------------------------------------------------------
    def _build_docks(self) -> None:
        self.kind_palette = Palette()
        self.inspector = Inspector(self.doc, self.editor)
        self.problems = ProblemsPanel()
        self.palette_dock = self.add_dock(
            "Palette", self.kind_palette, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.inspector_dock = self.add_dock(
            "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.problems_dock = self.add_dock(
            "Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.resizeDocks(
            [self.palette_dock, self.inspector_dock], [190, 380], Qt.Orientation.Horizontal
        )
        self.resizeDocks([self.problems_dock], [150], Qt.Orientation.Vertical)

    def add_dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        """Add a dockable panel (also the hook for the run panel); its layout is remembered."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower().replace(' ', '-')}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if hasattr(self, "panels_menu"):
            self.panels_menu.addAction(dock.toggleViewAction())
        return dock

    def add_toolbar_action(self, action: QAction) -> None:
        """Put an action on the main toolbar (hook for the run panel)."""
        self.toolbar.addAction(action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.problem_label = QLabel()
        self.count_label = QLabel()
        self.zoom_label = QLabel("100 %")
        for label in (self.problem_label, self.count_label, self.zoom_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        for dock in (self.palette_dock, self.inspector_dock, self.problems_dock):
            self.panels_menu.addAction(dock.toggleViewAction())

    def _connect(self) -> None:
        self.scene.selectionChanged.connect(self._selection_changed)
        self.scene.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.view.kindDropped.connect(self.add_node)
        self.view.filesDropped.connect(self.open_dropped)
        self.view.zoomChanged.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f} %"))
        self.kind_palette.kindActivated.connect(self.add_node_at_centre)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.context_menu)
        self.validator.updated.connect(self._show_issues)
        self.problems.issueActivated.connect(self.reveal)
        self.doc.dirtyChanged.connect(lambda _d: self._update_title())
        self.doc.pathChanged.connect(self._update_title)
        self.doc.scenarioChanged.connect(self._update_title)
        self.doc.topologyReset.connect(lambda: self.validator.run_now())
        self.doc.changed.connect(self._update_counts)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        snap = bool(self.settings.value("canvas/snap", True, type=bool))
        self.scene.snap_to_grid = snap
        self.actions_["snap"].setChecked(snap)

    def save_layout(self) -> None:
        """Remember window geometry and dock layout for the next launch."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("canvas/snap", self.scene.snap_to_grid)
        self.settings.sync()

    def reset_layout(self) -> None:
        """Put the panels back where they start."""
        self.restoreState(self._default_state)
        for dock in (self.palette_dock, self.inspector_dock, self.problems_dock):
            dock.show()
        run_ui = getattr(self, "run_ui", None)
        if run_ui is not None:
            run_ui.fit_layout()  # the widths a first launch gets

    # --- state shown --------------------------------------------------------------------
    def title(self) -> str:
        """`name* — Eventscape`, with the star while there are unsaved changes."""
        return f"{self.doc.display_name}{'*' if self.doc.is_dirty else ''} — {APP_NAME}"

    def _update_title(self) -> None:
        self.setWindowTitle(self.title())
        self._update_counts()

    def _update_counts(self) -> None:
        t = self.doc.topology
        self.count_label.setText(f"{len(t.nodes)} nodes · {len(t.edges)} edges")

    def _show_issues(self, issues: list[Issue]) -> None:
        self.scene.show_issues(issues)
        self.problems.show_issues(issues)
        errors, warnings = self.problems.counts()
        colour = style.ERROR if errors else (style.WARNING if warnings else style.OK)
        text = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        self.problem_label.setText(f"<span style='color:{colour}'>●</span> {text}")
        self.problems_dock.setWindowTitle(
            f"Problems ({errors + warnings})" if issues else "Problems"
        )

    def _selection_changed(self) -> None:
        try:
            nodes, edges = self.scene.selected_node_ids(), self.scene.selected_edge_keys()
        except RuntimeError:  # the scene is being destroyed with the window
            return
        self.inspector.show_selection(nodes, edges)

    def reveal(self, issue: Issue) -> None:
        """Select and centre the node or edge an issue is about (nothing: the scenario)."""
        if issue.node and issue.node in self.scene.node_items:
            self.scene.select([issue.node])
            self.view.centerOn(self.scene.node_items[issue.node])
        elif issue.edge and issue.edge in self.scene.edge_items:
            self.scene.select([], [issue.edge])
            self.view.centerOn(self.scene.edge_items[issue.edge])
        else:
            self.scene.select()
        self.statusBar().showMessage(issue.text, 8000)

    def context_menu(self, pos: QPoint) -> QMenu:
        """Right-click: node/edge commands on what is under the mouse, else canvas commands."""
        item = self.view.itemAt(pos)
        while item is not None and item.parentItem() is not None:
            item = item.parentItem()
        if item is not None and item.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsSelectable:
            if not item.isSelected():
                self.scene.clearSelection()
                item.setSelected(True)
            names = ["rename", "duplicate", "copy", "cut", None, "delete"]
            if not self.scene.selected_node_ids():
                names = ["delete"]
            names = self.workflows.context_names(names)  # a workflow: Edit State Machine…
        else:
            names = ["paste", None, "layout", "fit", "select_all"]
        menu = QMenu(self)
        for name in names:
            menu.addSeparator() if name is None else menu.addAction(self.actions_[name])
        menu.popup(self.view.viewport().mapToGlobal(pos))
        return menu

    # --- edit commands ------------------------------------------------------------------
    def add_node(self, kind: str, origin: QPointF) -> str:
        """Add a node of `kind` with its top-left corner at `origin`, and select it; in a
        Region's or account's box it gets that Region and account (designer/canvas/groups)."""
        placed = self.scene.groups.placement_at(origin)
        params = {**new_params(kind), **placed} if placed else None
        node_id = self.editor.add_node(kind, (origin.x(), origin.y()), params)
        self.scene.select([node_id])
        where = "".join(f" in {key} {value}" for key, value in placed.items())
        self.statusBar().showMessage(
            f"Added {node_id}{where}: drag from its right-hand port to connect", 5000
        )
        return node_id

    def add_node_at_centre(self, kind: str) -> str:
        """Add a node in the middle of the visible canvas."""
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        return self.add_node(kind, self.scene.snap(TopologyScene.card_origin(centre)))

    def delete_selection(self) -> None:
        """Delete the selected nodes (with their edges) and edges."""
        self.editor.delete(self.scene.selected_node_ids(), self.scene.selected_edge_keys())

    def copy(self) -> None:
        """Copy the selected nodes and the edges among them."""
        ids = self.scene.selected_node_ids()
        if not ids:
            return
        data = QMimeData()
        text = self.editor.copy_text(ids)
        data.setData(clipboard.MIME, text.encode())
        data.setText(text)
        QApplication.clipboard().setMimeData(data)
        self._paste_count = 0

    def cut(self) -> None:
        """Copy, then delete."""
        self.copy()
        self.delete_selection()

    def paste(self) -> None:
        """Paste copied nodes next to the originals."""
        data = QApplication.clipboard().mimeData()
        raw = (
            bytes(data.data(clipboard.MIME).data()).decode()
            if data.hasFormat(clipboard.MIME)
            else data.text()
        )
        self._paste_count = getattr(self, "_paste_count", 0) + 1
        offset = 40.0 * self._paste_count
        try:
            ids = self.editor.paste(raw, (offset, offset))
        except ValueError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return
        self.scene.select(ids)

    def duplicate(self) -> None:
        """Copies of the selection, with the edges among them."""
        self.scene.select(self.editor.duplicate(self.scene.selected_node_ids()))

    def select_all(self) -> None:
        """Select every node and edge."""
        self.scene.select(list(self.scene.node_items), list(self.scene.edge_items))

    def rename_selection(self) -> None:
        """Edit the label of the selected node in place."""
        ids = self.scene.selected_node_ids()
        if len(ids) == 1:
            self.scene.start_rename(ids[0])

    def auto_layout(self) -> None:
        """Arrange everything left to right (one undo step) and show it all."""
        self.editor.auto_layout()
        self.view.fit()

    def toggle_snap(self) -> None:
        """Snap to grid on/off."""
        self.scene.snap_to_grid = self.actions_["snap"].isChecked()

    def about(self) -> None:
        """A short description."""
        QMessageBox.about(
            self,
            APP_NAME,
            "<b>Eventscape</b><br>Design and simulate event-driven "
            "architectures: producers, event buses, topics, queues and consumers.",
        )

    # --- window events ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept topology files dropped anywhere on the window."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open a dropped file."""
        self.open_dropped([u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()])

    def changeEvent(self, event: QEvent) -> None:
        """On focus, notice a change another program made to the open file."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            QTimer.singleShot(0, self.check_disk)  # after the focus change, not inside it

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved changes; remember the layout; remove the recovery file."""
        if not self.maybe_save():
            event.ignore()
            return
        self.save_layout()
        self.autosave_timer.stop()
        self.recovery.discard()
        if hasattr(self, "experiments"):
            self.experiments.shutdown()
        event.accept()
