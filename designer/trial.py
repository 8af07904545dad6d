"""Check a proposed edit with the file validator before it reaches the model.

A trial runs the reader's own checks on a small document holding just the changed
node, edge or scenario, so every rule of the format (ranges, cross-field rules such as
`group_by` needing `fifo`, wiring rules) refuses bad values with the reader's words.
"""

from __future__ import annotations

import re

from simulator.files.validate import build_topology
from simulator.files.write import edge_dict, node_dict, to_dict
from simulator.model import FORMAT, VERSION, Edge, Node, Scenario, Topology
from simulator.problems import TopologyError

_PREFIX = re.compile(r"^(nodes|edges)\[\d+\]( \([^)]*\))?")


def _problems(data: dict) -> list[str]:
    try:
        build_topology({"format": FORMAT, "version": VERSION, **data})
    except TopologyError as exc:
        return [_short(str(p)) for p in exc.problems]
    return []


def _short(text: str) -> str:
    """Drop the `nodes[0] (id)` prefix: the inspector already shows which item it is."""
    text = _PREFIX.sub("", text)
    return text.lstrip(".: ").strip() or text


def node_problems(node: Node, topology: Topology | None = None) -> list[str]:
    """Everything the reader would reject in `node` on its own.

    Given the topology, the trial also holds the node's outgoing edges and their targets
    (id and kind): checks that depend on them, such as a workflow's Task states naming a
    consumer it has an edge to, then judge the node as it is wired.
    """
    data: dict = {"nodes": [node_dict(node)]}
    if topology is not None:
        out = [e for e in topology.edges if e.source == node.id and e.target != node.id]
        targets = {e.target for e in out}
        data["nodes"] += [{"id": n.id, "kind": n.kind} for n in topology.nodes if n.id in targets]
        data["edges"] = [edge_dict(e) for e in out]
    return _problems(data)


def edge_problems(edge: Edge, source: Node, target: Node) -> list[str]:
    """Everything the reader would reject in `edge` between these two nodes."""
    nodes = [{"id": n.id, "kind": n.kind} for n in (source, target)]
    if source.id == target.id:
        nodes = nodes[:1]
    return _problems({"nodes": nodes, "edges": [edge_dict(edge)]})


def scenario_problems(scenario: Scenario, nodes: list[Node]) -> list[str]:
    """Everything the reader would reject in the scenario (faults name nodes)."""
    shell = Topology(nodes=[Node(n.id, n.kind) for n in nodes], scenario=scenario)
    data = to_dict(shell)
    return _problems({"scenario": data["scenario"], "nodes": data["nodes"]})


def new_problems(before: list[str], after: list[str]) -> list[str]:
    """Problems in `after` that were not there `before` (old ones never block an edit)."""
    old = set(before)
    return [p for p in after if p not in old]
