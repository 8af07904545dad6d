"""Audit records: one plain dict per decision the run makes about an event.

A run given a sink (`run(..., audit=sink)`) calls `sink(record)` once per decision: a
producer publishes, a rule / subscription / event source mapping delivers, a policy
denies, a node ends a copy (complete, fail, dead-letter, expire, throttle, unmatched,
reject, duplicate, deny), an archive keeps an event, a replay re-sends one. Keys, in
this order: `time`, `node`, `account`, `region`, `event_id`, `correlation_id`, `action`,
`decided_by` (the rule, policy statement or setting that decided it; None when nothing
but the node's normal work did).

Without a sink the run holds no `Auditor` and every call site is one `is not None` test.
`AuditCollector` keeps records in memory (capped); `JsonlAudit` streams them to a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from simulator.model.templates import DEFAULT_ACCOUNT, DEFAULT_REGION

if TYPE_CHECKING:
    from simulator.engine.copies import Copy
    from simulator.engine.core import Env
    from simulator.model import Node, Topology

AuditSink = Callable[[dict[str, Any]], None]

KEYS = (
    "time",
    "node",
    "account",
    "region",
    "event_id",
    "correlation_id",
    "action",
    "decided_by",
)
ACTIONS = (
    "publish",
    "deliver",
    "deny",
    "dead-letter",
    "replay",
    "archive",
    "complete",
    "fail",
    "expire",
    "throttle",
    "unmatched",
    "reject",
    "duplicate",
)
OUTCOME_ACTIONS = {
    "completed": "complete",
    "failed": "fail",
    "dead_lettered": "dead-letter",
    "unmatched": "unmatched",
    "throttled": "throttle",
    "expired": "expire",
    "rejected": "reject",
    "duplicate": "duplicate",
    "denied": "deny",
}
TIME_DIGITS = 6


class AuditCollector:
    """A sink keeping the first `cap` records in `records` and counting the rest in `dropped`."""

    def __init__(self, cap: int = 200_000):
        self.cap = cap
        self.records: list[dict[str, Any]] = []
        self.dropped = 0

    def __call__(self, record: dict[str, Any]) -> None:
        """Keep one record (or count it as dropped past the cap)."""
        if len(self.records) < self.cap:
            self.records.append(record)
        else:
            self.dropped += 1


class JsonlAudit:
    """A sink writing one compact JSON object per line to `path`, atomically.

    Lines go to a temporary file next to `path` (memory stays flat however long the run);
    `close()` renames it onto `path`, `discard()` (or leaving the `with` block by an
    exception) removes it, so `path` never holds half an audit. Raises OSError when the
    folder cannot take the file.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.parent)
        self._tmp = Path(tmp)
        self._file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.lines = 0

    @property
    def parent(self) -> Path:
        """The folder the file goes in."""
        return self.path.parent if str(self.path.parent) else Path(".")

    def __call__(self, record: dict[str, Any]) -> None:
        """Write one record as a line."""
        self._file.write(json.dumps(record, separators=(",", ":")) + "\n")
        self.lines += 1

    def close(self) -> None:
        """Finish the file: flush it and move it onto `path`."""
        self._file.close()
        os.chmod(self._tmp, 0o644)
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        """Drop the partial file (the run failed)."""
        self._file.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> JsonlAudit:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()


class Auditor:
    """Turns the engine's decisions into records for one sink.

    `places` maps a node id to its (account, region); `reasons` maps (node, outcome) to
    the setting that decides that outcome at that node (`max_receive_count 3`), used when
    the caller does not name one.
    """

    __slots__ = ("env", "places", "reasons", "sink")

    def __init__(self, sink: AuditSink, env: Env, topology: Topology):
        self.sink = sink
        self.env = env
        self.places = {node.id: place_of(topology, node) for node in topology.nodes}
        self.reasons: dict[tuple[str, str], str] = {}
        for node in topology.nodes:
            for outcome, reason in outcome_reasons(topology, node).items():
                self.reasons[(node.id, outcome)] = reason

    def record(
        self,
        node: str,
        event: dict[str, Any],
        correlation_id: str,
        action: str,
        decided_by: str | None,
    ) -> None:
        """Send one record about `event` at `node` now."""
        account, region = self.places.get(node, (DEFAULT_ACCOUNT, DEFAULT_REGION))
        self.sink(
            {
                "time": round(self.env.now, TIME_DIGITS),
                "node": node,
                "account": account,
                "region": region,
                "event_id": str(event.get("id", "")),
                "correlation_id": correlation_id,
                "action": action,
                "decided_by": decided_by,
            }
        )

    def copy(self, node: str, copy: Copy, action: str, decided_by: str | None = None) -> None:
        """A record about one copy (its envelope id, its root's correlation id)."""
        root = copy.root
        correlation = root.id if root is not None else str(copy.event.get("id", ""))
        self.record(node, copy.event, correlation, action, decided_by)

    def ended(self, copy: Copy, outcome: str, node: str, why: str | None) -> None:
        """A copy reached its outcome at `node` (the ledger calls this)."""
        decided_by = why if why is not None else self.reasons.get((node, outcome))
        self.copy(node, copy, OUTCOME_ACTIONS.get(outcome, outcome), decided_by)

    def delivered(self, node: str, copies: list[Copy], decided_by: str) -> None:
        """Copies handed from `node` to a target (a queue's batch to its reader)."""
        for copy in copies:
            self.copy(node, copy, "deliver", decided_by)


def place_of(topology: Topology, node: Node) -> tuple[str, str]:
    """The node's account and Region (its own keys, else the scenario's)."""
    return topology.account_of(node.id), topology.region_of(node.id)


def outcome_reasons(topology: Topology, node: Node) -> dict[str, str]:
    """What decides each outcome at `node`, from its settings and edges."""
    params = node.settings()
    edges = topology.edges_from(node.id)
    dead_letter = next((e for e in edges if e.kind in ("dead-letter", "on-failure")), None)
    reasons: dict[str, str] = {}
    if node.kind == "queue":
        reasons["failed"] = f"max_receive_count {params.get('max_receive_count')}"
        reasons["dead_lettered"] = reasons["failed"]
        reasons["expired"] = f"retention {params.get('retention')}"
        reasons["rejected"] = f"capacity {params.get('capacity')}"
    elif node.kind == "router":
        policy = f"retry_attempts {params.get('retry_attempts')}, "
        policy += f"retry_max_age {params.get('retry_max_age')}"
        rate = params.get("max_rate")
        gave_up = f"max_rate {rate} ({policy})" if rate else f"retry policy ({policy})"
        reasons["throttled"] = reasons["dead_lettered"] = gave_up
        reasons["unmatched"] = "no rule matched"
    elif node.kind == "topic":
        reasons["throttled"] = reasons["dead_lettered"] = "delivery policy (100,015 tries)"
        reasons["unmatched"] = "no subscription matched"
    elif node.kind == "producer":
        reasons["unmatched"] = "no outgoing edge"
    elif node.kind in ("consumer", "workflow"):
        retries = params.get("retries")
        reasons["failed"] = f"retries {retries}" if retries is not None else "execution failed"
        if dead_letter is not None:
            reasons["dead_lettered"] = f"on-failure {dead_letter.source}->{dead_letter.target}"
        if "max_event_age" in params:
            reasons["expired"] = f"max_event_age {params.get('max_event_age')}"
        reasons["duplicate"] = "idempotency (event id seen)"
    return reasons


__all__ = ["ACTIONS", "KEYS", "AuditCollector", "AuditSink", "Auditor", "JsonlAudit"]
