"""The workflow node in a run: executions per event, integrations, limits, the ledger."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from simulator.engine import run
from simulator.model import Edge, Node, Scenario, Topology
from simulator.problems import TopologyError


def producer(rate: float, profile: str = "poisson", detail: Any = None) -> Node:
    events = [{"source": "bank", "detail-type": "Applied", "detail": detail or {"n": 1}}]
    return Node(
        "p", "producer", params={"load": {"profile": profile, "rate": rate}, "events": events}
    )


def workflow(states: dict[str, Any], **params: Any) -> Node:
    definition = {"StartAt": next(iter(states)), "States": states}
    return Node("wf", "workflow", params={"definition": definition, **params})


def topology(
    nodes: list[Node],
    edges: list[tuple[str, str, str]],
    duration: float,
    seed: int = 1,
    warmup: float = 0.0,
) -> Topology:
    scenario = Scenario(duration=duration, warmup=warmup, seed=seed)
    return Topology(name="t", nodes=nodes, edges=[Edge(*e) for e in edges], scenario=scenario)


def task(resource: str = "work", **extra: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": resource, "End": True, **extra}


def test_choice_shares_follow_the_event_mix() -> None:
    """A Choice on $.detail.risk sends each share of events its way (8:2 mix, 4 sigma)."""
    nodes = [
        producer(5, detail={"risk": {"$weighted": {"low": 8, "high": 2}}}),
        workflow(
            {
                "Risk": {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.detail.risk", "StringEquals": "high", "Next": "High"}
                    ],
                    "Default": "Low",
                },
                "High": {"Type": "Pass", "End": True},
                "Low": {"Type": "Pass", "End": True},
            }
        ),
    ]
    result = run(topology(nodes, [("p", "wf", "flow")], 2000))
    states = result.nodes["wf"]["states"]
    n = states["Risk"]["entered"]
    share = states["High"]["entered"] / n
    assert abs(share - 0.2) < 4 * math.sqrt(0.2 * 0.8 / n)
    assert result.events["completed"] == result.nodes["wf"]["succeeded"] == n
    assert result.ledger["balanced"]


@pytest.mark.parametrize(("kind", "timed_out"), [("express", True), ("standard", False)])
def test_express_executions_time_out_after_five_minutes(kind: str, timed_out: bool) -> None:
    """An Express execution still running at 300 s fails with States.Timeout; Standard waits."""
    nodes = [
        producer(0.01, profile="constant"),
        workflow({"Slow": task()}, type=kind, tasks={"Slow": {"service_time": 400}}),
        Node("dlq", "queue"),
    ]
    edges = [("p", "wf", "flow"), ("wf", "dlq", "on-failure")]
    result = run(topology(nodes, edges, 5000))
    figures = result.nodes["wf"]
    assert figures["executions"] == 49  # events at 100, 200, ... 4900 s
    if timed_out:  # those started by 4600 s time out before the run ends at 5000 s
        assert figures["timed_out"] == figures["failed"] == 46
        assert result.events["dead_lettered"] == 46 and result.events["in_flight"] == 3
        assert result.latency_failed["max"] == pytest.approx(300.0)  # failed roots apart
    else:  # those started by 4500 s finish after 400 s
        assert figures["timed_out"] == 0 and figures["succeeded"] == 45
        assert result.events["in_flight"] == 4
    assert result.ledger["balanced"]


def test_express_timeout_share_of_exponential_tasks() -> None:
    """With Exp(mean 200 s) work, a share e^(-300/200) of Express executions time out."""
    nodes = [
        producer(0.5),
        workflow(
            {"Work": task()},
            type="express",
            tasks={"Work": {"service_time": {"dist": "exponential", "mean": 200}}},
        ),
    ]
    result = run(topology(nodes, [("p", "wf", "flow")], 40000, seed=4))
    figures = result.nodes["wf"]
    ended = figures["succeeded"] + figures["failed"]
    share, expected = figures["timed_out"] / ended, math.exp(-1.5)
    assert abs(share - expected) < 4 * math.sqrt(expected * (1 - expected) / ended)


def erlang_b(servers: int, load: float) -> float:
    term, total = 1.0, 1.0
    for k in range(1, servers + 1):
        term *= load / k
        total += term
    return term / total


def test_synchronous_invocations_are_lost_like_erlang_b() -> None:
    """A Task invoking a consumer takes an environment or is throttled: with Poisson starts
    and no Retry, the failed share is Erlang B(c, lambda x mean)."""
    nodes = [
        producer(2.0),
        workflow({"Call": task("arn:aws:lambda:eu-west-1:123456789012:function:fn")}),
        Node(
            "fn",
            "consumer",
            params={"concurrency": 3, "service_time": {"dist": "exponential", "mean": 1.0}},
        ),
    ]
    result = run(topology(nodes, [("p", "wf", "flow"), ("wf", "fn", "flow")], 20000, seed=2))
    figures, fn = result.nodes["wf"], result.nodes["fn"]
    n = figures["executions"]
    expected = erlang_b(3, 2.0)
    assert abs(figures["failed"] / n - expected) < 5 * math.sqrt(expected * (1 - expected) / n)
    assert fn["throttled"] == figures["failed"]
    assert fn["processed"] == figures["succeeded"]
    assert result.events["completed"] == figures["succeeded"]  # the edge to fn is a call
    assert result.ledger["balanced"]


def test_putevents_publishes_a_new_event_to_the_router() -> None:
    """putEvents sends an event built from Entries[0] over the edge to the router."""
    entry = {"Source": "bank.flow", "DetailType": "Checked", "Detail.$": "$.detail"}
    nodes = [
        producer(1, profile="constant"),
        workflow(
            {"Emit": task("arn:aws:states:::events:putEvents", Parameters={"Entries": [entry]})}
        ),
        Node("bus", "router"),
        Node("sink", "consumer", params={"service_time": 0}),
    ]
    edges = [("p", "wf", "flow"), ("wf", "bus", "flow"), ("bus", "sink", "flow")]
    top = topology(nodes, edges, 100)
    top.edges[2].pattern = {"detail-type": ["Checked"], "source": ["bank.flow"]}
    result = run(top)
    assert result.nodes["sink"]["processed"] == 99
    assert result.events["completed"] == 99 * 2  # the execution's event and the published one
    assert result.ledger["balanced"]


def test_wait_for_task_token_waits_for_the_callback_delay() -> None:
    """sqs:sendMessage.waitForTaskToken sends the message and waits the callback's time."""
    nodes = [
        producer(0.1, profile="constant"),
        workflow(
            {
                "Approve": task(
                    "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    Parameters={
                        "QueueUrl": "https://sqs/1/review",
                        "MessageBody": {"token.$": "$$.Task.Token"},
                    },
                )
            },
            tasks={"Approve": {"service_time": 30}},
        ),
        Node("review", "queue"),
    ]
    result = run(topology(nodes, [("p", "wf", "flow"), ("wf", "review", "flow")], 1000))
    assert result.nodes["wf"]["states"]["Approve"]["time_mean"] == pytest.approx(30.0)
    assert result.nodes["review"]["arrivals"] == 99


def test_failed_executions_go_over_the_on_failure_edge() -> None:
    """An execution that fails after its retries sends the event on-failure; traces show
    every state as a hop."""
    nodes = [
        producer(1, profile="constant"),
        workflow(
            {"Check": task(Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}])},
            tasks={"Check": {"service_time": 0.5, "failure_rate": 1, "error": "Bad"}},
        ),
        Node("ops", "consumer", params={"service_time": 0}),
    ]
    edges = [("p", "wf", "flow"), ("wf", "ops", "on-failure")]
    result = run(topology(nodes, edges, 100))
    figures = result.nodes["wf"]  # each takes 0.5 + 1 + 0.5 s: those started at 98, 99 s run on
    assert figures["executions"] == 99 and figures["failed"] == 97
    assert figures["transitions"] == 99 * 2 and figures["retries"] == 99  # retried at +0.5 s
    assert result.events["dead_lettered"] == 97 and result.nodes["ops"]["processed"] == 97
    hops = [h["what"] for h in result.traces[0]["hops"] if h["node"] == "wf"]
    assert hops == ["started", "state Check", "retry Check", "failed Bad", "dead_lettered"]


def test_definition_file_is_read_next_to_the_topology(tmp_path: Path) -> None:
    """definition_file is an ASL JSON file beside the topology; a bad one names the node."""
    import json

    from simulator.files import load

    (tmp_path / "flow.asl.json").write_text(
        json.dumps({"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 2, "End": True}}})
    )
    text = """
format: eventscape/topology
version: 1
scenario: {duration: 100}
nodes:
  - {id: p, kind: producer, load: {profile: constant, rate: 1}}
  - {id: wf, kind: workflow, definition_file: flow.asl.json}
edges:
  - {from: p, to: wf}
"""
    (tmp_path / "t.yaml").write_text(text)
    result = run(load(tmp_path / "t.yaml"))
    assert result.nodes["wf"]["succeeded"] == 97 and result.latency["max"] == 2.0
    (tmp_path / "flow.asl.json").write_text('{"StartAt": "A", "States": {}}')
    with pytest.raises(TopologyError, match="node wf"):
        run(load(tmp_path / "t.yaml"))


def test_warmup_restarts_the_per_state_figures() -> None:
    """Per-state figures cover the measured window only."""
    nodes = [producer(1, profile="constant"), workflow({"A": {"Type": "Pass", "End": True}})]
    result = run(topology(nodes, [("p", "wf", "flow")], 100, warmup=50))
    assert result.nodes["wf"]["states"]["A"]["entered"] == 50
    assert result.nodes["wf"]["executions"] == 50


def test_task_token_comes_back_by_event() -> None:
    """Without a tasks entry, a .waitForTaskToken task completes when an event whose detail
    carries its token reaches the workflow (the worker's SendTaskSuccess); the worker's
    queue and concurrency decide the wait."""
    nodes = [
        producer(0.05, profile="constant"),
        workflow(
            {
                "Review": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {
                        "QueueUrl": "reviews",
                        "MessageBody": {"TaskToken.$": "$$.Task.Token"},
                    },
                    "ResultPath": "$.review",
                    "Next": "Check",
                },
                "Check": {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.review.TaskToken", "IsString": True, "Next": "Done"}
                    ],
                    "Default": "Wrong",
                },
                "Done": {"Type": "Succeed"},
                "Wrong": {"Type": "Fail", "Error": "NoToken"},
            }
        ),
        Node("reviews", "queue"),
        Node("reviewer", "consumer", params={"service_time": 10}),
    ]
    edges = [
        ("p", "wf", "flow"),
        ("wf", "reviews", "flow"),
        ("reviews", "reviewer", "flow"),
        ("reviewer", "wf", "flow"),
    ]
    result = run(topology(nodes, edges, 1000))
    figures = result.nodes["wf"]
    assert figures["executions"] == 49 and figures["callbacks"] == figures["succeeded"] == 49
    assert figures["states"]["Review"]["time_mean"] == pytest.approx(10.0)
    assert result.ledger["balanced"] and result.events["failed"] == 0


def _with_faults(top: Topology, *faults: tuple) -> Topology:
    from simulator.model import Fault

    top.scenario.faults = [Fault(*f) for f in faults]
    return top


def test_outage_holds_arrivals_until_it_ends() -> None:
    """During an outage no execution starts; the events held start when it ends."""
    nodes = [producer(1, profile="constant"), workflow({"A": {"Type": "Pass", "End": True}})]
    top = _with_faults(topology(nodes, [("p", "wf", "flow")], 100), ("wf", "outage", 10, 20))
    result = run(top)
    assert result.nodes["wf"]["executions"] == 99 and result.nodes["wf"]["depth_max"] == 20
    assert result.latency["max"] == pytest.approx(20.0)  # the event at 10 s waits until 30 s
    assert result.ledger["balanced"]


def test_slowdown_and_errors_faults_apply_to_timed_tasks() -> None:
    """A slowdown stretches a task's time; an errors fault sets its failure rate."""
    nodes = [
        producer(1, profile="constant"),
        workflow({"T": task()}, tasks={"T": {"service_time": 1}}),
    ]
    faults = [("wf", "slowdown", 0, 50, 3.0, None), ("wf", "errors", 50, 100, None, 1.0)]
    result = run(_with_faults(topology(nodes, [("p", "wf", "flow")], 100), *faults))
    figures = result.nodes["wf"]
    assert result.latency["max"] == pytest.approx(3.0)
    assert figures["succeeded"] == 49 and figures["failed"] == 49  # 49 slow, 49 failing


def test_a_task_timeout_is_not_an_execution_timeout() -> None:
    """An uncaught TimeoutSeconds fails the execution but does not count as timed_out."""
    nodes = [
        producer(1, profile="constant"),
        workflow({"T": task(TimeoutSeconds=1)}, tasks={"T": {"service_time": 5}}),
    ]
    result = run(topology(nodes, [("p", "wf", "flow")], 100))
    figures = result.nodes["wf"]
    assert figures["failed"] == 98 and figures["timed_out"] == 0


def test_standard_executions_time_out_after_a_year() -> None:
    """A Standard execution still running after 365 days fails with States.Timeout."""
    year = 365 * 86400.0
    nodes = [
        Node("p", "producer", params={"load": {"profile": "constant", "rate": 1 / year}}),
        workflow({"Slow": task()}, tasks={"Slow": {"service_time": 400 * 86400}}),
    ]
    result = run(topology(nodes, [("p", "wf", "flow")], 2.5 * year))
    figures = result.nodes["wf"]
    assert figures["executions"] == 2 and figures["timed_out"] == 1  # the second runs on
    assert result.latency_failed["max"] == pytest.approx(year)  # a timed-out root failed


def test_executions_in_each_state_are_counted_exactly() -> None:
    """`active` counts executions in a state now: what a run stops with, none left behind by
    executions that timed out or branches a failure stopped."""
    nodes = [
        producer(0.5),
        workflow(
            {
                "Both": {
                    "Type": "Parallel",
                    "End": True,
                    "Branches": [
                        {"StartAt": "Slow", "States": {"Slow": task("slow")}},
                        {"StartAt": "Flaky", "States": {"Flaky": task("flaky")}},
                    ],
                }
            },
            type="express",
            tasks={
                "Slow": {"service_time": {"dist": "exponential", "mean": 200}},
                "Flaky": {"service_time": 5, "failure_rate": 0.3},
            },
        ),
    ]
    sim_result = run(topology(nodes, [("p", "wf", "flow")], 3000, seed=5))
    figures = sim_result.nodes["wf"]
    states = figures["states"]
    running = sim_result.events["in_flight"]
    assert figures["timed_out"] > 0 and figures["failed"] > figures["timed_out"]
    assert states["Both"]["active"] == running
    assert states["Slow"]["active"] <= running and states["Flaky"]["active"] <= running
    assert min(s["active"] for s in states.values()) >= 0


def test_a_consumer_fails_a_calling_task_with_its_configured_error() -> None:
    """A consumer's `error` names its failures for the workflow calling it: a Retry on that
    name retries them, a Catch on it takes them; without `error` they are
    States.TaskFailed and neither fires (every try fails here)."""
    states = {
        "Call": task(
            "fn",
            Retry=[{"ErrorEquals": ["Checks.Failed"], "MaxAttempts": 2, "IntervalSeconds": 1}],
            Catch=[{"ErrorEquals": ["Checks.Failed"], "Next": "Caught"}],
        ),
        "Caught": {"Type": "Pass", "End": True},
    }
    edges = [("p", "wf", "flow"), ("wf", "fn", "flow")]
    for error, caught in (("Checks.Failed", True), (None, False)):
        params: dict[str, Any] = {"concurrency": 50, "service_time": 0.1, "failure_rate": 1.0}
        if error:
            params["error"] = error
        nodes = [
            producer(1, profile="constant"),
            workflow(states),
            Node("fn", "consumer", params=params),
        ]
        figures = run(topology(nodes, edges, 100)).nodes["wf"]
        n = figures["executions"]
        done, retries = figures["succeeded"], figures["states"]["Call"]["retries"]
        if caught:  # the last executions may still be retrying when the run ends
            assert done >= n - 3 and 2 * done <= retries <= 2 * n
            assert figures["states"]["Caught"]["entered"] == done and figures["failed"] == 0
        else:
            assert retries == done == 0 and figures["failed"] >= n - 1


def test_the_readable_table_lists_each_workflow_and_its_states() -> None:
    """`run` without --json prints a workflow's executions, outcomes and transitions and a
    row per state (entered, failures, retries, mean time) below the node table."""
    from simulator.engine.report import table

    states = {
        "Work": task(Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}], Next="Done"),
        "Done": {"Type": "Succeed"},
    }
    states["Work"].pop("End")
    nodes = [
        producer(1, profile="constant"),
        workflow(states, tasks={"Work": {"service_time": 2, "failure_rate": 0.5}}),
    ]
    data = run(topology(nodes, [("p", "wf", "flow")], 200, seed=3)).to_json_dict()
    wf, work = data["nodes"]["wf"], data["nodes"]["wf"]["states"]["Work"]
    lines = table(data).splitlines()
    head = lines.index(
        f"workflow wf: {wf['executions']:,} executions, {wf['succeeded']:,} succeeded, "
        f"{wf['failed']:,} failed (0 timed out), {wf['transitions']:,} transitions, 0 callbacks"
    )
    assert lines[head + 1].split() == ["state", "entered", "failures", "retries", "mean", "s"]
    row = lines[head + 2].split()
    assert row[0] == "Work" and row[1:4] == [
        f"{work[k]:,}" for k in ("entered", "failures", "retries")
    ]
    assert float(row[4]) == pytest.approx(work["time_mean"], abs=1e-3)
    assert lines[head + 3].split()[:2] == ["Done", f"{wf['states']['Done']['entered']:,}"]
    plain = run(topology([producer(1)], [], 10)).to_json_dict()
    assert not any(line.startswith("workflow ") for line in table(plain).splitlines())
