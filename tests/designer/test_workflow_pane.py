"""The state machine pane: diagram and ASL text in step, every edit one undoable step."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QUndoCommand, QUndoStack
from PySide6.QtTest import QTest

from designer.workflow import asl_text
from designer.workflow.diagram_items import StateItem
from designer.workflow.figures import StateFigures
from designer.workflow.pane import WorkflowPane

BANK = json.loads((Path(__file__).parent / "asl" / "bank-onboarding.asl.json").read_text())


class _Set(QUndoCommand):
    def __init__(self, model: _Model, document: Any, session: object) -> None:
        super().__init__("Set definition")
        self.model, self.new, self.session = model, copy.deepcopy(document), session
        self.old = copy.deepcopy(model.definition)

    def redo(self) -> None:
        self.model.write(self.new)

    def undo(self) -> None:
        self.model.write(self.old)

    def id(self) -> int:
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if self.session is None or not isinstance(other, _Set) or other.session is not self.session:
            return False
        self.new = other.new
        return True


class _Model:
    """A definition with an undo stack, refusing documents with ASL problems (as the
    Editor's checked set_param does)."""

    def __init__(self) -> None:
        self.definition: Any = copy.deepcopy(BANK)
        self.stack = QUndoStack()
        self.pane: WorkflowPane | None = None

    def apply(self, document: Any, session: object) -> list[str]:
        problems = [str(p) for p in asl_text.check(json.dumps(document))[1]]
        if not problems:
            self.stack.push(_Set(self, document, session))
        return problems

    def write(self, document: Any) -> None:
        self.definition = copy.deepcopy(document)
        if self.pane is not None:
            self.pane.set_definition(self.definition)


@pytest.fixture
def model(qtbot) -> _Model:
    model = _Model()
    names = iter(["Notify"])
    pane = WorkflowPane(model.apply, lambda _old: next(names, None))
    qtbot.addWidget(pane)
    pane.resize(1200, 800)
    pane.show()
    model.pane = pane
    pane.set_definition(model.definition)
    return model


def _type(pane: WorkflowPane, old: str, new: str) -> None:
    text = pane.editor.text_edit.toPlainText()
    assert old in text
    pane.editor.text_edit.setPlainText(text.replace(old, new, 1))
    pane.editor.check_now()


def test_typing_is_applied_and_one_burst_is_one_undo_step(model: _Model) -> None:
    """Two typed changes in one session make one undo step; undo restores text and diagram."""
    pane = model.pane
    assert pane is not None
    _type(pane, '"MaxAttempts": 3', '"MaxAttempts": 5')
    _type(pane, '"IntervalSeconds": 2', '"IntervalSeconds": 4')
    retry = model.definition["States"]["Checks"]["Branches"][0]["States"]["Identity"]["Retry"][0]
    assert (retry["MaxAttempts"], retry["IntervalSeconds"]) == (5, 4)
    assert model.stack.count() == 1
    assert pane.scene.states["Identity"].box.retry == "↻ retry ×5"
    model.stack.undo()
    assert model.definition == BANK
    assert '"MaxAttempts": 3' in pane.editor.text_edit.toPlainText()
    assert pane.scene.states["Identity"].box.retry == "↻ retry ×3"


def test_a_new_session_makes_a_new_step(model: _Model) -> None:
    """After the text loses focus (a new session) the next change is a step of its own."""
    pane = model.pane
    assert pane is not None
    _type(pane, '"MaxAttempts": 3', '"MaxAttempts": 5')
    pane.new_session()
    _type(pane, '"IntervalSeconds": 2', '"IntervalSeconds": 4')
    assert model.stack.count() == 2


def test_refused_text_is_not_applied_but_drawn_and_explained(model: _Model) -> None:
    """A dangling Next is refused by the model; the diagram shows a Missing box and the
    status line says why."""
    pane = model.pane
    assert pane is not None
    _type(pane, '"Default": "OpenAccount"', '"Default": "Open"')
    assert model.definition == BANK and model.stack.count() == 0
    assert any(i.box.type == "Missing" for i in pane.scene.states.values())
    assert pane.editor.status.text().startswith("Not applied:")
    assert "Risk" in pane.scene.states and pane.scene.states["Risk"].problem


def test_syntax_errors_are_listed_with_line_and_column(model: _Model) -> None:
    """Broken JSON is never applied; the problem list says where it broke."""
    pane = model.pane
    assert pane is not None
    _type(pane, '"StartAt": "Checks",', '"StartAt": "Checks"')
    assert model.stack.count() == 0
    item = pane.editor.problem_list.item(0)
    assert "JSON syntax" in item.text() and "line 4" in item.text()


def test_rename_in_the_diagram_is_one_step_and_undoes(model: _Model) -> None:
    """Renaming a selected state renames it and its references in one undoable step."""
    pane = model.pane
    assert pane is not None
    pane.scene.select_state("NotifyFailure")
    pane.rename_action.trigger()
    assert "Notify" in model.definition["States"]
    assert model.definition["States"]["Checks"]["Catch"][0]["Next"] == "Notify"
    assert '"Notify": {' in pane.editor.text_edit.toPlainText()
    assert pane.scene.selected_state() == "Notify"
    model.stack.undo()
    assert model.definition == BANK
    assert "NotifyFailure" in pane.scene.states


def test_add_and_delete_in_the_diagram(model: _Model) -> None:
    """Add Pass after a state and Delete state are steps of their own."""
    pane = model.pane
    assert pane is not None
    pane.scene.select_state("OpenAccount")
    pane.pass_action.trigger()
    assert model.definition["States"]["OpenAccount"]["Next"] == "Pass1"
    assert pane.scene.selected_state() == "Pass1"
    pane.delete_action.trigger()
    assert model.definition == BANK
    assert model.stack.count() == 2


def test_refused_diagram_edit_changes_nothing_and_says_why(model: _Model) -> None:
    """Deleting a state a Choice rule needs is refused with the reason."""
    pane = model.pane
    assert pane is not None
    pane.scene.select_state("OpenAccount")
    pane.delete_action.trigger()
    assert model.stack.count() == 0
    assert "Choice rule or Catch" in pane.editor.status.text()


def test_selection_follows_between_diagram_and_text(model: _Model) -> None:
    """Selecting a state puts the cursor on its definition; the cursor selects its state."""
    pane = model.pane
    assert pane is not None
    pane.scene.select_state("Approved?")
    text = pane.editor.text_edit.toPlainText()
    line = pane.editor.text_edit.textCursor().blockNumber() + 1
    assert line == asl_text.state_line(text, "Approved?")
    cursor = pane.editor.text_edit.textCursor()
    cursor.setPosition(text.index("States.Timeout"))
    pane.editor.text_edit.setTextCursor(cursor)
    assert pane.scene.selected_state() == "ManualReview"
    cursor.movePosition(QTextCursor.MoveOperation.Start)


def test_figures_show_on_the_states(model: _Model) -> None:
    """Per-state run figures appear on the named states, failures in the alarm colour."""
    pane = model.pane
    assert pane is not None
    pane.set_figures({"Identity": StateFigures(entered=120, failures=3, retries=7)})
    item = pane.scene.states["Identity"]
    assert isinstance(item, StateItem)
    assert item.figures == "120 in · 3 failed · 7 retries" and item.figures_alarm
    assert "Run:\nentered 120 times\n3 failures, 7 retries" in item.toolTip()
    assert pane.scene.states["Risk"].figures == ""
    pane.set_figures(None)
    assert pane.scene.states["Identity"].figures == ""


def test_delete_key_in_the_text_edits_text_not_the_diagram(model: _Model, qtbot) -> None:
    """With a state selected, Delete typed in the ASL text deletes a character, not the
    state; Delete in the diagram deletes the state."""
    pane = model.pane
    assert pane is not None
    pane.scene.select_state("NotifyFailure")
    pane.editor.text_edit.setFocus()
    qtbot.waitUntil(pane.editor.text_edit.hasFocus, timeout=2000)
    QTest.keyClick(pane.editor.text_edit, Qt.Key.Key_Delete)
    assert "NotifyFailure" in model.definition["States"]
    pane.view.setFocus()
    qtbot.waitUntil(pane.view.hasFocus, timeout=2000)
    pane.scene.select_state("NotifyFailure")
    QTest.keyClick(pane.view, Qt.Key.Key_Delete)
    assert "NotifyFailure" not in model.definition["States"]
