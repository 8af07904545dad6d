"""The outcome of a run: the contract JSON figures plus time series and traces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.cost import CostReport
from simulator.engine.figures import NodeStats

EVENT_KEYS = (
    "produced",
    "completed",
    "failed",
    "dead_lettered",
    "unmatched",
    "throttled",
    "expired",
    "in_flight",
    "rejected",
    "duplicate",
    "denied",
    "replayed",
)
DIGITS = 6


@dataclass
class Result:
    """Everything a finished run reports.

    `events` and `ledger` cover the whole run (they are an accounting identity: every copy
    created ends in one outcome or is in flight). `latency` and `nodes` cover the measured
    window after warm-up; `latency` is that of delivered roots, `latency_failed` that of
    roots that failed (unmatched roots have none). `series` holds the time-series columns (see
    `simulator.engine.series`), `traces` the kept event traces. `wall_seconds` and
    `visits` (node arrivals, for speed figures) are not part of the JSON output; `usage`
    (per node billable counts) is reported priced, as `cost`.
    """

    name: str
    duration: float
    warmup: float
    seed: int
    interval: float
    events: dict[str, int]
    latency: dict[str, float]
    nodes: dict[str, NodeStats]
    ledger: dict[str, Any]
    series: dict[str, list[float]] = field(default_factory=dict)
    traces: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False
    stopped: str = ""  # why the run stopped early (the memory budget), when it did
    wall_seconds: float = 0.0
    visits: int = 0
    usage: dict[str, dict[str, float]] = field(default_factory=dict)  # billable counts
    cost: CostReport | None = None  # what the measured window costs (`simulator.cost`)
    latency_failed: dict[str, float] = field(default_factory=dict)  # roots that failed
    stopped_at: float | None = None  # simulated time a cancelled run stopped at

    def to_json_dict(self) -> dict[str, Any]:
        """The contract JSON of `eventscape-sim run --json` (deterministic for a seed)."""
        return {
            "name": self.name,
            "seed": self.seed,
            "duration": self.duration,
            "warmup": self.warmup,
            "events": {key: self.events[key] for key in EVENT_KEYS},
            "latency": {key: _round(value) for key, value in self.latency.items()},
            "latency_failed": {key: _round(value) for key, value in self.latency_failed.items()},
            "nodes": {nid: _round_all(figures) for nid, figures in self.nodes.items()},
            "ledger": dict(self.ledger),
            **({"cost": self.cost.to_json_dict()} if self.cost is not None else {}),
            **({"cancelled": True} if self.cancelled else {}),
            **({"stopped_at": _round(self.stopped_at)} if self.stopped_at is not None else {}),
            **({"stopped": self.stopped} if self.stopped else {}),
        }


def _round(value: Any) -> Any:
    return round(value, DIGITS) if isinstance(value, float) else value


def _round_all(figures: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _round(value) for key, value in figures.items()}
