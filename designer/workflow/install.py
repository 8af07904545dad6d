"""Workflow nodes in the main window: open their state machine, import and export .asl.json,
and feed a run's per-state figures into the open state machine windows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QMenu

from designer.workflow.figures import figures_at_row, figures_of
from designer.workflow.window import WorkflowWindow, definition_of, read_asl, write_asl

if TYPE_CHECKING:
    from designer.main_window import MainWindow

KIND = "workflow"
ASL_FILTER = "Step Functions definition (*.asl.json *.json);;All files (*)"
EXPORT_FILTER = "Step Functions definition (*.asl.json)"


class Workflows(QObject):
    """The state machine windows of one main window, and the commands that open them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.windows: dict[str, WorkflowWindow] = {}
        self.record: Any = None  # the run whose figures the windows show
        self.row: int | None = None  # the time slider's series row (None: the latest figures)
        self.edit_action = self._action("Edit State Machine…", self.open_selected)
        window.view.installEventFilter(self)  # Enter on the canvas opens the selected one
        self.import_action = self._action(
            "Import State Machine (.asl.json)…", lambda: self.import_asl()
        )
        self.export_action = self._action(
            "Export State Machine as .asl.json…", lambda: self.export_asl()
        )
        self._add_to_file_menu()
        window.scene.activate = self.activate  # double-click on a workflow card opens it
        window.validator.updated.connect(self._issues)
        window.doc.nodeRenamed.connect(self._renamed)
        window.doc.topologyReset.connect(self._reset)
        run_ui = getattr(window, "run_ui", None)
        if run_ui is not None:
            run_ui.controller.runStarted.connect(self.show_run)
            run_ui.controller.runUpdated.connect(self.show_run)
            run_ui.controller.runFinished.connect(self.show_run)
            run_ui.bar.scrubbed.connect(self.scrub)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the canvas with one workflow selected (and no label being edited) opens
        its state machine."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.window.scene.focusItem() is None
            and self.selected() is not None
        ):
            self.open_selected()
            return True
        return False

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        return action

    def _add_to_file_menu(self) -> None:
        menus = getattr(self.window, "menus", {})
        file_menu: QMenu | None = menus.get("file")
        if file_menu is None:
            return
        actions = file_menu.actions()
        quit_at = next((a for a in reversed(actions) if a.isSeparator()), None)

        def put(action: QAction) -> None:
            if quit_at is None:
                file_menu.addAction(action)
            else:
                file_menu.insertAction(quit_at, action)

        put(self.import_action)
        export = next((a.menu() for a in actions if a.menu() and "Export" in a.text()), None)
        if isinstance(export, QMenu):
            export.addSeparator()
            export.addAction(self.export_action)
        else:
            put(self.export_action)

    # --- which node ----------------------------------------------------------------------
    def selected(self) -> str | None:
        """The one selected node when it is a workflow, else None."""
        ids = self.window.scene.selected_node_ids()
        if len(ids) == 1 and self.window.doc.node(ids[0]).kind == KIND:
            return ids[0]
        return None

    def context_names(self, names: list[Any]) -> list[Any]:
        """The canvas context menu's action names, with the state machine commands first
        when the node under the mouse is a workflow."""
        if self.selected() is None:
            return names
        self.window.actions_.setdefault("edit_workflow", self.edit_action)
        self.window.actions_.setdefault("export_workflow", self.export_action)
        return ["edit_workflow", "export_workflow", None, *names]

    # --- commands --------------------------------------------------------------------------
    def activate(self, node_id: str) -> bool:
        """Open a workflow node's state machine (double-click); False for other kinds."""
        if self.window.doc.node(node_id).kind != KIND:
            return False
        self.open(node_id)
        return True

    def open_selected(self) -> WorkflowWindow | None:
        """Open the state machine of the selected workflow node."""
        node_id = self.selected()
        if node_id is None:
            self.window.statusBar().showMessage(
                "Select one workflow node to edit its state machine", 5000
            )
            return None
        return self.open(node_id)

    def open(self, node_id: str) -> WorkflowWindow:
        """The state machine window of `node_id`, shown and raised (one per node)."""
        win = self.windows.get(node_id)
        if win is None:
            win = WorkflowWindow(self.window.doc, self.window.editor, node_id, self.window)
            win.destroyed.connect(lambda _=None, w=win: self._forget(w))
            win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.windows[node_id] = win
            self._feed(win)
            win.show_issues(self.window.validator.issues)
        win.show()
        win.raise_()
        win.activateWindow()
        return win

    def _issues(self, issues: list[Any]) -> None:
        for win in self.windows.values():
            win.show_issues(issues)

    def _forget(self, win: WorkflowWindow) -> None:
        for key, value in list(self.windows.items()):
            if value is win:
                del self.windows[key]

    def _renamed(self, old: str, new: str) -> None:
        if old in self.windows:
            self.windows[new] = self.windows.pop(old)

    def _reset(self) -> None:
        self.record = None
        for win in list(self.windows.values()):
            win.close()

    def import_asl(self, path: Path | None = None) -> str | None:
        """Ask for an .asl.json file and add a workflow node running it (one undo step)."""
        w = self.window
        if path is None:
            path = w.prompts.open_path("")
        if path is None:
            return None
        document, problems = read_asl(path)
        if document is None or problems:
            w.prompts.show_problems(
                "Cannot import the state machine",
                f"{path.name} is not a state machine the simulator can run:",
                problems,
            )
            return None
        centre = w.view.mapToScene(w.view.viewport().rect().center())
        # The file's ASL was checked above; its Task states bind once the node is wired to
        # the consumers, queues, topics or routers they name (the Problems panel says which).
        at = (centre.x(), centre.y())
        params = {"definition": document}
        node_id = w.editor.add_node(KIND, at, params, _title(path), f"Import {path.name}")
        w.scene.select([node_id])
        w.statusBar().showMessage(f"Imported {path.name} as {node_id}", 6000)
        return node_id

    def export_asl(self, node_id: str | None = None) -> Path | None:
        """Ask where, then write the selected workflow's definition as .asl.json."""
        w = self.window
        node_id = node_id or self.selected()
        if node_id is None:
            w.statusBar().showMessage("Select one workflow node to export its state machine", 5000)
            return None
        document, source = definition_of(w.doc, node_id)
        if document is None:
            w.prompts.error("Nothing to export", source or f"{node_id} has no definition yet")
            return None
        path = w.prompts.export_path(f"{node_id}.asl.json", EXPORT_FILTER)
        if path is None:
            return None
        try:
            write_asl(path, document)
        except OSError as exc:
            w.prompts.error("Export failed", f"{path}: {exc.strerror or exc}")
            return None
        w.statusBar().showMessage(f"Wrote {path}", 6000)
        return path

    # --- run figures -------------------------------------------------------------------------
    def show_run(self, record: Any) -> None:
        """Feed a run's per-state figures to every open state machine window."""
        self.record = record
        self.row = None
        for win in self.windows.values():
            self._feed(win)

    def scrub(self, row: int) -> None:
        """The time slider moved to series row `row` of the finished run: every open state
        machine shows its figures as they were then (the last row: the final figures)."""
        record = self.record
        if record is None or getattr(record, "result", None) is None:
            return
        self.row = row if row < record.series.rows - 1 else None
        for win in self.windows.values():
            self._feed(win)

    def _feed(self, win: WorkflowWindow) -> None:
        record = self.record
        if record is None:
            win.show_figures(None)
            return
        run = f"Run {getattr(record, 'number', '')}"
        if self.row is not None:
            figures = figures_at_row(record, win.node_id, self.row)
            if figures is not None:
                t = float(record.series.t[self.row])
                win.show_figures(figures, f"{run} · at t = {t:,.0f} s (time slider)")
                return
        figures = figures_of(record, win.node_id)
        done = getattr(record, "result", None) is not None
        win.show_figures(figures, run + (" · final figures" if done else " · live"))


def _title(path: Path) -> str:
    """`onboarding.asl.json` -> `onboarding`."""
    name = path.name
    for suffix in (".asl.json", ".json"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def install(window: MainWindow) -> Workflows:
    """Add the workflow commands to `window`."""
    return Workflows(window)
