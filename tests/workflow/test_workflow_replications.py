"""`run --replications`: the summary keeps every per-node figure, workflow states included."""

from __future__ import annotations

import statistics
from typing import Any

from simulator.engine import run, summarize
from simulator.model import Edge, Node, Scenario, Topology

SEEDS = [1, 2, 3]


def design() -> Topology:
    """A workflow with a flaky retried Task and a Choice, behind a Poisson producer."""
    definition = {
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Task",
                "Resource": "check",
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
                "Next": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    tasks = {"Check": {"service_time": {"dist": "exponential", "mean": 1.0}, "failure_rate": 0.3}}
    nodes = [
        Node("p", "producer", params={"load": {"profile": "poisson", "rate": 2}}),
        Node("wf", "workflow", params={"definition": definition, "tasks": tasks}),
    ]
    return Topology(name="t", nodes=nodes, edges=[Edge("p", "wf")], scenario=Scenario(200))


def numbers(figures: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Every number of a node's figures, by dotted path."""
    out: dict[str, float] = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            out.update(numbers(value, f"{prefix}{key}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[prefix + key] = float(value)
    return out


def test_every_single_run_figure_is_summarized_with_an_interval() -> None:
    """Each number a single run reports per node (a workflow's per-state figures too) is in
    the summary as the mean over replications, with a 95% half-width in `ci95`."""
    runs = [run(design(), seed=seed).to_json_dict() for seed in SEEDS]
    summary = summarize(runs, SEEDS)
    for node in runs[0]["nodes"]:
        single = [numbers(r["nodes"][node]) for r in runs]
        means = numbers(summary["nodes"][node])
        halves = numbers(summary["replications"]["ci95"]["nodes"][node])
        assert set(single[0]) <= set(means) and set(single[0]) <= set(halves)
        for path in single[0]:
            expected = statistics.fmean(s[path] for s in single)
            assert means[path] == round(expected, 6), (node, path)
    states = summary["nodes"]["wf"]["states"]["Check"]
    assert states["retries"] > 0 and summary["replications"]["ci95"]["nodes"]["wf"]["states"]
    assert summary["nodes"]["wf"]["executions"] > 300


def test_the_headline_figures_come_first() -> None:
    """The long-standing headline figures keep their place at the start of each node."""
    runs = [run(design(), seed=seed).to_json_dict() for seed in SEEDS]
    keys = list(summarize(runs, SEEDS)["nodes"]["wf"])
    assert keys[:4] == ["kind", "arrivals", "processed", "failures"]
    assert "transitions" in keys and "states" in keys
