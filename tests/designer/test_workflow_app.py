"""Workflow nodes in the main window: the card, opening the state machine, the inspector,
importing and exporting .asl.json, and run figures reaching the open window."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from designer.look import look
from designer.paths import EXAMPLES
from designer.validation import find_issues
from designer.workflow.window import WorkflowWindow

ASL = Path(__file__).parent / "asl"
BANK = EXAMPLES / "bank-account-opening.yaml"
FLOW = "account-flow"


@pytest.fixture
def bank(window, ui, tmp_path: Path):
    """The window with a copy of the bank example (its workflow node: account-flow)."""
    path = tmp_path / BANK.name
    shutil.copy(BANK, path)
    assert window.open_file(path, ask=False)
    ui.process()
    return ui


def _open_windows(window) -> list[WorkflowWindow]:
    return [w for w in window.workflows.windows.values() if w.isVisible()]


def test_card_shows_type_and_states(window, bank) -> None:
    """The workflow card's lines say its type and how many states it has."""
    node = window.doc.node(FLOW)
    assert look("workflow").card(node, window.doc.topology) == [
        "standard · 8 states",
        "starts at Checks",
    ]
    assert window.scene.node_items[FLOW].lines[0] == "standard · 8 states"


def test_double_click_on_a_workflow_card_opens_its_state_machine(window, bank) -> None:
    """Double-clicking a workflow card opens its window (other cards still rename)."""
    item = window.scene.node_items[FLOW]
    point = bank.viewport_point(item.mapToScene(QPointF(80, 50)))
    QTest.mouseDClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    bank.process()
    (win,) = _open_windows(window)
    assert win.node_id == FLOW and "Checks" in win.pane.scene.states
    assert window.scene._rename is None
    win.close()


def test_enter_and_context_menu_open_the_selected_workflow(window, bank) -> None:
    """Enter on the canvas opens the selected workflow; its context menu offers it first."""
    bank.click_node(FLOW)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    bank.process()
    assert [w.node_id for w in _open_windows(window)] == [FLOW]
    item = window.scene.node_items[FLOW]
    menu = window.context_menu(bank.viewport_point(item.mapToScene(QPointF(80, 50))))
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    menu.close()
    assert texts[:2] == ["Edit State Machine…", "Export State Machine as .asl.json…"]
    bank.click_node("bus")
    menu = window.context_menu(
        bank.viewport_point(window.scene.node_items["bus"].mapToScene(QPointF(80, 50)))
    )
    assert "Edit State Machine…" not in [a.text() for a in menu.actions()]
    menu.close()


def test_edit_in_the_window_is_undone_from_the_main_window(window, bank) -> None:
    """A diagram edit in the state machine window is a step of the main window's undo."""
    win = window.workflows.open(FLOW)
    win.pane.scene.select_state("OpenAccount")
    win.pane.pass_action.trigger()
    definition = window.doc.node(FLOW).params["definition"]
    assert definition["States"]["OpenAccount"]["Next"] == "Pass1"
    assert window.title().startswith("bank-account-opening.yaml*")
    window.actions_["undo"].trigger()
    assert "Pass1" not in window.doc.node(FLOW).params["definition"]["States"]
    assert "Pass1" not in win.pane.scene.states
    win.close()


def test_inspector_shows_the_definition_and_opens_it(window, bank) -> None:
    """The inspector of a workflow sums up its definition, opens it, and offers its type
    as a drop-down; Express is refused while a Task waits for a callback (AWS runs only
    request-response tasks in Express workflows), and accepted once none does."""
    bank.click_node(FLOW)
    form = bank.form()
    field = form.fields["definition"]
    assert field.summary.text() == "8 states, starting at Checks"
    field.button.click()
    bank.process()
    assert [w.node_id for w in _open_windows(window)] == [FLOW]
    combo = form.fields["type"].combo
    combo.setCurrentIndex(combo.findText("express"))
    combo.activated.emit(combo.currentIndex())
    bank.process()
    assert window.doc.node(FLOW).get("type") == "standard"
    error = form.fields["type"].error.text()
    assert "state ManualReview: Express workflows do not support .waitForTaskToken" in error
    definition = json.loads(json.dumps(window.doc.node(FLOW).params["definition"]))
    review = definition["States"]["ManualReview"]
    review["Resource"] = review["Resource"].removesuffix(".waitForTaskToken")
    assert window.editor.set_param(FLOW, "definition", definition) == []
    form = bank.form()
    combo = form.fields["type"].combo
    combo.setCurrentIndex(combo.findText("express"))
    combo.activated.emit(combo.currentIndex())
    bank.process()
    assert window.doc.node(FLOW).get("type") == "express"
    assert window.scene.node_items[FLOW].lines[0] == "express · 8 states"


def test_tasks_are_edited_as_checked_yaml(window, bank) -> None:
    """The tasks field takes YAML; a task without service_time is refused with the reason."""
    bank.click_node(FLOW)
    editor = bank.form().fields["tasks"]
    before = window.doc.node(FLOW).get("tasks")
    editor.text.setPlainText("ManualReview: {failure_rate: 0.1}")
    bank.process()
    assert window.doc.node(FLOW).get("tasks") == before
    assert "needs a service_time" in editor.error.text()


def test_a_workflow_from_the_palette_is_valid_at_once(window, ui) -> None:
    """A new workflow node holds a one-state machine, so the design has no error."""
    node_id = window.add_node_at_centre("workflow")
    assert window.doc.node(node_id).params["definition"]["StartAt"] == "Start"
    assert not [i for i in find_issues(window.doc.topology) if i.severity == "error"]


def test_import_asl_json_adds_a_workflow_node_in_one_step(window, ui, prompts) -> None:
    """Importing an .asl.json adds a workflow running it, named after the file; its Tasks
    wait to be wired (errors naming the states); one undo step takes it away again."""
    prompts.open_paths.append(ASL / "poll-and-map.asl.json")
    window.workflows.import_action.trigger()
    ui.process()
    (node,) = [n for n in window.doc.topology.nodes if n.kind == "workflow"]
    assert node.label == "poll-and-map"
    assert node.params["definition"] == json.loads((ASL / "poll-and-map.asl.json").read_text())
    assert window.scene.selected_node_ids() == [node.id]
    issues = [i.text for i in find_issues(window.doc.topology) if i.severity == "error"]
    assert any("state Reserve" in text for text in issues)  # wire it to a consumer `reserve`
    assert window.doc.undo_stack.count() == 1
    window.doc.undo_stack.undo()
    assert not window.doc.topology.nodes


def test_import_of_a_broken_file_adds_nothing_and_says_why(window, ui, prompts, tmp_path) -> None:
    """A file with ASL problems is refused; the problems name the file and the state."""
    path = tmp_path / "broken.asl.json"
    path.write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Gone"}}}')
    prompts.open_paths.append(path)
    window.workflows.import_asl()
    assert not window.doc.topology.nodes
    (title, _summary, problems) = prompts.problems_shown[-1]
    assert title == "Cannot import the state machine"
    assert any("broken.asl.json" in p and "state A" in p for p in problems)


def test_export_writes_the_definition_as_asl_json(window, bank, prompts, tmp_path) -> None:
    """Export writes the selected workflow's definition, which reads back equal."""
    bank.click_node(FLOW)
    out = tmp_path / "flow.asl.json"
    prompts.export_paths.append(out)
    window.workflows.export_action.trigger()
    assert json.loads(out.read_text()) == window.doc.node(FLOW).params["definition"]


def test_run_figures_reach_the_open_window(window, bank) -> None:
    """A run record fed to the workflows shows per-state figures in the open window; a new
    document closes the windows."""
    win = window.workflows.open(FLOW)
    states = {"Risk": {"entered": 712}, "ManualReview": {"entered": 140, "failures": 2}}
    record = SimpleNamespace(
        number=3, result=SimpleNamespace(nodes={FLOW: {"states": states}}), latest=None
    )
    window.workflows.show_run(record)
    assert win.pane.scene.states["Risk"].figures == "712 in"
    assert win.pane.scene.states["ManualReview"].figures == "140 in · 2 failed"
    assert win.run_label.text() == "Run 3 · final figures"
    window.new_document()
    bank.process()
    assert not _open_windows(window)


def test_live_snapshot_figures_show_while_a_run_streams(window, bank) -> None:
    """While a run streams, the latest snapshot's per-state figures (with executions in a
    state now) show, labelled live."""
    win = window.workflows.open(FLOW)
    live = {"states": {"ManualReview": {"entered": 9, "active": 4}}}
    record = SimpleNamespace(number=2, result=None, latest=SimpleNamespace(nodes={FLOW: live}))
    window.workflows.show_run(record)
    assert win.pane.scene.states["ManualReview"].figures == "9 in · 4 now"
    assert win.run_label.text() == "Run 2 · live"
    window.workflows.show_run(SimpleNamespace(number=2, result=None, latest=None))
    assert win.pane.scene.states["ManualReview"].figures == ""


def test_the_windows_list_the_designs_problems_with_the_node(window, ui, prompts) -> None:
    """An imported machine's unbound Tasks are listed in its window as design problems and
    marked on their states; wiring them away clears the marks."""
    prompts.open_paths.append(ASL / "poll-and-map.asl.json")
    node_id = window.workflows.import_asl()
    assert node_id is not None
    win = window.workflows.open(node_id)
    window.validator.run_now()
    ui.process()
    texts = [
        win.pane.editor.problem_list.item(i).text()
        for i in range(win.pane.editor.problem_list.count())
    ]
    assert any(t.startswith("design: ") and "state Reserve" in t for t in texts)
    assert win.pane.scene.states["Reserve"].problem
    assert "in the design" in win.pane.editor.status.text()
    win.pane.set_design_problems([])
    assert not win.pane.scene.states["Reserve"].problem


def test_problems_of_a_definition_file_reach_the_problems_panel(window, ui, tmp_path) -> None:
    """A definition_file's ASL problems and unused tasks entries are the design's issues
    (as `validate` reports them), naming the node, file and state; the window marks them."""
    for name in ("bank-workflow.yaml", "bank-onboarding.asl.json"):
        shutil.copy(ASL / name, tmp_path / name)
    flow = tmp_path / "bank-onboarding.asl.json"
    flow.write_text(flow.read_text().replace('"Next": "Approved?"', '"Next": "Aproved?"'))
    assert window.open_file(tmp_path / "bank-workflow.yaml", ask=False)
    ui.process()
    issues = [i for i in find_issues(window.doc.topology) if i.node == "onboarding"]
    assert any(
        i.severity == "error"
        and "definition_file bank-onboarding.asl.json: state ManualReview" in i.text
        for i in issues
    ), [i.text for i in issues]
    win = window.workflows.open("onboarding")
    window.validator.run_now()
    ui.process()
    assert win.pane.scene.states["ManualReview"].problem
