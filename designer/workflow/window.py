"""The window of one workflow node: its state machine as a diagram beside the ASL text.

Edits go through the main window's Editor (`set_param(node, "definition", ...)`): checked
by the file format's own rules (statelint and the simulator's ASL checks, naming the state)
and recorded on the document's undo stack, so Ctrl+Z in this window or in the main
window undoes them alike. A node whose definition lives in a file (`definition_file`)
shows the file read-only, with a button to bring the definition into the node.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QWidget

from designer.document import UNSET, Document
from designer.editing import Editor
from designer.workflow import asl_edit, asl_text
from designer.workflow.asl_text import TextProblem
from designer.workflow.figures import StateFigures
from designer.workflow.pane import WorkflowPane
from designer.workflow.starter import STARTER
from simulator.model import read_definition


class WorkflowWindow(QMainWindow):
    """Diagram and ASL text of the workflow node `node_id`, kept in step with the model."""

    def __init__(
        self, doc: Document, editor: Editor, node_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.doc = doc
        self.editor = editor
        self.node_id = node_id
        self.setObjectName("workflow-window")
        self.pane = WorkflowPane(self._apply, self._ask_name)
        self.setCentralWidget(self.pane)
        self.info = QLabel()
        self.info.setContentsMargins(8, 0, 8, 0)
        self.run_label = QLabel()
        self.statusBar().addWidget(self.info, 1)
        self.statusBar().addPermanentWidget(self.run_label)
        self._toolbar()
        doc.nodeChanged.connect(self._node_changed)
        doc.nodeRenamed.connect(self._renamed)
        doc.nodeRemoved.connect(self._removed)
        doc.topologyReset.connect(self.close)
        self.resize(1280, 820)
        self.refresh()

    def _toolbar(self) -> None:
        """Undo, redo and `bring into the node` join the pane's toolbar, at its front."""
        bar = self.pane.toolbar
        undo = self.doc.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.doc.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.undo_action, self.redo_action = undo, redo
        self.inline_action = QAction("Bring definition into the node", self)
        self.inline_action.setToolTip(
            "Copy the definition file's state machine into the node, so it can be edited here"
        )
        self.inline_action.triggered.connect(self.make_inline)
        first = bar.actions()[0] if bar.actions() else None
        for action in (undo, redo, self.inline_action):
            bar.insertAction(first, action)  # type: ignore[arg-type]
        bar.insertSeparator(first)  # type: ignore[arg-type]

    # --- the model ---------------------------------------------------------------------------
    @property
    def node(self):
        """The workflow node shown."""
        return self.doc.node(self.node_id)

    def definition(self) -> tuple[Any, str]:
        """The definition the node runs and where it comes from (see `definition_of`)."""
        return definition_of(self.doc, self.node_id)

    def refresh(self) -> None:
        """Show the node's definition, type and title."""
        document, source = self.definition()
        self.pane.read_only = bool(source)
        self.pane.editor.text_edit.setReadOnly(bool(source))
        self.inline_action.setVisible(bool(source))
        self.inline_action.setEnabled(document is not None)
        if document is None and not source:
            self.pane.editor.text_edit.setPlaceholderText(asl_text.dump(STARTER))
        self.pane.set_definition(document)
        node = self.node
        self.setWindowTitle(f"{node.label or node.id} — state machine ({node.get('type')})")
        states = len(asl_text.state_names(document))
        self.info.setText(source or f"{node.get('type')} workflow · {states} states")

    def _node_changed(self, node_id: str) -> None:
        if node_id == self.node_id:
            self.refresh()

    def _renamed(self, old: str, new: str) -> None:
        if old == self.node_id:
            self.node_id = new
            self.refresh()

    def _removed(self, node_id: str) -> None:
        if node_id == self.node_id:
            self.close()

    # --- edits ---------------------------------------------------------------------------
    def _apply(self, document: Any, session: object) -> list[str]:
        if self.pane.read_only:
            return ["the definition comes from a file: bring it into the node to edit it"]
        old = self.node.params.get("definition")
        tasks = asl_edit.carry_tasks(self.node.get("tasks"), old, document)
        if tasks is None:
            return self.editor.set_param(self.node_id, "definition", document, session)
        self.pane.new_session()  # the timing moves with its state: a step of its own
        return self.editor.set_params(
            self.node_id,
            {"definition": document, "tasks": tasks},
            f"Edit {self.node_id}'s state machine",
        )

    def _ask_name(self, old: str) -> str | None:
        text, ok = QInputDialog.getText(self, "Rename state", f"New name for {old}:", text=old)
        return text if ok else None

    def make_inline(self) -> None:
        """Copy a definition file's document into the node and drop `definition_file`
        (one undo step)."""
        document, _source = self.definition()
        if document is None:
            return
        refused = self.editor.set_params(
            self.node_id,
            {"definition_file": UNSET, "definition": document},
            f"Bring {self.node_id}'s definition into the node",
        )
        self.pane.editor.show_refusal(refused)

    def show_issues(self, issues: list[Any]) -> None:
        """The design's issues (designer.validation.Issue) about this node, by state."""
        mine = [i for i in issues if i.node == self.node_id and i.edge is None]
        self.pane.set_design_problems([_by_state(i.message) for i in mine])

    # --- run figures -------------------------------------------------------------------------
    def show_figures(self, figures: dict[str, StateFigures] | None, label: str = "") -> None:
        """Per-state figures of a run (None hides them) and a line saying which run."""
        self.pane.set_figures(figures)
        self.run_label.setText(label if figures else "")

    def closeEvent(self, event: QCloseEvent) -> None:
        """Apply what was typed last, then close."""
        if not self.pane.read_only and self.doc.topology.has_node(self.node_id):
            self.pane.editor.check_now()
        super().closeEvent(event)


def _by_state(message: str) -> TextProblem:
    """`state X: message` as a problem of state X (else of the whole machine); a
    definition_file's problems start with the file's name."""
    match = re.match(r"(?:definition_file .+?: )?state (.+?): (.*)", message, re.DOTALL)
    return TextProblem(match.group(1), match.group(2)) if match else TextProblem("", message)


def definition_of(doc: Document, node_id: str) -> tuple[Any, str]:
    """The definition a node runs and where it comes from: '' when inline, else a sentence
    about its file (the document is None when the file cannot be read)."""
    node = doc.node(node_id)
    name = node.params.get("definition_file")
    if name is None:
        return node.params.get("definition"), ""
    if doc.path is None:
        return None, f"definition_file {name}: save the topology first (the file is next to it)"
    try:  # the run's own reader: inside the topology's folder, size and depth limits
        document = read_definition(doc.path.parent, str(name))
    except ValueError as exc:
        return None, str(exc)
    return document, f"Read-only: the definition comes from {name}"


def file_path(doc: Document, name: str) -> Path | None:
    """Where a definition_file lies: next to the topology file (None while unsaved)."""
    if doc.path is None:
        return None
    return (doc.path.parent / name).resolve()


def read_asl(path: Path) -> tuple[Any, list[str]]:
    """An .asl.json file's document and its problems (JSON or ASL), never an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{path.name}: cannot read it ({exc})"]
    document, problems = asl_text.check(text)
    return document, [f"{path.name}: {p}" for p in problems]


def write_asl(path: Path, document: Any) -> None:
    """Write a definition as .asl.json (two-space indented JSON)."""
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
