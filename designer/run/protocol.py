"""The messages between the window and the engine worker: frozen records, read with `match`.

Qt-free, so the engine child process imports it without Qt. Every message is picklable (it
crosses a multiprocessing Pipe). Window to engine: `StartRun`, `Pause`, `Resume`, `Stop`,
`Quit`. Engine to window: `SnapshotReady` (each live snapshot), `ReplicationDone` (each
further replication), `AuditReady` (the streamed run's audit records, when asked),
`RunFailed` (the engine raised), `RunFinished` (always last for a job).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.engine import Result, Snapshot
    from simulator.model import Topology


@dataclass(frozen=True)
class RunParams:
    """What a run is asked to do; speed is simulated seconds per wall second (None: flat out)."""

    duration: float
    seed: int
    warmup: float = 0.0
    replications: int = 1
    speed: float | None = None
    audit: bool = False  # record the streamed run's decisions (the Audit view is open)
    free_tier: bool = False  # take the monthly free amounts off the monthly cost

    def seeds(self) -> list[int]:
        """The seed of each replication (the streamed run first)."""
        return [self.seed + i for i in range(max(1, self.replications))]

    def with_seed(self, seed: int) -> RunParams:
        """A copy with another seed."""
        return replace(self, seed=seed)


# --- window to engine ---------------------------------------------------------------------
@dataclass(frozen=True)
class StartRun:
    """Run job `job`: `topology` (a frozen copy) with `params`."""

    job: int
    topology: Topology
    params: RunParams


@dataclass(frozen=True)
class Pause:
    """Hold the engine between slices."""


@dataclass(frozen=True)
class Resume:
    """Let a paused engine go on."""


@dataclass(frozen=True)
class Stop:
    """Cancel the current run (its final snapshot still arrives, cancelled)."""


@dataclass(frozen=True)
class Quit:
    """Cancel any run and end the engine."""


Command = StartRun | Pause | Resume | Stop | Quit


# --- engine to window ---------------------------------------------------------------------
@dataclass(frozen=True)
class SnapshotReady:
    """A live snapshot of job `job`."""

    job: int
    snapshot: Snapshot


@dataclass(frozen=True)
class ReplicationDone:
    """The result of further replication number `index` (1, 2, ...) of job `job`."""

    job: int
    index: int
    result: Result


@dataclass(frozen=True)
class AuditReady:
    """The audit records of job `job`'s streamed run, as value tuples in the order of
    `AUDIT_KEYS` (smaller to send than dicts); `dropped` counts those past the cap."""

    job: int
    records: list[tuple]
    dropped: int
    cap: int


@dataclass(frozen=True)
class RunFailed:
    """The engine raised while running job `job`; `text` says what went wrong."""

    job: int
    text: str


@dataclass(frozen=True)
class RunFinished:
    """Job `job` is over (done, cancelled or failed): always its last message."""

    job: int


EngineMessage = SnapshotReady | ReplicationDone | AuditReady | RunFailed | RunFinished

__all__ = [
    "AuditReady",
    "Command",
    "EngineMessage",
    "Pause",
    "Quit",
    "ReplicationDone",
    "Resume",
    "RunFailed",
    "RunFinished",
    "RunParams",
    "SnapshotReady",
    "StartRun",
    "Stop",
]
