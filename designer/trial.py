"""Check a proposed edit with the model's rules before it reaches the document.

A trial applies `simulator.model.problems` to a small topology holding just the changed
node, edge or scenario, so every rule (ranges, cross-field rules such as `group_by`
needing `fifo`, wiring rules) refuses bad values in the words the file reader uses.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.model import Edge, Node, Scenario, Topology, problems

_PREFIX = re.compile(r"^(nodes|edges)\[\d+\]( \([^)]*\))?")


def _problems(topology: Topology) -> list[str]:
    return [_short(str(p)) for p in problems(topology)]


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
    trial = Topology(nodes=[node])
    if topology is not None:
        out = [e for e in topology.edges if e.source == node.id and e.target != node.id]
        targets = {e.target for e in out}
        trial.nodes += [Node(n.id, n.kind) for n in topology.nodes if n.id in targets]
        trial.edges = out
    return _problems(trial)


def edge_problems(edge: Edge, source: Node, target: Node) -> list[str]:
    """Everything the reader would reject in `edge` between these two nodes."""
    nodes = [Node(n.id, n.kind) for n in (source, target)]
    if source.id == target.id:
        nodes = nodes[:1]
    return _problems(Topology(nodes=nodes, edges=[edge]))


def scenario_problems(scenario: Scenario, nodes: list[Node]) -> list[str]:
    """Everything the reader would reject in the scenario (faults name nodes; the account
    concurrency must leave 100 beside the consumers' reservations, per account and Region)."""
    kept = [Node(n.id, n.kind, params=_placement_and_claims(n)) for n in nodes]
    return _problems(Topology(nodes=kept, scenario=scenario))


def _placement_and_claims(node: Node) -> dict[str, Any]:
    """What the scenario's checks read of a node: where it runs and what it reserves."""
    keys = ("account", "region", "reserved_concurrency", "provisioned")
    return {k: v for k, v in node.params.items() if k in keys and node.kind == "consumer"}


def replay_problems(scenario: Scenario, topology: Topology) -> list[str]:
    """What the reader would reject in `scenario`'s replays, judged against the topology's
    routers as they are (an archive to replay from, the rules they name)."""
    trial = Topology(nodes=list(topology.nodes), edges=list(topology.edges), scenario=scenario)
    found = _problems(trial)
    return [p for p in found if p.startswith("scenario.replays")]


def new_problems(before: list[str], after: list[str]) -> list[str]:
    """Problems in `after` that were not there `before` (old ones never block an edit)."""
    old = set(before)
    return [p for p in after if p not in old]
