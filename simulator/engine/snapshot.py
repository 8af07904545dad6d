"""Snapshots: plain-data views of a running simulation for the CLI, the GUI and tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulator.engine.figures import NodeLive
from simulator.engine.result import Result


@dataclass(frozen=True)
class Snapshot:
    """The state of a run after one slice; owns its data (safe to hand to another thread).

    time: simulated seconds reached.
    duration: simulated seconds the run lasts.
    progress: time / duration, 0..1.
    done: True on the last snapshot (finished or cancelled); then `result` is set.
    cancelled: True when the run was stopped early by the cancel flag.
    events: counts so far: `produced`, `created` (copies), each outcome (`completed`,
        `failed`, `dead_lettered`, `unmatched`, `throttled`, `expired`, `rejected`,
        `duplicate`) and `in_flight` (created minus ended).
    latency: end-to-end latency so far over the measured window: mean, p50, p95, p99, max.
    nodes: per node id, live figures (`NodeLive`): `depth` (waiting work), `busy` (work
        in progress), `instances` (consumer environments), `processed`, `failures`
        (cumulative), plus kind-specific ones (`in_flight` and `stored` for queues,
        `produced` for producers, `retrying` for routers, `processing` for routers and
        topics).
    series: the time-series rows added since the previous snapshot, column name -> array
        (columns are described in `simulator.engine.series`); `series_rows` is the total so far.
    wall_seconds: wall-clock seconds since the run started.
    result: the full Result on the last snapshot, otherwise None.
    """

    time: float
    duration: float
    progress: float
    done: bool
    cancelled: bool
    events: dict[str, int]
    latency: dict[str, float]
    nodes: dict[str, NodeLive]
    series: dict[str, np.ndarray] = field(default_factory=dict)
    series_rows: int = 0
    wall_seconds: float = 0.0
    result: Result | None = None
