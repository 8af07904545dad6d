"""`eventscape-sim validate` reads a workflow's definition_file and warns of unmodelled ASL."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.model.kinds.workflow_file import MAX_DEFINITION_BYTES

TOPOLOGY = """
format: eventscape/topology
version: 1
scenario: {{duration: 100}}
nodes:
  - {{id: p, kind: producer, load: {{profile: constant, rate: 1}}}}
  - {{id: wf, kind: workflow, {key}: {value}{extra}}}
edges:
  - {{from: p, to: wf}}
"""
WAIT = {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 2, "End": True}}}


def write(tmp_path: Path, definition: object = None, name: str = "flow.asl.json", **kw) -> Path:
    """A topology whose workflow names `name` (written with `definition` unless None)."""
    if definition is not None:
        text = definition if isinstance(definition, str) else json.dumps(definition)
        (tmp_path / name).write_text(text, encoding="utf-8")
    extra = "".join(f", {k}: {v}" for k, v in kw.items())
    path = tmp_path / "t.yaml"
    path.write_text(TOPOLOGY.format(key="definition_file", value=json.dumps(name), extra=extra))
    return path


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["validate", str(path)])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_good_definition_file_validates(tmp_path: Path, capsys) -> None:
    """A readable, valid definition_file passes validate."""
    status, out, err = validate(write(tmp_path, WAIT), capsys)
    assert status == 0 and "valid: 2 nodes" in out and err == ""


def test_asl_problems_of_the_file_name_node_file_and_state(tmp_path: Path, capsys) -> None:
    """An ASL problem in the file fails validate, naming the node, the file and the state."""
    bad = {"StartAt": "A", "States": {"A": {"Type": "Wait", "End": True}}}
    status, _, err = validate(write(tmp_path, bad), capsys)
    assert status == 1
    assert "node wf: definition_file flow.asl.json: state A:" in err


def test_a_task_nothing_runs_in_the_file_is_an_error(tmp_path: Path, capsys) -> None:
    """A Task of the file with no topology resource and no tasks entry fails validate."""
    doc = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "nobody", "End": True}}}
    status, _, err = validate(write(tmp_path, doc), capsys)
    assert status == 1 and "definition_file flow.asl.json: state T: Task has neither" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read file"),
        ('{"StartAt": "A",', "not JSON"),
        ("[" * 200 + "]" * 200, "nested deeper than"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_unreadable_files_name_node_and_file(
    tmp_path: Path, capsys, content: object, expected: str
) -> None:
    """A missing, broken, too deep or non-UTF-8 file fails validate with its reason."""
    if isinstance(content, bytes):
        (tmp_path / "flow.asl.json").write_bytes(content)
        content = None
    status, _, err = validate(write(tmp_path, content), capsys)
    assert status == 1
    assert "node wf: definition_file flow.asl.json:" in err and expected in err


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, capsys) -> None:
    """A file beyond Step Functions' 1 MiB definition limit is not read."""
    padding = " " * (MAX_DEFINITION_BYTES + 1)
    status, _, err = validate(write(tmp_path, json.dumps(WAIT) + padding), capsys)
    assert status == 1 and "file too large" in err


def test_paths_out_of_the_folder_are_refused(tmp_path: Path, capsys) -> None:
    """'..' and absolute paths are refused without reading anything."""
    (tmp_path / "sub").mkdir()
    for name in ("../flow.asl.json", str(tmp_path / "flow.asl.json")):
        status, _, err = validate(write(tmp_path / "sub", None, name=name), capsys)
        assert status == 1 and "must be a path relative to the topology's folder" in err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path, capsys) -> None:
    """A link that leads outside the topology's folder is not followed."""
    (tmp_path / "outside.json").write_text(json.dumps(WAIT))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "flow.asl.json").symlink_to(tmp_path / "outside.json")
    status, _, err = validate(write(tmp_path / "sub"), capsys)
    assert status == 1 and "leads outside the topology's folder" in err


def test_unmodelled_features_warn_naming_the_state(tmp_path: Path, capsys) -> None:
    """TimeoutSecondsPath, a .sync job and HeartbeatSeconds on a request-response task are
    warnings naming the state; validate still passes."""
    doc = {
        "StartAt": "Job",
        "States": {
            "Job": {
                "Type": "Task",
                "Resource": "arn:aws:states:::ecs:runTask.sync",
                "TimeoutSecondsPath": "$.limit",
                "Next": "Put",
            },
            "Put": {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:putItem",
                "HeartbeatSeconds": 5,
                "End": True,
            },
        },
    }
    tasks = "{Job: {service_time: 1}, Put: {service_time: 1}}"
    status, out, _ = validate(write(tmp_path, doc, tasks=tasks), capsys)
    assert status == 0
    assert "warning: node wf: definition_file flow.asl.json: state Job: TimeoutSecondsPath" in out
    assert "state Job: arn:aws:states:::ecs:runTask.sync runs a job that is not simulated" in out
    assert "state Put: HeartbeatSeconds has no effect on a request-response task" in out


def test_express_workflows_warn_that_duplicates_are_not_modelled(tmp_path: Path, capsys) -> None:
    """An Express workflow gets a warning: at-least-once duplicates are not simulated."""
    status, out, _ = validate(write(tmp_path, WAIT, type="express"), capsys)
    assert status == 0 and "warning: node wf: express: each execution runs exactly once" in out


def test_a_jsonata_state_is_an_error(tmp_path: Path, capsys) -> None:
    """A state in JSONata mode cannot be simulated: an error naming it."""
    doc = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "End": True}},
    }
    status, _, err = validate(write(tmp_path, doc), capsys)
    assert status == 1 and "state A: only JSONPath states are simulated" in err


CALLBACK = {
    "StartAt": "Ask",
    "States": {
        "Ask": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "approver", "Payload": {"token.$": "$$.Task.Token"}},
            "Next": "Job",
        },
        "Job": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Next": "Act"},
        "Act": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:1:activity:a", "End": True},
    },
}
CALLBACK_TASKS = (
    '{"Ask": {"service_time": 60}, "Job": {"service_time": 5}, "Act": {"service_time": 1}}'
)


@pytest.mark.parametrize("inline", [True, False])
def test_express_workflows_refuse_callbacks_jobs_and_activities(
    tmp_path: Path, capsys, inline: bool
) -> None:
    """Express state machines run request-response tasks only (AWS refuses the definition):
    .waitForTaskToken, .sync and activity tasks are errors naming the state; Standard runs."""
    path = write(tmp_path, CALLBACK, tasks=CALLBACK_TASKS, type="express")
    if inline:
        text = path.read_text().replace(
            'definition_file: "flow.asl.json"', "definition: " + json.dumps(CALLBACK)
        )
        path.write_text(text)
    status, _, err = validate(path, capsys)
    assert status == 1
    assert "state Ask: Express workflows do not support .waitForTaskToken tasks" in err
    assert "state Job: Express workflows do not support .sync tasks" in err
    assert "state Act: Express workflows do not run activities" in err
    path.write_text(path.read_text().replace("type: express", "type: standard"))
    assert validate(path, capsys)[0] == 0


def test_tasks_entries_the_run_ignores_are_warned_of(tmp_path: Path, capsys) -> None:
    """A tasks entry naming no Task state, or a Task that invokes a consumer or publishes
    without waiting (their own timing applies), is a warning naming the entry."""
    doc = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Task", "Resource": "fn", "Next": "B"},
            "B": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"MessageBody.$": "$"},
                "Next": "C",
            },
            "C": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "End": True},
        },
    }
    tasks = {name: {"service_time": 1} for name in ("A", "B", "C", "Gone")}
    path = write(tmp_path, doc, tasks=json.dumps(tasks))
    text = path.read_text().replace("edges:\n", "edges:\n  - {from: wf, to: fn}\n")
    text += "  - {from: wf, to: q}\n  - {from: q, to: c}\n"
    text = text.replace(
        "nodes:\n",
        "nodes:\n  - {id: fn, kind: consumer}\n  - {id: q, kind: queue}\n"
        "  - {id: c, kind: consumer}\n",
    )
    path.write_text(text)
    status, out, _ = validate(path, capsys)
    assert status == 0
    assert "tasks entry 'A' is not used: it invokes consumer 'fn'" in out
    assert "tasks entry 'B' is not used: it publishes to 'q'" in out
    assert "tasks entry 'Gone' is not used: no Task state has that name" in out
    assert "tasks entry 'C'" not in out
