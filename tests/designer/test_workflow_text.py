"""ASL text helpers and the diagram's edits, without Qt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from designer.workflow import asl_edit, asl_text

ASL = Path(__file__).parent / "asl"
BANK = (ASL / "bank-onboarding.asl.json").read_text(encoding="utf-8")


def test_syntax_errors_give_line_and_column() -> None:
    """A JSON syntax error says where, by line and column."""
    document, problem = asl_text.parse('{"StartAt": "A",\n  "States" {}}')
    assert document is None and problem is not None
    assert (problem.line, problem.column) == (2, 12)
    assert "line 2, column 12" in problem.message


def test_duplicate_keys_are_a_problem_on_the_second_line() -> None:
    """A key repeated in one object (JSON would silently drop one state) is reported."""
    _, problem = asl_text.parse('{"States": {\n "A": {},\n "A": {}}}')
    assert problem is not None and problem.line == 3
    assert '"A" appears twice' in problem.message


def _line_of(text: str, line: int) -> str:
    return text.splitlines()[line - 1]


def test_asl_problems_name_the_state_and_the_line_at_fault() -> None:
    """A Default naming no state is reported for the state holding it, on the Default line."""
    text = BANK.replace('"Default": "OpenAccount"', '"Default": "Nowhere"')
    document, problems = asl_text.check(text)
    assert document is not None
    (problem,) = [p for p in problems if "Nowhere" in p.message]
    assert problem.state == "Risk"
    assert _line_of(text, problem.line).strip() == '"Default": "Nowhere"'
    assert str(problem).startswith(f"line {problem.line}: state Risk:")


@pytest.mark.parametrize(
    ("old", "new", "state", "on_line"),
    [
        ('"IntervalSeconds": 2', '"IntervalSeconds": -2', "Identity", '"IntervalSeconds": -2'),
        ('"Type": "Succeed"', '"Type": "Succeeds"', "Rejected", '"Succeeds"'),
        ('"TimeoutSeconds": 86400', '"TimeoutSeconds": "soon"', "ManualReview", '"soon"'),
    ],
)
def test_problem_lines_point_at_the_field(old: str, new: str, state: str, on_line: str) -> None:
    """A bad field value is reported on the line holding it."""
    text = BANK.replace(old, new)
    problems = [p for p in asl_text.check(text)[1] if p.state == state]
    assert problems
    assert on_line in _line_of(text, problems[0].line)


def test_a_valid_document_has_no_problems() -> None:
    """The realistic bank onboarding document passes every check."""
    assert asl_text.check(BANK)[1] == []


def test_state_at_finds_the_innermost_state_around_the_cursor() -> None:
    """The cursor inside a branch state is in that state, after the branches in the block."""
    names = asl_text.state_names(json.loads(BANK))
    assert asl_text.state_at(BANK, BANK.index("TimeoutSeconds"), names) == "Identity"
    assert asl_text.state_at(BANK, BANK.index('"ResultPath": "$.checks"'), names) == "Checks"
    assert asl_text.state_at(BANK, 0, names) == ""


def test_rename_updates_every_reference() -> None:
    """Renaming a state renames Next, Default, Choice and Catch targets and StartAt."""
    doc = json.loads(BANK)
    renamed = asl_edit.rename_state(doc, "NotifyFailure", "Notify")
    text = json.dumps(renamed)
    assert "NotifyFailure" not in text
    assert renamed["States"]["ManualReview"]["Catch"][0]["Next"] == "Notify"
    assert renamed["States"]["Checks"]["Catch"][0]["Next"] == "Notify"
    assert list(renamed["States"]).index("Notify") == list(doc["States"]).index("NotifyFailure")
    assert asl_text.check(json.dumps(renamed))[1] == []
    assert "NotifyFailure" in json.dumps(doc)  # the input is left alone
    start = asl_edit.rename_state(doc, "Checks", "Verify")
    assert start["StartAt"] == "Verify"
    inner = asl_edit.rename_state(doc, "Identity", "Id")
    assert inner["States"]["Checks"]["Branches"][0]["StartAt"] == "Id"


def test_rename_refuses_a_taken_or_empty_name() -> None:
    """State names are unique across the machine and not empty."""
    doc = json.loads(BANK)
    with pytest.raises(asl_edit.EditRefused, match="already a state called 'Address'"):
        asl_edit.rename_state(doc, "Identity", "Address")
    with pytest.raises(asl_edit.EditRefused, match="needs a name"):
        asl_edit.rename_state(doc, "Identity", "  ")


def test_insert_after_links_the_new_state_in() -> None:
    """A Pass added after a state takes over its Next; after an End state it becomes the end."""
    doc = json.loads(BANK)
    added, name = asl_edit.insert_after(doc, "ManualReview", "Pass")
    assert name == "Pass1"
    assert added["States"]["ManualReview"]["Next"] == "Pass1"
    assert added["States"]["Pass1"] == {"Type": "Pass", "Next": "Approved?"}
    ended, name = asl_edit.insert_after(doc, "OpenAccount", "Wait")
    assert "End" not in ended["States"]["OpenAccount"]
    assert ended["States"][name] == {"Type": "Wait", "Seconds": 1, "End": True}
    assert asl_text.check(json.dumps(ended))[1] == []
    with pytest.raises(asl_edit.EditRefused, match="not a Choice"):
        asl_edit.insert_after(doc, "Risk", "Pass")


def test_insert_after_adds_tasks_and_choices() -> None:
    """A Task added after a state calls a function named after itself; a Choice gets one
    rule and a Default to where the state went, or to a new Succeed after an End state."""
    doc = json.loads(BANK)
    added, name = asl_edit.insert_after(doc, "ManualReview", "Task")
    assert name == "Task1" and added["States"]["ManualReview"]["Next"] == "Task1"
    assert added["States"]["Task1"] == {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "Task1", "Payload.$": "$"},
        "Next": "Approved?",
    }
    chosen, name = asl_edit.insert_after(doc, "ManualReview", "Choice")
    choice = chosen["States"][name]
    assert choice["Choices"] == [{"Variable": "$.detail", "IsPresent": True, "Next": "Approved?"}]
    assert choice["Default"] == "Approved?" and asl_text.check(json.dumps(chosen))[1] == []
    ended, name = asl_edit.insert_after(doc, "OpenAccount", "Choice")
    assert "End" not in ended["States"]["OpenAccount"]
    assert ended["States"][name]["Default"] == "Succeed1"
    assert ended["States"]["Succeed1"] == {"Type": "Succeed"}
    assert asl_text.check(json.dumps(ended))[1] == []


def test_new_tasks_get_a_timing_and_renamed_ones_keep_theirs() -> None:
    """carry_tasks: a Task insert_after made gets NEW_TASK_TIMING; a renamed Task's entry
    follows it; a deleted one's goes; an unrelated change needs no new tasks."""
    doc = json.loads(BANK)
    tasks = {"ManualReview": {"service_time": 60}}
    added, name = asl_edit.insert_after(doc, "ManualReview", "Task")
    assert asl_edit.carry_tasks(tasks, doc, added) == {**tasks, name: asl_edit.NEW_TASK_TIMING}
    renamed = asl_edit.rename_state(doc, "ManualReview", "Review")
    assert asl_edit.carry_tasks(tasks, doc, renamed) == {"Review": {"service_time": 60}}
    removed = asl_edit.delete_state(doc, "ManualReview")
    assert asl_edit.carry_tasks(tasks, doc, removed) == {}
    passed, _ = asl_edit.insert_after(doc, "ManualReview", "Pass")
    assert asl_edit.carry_tasks(tasks, doc, passed) is None


def test_delete_links_predecessors_to_the_next_state() -> None:
    """Deleting a state with a Next sends every transition to it on to that Next."""
    doc = json.loads(BANK)
    removed = asl_edit.delete_state(doc, "ManualReview")
    assert "ManualReview" not in removed["States"]
    assert removed["States"]["Risk"]["Choices"][0]["Next"] == "Approved?"
    assert asl_text.check(json.dumps(removed))[1] == []


def test_delete_refuses_what_would_leave_a_dangling_rule() -> None:
    """A state without Next that a Choice rule or Catch targets cannot be deleted."""
    doc = json.loads(BANK)
    with pytest.raises(asl_edit.EditRefused, match="Choice rule or Catch"):
        asl_edit.delete_state(doc, "OpenAccount")
    with pytest.raises(asl_edit.EditRefused, match="last state"):
        asl_edit.delete_state(doc, "Address")
