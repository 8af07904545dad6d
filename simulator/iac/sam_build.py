"""The state of one SAM export: resources so far, what they express, and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from simulator.iac.cfn import SUFFIX, get_att, node_names, ref, sub
from simulator.model import Edge, Node, Topology


@dataclass
class SamBuild:
    """Everything the resource builders share while a topology is exported."""

    topology: Topology
    names: dict[str, str] = field(default_factory=dict)
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    recovered: dict[str, dict[str, Any]] = field(default_factory=dict)
    expressed: set[tuple[str, str, str]] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    named: set[str] = field(default_factory=set)
    queue_statements: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    topic_statements: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names = node_names(self.topology)
        self.named = _reference_cycles(self.topology)

    def logical_id(self, node_id: str) -> str:
        """The primary resource of a node (`OrdersQueue`)."""
        node = self.topology.node(node_id)
        return self.names[node_id] + SUFFIX[node.kind]

    def physical_name(self, node_id: str) -> dict[str, Any]:
        """An explicit name (`${AWS::StackName}-<Id>`) for nodes on a reference cycle."""
        node = self.topology.node(node_id)
        fifo = ".fifo" if node.kind == "queue" and self.fifo(node_id) else ""
        return sub(f"${{AWS::StackName}}-{self.names[node_id]}{fifo}")

    def arn(self, node_id: str) -> dict[str, Any]:
        """The ARN of a node's primary resource (built from its name on a reference cycle)."""
        node = self.topology.node(node_id)
        logical = self.logical_id(node_id)
        if node.kind == "topic" or (node.kind == "workflow" and node_id not in self.named):
            return ref(logical)
        if node_id in self.named:
            service, part = {
                "queue": ("sqs", ":"),
                "consumer": ("lambda", ":function:"),
                "workflow": ("states", ":stateMachine:"),
            }[node.kind]
            name = self.physical_name(node_id)["Fn::Sub"]
            return sub(
                f"arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}{part}{name}"
            )
        return get_att(logical, "Arn")

    def recover(self, node: Node, param: str, value: Any) -> None:
        """Record that the template's properties give back `value` for `param` of `node`."""
        self.recovered.setdefault(node.id, {})[param] = value

    def express(self, edge: Edge) -> None:
        """Record that the template's properties express `edge`."""
        self.expressed.add(edge.key)

    def note(self, message: str) -> None:
        """A line of the export report (an approximation or what has no AWS home)."""
        if message not in self.notes:
            self.notes.append(message)

    def fifo(self, queue_id: str) -> bool:
        """Whether a queue is written as FIFO: it is, or a FIFO queue redrives to it."""
        if self.topology.node(queue_id).get("fifo"):
            return True
        return any(
            self.topology.node(q.id).get("fifo") and self.dead_letter_target(q.id) == queue_id
            for q in self.topology.nodes
            if q.kind == "queue"
        )

    def dead_letter_target(self, queue_id: str) -> str | None:
        """The queue a queue redrives to (its first dead-letter edge), if it redrives."""
        queue = self.topology.node(queue_id)
        edges = self.topology.edges_from(queue_id, "dead-letter")
        if not edges or queue.get("max_receive_count") is None:
            return None
        return edges[0].target


def _reference_cycles(topology: Topology) -> set[str]:
    """Queues and functions whose references form a cycle (they need explicit names).

    A queue references its dead-letter queue; a function or state machine (through its
    role) references the functions and state machines it invokes or sends failures to.
    """
    graph = nx.DiGraph()
    for edge in topology.edges:
        source, target = topology.node(edge.source), topology.node(edge.target)
        callers = ("consumer", "workflow")
        if (source.kind == target.kind == "queue") or (
            source.kind in callers and target.kind in callers
        ):
            graph.add_edge(source.id, target.id)
    named: set[str] = set()
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1 or any(graph.has_edge(n, n) for n in component):
            named |= component
    return named
