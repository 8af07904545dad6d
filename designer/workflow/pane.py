"""The state machine pane: the diagram beside the ASL text, kept in step both ways.

The pane edits nothing itself. Every change, typed or made in the diagram, goes to the
`apply(document, session)` callback its owner gives (for a workflow node: the Editor's
checked, undoable `set_param`), which returns the reasons when it refuses. Typing passes
the same session until the text loses focus, so one burst of typing is one undo step; a
diagram edit passes None (a step of its own). The owner calls `set_definition` whenever
the model's definition changes (undo and redo included).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QSplitter, QToolBar, QVBoxLayout, QWidget

from designer.workflow import asl_edit
from designer.workflow.asl_editor import AslEditor
from designer.workflow.asl_text import TextProblem
from designer.workflow.diagram_view import DiagramView
from designer.workflow.figures import StateFigures

Apply = Callable[[Any, object], list[str]]
AskName = Callable[[str], str | None]


class _FocusWatch(QObject):
    """Starts a new typing session whenever the text loses focus."""

    def __init__(self, pane: WorkflowPane) -> None:
        super().__init__(pane)
        self.pane = pane

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        if event.type() == event.Type.FocusOut:
            self.pane.editor.check_now()
            self.pane.new_session()
        return False


class WorkflowPane(QWidget):
    """Diagram (left) and ASL text (right) of one definition."""

    def __init__(self, apply: Apply, ask_name: AskName, read_only: bool = False) -> None:
        super().__init__()
        self.apply = apply
        self.ask_name = ask_name
        self.read_only = read_only
        self.definition: Any = None
        self.session = object()
        self.view = DiagramView()
        self.scene = self.view.diagram()
        self.editor = AslEditor()
        self.editor.text_edit.setReadOnly(read_only)
        self.toolbar = QToolBar()
        self._actions()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.editor)
        split.setSizes([600, 400])
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(split, 1)
        self.editor.edited.connect(self._typed)
        self.editor.stateFocused.connect(self._text_focus)
        self.editor.problem_list.itemSelectionChanged.connect(self._mark_problems)
        self.scene.stateSelected.connect(self._diagram_focus)
        self.scene.stateActivated.connect(self.editor.go_to_state)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.editor.text_edit.installEventFilter(_FocusWatch(self))
        self._syncing = False

    def _actions(self) -> None:
        def action(text: str, slot: Callable[[], Any], shortcut: str = "") -> QAction:
            act = QAction(text, self)
            act.triggered.connect(slot)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return act

        self.fit_action = action("Fit", self.view.fit)
        self.rename_action = action("Rename state…", self.rename_selected, "F2")
        self.pass_action = action("Add Pass after", lambda: self.insert_after_selected("Pass"))
        self.wait_action = action("Add Wait after", lambda: self.insert_after_selected("Wait"))
        self.task_action = action("Add Task after", lambda: self.insert_after_selected("Task"))
        self.choice_action = action(
            "Add Choice after", lambda: self.insert_after_selected("Choice")
        )
        self.delete_action = action("Delete state", self.delete_selected, "Delete")
        self.edit_actions = [self.rename_action, self.pass_action, self.wait_action,
                             self.task_action, self.choice_action,
                             self.delete_action]  # fmt: skip
        self.toolbar.addAction(self.fit_action)
        self.toolbar.addSeparator()
        for act in self.edit_actions:
            self.toolbar.addAction(act)
            self.view.addAction(act)
        self.scene.stateSelected.connect(lambda _name: self._enable())
        self._enable()

    def _enable(self) -> None:
        chosen = bool(self.scene.selected_state()) and not self.read_only
        for act in self.edit_actions:
            act.setEnabled(chosen)

    # --- the model's side ------------------------------------------------------------------
    def set_definition(self, definition: Any) -> None:
        """Show `definition` on both sides."""
        self.definition = definition
        self.scene.show_definition(definition)
        self.view.refit()
        self.editor.set_definition(definition)
        self._mark_problems()
        self._enable()

    def set_figures(self, figures: Mapping[str, StateFigures] | None) -> None:
        """Show per-state run figures on the diagram (None hides them)."""
        self.scene.set_figures(figures)

    def new_session(self) -> None:
        """The next typed change starts a new undo step."""
        self.session = object()

    # --- edits -----------------------------------------------------------------------------
    def _typed(self, document: Any) -> None:
        self.scene.show_definition(document)  # the diagram follows the text at once
        self.view.refit()
        self._mark_problems()
        refused = self.apply(document, self.session)
        self.editor.show_refusal(refused)

    def _diagram_edit(self, document: Any) -> list[str]:
        self.new_session()
        refused = self.apply(document, None)
        self.editor.show_refusal(refused)
        self.new_session()
        return refused

    def rename_selected(self) -> None:
        """Ask for a new name of the selected state and rename it everywhere."""
        name = self.scene.selected_state()
        if not name or self.read_only:
            return
        new = self.ask_name(name)
        if new is None or new == name:
            return
        self._try(lambda: asl_edit.rename_state(self.definition, name, new), new)

    def insert_after_selected(self, kind: str) -> None:
        """Add a Pass, Wait, Task or Choice state after the selected state."""
        name = self.scene.selected_state()
        if name and not self.read_only:
            made: list[str] = []

            def edit() -> Any:
                document, new = asl_edit.insert_after(self.definition, name, kind)
                made.append(new)
                return document

            self._try(edit, lambda: made[0] if made else "")

    def delete_selected(self) -> None:
        """Delete the selected state, linking its predecessors to where it led."""
        name = self.scene.selected_state()
        if name and not self.read_only:
            self._try(lambda: asl_edit.delete_state(self.definition, name), "")

    def _try(self, make: Callable[[], Any], select: str | Callable[[], str]) -> None:
        try:
            document = make()
        except asl_edit.EditRefused as exc:
            self.editor.show_refusal([str(exc)])
            return
        if not self._diagram_edit(document):
            self.scene.select_state(select() if callable(select) else select)

    def _context_menu(self, at: QPoint) -> None:
        item = self.view.itemAt(at)
        if item is not None and hasattr(item, "box") and item.box.path:
            self.scene.select_state(item.box.name)
        menu = QMenu(self)
        for act in self.edit_actions:
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.fit_action)
        menu.exec(self.view.mapToGlobal(at))

    # --- keeping both sides on the same state ---------------------------------------------
    def _diagram_focus(self, name: str) -> None:
        if name and not self._syncing:
            self._syncing = True
            self.editor.go_to_state(name)
            self._syncing = False

    def _text_focus(self, name: str) -> None:
        if not self._syncing and name and name != self.scene.selected_state():
            self._syncing = True
            self.scene.select_state(name)
            self._syncing = False

    def set_design_problems(self, problems: list[TextProblem]) -> None:
        """The design's problems with this node (state, message): listed and marked."""
        self.editor.set_design_problems(problems)
        self._mark_problems()

    def _mark_problems(self) -> None:
        marks: dict[str, str] = {}
        for problem in [*self.editor.problems, *self.editor.design]:
            if problem.state and problem.state not in marks:
                marks[problem.state] = problem.message
        self.scene.set_problems(marks)
