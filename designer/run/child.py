"""The engine side of a run: serve run jobs from a control channel and stream snapshots back.

This module imports no Qt, so it runs in a child process (the default, which keeps the
engine off the GUI's GIL) or in a thread. The messages both ways are the records of
`designer.run.protocol`.
"""

from __future__ import annotations

import time
import traceback
from typing import TYPE_CHECKING, Any, Protocol

from designer.run.protocol import (
    AuditReady,
    Command,
    Pause,
    Quit,
    ReplicationDone,
    Resume,
    RunFailed,
    RunFinished,
    RunParams,
    SnapshotReady,
    StartRun,
    Stop,
)

if TYPE_CHECKING:
    from simulator.engine import Result
    from simulator.model import Topology

SNAPSHOTS_PER_SECOND = 20
AUDIT_CAP = 100_000  # audit records kept of one run in the designer (the rest are counted)


class Channel(Protocol):
    """One end of a duplex channel: a multiprocessing Connection or a QueueChannel."""

    def poll(self, timeout: float | None = 0.0) -> bool:
        """True when a message is waiting (waits up to `timeout`; None: forever)."""
        ...

    def recv(self) -> Any:
        """The next message (blocks)."""
        ...

    def send(self, obj: Any) -> None:
        """Send a message."""
        ...


class Control:
    """The cancel flag handed to the engine: it also applies pause/resume between slices."""

    def __init__(self, conn: Channel) -> None:
        self.conn = conn
        self.stopped = False
        self.paused = False
        self.quit = False
        self.paused_seconds = 0.0
        self.next: StartRun | None = None  # a new run asked for during this one

    def is_set(self) -> bool:
        """Read control messages; block while paused; True once stopped."""
        self._drain(0.0)
        if self.paused and not self.stopped:
            started = time.perf_counter()
            while self.paused and not self.stopped:
                self._drain(None)
            self.paused_seconds += time.perf_counter() - started
        return self.stopped

    def wait(self, seconds: float) -> None:
        """Sleep up to `seconds` (pacing), waking at once when stopped."""
        deadline = time.perf_counter() + seconds
        while not self.stopped:
            left = deadline - time.perf_counter()
            if left <= 0 or not self._drain(left):
                return
            self.is_set()

    def _drain(self, timeout: float | None) -> bool:
        """Handle the waiting messages (waiting up to `timeout` for the first); True if any."""
        got = False
        while self.conn.poll(timeout):
            self._handle(self.conn.recv())
            got, timeout = True, 0.0
        return got

    def _handle(self, message: Command) -> None:
        match message:
            case Pause():
                self.paused = True
            case Resume():
                self.paused = False
            case Stop():
                self.stopped = True
            case Quit():
                self.stopped = self.quit = True
            case StartRun():  # Run pressed again: this run ends, that one is next
                self.stopped = True
                self.next = message


def serve(conn: Channel) -> None:
    """Run jobs until told to quit (or the parent goes away)."""
    pending: StartRun | None = None
    while True:
        if pending is not None:
            message, pending = pending, None
        else:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
        match message:
            case Quit():
                return
            case StartRun(job, topology, params):
                quit_, pending = _run_job(conn, job, topology, params)
                if quit_:
                    return


def _run_job(
    conn: Channel, job: int, topology: Topology, params: RunParams
) -> tuple[bool, StartRun | None]:
    """Stream one run (and run its replications); whether the parent asked to quit, and
    the run it asked for meanwhile (a StartRun read while this one streamed)."""
    control = Control(conn)
    try:
        cancelled = _stream(conn, job, topology, params, control)
        for index, seed in enumerate(params.seeds()[1:], start=1):
            if cancelled or control.is_set():
                break
            result = _replicate(topology, params.with_seed(seed), control)
            conn.send(ReplicationDone(job, index, result))
    except Exception as exc:  # report any engine failure to the GUI instead of dying
        conn.send(RunFailed(job, _describe(exc)))
    conn.send(RunFinished(job))
    return control.quit, control.next


def _stream(
    conn: Channel, job: int, topology: Topology, params: RunParams, control: Control
) -> bool:
    """The live run: send every snapshot, paced when asked; True when it was cancelled."""
    from simulator.engine import AUDIT_KEYS, run_iter

    pace = params.speed
    slices = pace / SNAPSHOTS_PER_SECOND if pace else None
    started = time.perf_counter()
    snapshot = None
    collector, extra = _audit_sink(params)
    for snapshot in run_iter(
        topology,
        duration=params.duration,
        seed=params.seed,
        warmup=params.warmup,
        slice_seconds=slices,
        cancel=control,
        free_tier=params.free_tier,
        **extra,
    ):
        if snapshot.done and collector is not None:  # the records come before the result
            rows = [tuple(r.get(k) for k in AUDIT_KEYS) for r in collector.records]
            conn.send(AuditReady(job, rows, collector.dropped, AUDIT_CAP))
        conn.send(SnapshotReady(job, snapshot))
        if pace and not snapshot.done:
            due = snapshot.time / pace - (time.perf_counter() - started - control.paused_seconds)
            control.wait(due)
    return bool(snapshot is not None and snapshot.cancelled)


def _audit_sink(params: RunParams) -> tuple[Any, dict[str, Any]]:
    """An AuditCollector and the `audit=` keyword when the run is audited, else nothing."""
    if not params.audit:
        return None, {}
    from simulator.engine import AuditCollector

    collector = AuditCollector(cap=AUDIT_CAP)
    return collector, {"audit": collector}


def _replicate(topology: Topology, params: RunParams, control: Control) -> Result:
    """One more replication, run flat out without snapshots."""
    from simulator.engine import run

    return run(
        topology,
        duration=params.duration,
        seed=params.seed,
        warmup=params.warmup,
        slice_seconds=params.duration / 50.0,
        cancel=control,
        free_tier=params.free_tier,
    )


def _describe(exc: Exception) -> str:
    report = getattr(exc, "report", None)
    if callable(report):
        return str(report())
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()
