"""The state machine window of a workflow node: edits through the checked Editor, undo on
the document's stack, a definition_file shown read-only, run figures on the states."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from designer.document import Document
from designer.editing import Editor
from designer.workflow.window import WorkflowWindow, definition_of, read_asl
from simulator.files import load

ASL = Path(__file__).parent / "asl"


@pytest.fixture
def bank(tmp_path: Path) -> Document:
    """The bank workflow topology, saved in a temporary folder next to its .asl.json."""
    for name in ("bank-workflow.yaml", "bank-onboarding.asl.json"):
        shutil.copy(ASL / name, tmp_path / name)
    path = tmp_path / "bank-workflow.yaml"
    return Document(load(path), path)


@pytest.fixture
def inline(bank: Document) -> Document:
    """The same with the definition inside the node."""
    node = bank.node("onboarding")
    node.params["definition"] = json.loads((ASL / "bank-onboarding.asl.json").read_text())
    del node.params["definition_file"]
    return bank


def _window(qtbot, doc: Document) -> WorkflowWindow:
    win = WorkflowWindow(doc, Editor(doc), "onboarding")
    qtbot.addWidget(win)
    win.show()
    return win


def _type(win: WorkflowWindow, old: str, new: str) -> None:
    text = win.pane.editor.text_edit.toPlainText()
    assert old in text, old
    win.pane.editor.text_edit.setPlainText(text.replace(old, new, 1))
    win.pane.editor.check_now()


def test_typed_change_is_one_undoable_step_on_the_document(qtbot, inline: Document) -> None:
    """Typing changes the node's definition in one step; the document's undo reverts it and
    both sides of the window follow."""
    win = _window(qtbot, inline)
    _type(win, '"TimeoutSeconds": 86400', '"TimeoutSeconds": 3600')
    _type(win, '"TimeoutSeconds": 3600', '"TimeoutSeconds": 600')
    manual = inline.node("onboarding").params["definition"]["States"]["ManualReview"]
    assert manual["TimeoutSeconds"] == 600
    assert inline.undo_stack.count() == 1 and inline.is_dirty
    win.undo_action.trigger()
    manual = inline.node("onboarding").params["definition"]["States"]["ManualReview"]
    assert manual["TimeoutSeconds"] == 86400
    assert '"TimeoutSeconds": 86400' in win.pane.editor.text_edit.toPlainText()
    win.redo_action.trigger()
    assert '"TimeoutSeconds": 600' in win.pane.editor.text_edit.toPlainText()


def test_renaming_a_task_state_of_a_wired_workflow_is_accepted(qtbot, inline: Document) -> None:
    """A Task bound to a consumer the workflow has an edge to may be renamed: the check
    sees the node as it is wired (not alone, where no Task could bind)."""
    win = _window(qtbot, inline)
    win.pane.ask_name = lambda _old: "IdentityCheck"
    win.pane.scene.select_state("Identity")
    win.pane.rename_action.trigger()
    branch = inline.node("onboarding").params["definition"]["States"]["Checks"]["Branches"][0]
    assert branch["StartAt"] == "IdentityCheck"
    assert "IdentityCheck" in win.pane.scene.states


def test_a_timed_task_keeps_its_timing_when_renamed(qtbot, inline: Document) -> None:
    """Renaming a Task timed by a tasks entry (in the diagram or by typing) renames the
    entry in the same undo step; undo restores both."""
    win = _window(qtbot, inline)
    node = inline.node("onboarding")
    timing = node.params["tasks"]["ManualReview"]
    win.pane.ask_name = lambda _old: "Review"
    win.pane.scene.select_state("ManualReview")
    win.pane.rename_action.trigger()
    assert "Review" in node.params["definition"]["States"]
    assert node.params["tasks"] == {"Review": timing}
    win.undo_action.trigger()
    assert "ManualReview" in node.params["definition"]["States"]
    assert node.params["tasks"] == {"ManualReview": timing}
    text = win.pane.editor.text_edit.toPlainText()
    win.pane.editor.text_edit.setPlainText(text.replace('"ManualReview"', '"HumanReview"'))
    win.pane.editor.check_now()
    assert "HumanReview" in node.params["definition"]["States"]
    assert node.params["tasks"] == {"HumanReview": timing}


def test_deleting_a_timed_task_drops_its_timing(qtbot, inline: Document) -> None:
    """Deleting a Task removes its tasks entry with it (one undo step brings both back)."""
    win = _window(qtbot, inline)
    node = inline.node("onboarding")
    timing = node.params["tasks"]["ManualReview"]
    win.pane.scene.select_state("ManualReview")
    win.pane.delete_action.trigger()
    assert "ManualReview" not in node.params["definition"]["States"]
    assert node.params["tasks"] == {}
    inline.undo_stack.undo()
    assert "ManualReview" in node.params["definition"]["States"]
    assert node.params["tasks"] == {"ManualReview": timing}


def test_tasks_and_choices_are_added_from_the_diagram(qtbot, inline: Document) -> None:
    """Add Task after makes a Task timed by a new tasks entry (valid at once), Add Choice
    after a Choice with a rule and a Default; each is one undo step."""
    win = _window(qtbot, inline)
    node = inline.node("onboarding")
    win.pane.scene.select_state("ManualReview")
    win.pane.task_action.trigger()
    assert node.params["definition"]["States"]["ManualReview"]["Next"] == "Task1"
    assert node.params["tasks"]["Task1"] == {"service_time": 1}
    assert "Task1" in win.pane.scene.states and win.pane.scene.selected_state() == "Task1"
    win.pane.choice_action.trigger()
    assert node.params["definition"]["States"]["Task1"]["Next"] == "Choice1"
    assert node.params["definition"]["States"]["Choice1"]["Default"] == "Approved?"
    assert inline.undo_stack.count() == 2
    inline.undo_stack.undo()
    inline.undo_stack.undo()
    assert (
        "Task1" not in node.params["definition"]["States"] and "Task1" not in node.params["tasks"]
    )


def test_a_task_nothing_can_run_is_refused_naming_the_state(qtbot, inline: Document) -> None:
    """A Task whose resource is no neighbour and has no tasks entry is refused; the reason
    names the state and the model keeps its definition."""
    win = _window(qtbot, inline)
    before = json.dumps(inline.node("onboarding").params["definition"])
    _type(win, "function:address", "function:postcode")
    assert json.dumps(inline.node("onboarding").params["definition"]) == before
    status = win.pane.editor.status.text()
    assert status.startswith("Not applied:") and "state Address" in status
    assert inline.undo_stack.count() == 0


def test_a_definition_file_is_shown_read_only(qtbot, bank: Document) -> None:
    """A node with definition_file shows the file's machine; typing cannot change it."""
    win = _window(qtbot, bank)
    assert "Checks" in win.pane.scene.states
    assert win.pane.editor.text_edit.isReadOnly()
    assert "definition comes from bank-onboarding.asl.json" in win.info.text()
    assert not win.pane.rename_action.isEnabled()


def test_bringing_a_file_definition_into_the_node_is_one_step(qtbot, bank: Document) -> None:
    """`Bring definition into the node` copies the file's machine inline and drops the file
    reference in one undo step; then the text is editable."""
    win = _window(qtbot, bank)
    win.inline_action.trigger()
    node = bank.node("onboarding")
    assert "definition_file" not in node.params and node.params["definition"]["StartAt"] == "Checks"
    assert not win.pane.editor.text_edit.isReadOnly()
    assert bank.undo_stack.count() == 1
    bank.undo_stack.undo()
    assert node.params.get("definition_file") == "bank-onboarding.asl.json"
    assert win.pane.editor.text_edit.isReadOnly()


def test_window_follows_rename_and_closes_with_its_node(qtbot, inline: Document) -> None:
    """Renaming the node retitles the window; deleting the node closes it."""
    editor = Editor(inline)
    win = WorkflowWindow(inline, editor, "onboarding")
    qtbot.addWidget(win)
    win.show()
    assert editor.rename("onboarding", "kyc") == []
    assert win.node_id == "kyc"
    editor.delete(["kyc"])
    assert not win.isVisible()


def test_run_figures_show_on_states(qtbot, inline: Document) -> None:
    """A finished run's per-state figures (engine names: entered, failures, retries) show on
    the states; a run without them hides them."""
    from designer.workflow.figures import figures_of

    win = _window(qtbot, inline)
    stats = {"states": {"Identity": {"entered": 40, "failures": 4, "retries": 5}}}
    record = SimpleNamespace(result=SimpleNamespace(nodes={"onboarding": stats}), latest=None)
    win.show_figures(figures_of(record, "onboarding"), "Run 1")
    assert win.pane.scene.states["Identity"].figures == "40 in · 4 failed · 5 retries"
    assert win.run_label.text() == "Run 1"
    win.show_figures(None)
    assert win.pane.scene.states["Identity"].figures == ""


def test_definition_of_reports_an_unreadable_file(tmp_path: Path, bank: Document) -> None:
    """A missing definition file is a sentence naming it, never an exception."""
    (tmp_path / "bank-onboarding.asl.json").unlink()
    document, source = definition_of(bank, "onboarding")
    assert document is None and "bank-onboarding.asl.json: cannot read file" in source


def test_definition_of_keeps_to_the_topology_folder(tmp_path: Path, bank: Document) -> None:
    """A definition file reached through a link out of the topology's folder is refused
    (the run's own rules), with a sentence naming it."""
    outside = tmp_path.parent / f"{tmp_path.name}-outside.asl.json"
    outside.write_text((tmp_path / "bank-onboarding.asl.json").read_text())
    (tmp_path / "bank-onboarding.asl.json").unlink()
    (tmp_path / "bank-onboarding.asl.json").symlink_to(outside)
    document, source = definition_of(bank, "onboarding")
    assert document is None and "leads outside the topology's folder" in source


def test_read_asl_names_the_file_and_the_state(tmp_path: Path) -> None:
    """Importing checks the file: JSON or ASL problems come back naming file and state."""
    path = tmp_path / "bad.asl.json"
    path.write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}')
    document, problems = read_asl(path)
    assert document is not None
    assert any(p.startswith("bad.asl.json: ") and "state A" in p for p in problems)
    path.write_text("{")
    assert read_asl(path)[0] is None
