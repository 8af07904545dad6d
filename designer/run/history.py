"""The runs of a session: each run's settings, growing time series, snapshots and results."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from designer.look import Curve, look
from designer.run.protocol import RunParams
from simulator.engine import Result, Snapshot
from simulator.model import Node, Topology

RUNNING, PAUSED, DONE, CANCELLED, FAILED = "running", "paused", "done", "cancelled", "failed"


class SeriesBuffer:
    """Time-series columns in numpy buffers that grow by doubling (cheap appends, views)."""

    def __init__(self, capacity: int = 256) -> None:
        self._data: dict[str, np.ndarray] = {}
        self._capacity = capacity
        self.rows = 0

    def append(self, rows: dict[str, np.ndarray]) -> None:
        """Add the rows of one snapshot (column name -> array of new values)."""
        count = len(rows.get("t", ()))
        if not count:
            return
        if self.rows + count > self._capacity or not self._data:
            self._grow(self.rows + count)
        for name, values in rows.items():
            if name not in self._data:
                self._data[name] = np.full(self._capacity, np.nan)
            self._data[name][self.rows : self.rows + count] = values
        self.rows += count

    def _grow(self, needed: int) -> None:
        while self._capacity < needed:
            self._capacity *= 2
        for name, old in self._data.items():
            new = np.full(self._capacity, np.nan)
            new[: self.rows] = old[: self.rows]
            self._data[name] = new

    def column(self, name: str) -> np.ndarray:
        """The values of column `name` so far (a view; zeros when the column is unknown)."""
        if name not in self._data:
            return np.zeros(self.rows)
        return self._data[name][: self.rows]

    def has(self, name: str) -> bool:
        """True when the engine reports column `name`."""
        return name in self._data

    @property
    def t(self) -> np.ndarray:
        """The time stamps (end of each interval)."""
        return self.column("t")

    def row_at(self, time: float) -> int:
        """The index of the row covering simulated `time` (clamped)."""
        if not self.rows:
            return -1
        return min(self.rows - 1, int(np.searchsorted(self.t, time, side="left")))


def seconds_text(value: float) -> str:
    """A duration as `900` or `1440012` (never `1.44001e+06`), fractions kept (`2.5`)."""
    text = f"{value:g}"
    return f"{value:.0f}" if "e" in text and value == int(value) else text


@dataclass
class RunRecord:
    """One run of the session: what was run, how far it got and what it found."""

    number: int
    topology: Topology
    params: RunParams
    series: SeriesBuffer = field(default_factory=SeriesBuffer)
    latest: Snapshot | None = None
    result: Result | None = None
    replications: list[Result] = field(default_factory=list)
    status: str = RUNNING
    error: str = ""
    job: int = 0
    source: str = ""  # the file (or design name) and its revision, e.g. `bank.yaml rev 3`
    audit: Any = None  # the streamed run's AuditReady (designer.audit), latest run only

    @property
    def label(self) -> str:
        """A short name such as `Run 2 · bank.yaml rev 3 · seed 7 · 900 s`."""
        reps = self.params.replications
        extra = f" · {reps} reps" if reps > 1 else ""
        where = f" · {self.source}" if self.source else ""
        seconds = f"{seconds_text(self.params.duration)} s"
        return f"Run {self.number}{where} · seed {self.params.seed} · {seconds}{extra}"

    @property
    def finished(self) -> bool:
        """True once the run ended (done, cancelled or failed)."""
        return self.status in (DONE, CANCELLED, FAILED)

    @property
    def time(self) -> float:
        """Simulated seconds reached."""
        return self.latest.time if self.latest is not None else 0.0

    def add_snapshot(self, snapshot: Snapshot) -> None:
        """Take in one snapshot: new series rows, live figures, the result at the end."""
        self.series.append(snapshot.series)
        self.latest = snapshot
        if snapshot.done:
            self.result = snapshot.result
            if snapshot.cancelled:
                self.status = CANCELLED

    def results(self) -> list[Result]:
        """Every finished replication's result, the streamed run first."""
        first = [self.result] if self.result is not None and not self.result.cancelled else []
        return first + self.replications

    @cached_property
    def nodes_by_id(self) -> dict[str, Node]:
        """The run's nodes by id (the topology that was run is a frozen copy)."""
        return {node.id: node for node in self.topology.nodes}

    def node_kind(self, node_id: str) -> str:
        """The kind of node `node_id` in the topology that was run."""
        node = self.nodes_by_id.get(node_id)
        return node.kind if node is not None else ""

    def node_ids(self, *kinds: str) -> list[str]:
        """Ids of the run's nodes of the given kinds (all when none given), in file order."""
        return [n.id for n in self.topology.nodes if not kinds or n.kind in kinds]

    def showing(self, curve: Curve) -> list[str]:
        """Ids of the run's nodes whose kind draws `curve` in the shared charts, in file order."""
        return [n.id for n in self.topology.nodes if curve in look(n.kind).curves]

    def capacity(self, node_id: str) -> float:
        """Work node `node_id` can do at once (its kind's servers, e.g. a consumer's
        concurrency); 1 for a kind the model does not size."""
        node = self.nodes_by_id.get(node_id)
        try:
            service = node.spec.service if node is not None else None
        except KeyError:  # a kind the model does not know
            return 1.0
        return float(service.servers(node) or 1) if node and service else 1.0

    def param(self, node_id: str, name: str, default: Any = None) -> Any:
        """A node parameter of the topology that was run."""
        node = self.nodes_by_id.get(node_id)
        try:
            return node.get(name) if node is not None else default
        except KeyError:
            return default


class RunHistory:
    """The runs kept for this session, newest last."""

    def __init__(self, keep: int = 20) -> None:
        self.runs: list[RunRecord] = []
        self.keep = keep
        self._count = 0

    def new(self, topology: Topology, params: RunParams, source: str = "") -> RunRecord:
        """Record a new run (the oldest is forgotten beyond `keep`)."""
        self._count += 1
        record = RunRecord(self._count, topology, params, source=source)
        self.runs.append(record)
        del self.runs[: -self.keep]
        return record

    def finished(self) -> list[RunRecord]:
        """Runs that have results, oldest first."""
        return [r for r in self.runs if r.result is not None]

    def by_number(self, number: int) -> RunRecord | None:
        """The run called `Run <number>`."""
        return next((r for r in self.runs if r.number == number), None)

    @property
    def current(self) -> RunRecord | None:
        """The newest run."""
        return self.runs[-1] if self.runs else None
