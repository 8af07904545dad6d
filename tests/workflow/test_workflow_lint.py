"""Validation: statelint's verdict and the simulator's own checks name the node and state."""

from __future__ import annotations

import pytest

from simulator.files import loads
from simulator.problems import TopologyError
from simulator.workflow import describe, lint

GOOD = {
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Task", "Resource": "checker", "Next": "Done"},
        "Done": {"Type": "Succeed"},
    },
}


def messages(doc: object) -> list[str]:
    return [describe(p) for p in lint(doc)]


def test_a_good_definition_has_no_problems() -> None:
    """A valid definition (a bare node id as Resource included) passes."""
    assert lint(GOOD) == []


def test_statelint_problems_name_the_state() -> None:
    """statelint's findings are reported per state, nested states by their own name."""
    doc = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "X",
                        "States": {
                            "X": {
                                "Type": "Task",
                                "Resource": "a",
                                "Retry": [{"ErrorEquals": ["States.ALL"], "JitterStrategy": "X"}],
                                "End": True,
                            }
                        },
                    }
                ],
                "Next": "Q",
            },
        },
    }
    found = messages(doc)
    assert any(m.startswith("state X: Retry[0].JitterStrategy") for m in found), found
    assert any(m.startswith("state P:") and '"Q"' in m for m in found), found


def test_unreachable_states_are_reported() -> None:
    """A state no transition leads to is named."""
    doc = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}, "B": {"Type": "Succeed"}}}
    assert messages(doc) == ["state B: no transition leads to this state (unreachable)"]


@pytest.mark.parametrize(
    ("states", "needle"),
    [
        (
            {
                "A": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "x", "NumericEquals": 1, "Next": "B"}],
                    "Default": "B",
                },
                "B": {"Type": "Succeed"},
            },
            "state A: Choices[0]",
        ),
        ({"A": {"Type": "Pass", "Parameters": {"x.$": "States.UUID()"}, "End": True}}, "state A:"),
        (
            {
                "A": {
                    "Type": "Map",
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "I",
                        "States": {"I": {"Type": "Pass", "End": True}},
                    },
                    "End": True,
                }
            },
            "only INLINE",
        ),
    ],
)
def test_compile_problems_name_the_state(states: dict, needle: str) -> None:
    """What statelint lets through but the simulator cannot run is reported per state."""
    found = messages({"StartAt": "A", "States": states})
    assert any(needle in m for m in found), found


def test_jsonata_and_non_objects_are_refused() -> None:
    """Only JSONPath definitions run; a definition must be an object."""
    assert "JSONPath" in messages({**GOOD, "QueryLanguage": "JSONata"})[0]
    assert "must be an object" in messages("StartAt: A")[0]


TOPOLOGY = """
format: eventscape/topology
version: 1
nodes:
  - {{id: p, kind: producer}}
  - id: flow
    kind: workflow
    definition: {definition}
    tasks: {tasks}
  - {{id: checker, kind: consumer}}
edges:
  - {{from: p, to: flow}}
{edges}
"""


def problems(definition: object, tasks: object = None, edges: str = "") -> list[str]:
    import json

    text = TOPOLOGY.format(
        definition=json.dumps(definition), tasks=json.dumps(tasks or {}), edges=edges
    )
    try:
        loads(text)
    except TopologyError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_loading_reports_node_and_state() -> None:
    """A topology's ASL problems are reported with the node's path and the state's name."""
    bad = {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": -1, "End": True}}}
    assert problems(bad) == [
        "nodes[1] (flow).definition: state A: Seconds is -1 but allowed floor is 0"
    ]


def test_a_task_nothing_runs_is_an_error_naming_the_state() -> None:
    """A Task with neither a topology resource nor a tasks entry is refused."""
    other = {
        **GOOD,
        "States": {
            **GOOD["States"],
            "Check": {"Type": "Task", "Resource": "kyc-service", "Next": "Done"},
        },
    }
    found = problems(other)
    assert len(found) == 1 and "state Check" in found[0] and "'tasks'" in found[0], found
    assert problems(other, tasks={"Check": {"service_time": 1}}) == []
    assert problems(GOOD, edges="  - {from: flow, to: checker}") == []
    assert problems(GOOD, tasks={"Check": {"service_time": 1}}) == []


def test_invoking_a_consumer_needs_an_edge() -> None:
    """A Task naming a consumer of the topology needs a flow edge from the workflow to it."""
    doc = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:eu-west-1:1:function:checker",
                "End": True,
            }
        },
    }
    found = problems(doc)
    assert found and "draw a flow edge" in found[0] and "state C" in found[0]


def test_tasks_entries_are_checked() -> None:
    """tasks entries need a service time; failure rates lie in [0, 1]."""
    found = problems(GOOD, tasks={"Check": {"failure_rate": 2, "mean": 1}})
    text = " ".join(found)
    assert "needs a service_time" in text and "failure_rate: must be <= 1" in text
    assert "'Check'].mean: unknown key" in text


def test_definition_or_file_exactly_one() -> None:
    """A workflow needs a definition or a definition_file, not both, not neither."""
    text = TOPOLOGY.format(definition="null", tasks="{}", edges="")
    with pytest.raises(TopologyError, match="exactly one"):
        loads(text)


@pytest.mark.parametrize(
    ("doc", "needle"),
    [
        ({"StartAt": [1], "States": {"A": {"Type": "Pass", "End": True}}}, "StartAt must be"),
        ({"StartAt": "A", "States": {"A": "Pass"}}, "state A: a state must be an object"),
        (
            {
                "StartAt": "A",
                "States": {
                    "A": {
                        "Type": "Parallel",
                        "End": True,
                        "Branches": [{"StartAt": "X", "States": []}],
                    }
                },
            },
            "state A: States must be",
        ),
        (
            {
                "StartAt": "A",
                "States": {
                    "A": {
                        "Type": "Task",
                        "Resource": "x",
                        "End": True,
                        "Retry": [{"ErrorEquals": "States.ALL"}],
                    }
                },
            },
            "ErrorEquals must be a list",
        ),
        (
            {
                "StartAt": "A",
                "States": {"A": {"Type": "Task", "Resource": "x", "End": True, "Catch": True}},
            },
            "Catch must be a list",
        ),
    ],
)
def test_hostile_shapes_get_clear_messages(doc: dict, needle: str) -> None:
    """Values of the wrong shape are reported before the linter sees them (no crash)."""
    found = messages(doc)
    assert any(needle in m for m in found), found
