"""A topology under construction while a template is read: nodes by logical id, edges by key.

Every value is checked against the kind's `Param` as it is set; a value the model cannot
hold is reported and left out, so the finished topology is always valid.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from simulator.iac.import_report import ImportReport
from simulator.model import KINDS, Edge, Node
from simulator.patterns import PatternError, compile_pattern

MAX_ID = 64
_BAD_ID = re.compile(r"[^A-Za-z0-9_.-]")


class Draft:
    """Nodes and edges found so far, with the report they are explained in."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.nodes: dict[str, Node] = {}
        self.node_of: dict[str, str] = {}  # logical id -> node id
        self.edges: dict[tuple[str, str, str], Edge] = {}
        self.sinks: set[str] = set()  # fed by something no edge shows (DLQs, workflow tasks)
        self.pending_workflows: list[tuple[str, str]] = []  # (logical id, node id)
        # per function: (MaximumConcurrency or None, where) of each SQS event source
        self.source_caps: dict[str, list[tuple[Any, str]]] = {}
        self.read: set[str] = set()  # logical ids read although their type is plumbing
        self.account_concurrency: int | None = None  # the quota the template needs, if raised

    def add_node(
        self, key: str, kind: str, label: str = "", origin: str = "", stem: str = ""
    ) -> str:
        """Create the node standing for `key` (a logical id); returns its node id."""
        node_id = self._free_id(stem or key)
        self.nodes[node_id] = Node(node_id, kind, label=label[:200])
        self.node_of[key] = node_id
        if origin:
            self.report.origins[node_id] = origin
        return node_id

    def _free_id(self, stem: str) -> str:
        """A valid, unused node id close to `stem`."""
        base = _BAD_ID.sub("-", stem)[:MAX_ID] or "node"
        if base not in self.nodes:
            return base
        digest = hashlib.sha1(stem.encode()).hexdigest()[:6]
        for i in range(2, 1000):
            candidate = f"{base[: MAX_ID - 10]}-{digest}{i}"
            if candidate not in self.nodes:
                return candidate
        raise RuntimeError("no free node id")  # pragma: no cover - 1000 clashes

    def node(self, logical_id: str | None) -> str | None:
        """The node id standing for `logical_id`, or None."""
        return self.node_of.get(logical_id or "")

    def set(self, node_id: str, param: str, value: Any, where: str) -> bool:
        """Set a parameter after checking it; report and keep the default when invalid."""
        node = self.nodes[node_id]
        spec = node.spec.param(param)
        if spec is None:
            return False
        try:
            problems = spec.check(value)
        except Exception as exc:  # a checker that trips over an odd value: refuse the value
            problems = [f"cannot be checked ({type(exc).__name__}: {exc})"]
        if problems:
            shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
            self.report.note(where, f"{param} {shown} not imported: {problems[0]}")
            return False
        node.params[param] = value
        return True

    def add_edge(
        self,
        source: str,
        target: str,
        where: str,
        kind: str = "flow",
        pattern: Any = None,
        filter: Any = None,
    ) -> bool:
        """Add an edge if the model allows it; merges a second rule into `$or`."""
        src, dst = self.nodes[source], self.nodes[target]
        if not src.spec.may_target(kind, KINDS[dst.kind]):
            self.report.note(where, f"a {kind} edge {source} -> {target} is not possible")
            return False
        if source == target:
            self.report.note(where, f"{source} targets itself; a loop edge is not modelled")
            return False
        for key, value, sns in (("pattern", pattern, False), ("filter", filter, True)):
            if value is not None and not self._valid(value, sns, where, key):
                return False
        edge_key = (source, target, kind)
        if edge_key in self.edges:
            return self._merge(self.edges[edge_key], pattern, filter, where)
        self.edges[edge_key] = Edge(source, target, kind, pattern=pattern, filter=filter)
        return True

    def _valid(self, value: Any, sns: bool, where: str, key: str) -> bool:
        try:
            compile_pattern(value, sns=sns)
        except PatternError as exc:
            self.report.note(where, f"{key} not valid, edge not imported: {exc}")
            return False
        except Exception as exc:  # a pattern nobody anticipated must not crash the import
            self.report.note(where, f"{key} not readable, edge not imported: {exc}")
            return False
        return True

    def _merge(self, edge: Edge, pattern: Any, filter: Any, where: str) -> bool:
        """A second rule or subscription between the same nodes: one edge matching either."""
        for key, value in (("pattern", pattern), ("filter", filter)):
            old = getattr(edge, key)
            if old is None or value is None:
                setattr(edge, key, None)
            elif old != value:
                merged = {"$or": [*_alternatives(old), *_alternatives(value)]}
                setattr(
                    edge, key, merged if self._valid(merged, key == "filter", where, key) else old
                )
        self.report.note(
            where,
            f"a second route {edge.name} was merged into one edge matching either; an event "
            "matching both is delivered once here, twice on AWS",
        )
        return True


def _alternatives(value: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a pattern: its `$or` list when that is all it has, else itself."""
    if set(value) == {"$or"} and isinstance(value["$or"], list):
        return list(value["$or"])
    return [value]
