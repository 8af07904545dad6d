"""The topology model: the single source of truth for designer, files, exports and engine.

Values are kept in their plain file form (numbers, strings, lists, dicts) so that
equality, copying, undo and serialisation are trivial; `Node.get` fills in defaults.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.model.archive import Replay
from simulator.model.kinds import KINDS, NodeKind
from simulator.model.templates import DEFAULT_ACCOUNT, DEFAULT_REGION

if TYPE_CHECKING:
    import networkx as nx

FORMAT = "eventscape/topology"
VERSION = 1
FAULT_KINDS = ("outage", "slowdown", "errors", "az-failure", "region-outage")
AZ_FAULT_NODE_KINDS = ("consumer", "router", "topic")  # where an az-failure has an effect


@dataclass
class Node:
    """A producer, router, topic, queue or consumer; `params` holds explicitly set keys."""

    id: str
    kind: str
    label: str = ""
    position: tuple[float, float] | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def spec(self) -> NodeKind:
        """The node's kind description."""
        return KINDS[self.kind]

    def get(self, name: str) -> Any:
        """The value of parameter `name`, or its default."""
        if name in self.params:
            return self.params[name]
        param = self.spec.param(name)
        if param is None:
            raise KeyError(f"{self.kind} has no parameter {name!r}")
        return copy.deepcopy(param.default)

    def settings(self) -> dict[str, Any]:
        """Every parameter with defaults filled in."""
        return {p.name: self.get(p.name) for p in self.spec.params}

    @property
    def title(self) -> str:
        """The label, or the id when there is none."""
        return self.label or self.id


@dataclass
class Edge:
    """A connection; `source`/`target` are written `from`/`to` in files."""

    source: str
    target: str
    kind: str = "flow"
    pattern: dict[str, Any] | None = None
    filter: dict[str, Any] | None = None
    emits: dict[str, Any] | None = None
    latency: Any = None

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity of the edge: at most one edge per (source, target, kind)."""
        return (self.source, self.target, self.kind)

    @property
    def name(self) -> str:
        """`source -> target`, used in messages."""
        arrow = "->" if self.kind == "flow" else f"-({self.kind})->"
        return f"{self.source} {arrow} {self.target}"


@dataclass
class Fault:
    """A window during which a node is out, slow or failing."""

    node: str
    kind: str
    start: float
    duration: float
    factor: float | None = None
    failure_rate: float | None = None
    share: float | None = None  # az-failure: the share of the node's capacity (zones) lost
    region: str | None = None  # region-outage: every node of this Region is out (node "")

    def active(self, t: float) -> bool:
        """True while the fault window covers time `t`."""
        return self.start <= t < self.start + self.duration


@dataclass
class Scenario:
    """Defaults for a run; the CLI's flags and the designer's run panel override them."""

    duration: float = 600.0
    warmup: float = 0.0
    seed: int = 1
    faults: list[Fault] = field(default_factory=list)
    pricing: str | None = None  # price table file (relative to the topology); None: shipped
    account_concurrency: int = 1000  # Lambda concurrent executions shared by every consumer
    account: str = DEFAULT_ACCOUNT  # the account of nodes that set no `account`
    region: str = DEFAULT_REGION  # the Region of nodes that set no `region`
    replays: list[Replay] = field(default_factory=list)  # archive replays (model/archive.py)


@dataclass
class Topology:
    """A whole design: nodes, edges and the scenario to run it under."""

    name: str = "Untitled"
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    scenario: Scenario = field(default_factory=Scenario)
    description: str = ""
    base_dir: Path | None = field(default=None, compare=False, repr=False)
    experiments: list[dict[str, Any]] = field(default_factory=list)  # saved set-ups, plain data
    _where: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def node(self, node_id: str) -> Node:
        """The node with `node_id` (KeyError if absent).

        Looked up by a remembered position, checked on every call (editors change `nodes`
        in place), and re-indexed when the check fails: a 500-node design asks this
        hundreds of thousands of times while it opens.
        """
        nodes = self.nodes
        at = self._where.get(node_id, -1)
        if 0 <= at < len(nodes) and nodes[at].id == node_id:
            return nodes[at]
        self._where = {}
        for i, node in enumerate(nodes):
            self._where.setdefault(node.id, i)
        at = self._where.get(node_id, -1)
        if at < 0:
            raise KeyError(node_id)
        return nodes[at]

    def account_of(self, node_id: str) -> str:
        """The account owning node `node_id`: its own `account`, else the scenario's."""
        return str(self.node(node_id).params.get("account") or self.scenario.account)

    def region_of(self, node_id: str) -> str:
        """The Region node `node_id` runs in: its own `region`, else the scenario's."""
        return str(self.node(node_id).params.get("region") or self.scenario.region)

    def has_node(self, node_id: str) -> bool:
        """True when a node with that id exists."""
        return any(n.id == node_id for n in self.nodes)

    def edges_from(self, node_id: str, kind: str | None = None) -> list[Edge]:
        """Edges leaving `node_id` (optionally only of one kind)."""
        return [e for e in self.edges if e.source == node_id and kind in (None, e.kind)]

    def edges_to(self, node_id: str, kind: str | None = None) -> list[Edge]:
        """Edges entering `node_id` (optionally only of one kind)."""
        return [e for e in self.edges if e.target == node_id and kind in (None, e.kind)]

    def edges_of(self, node_id: str) -> list[Edge]:
        """Edges touching `node_id`."""
        return [e for e in self.edges if node_id in (e.source, e.target)]

    def unique_id(self, stem: str) -> str:
        """A node id based on `stem` that is not taken yet."""
        taken = {n.id for n in self.nodes}
        if stem not in taken:
            return stem
        i = 2
        while f"{stem}-{i}" in taken:
            i += 1
        return f"{stem}-{i}"

    def frozen(self) -> Topology:
        """An independent deep copy for a run: later edits cannot touch it."""
        return copy.deepcopy(self)

    def to_digraph(self) -> nx.MultiDiGraph:
        """The topology as a networkx multigraph (node attr `kind`, edge attr `edge`)."""
        import networkx as nx  # deferred: keeps the designer's start-up fast

        graph = nx.MultiDiGraph()
        for node in self.nodes:
            graph.add_node(node.id, kind=node.kind, node=node)
        for edge in self.edges:
            graph.add_edge(edge.source, edge.target, key=edge.kind, kind=edge.kind, edge=edge)
        return graph


__all__ = ["FAULT_KINDS", "FORMAT", "VERSION", "Edge", "Fault", "Node", "Scenario", "Topology"]
