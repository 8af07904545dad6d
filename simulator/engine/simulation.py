"""A run: the topology built onto a SimPy environment and advanced slice by slice."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from simulator import budget
from simulator.engine.audit import Auditor, AuditSink
from simulator.engine.build import build
from simulator.engine.context import RunContext
from simulator.engine.copies import DELAYED, MOVING, Copy
from simulator.engine.core import Call, Env
from simulator.engine.faults import FaultSchedule
from simulator.engine.ledger import Latency, Ledger, OverBudget, Tracer
from simulator.engine.nodes import NodeSim
from simulator.engine.nodes.scaling import pools_for
from simulator.engine.replay import Replays
from simulator.engine.result import Result
from simulator.engine.series import Series
from simulator.engine.snapshot import Snapshot
from simulator.model import Topology
from simulator.model.samples import files_relative_to
from simulator.problems import Problem, TopologyError


def nice_interval(duration: float, points: int = 200) -> float:
    """A round sampling interval (1, 2 or 5 times a power of ten) giving <= `points` rows."""
    raw = duration / points
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)


class Simulation:
    """Nodes, links, ledger and metrics of one run on its own SimPy environment."""

    def __init__(
        self,
        topology: Topology,
        *,
        duration: float | None = None,
        seed: int | None = None,
        warmup: float | None = None,
        interval: float | None = None,
        trace_sample: int = 100,
        trace_cap: int = 1000,
        max_in_flight: int | None = None,
        audit: AuditSink | None = None,
    ):
        topology = topology.frozen()
        scenario = topology.scenario
        self.name = topology.name
        self.duration = float(scenario.duration if duration is None else duration)
        self.seed = int(scenario.seed if seed is None else seed)
        self.warmup = float(scenario.warmup if warmup is None else warmup)
        _check_window(self.duration, self.warmup)
        self.interval = float(interval or nice_interval(self.duration))
        self.base_dir: Path | None = topology.base_dir
        self.env = Env()

        self.latency = Latency(self.warmup)
        record_all = failures_possible(topology, self.duration)
        self.tracer = Tracer(sample_every=trace_sample, cap=trace_cap, record_all=record_all)
        limit = budget.max_in_flight() if max_in_flight is None else max_in_flight
        self.ledger = Ledger(self.env, self.latency, self.tracer, limit)
        if audit is not None:
            self.ledger.audit = Auditor(audit, self.env, topology)
        self.stopped = ""  # why the run stopped early (over the memory budget), if it did
        self.context = RunContext(
            self.env,
            self.ledger,
            seed=self.seed,
            duration=self.duration,
            base_dir=self.base_dir,
            pools=pools_for(topology),
        )
        with files_relative_to(self.base_dir):  # empirical distributions' sample files
            self.nodes, self.links = build(self.context, topology)
            for node in self.nodes.values():
                _start(node)
        self.faults = FaultSchedule(self, scenario.faults)
        if scenario.replays:
            self.replays = Replays(
                self.env, self.ledger, self.nodes, scenario.replays, self.context.stream
            )
        if self.warmup > 0:
            self.env.at(self.warmup, self._end_warmup)
        self.series = Series(self, self.interval)
        self.series.start()
        self._started = time.perf_counter()
        self._rows_sent = 0
        self.cancelled = False

    def _end_warmup(self, call: Call) -> None:
        now = self.env.now
        for node in self.nodes.values():
            node.reset_stats(now)
        self.latency.flush(now)
        self.latency.total.clear()

    # --- running ---------------------------------------------------------------------------
    def advance(self, until: float) -> None:
        """Run the simulation up to simulated time `until` (at most the duration)."""
        until = min(until, self.duration)
        if until > self.env.now and not self.stopped:
            try:
                with _collector_tuned():
                    self.env.advance(until)
            except OverBudget as exc:
                self.stopped = (
                    f"stopped at t={self.now:.6g} s: {exc} under the memory budget "
                    "(raise it with --memory-budget MB or EVENTSCAPE_MEMORY_BUDGET)"
                )
                self.cancelled = True

    @property
    def now(self) -> float:
        """Simulated time reached."""
        return float(self.env.now)

    def walk_in_flight(self) -> int:
        """Copies in flight, counted by walking live state (not from the ledger's counters)."""
        held = sum(node.held() for node in self.nodes.values())
        scheduled = 0
        for value in self.env.pending_values():
            if (
                isinstance(value, Copy)
                and value.root is not None
                and value.state in (MOVING, DELAYED)
            ):
                scheduled += 1
        return held + scheduled

    # --- reporting -------------------------------------------------------------------------
    def snapshot(self, done: bool = False, result: Result | None = None) -> Snapshot:
        """Plain-data figures of the run so far, with the time-series rows not sent yet."""
        ledger = self.ledger
        events = {"produced": ledger.produced, "created": ledger.created, **ledger.outcomes}
        events["replayed"] = ledger.replayed
        events["in_flight"] = ledger.created - ledger.ended
        rows = self.series.rows_since(self._rows_sent)
        self._rows_sent = len(self.series)
        return Snapshot(
            time=self.now,
            duration=self.duration,
            progress=min(1.0, self.now / self.duration),
            done=done,
            cancelled=self.cancelled,
            events=events,
            latency=self.latency.summary(self.now),
            nodes={node_id: node.live() for node_id, node in self.nodes.items()},
            series={name: np.asarray(values, dtype=float) for name, values in rows.items()},
            series_rows=self._rows_sent,
            wall_seconds=time.perf_counter() - self._started,
            result=result,
        )

    def finish(self) -> Result:
        """Close the measurements at the time reached and check the ledger."""
        now = self.now
        self.latency.flush(now)
        self.series.finish(now)
        ledger = self.ledger
        in_flight = self.walk_in_flight()
        ended = ledger.ended
        events: dict[str, int] = {
            "produced": ledger.produced,
            **ledger.outcomes,
            "in_flight": in_flight,
            "replayed": ledger.replayed,
        }
        balance = {
            "created": ledger.created,
            "ended": ended,
            "in_flight": in_flight,
            "balanced": ledger.created == ended + in_flight,
        }
        return Result(
            name=self.name,
            duration=self.duration,
            warmup=self.warmup,
            seed=self.seed,
            interval=self.interval,
            events=events,
            latency=self.latency.total.summary(),
            latency_failed=self.latency.failed_summary(),
            stopped_at=now if self.cancelled else None,
            nodes={node_id: node.stats(now) for node_id, node in self.nodes.items()},
            ledger=balance,
            series={name: list(values) for name, values in self.series.columns.items()},
            traces=self.tracer.traces,
            cancelled=self.cancelled,
            stopped=self.stopped,
            wall_seconds=time.perf_counter() - self._started,
            visits=sum(node.arrivals for node in self.nodes.values()),
        )


def _start(node: NodeSim) -> None:
    """Start a node; unreadable trace files and invalid patterns become TopologyErrors."""
    try:
        node.start()
    except OSError as exc:
        reason = f"cannot read {exc.filename}: {exc.strerror}"
        raise TopologyError([Problem(reason, f"node {node.id}", node=node.id)]) from None
    except ValueError as exc:  # a malformed trace file, an invalid pattern or filter
        raise TopologyError([Problem(str(exc), f"node {node.id}", node=node.id)]) from None


def failures_possible(topology: Topology, duration: float) -> bool:
    """True when some copy could fail, expire, be throttled, rejected or dead-lettered.

    Only then are hops recorded for every event (to keep complete traces of failed ones);
    otherwise only the 1-in-N sample is traced, which keeps the hot path lean.
    """
    outages = ("errors", "outage", "region-outage")
    if any(fault.kind in outages for fault in topology.scenario.faults):
        return True
    return any(node.spec.may_fail(node, duration) for node in topology.nodes)


def _check_window(duration: float, warmup: float) -> None:
    problems: list[Any] = []
    if not duration > 0:
        problems.append(Problem(f"duration must be > 0, got {duration:g}"))
    if not 0 <= warmup < duration:
        problems.append(
            Problem(f"warmup must be >= 0 and < duration ({duration:g}), got {warmup:g}")
        )
    if problems:
        raise TopologyError(problems)


YOUNG_COLLECTION_EVERY = 50_000  # container allocations between young collections in a run


@contextmanager
def _collector_tuned() -> Iterator[None]:
    """Run with the cyclic garbage collector tuned for a simulation, then restore it.

    A run's objects (messages, their leases, heap entries) live seconds to minutes of
    simulated time: long enough to outlive the collector's young generation (every 700
    allocations by default) and be walked again and again as they are promoted, and each
    full pass also walked every module, class and function loaded before the run. Here
    the objects made before this stretch are frozen out of its passes (`gc.freeze`) and
    young collections run every 50,000 allocations: the queue path ran about 8% faster
    (M/M/10 through a queue, 200,000 customers; gc off entirely: 10%). A run's garbage is
    freed by reference counting, not by the collector, so memory stays flat (benchmark).
    Results cannot change. The freeze is skipped when something else in the process froze
    objects (it is theirs to unfreeze)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], YOUNG_COLLECTION_EVERY), *thresholds[1:])
    freeze = gc.isenabled() and not gc.get_freeze_count()
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        if freeze:
            gc.unfreeze()
        gc.set_threshold(*thresholds)
