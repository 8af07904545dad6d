"""The audit records of one run, held as value tuples, filtered and followed along a path.

Qt-free: the Audit view (designer.audit.panel) shows what this module selects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from designer.run.trace_path import TracePath
from simulator.engine import AUDIT_KEYS
from simulator.model import Topology

EdgeKey = tuple[str, str, str]
TIME, NODE, ACCOUNT, REGION, EVENT, CORRELATION, ACTION, DECIDED = range(len(AUDIT_KEYS))
BAD_ACTIONS = frozenset({"deny", "dead-letter", "fail", "expire", "throttle", "reject"})


@dataclass
class AuditFilter:
    """What the view shows: None (or an empty range end) means any."""

    node: str | None = None
    account: str | None = None
    action: str | None = None
    start: float | None = None
    end: float | None = None
    correlation: str | None = None  # one root event's records only

    def keeps(self, row: tuple) -> bool:
        """True when `row` passes every set criterion."""
        return (
            (self.correlation is None or row[CORRELATION] == self.correlation)
            and (self.node is None or row[NODE] == self.node)
            and (self.account is None or row[ACCOUNT] == self.account)
            and (self.action is None or row[ACTION] == self.action)
            and (self.start is None or row[TIME] >= self.start)
            and (self.end is None or row[TIME] <= self.end)
        )


class AuditLog:
    """The records of one run and how many were left out past the cap."""

    def __init__(self, rows: list[tuple], dropped: int = 0, cap: int = 0) -> None:
        self.rows = rows
        self.dropped = dropped
        self.cap = cap
        self._by_correlation: dict[Any, list[int]] | None = None

    @classmethod
    def from_dicts(cls, records: list[dict[str, Any]], dropped: int = 0) -> AuditLog:
        """A log of record dicts (as `simulator.engine.AuditCollector` keeps them)."""
        rows = [tuple(r.get(k) for k in AUDIT_KEYS) for r in records]
        return cls(rows, dropped, len(rows) + dropped if dropped else 0)

    def __len__(self) -> int:
        return len(self.rows)

    def values(self, column: int) -> list[str]:
        """The distinct values of a column, sorted (for the filter lists)."""
        return sorted({str(row[column]) for row in self.rows})

    def select(self, how: AuditFilter) -> list[int]:
        """Indices of the rows the filter keeps, in time order."""
        return [i for i, row in enumerate(self.rows) if how.keeps(row)]

    def related(self, index: int) -> list[tuple]:
        """Every record of the same root event (correlation id) as row `index`, in order."""
        if self._by_correlation is None:
            groups: dict[Any, list[int]] = {}
            for i, row in enumerate(self.rows):
                groups.setdefault(row[CORRELATION], []).append(i)
            self._by_correlation = groups
        return [self.rows[i] for i in self._by_correlation[self.rows[index][CORRELATION]]]


def audit_path(rows: list[tuple], topology: Topology) -> TracePath:
    """The path of one root event through the design, from its audit records.

    Each record is a visit of its node; a delivery decided by an edge (`rule bus->orders`,
    `poller orders->payments`) is also a visit of the edge's target. Each visit comes
    from the latest earlier visit whose node has an edge to it (the way the event came);
    a dead-letter leaves over the node's dead-letter or on-failure edge."""
    pairs: dict[tuple[str, str], list[EdgeKey]] = {}
    for edge in topology.edges:
        pairs.setdefault((edge.source, edge.target), []).append(edge.key)
    path = TracePath()
    visits: list[str] = []
    for row in rows:
        node = row[NODE]
        targets = [node]
        if row[ACTION] in BAD_ACTIONS:
            path.bad.add(node)
        found = _EDGE_RE.search(str(row[DECIDED] or ""))
        if row[ACTION] == "deliver" and found and (found[1], found[2]) in pairs:
            targets.append(found[2])
        if row[ACTION] == "dead-letter":
            targets += [e.target for e in topology.edges_from(node) if e.kind != "flow"]
        for target in targets:
            _visit(path, visits, target, pairs)
    return path


_EDGE_RE = re.compile(r"(\S+)->(\S+?)\)?$")


def _visit(
    path: TracePath, visits: list[str], node: str, pairs: dict[tuple[str, str], list[EdgeKey]]
) -> None:
    """Add a visit of `node`, with the edge from the latest visit that leads to it."""
    if node not in path.nodes:
        path.nodes.append(node)
    for j in range(len(visits) - 1, -1, -1):
        keys = pairs.get((visits[j], node))
        if keys:
            path.edges.update(keys)
            path.links.append((j, len(visits)))
            break
    visits.append(node)
