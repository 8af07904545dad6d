"""The model's rules (simulator.model.problems) judge a topology as the file reader does."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from simulator.files import load
from simulator.files.validate import build_topology
from simulator.files.write import to_dict
from simulator.model import (
    KINDS,
    Edge,
    Fault,
    Node,
    NodeKind,
    Param,
    Scenario,
    Topology,
    TopologyError,
    problems,
    register,
)

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "assets" / "examples").glob("*.yaml"))


def _reader(topology: Topology) -> list[str]:
    try:
        build_topology(to_dict(topology))
    except TopologyError as exc:
        return [str(p) for p in exc.problems]
    return []


def _broken() -> Topology:
    return Topology(
        nodes=[
            Node("p", "producer"),
            Node("q", "queue", params={"group_by": "detail.x", "visibility_timeout": -1}),
            Node("c", "consumer", params={"concurrency": 0}),
            Node("r", "router"),
        ],
        edges=[
            Edge("p", "q"),
            Edge("q", "r"),
            Edge("c", "p"),
            Edge("r", "c", pattern={"source": "not-a-list"}),
            Edge("q", "c", latency=-1),
        ],
        scenario=Scenario(warmup=700, faults=[Fault("zz", "slowdown", 1, 5)]),
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_break_no_rule(path: Path) -> None:
    """Every shipped example satisfies the model's rules."""
    assert problems(load(path)) == []


def test_model_problems_match_the_readers() -> None:
    """A broken model gets the reader's messages, paths and order, one per broken rule."""
    found = [str(p) for p in problems(_broken())]
    assert found == _reader(_broken())
    assert "nodes[1] (q).group_by: only FIFO queues have message groups (set fifo: true)" in found
    assert "edges[2] (c -> p): a producer cannot receive events" in found
    assert (
        "edges[1] (q -> r): a queue delivers only to consumers (they poll it), not to a router"
        in found
    )
    assert "scenario.faults[0]: a slowdown fault needs 'factor'" in found
    assert any(p.startswith("edges[3] (r -> c).pattern: ") for p in found)


def test_problems_carry_node_and_edge_ids() -> None:
    """Node problems name their node and edge problems their edge index (for canvas marks)."""
    found = problems(_broken())
    assert {p.node for p in found if p.path.startswith("nodes[2]")} == {"c"}
    assert {p.edge for p in found if p.path.startswith("edges[4]")} == {4}


@pytest.fixture
def gate() -> Iterator[NodeKind]:
    """A kind registered at run time whose two parameters depend on each other."""

    def rules(params: Mapping[str, Any]) -> list[str]:
        if params.get("low", 0) > params.get("high", 10):
            return [".low: must be <= high"]
        return []

    kind = NodeKind(
        name="gate",
        title="Gate",
        aws="test",
        doc="A test kind.",
        params=(Param("low", "number", 0), Param("high", "number", 10)),
        targets={"flow": frozenset({"consumer"})},
        rules=rules,
    )
    register(kind)
    yield kind
    del KINDS["gate"]


def test_a_registered_kind_brings_its_rules(gate: NodeKind) -> None:
    """A kind added at run time is validated by its own rules and wiring table."""
    topology = Topology(
        nodes=[Node("g", "gate", params={"low": 5, "high": 1}), Node("q", "queue")],
        edges=[Edge("g", "q")],
    )
    found = [str(p) for p in problems(topology)]
    assert found == [
        "nodes[0] (g).low: must be <= high",
        "edges[0] (g -> q): a gate cannot send events to a queue",
    ]
    assert found == _reader(topology)
