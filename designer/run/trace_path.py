"""A trace's path through the topology: the nodes in visit order and the edges it took."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.model import Topology

EdgeKey = tuple[str, str, str]
BAD_STEPS = frozenset(
    {"failed", "dead_lettered", "throttled", "expired", "rejected", "throttled-retry", "denied"}
)
FINAL_STEPS = frozenset(
    {
        "completed",
        "failed",
        "dead_lettered",
        "unmatched",
        "throttled",
        "expired",
        "rejected",
        "denied",
    }
)


@dataclass
class TracePath:
    """Nodes in visit order, edges followed, nodes where something went wrong."""

    nodes: list[str] = field(default_factory=list)
    edges: set[EdgeKey] = field(default_factory=set)
    bad: set[str] = field(default_factory=set)
    links: list[tuple[int, int]] = field(default_factory=list)  # hop index -> hop index


def trace_path(trace: dict[str, Any], topology: Topology) -> TracePath:
    """Follow the hops: a copy moves along an edge from its previous node; a new copy
    (fan-out, redelivery, dead-letter) comes from the latest node with an edge to it."""
    pairs: dict[tuple[str, str], list[EdgeKey]] = {}
    for edge in topology.edges:
        pairs.setdefault((edge.source, edge.target), []).append(edge.key)
    path = TracePath()
    last_hop: dict[int, int] = {}  # copy -> index of its latest hop
    hops = trace.get("hops", [])
    for i, hop in enumerate(hops):
        node, copy, what = hop["node"], hop.get("copy", 0), hop["what"]
        if what in BAD_STEPS:
            path.bad.add(node)
        if not path.nodes or path.nodes[-1] != node:
            path.nodes.append(node)
        source = _source(hops, i, last_hop.get(copy), pairs)
        if source is not None:
            path.links.append((source, i))
            path.edges.update(pairs.get((hops[source]["node"], node), []))
        last_hop[copy] = i
        if what == "dead_lettered":
            _dead_letter(path, topology, node)
    return path


def _dead_letter(path: TracePath, topology: Topology, node: str) -> None:
    """A dead-lettered message leaves over the node's dead-letter or on-failure edge; a
    queue nobody reads parks it without a hop, so add that queue to the path here."""
    for edge in topology.edges_from(node):
        if edge.kind != "flow":
            path.edges.add(edge.key)
            if edge.target not in path.nodes:
                path.nodes.append(edge.target)


def _source(
    hops: list[dict[str, Any]], i: int, previous: int | None, pairs: dict[tuple[str, str], Any]
) -> int | None:
    """The hop this one follows: the copy's previous hop (also when a message becomes
    visible again in its queue), or for a copy's first hop the latest hop at a node with
    an edge to this one (fan-out, dead-letter)."""
    if previous is not None:
        return previous
    node = hops[i]["node"]
    for j in range(i - 1, -1, -1):
        if (hops[j]["node"], node) in pairs:
            return j
    return None


def outcome(trace: dict[str, Any]) -> str:
    """How the copies ended, e.g. `completed ×3` or `dead-lettered, completed`."""
    last: dict[int, str] = {}
    for hop in trace.get("hops", []):
        last[hop.get("copy", 0)] = hop["what"]
    counts: dict[str, int] = {}
    for what in last.values():
        if what in FINAL_STEPS:
            counts[what] = counts.get(what, 0) + 1
    parts = [f"{k} ×{n}" if n > 1 else k for k, n in sorted(counts.items(), key=_bad_first)]
    return ", ".join(parts).replace("_", "-") or "in flight"


def _bad_first(item: tuple[str, int]) -> tuple[bool, str]:
    return (item[0] not in BAD_STEPS, item[0])


def latency(trace: dict[str, Any]) -> float:
    """From creation to the last hop."""
    hops = trace.get("hops", [])
    return (hops[-1]["t"] - trace["created"]) if hops else 0.0
