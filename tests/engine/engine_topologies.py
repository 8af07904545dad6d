"""Small builders of topologies for the engine tests (plain model classes, no files)."""

from __future__ import annotations

import itertools
from typing import Any

from simulator.model import Edge, Fault, Node, Scenario, Topology


def exp(mean: float) -> dict[str, Any]:
    """An exponential distribution value."""
    return {"dist": "exponential", "mean": mean}


def producer(node_id: str, rate: float, profile: str = "poisson", **params: Any) -> Node:
    """A producer with a load profile (extra load keys via `load_extra`)."""
    load = {"profile": profile, "rate": rate, **params.pop("load_extra", {})}
    return Node(node_id, "producer", params={"load": load, **params})


def node(node_id: str, kind: str, **params: Any) -> Node:
    """Any node with parameters."""
    return Node(node_id, kind, params=params)


def consumer(node_id: str, **params: Any) -> Node:
    """A consumer; defaults to instant work (service_time 0) unless given."""
    params.setdefault("service_time", 0)
    return Node(node_id, "consumer", params=params)


def queue(node_id: str, **params: Any) -> Node:
    """A queue with parameters."""
    return Node(node_id, "queue", params=params)


def edge(source: str, target: str, kind: str = "flow", **keys: Any) -> Edge:
    """An edge; `keys` may set pattern, filter, emits, latency."""
    return Edge(source, target, kind, **keys)


def topology(
    nodes: list[Node],
    edges: list[Edge],
    duration: float = 100.0,
    *,
    seed: int = 1,
    warmup: float = 0.0,
    faults: list[Fault] | None = None,
) -> Topology:
    """A topology with its scenario."""
    scenario = Scenario(duration=duration, warmup=warmup, seed=seed, faults=faults or [])
    return Topology(name="test", nodes=nodes, edges=edges, scenario=scenario)


def chain(*nodes: Node, **edge_keys: Any) -> Topology:
    """Nodes joined one after the other by flow edges (duration etc. via `topology`)."""
    edges = [edge(a.id, b.id) for a, b in itertools.pairwise(nodes)]
    return topology(list(nodes), edges, **edge_keys)
