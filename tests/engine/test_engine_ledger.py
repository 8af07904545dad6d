"""The ledger: on random topologies every copy ends in one outcome or is in flight."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import run
from simulator.files import load
from simulator.model import Edge, Fault, Node, Scenario, Topology

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "assets" / "examples").glob("*.yaml"))
KINDS_IN_ORDER = ("producer", "router", "topic", "queue", "consumer")
DIST = st.one_of(
    st.sampled_from([0, 0.05, 0.5]),
    st.builds(lambda m: {"dist": "exponential", "mean": m}, st.sampled_from([0.05, 0.3, 2.0])),
)
EVENTS = [
    {"weight": 2, "detail-type": "A", "detail": {"k": {"$choice": ["x", "y"]}, "n": {"$seq": 1}}},
    {"weight": 1, "detail-type": "B", "detail": {"k": "x"}},
]


def _params(kind: str, draw: st.DrawFn) -> dict[str, Any]:
    """Random parameters for one node kind, kept small so runs stay short."""
    pick = lambda values: draw(st.sampled_from(values))  # noqa: E731
    if kind == "producer":
        load = pick([{"profile": "poisson", "rate": 3}, {"profile": "constant", "rate": 2}])
        return {"load": load, "events": EVENTS}
    if kind in ("router", "topic"):
        params: dict[str, Any] = {"latency": draw(DIST)}
        if kind == "router" and draw(st.booleans()):
            params.update(max_rate=pick([1, 5]), retry_attempts=pick([0, 3]), retry_max_age=60)
        return params
    if kind == "queue":
        return {
            "visibility_timeout": pick([0.5, 5, 30]),
            "max_receive_count": pick([None, 1, 3]),
            "retention": pick([60, 345600]),
            "delay": pick([0, 1]),
            "capacity": pick([None, 3, 50]),
            "fifo": (fifo := draw(st.booleans())),
            "group_by": pick([None, "detail.k"]) if fifo else None,
            "duplicate_rate": 0 if fifo else pick([0, 0.2]),
        }
    return {
        "concurrency": pick([1, 3]),
        "service_time": draw(DIST),
        "failure_rate": pick([0, 0.3, 1.0]),
        "timeout": pick([None, 0.2, 10]),
        "cold_start": pick([None, 0, 0.5]),
        "keep_alive": pick([0, 5]),
        "batch_size": pick([1, 4]),
        "partial_batch": draw(st.booleans()),
        "retries": pick([0, 2]),
        "retry_delay": pick([0, 1]),
        "idempotent": draw(st.booleans()),
    }


def _edge(draw: st.DrawFn, source: Node, target: Node, kind: str) -> Edge:
    edge = Edge(source.id, target.id, kind)
    if source.kind == "router" and draw(st.booleans()):
        edge.pattern = {"detail-type": [draw(st.sampled_from(["A", "B"]))]}
    if source.kind == "topic" and draw(st.booleans()):
        edge.filter = {"k": ["x"]}
    if source.kind == "consumer" and kind == "flow" and draw(st.booleans()):
        edge.emits = {"detail-type": "B"}
    if draw(st.integers(0, 3)) == 0:
        edge.latency = draw(DIST)
    return edge


@st.composite
def topologies(draw: st.DrawFn) -> Topology:
    """Random valid topologies; edges only go forward in the node list (no loops)."""
    kinds = draw(st.lists(st.sampled_from(KINDS_IN_ORDER[1:]), min_size=1, max_size=6))
    kinds = ["producer", *sorted(kinds, key=KINDS_IN_ORDER.index)]
    nodes = [Node(f"{kind}{i}", kind, params=_params(kind, draw)) for i, kind in enumerate(kinds)]
    edges: list[Edge] = []
    for i, source in enumerate(nodes):
        for target in nodes[i + 1 :]:
            for kind in ("flow", "dead-letter", "on-failure"):
                first = i == 0 and kind == "flow" and target is nodes[1]
                wanted = first or draw(st.integers(0, 1)) == 0
                if source.spec.may_target(kind, target.spec) and wanted:
                    edges.append(_edge(draw, source, target, kind))
    faults = []
    if draw(st.booleans()):
        target = draw(st.sampled_from(nodes)).id
        kind = draw(st.sampled_from(["outage", "slowdown", "errors"]))
        faults.append(Fault(target, kind, 10, 15, factor=3.0, failure_rate=0.5))
    scenario = Scenario(
        duration=60,
        warmup=draw(st.sampled_from([0, 10])),
        seed=draw(st.integers(0, 99)),
        faults=faults,
    )
    return Topology(name="random", nodes=nodes, edges=edges, scenario=scenario)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topologies())
def test_ledger_balances_on_random_topologies(topology: Topology) -> None:
    """created == sum(outcomes) + in flight (walked), and no wait or depth is negative."""
    result = run(topology)
    ledger = result.ledger
    assert ledger["balanced"], ledger
    assert ledger["created"] == sum(v for k, v in result.events.items() if k != "produced")
    for figures in result.nodes.values():
        assert figures["wait_mean"] >= 0 and figures["depth_mean"] >= 0
        assert 0 <= figures["utilization"] <= 1 + 1e-9


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_ledger_balances_on_the_examples(path: Path) -> None:
    """Every shipped example runs with a balanced ledger (loops, faults and DLQs included)."""
    result = run(load(path), duration=300, warmup=0)
    assert result.ledger["balanced"], result.ledger
    assert result.events["produced"] > 0
