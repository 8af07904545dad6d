"""The simulation engine: run a topology on SimPy and report what happened.

`run_iter(topology, ...)` advances the run slice by slice and yields `Snapshot`s (plain
data, safe to pass to another thread); the last one has `done=True` and carries the
`Result`. `run(topology, ...)` returns that `Result` directly;
`Result.to_json_dict()` is the contract JSON of `eventscape-sim run --json`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from simulator.cost import PriceTable, PricingError, default_prices, load_prices, price_run
from simulator.engine.audit import KEYS as AUDIT_KEYS
from simulator.engine.audit import AuditCollector, AuditSink
from simulator.engine.figures import NodeLive, NodeStats
from simulator.engine.replications import summarize
from simulator.engine.report import write_out
from simulator.engine.result import Result
from simulator.engine.simulation import Simulation
from simulator.engine.snapshot import Snapshot
from simulator.model import Topology
from simulator.problems import Problem, TopologyError

WALL_SLICE = 0.05  # aim for about 20 snapshots per wall-clock second


class CancelFlag(Protocol):
    """Anything with `is_set()`, such as `threading.Event`."""

    def is_set(self) -> bool:
        """True once the run should stop."""
        ...


def _simulation(
    topology: Topology,
    duration: float | None,
    seed: int | None,
    warmup: float | None,
    interval: float | None,
    trace_sample: int,
    trace_cap: int,
    max_in_flight: int | None = None,
    audit: AuditSink | None = None,
) -> Simulation:
    """The one construction path of `run` and `run_iter`: a run ready to advance."""
    return Simulation(
        topology,
        duration=duration,
        seed=seed,
        warmup=warmup,
        interval=interval,
        trace_sample=trace_sample,
        trace_cap=trace_cap,
        max_in_flight=max_in_flight,
        audit=audit,
    )


Pricing = PriceTable | str | Path | None


def resolve_prices(topology: Topology, pricing: Pricing = None) -> PriceTable:
    """The price table of a run: `pricing` (a table or a file), else the scenario's
    `pricing` file (relative to the topology's folder), else the shipped us-east-1 table.
    Raises TopologyError naming the file when it cannot be used."""
    if isinstance(pricing, PriceTable):
        return pricing
    where = "--pricing" if pricing is not None else "scenario.pricing"
    path = pricing if pricing is not None else topology.scenario.pricing
    try:
        if path is None:
            return default_prices()
        path = Path(path)
        if not path.is_absolute() and pricing is None and topology.base_dir is not None:
            path = topology.base_dir / path
        return load_prices(path)
    except PricingError as exc:
        raise TopologyError([Problem(str(exc), where)]) from None


def _finish(sim: Simulation, topology: Topology, prices: PriceTable, free_tier: bool) -> Result:
    """Close the run and price its measured window."""
    result = sim.finish()
    now = sim.now
    result.usage = {node_id: node.usage(now) for node_id, node in sim.nodes.items()}
    produced = sum(
        figures["processed"] for figures in result.nodes.values() if figures["kind"] == "producer"
    )
    window = max(0.0, now - sim.warmup)
    result.cost = price_run(
        topology, result.usage, window, produced, prices, free_tier, figures=result.nodes
    )
    return result


def run_iter(
    topology: Topology,
    *,
    duration: float | None = None,
    seed: int | None = None,
    warmup: float | None = None,
    slice_seconds: float | None = None,
    interval: float | None = None,
    cancel: CancelFlag | None = None,
    trace_sample: int = 100,
    trace_cap: int = 1000,
    max_in_flight: int | None = None,
    pricing: Pricing = None,
    free_tier: bool = False,
    audit: AuditSink | None = None,
) -> Iterator[Snapshot]:
    """Run `topology` (a frozen copy of it), yielding a Snapshot after each slice.

    duration, seed, warmup default to the topology's scenario; interval is the time-series
    sampling interval (default: a round number giving about 200 rows). slice_seconds is
    the simulated time between snapshots (default: adapted so that a snapshot comes about
    every 50 ms of wall time). Stop early by closing the generator or by setting `cancel`;
    the final snapshot (`done=True`, `cancelled` when stopped) carries the Result.
    Every failed or dead-lettered event's trace is kept (up to `trace_cap`), plus one root
    in `trace_sample`. Raises TopologyError when the topology cannot be run. A run whose
    copies in flight pass `max_in_flight` (default: what the memory budget holds, see
    simulator.budget) stops there: its Result is `cancelled` with the reason in `stopped`.
    The Result's `cost` prices the measured window with `pricing` (see `resolve_prices`);
    `free_tier` takes the monthly free amounts off its monthly figure. `audit`, a
    callable, gets one record dict per decision (see `simulator.engine.audit`).
    """
    prices = resolve_prices(topology, pricing)
    topology = topology.frozen()  # the cost rules read its parameters after the run
    sim = _simulation(
        topology, duration, seed, warmup, interval, trace_sample, trace_cap, max_in_flight, audit
    )
    step = slice_seconds or sim.duration / 1000.0
    while sim.now < sim.duration:
        if cancel is not None and cancel.is_set():
            sim.cancelled = True
            break
        started = time.perf_counter()
        sim.advance(min(sim.duration, sim.now + step))
        if sim.now >= sim.duration or sim.stopped:
            break
        yield sim.snapshot()
        if slice_seconds is None:
            step = _adapt(step, time.perf_counter() - started, sim.duration)
    result = _finish(sim, topology, prices, free_tier)
    yield sim.snapshot(done=True, result=result)


def _adapt(step: float, wall: float, duration: float) -> float:
    """Scale the slice so that the next one takes about WALL_SLICE seconds of wall time."""
    factor = WALL_SLICE / wall if wall > 0 else 2.0
    return min(duration, max(duration * 1e-6, step * min(2.0, max(0.5, factor))))


def run(
    topology: Topology,
    *,
    duration: float | None = None,
    seed: int | None = None,
    warmup: float | None = None,
    slice_seconds: float | None = None,
    interval: float | None = None,
    cancel: CancelFlag | None = None,
    trace_sample: int = 100,
    trace_cap: int = 1000,
    max_in_flight: int | None = None,
    pricing: Pricing = None,
    free_tier: bool = False,
    audit: AuditSink | None = None,
) -> Result:
    """Run `topology` to the end (or until cancelled) and return the Result.

    Without `cancel` or `slice_seconds` the run goes in one stretch; otherwise it advances
    slice by slice (default: 1% of the duration) and checks `cancel` between slices.
    """
    prices = resolve_prices(topology, pricing)
    topology = topology.frozen()  # the cost rules read its parameters after the run
    sim = _simulation(
        topology, duration, seed, warmup, interval, trace_sample, trace_cap, max_in_flight, audit
    )
    step = slice_seconds or (sim.duration if cancel is None else sim.duration / 100.0)
    while sim.now < sim.duration and not sim.stopped:
        if cancel is not None and cancel.is_set():
            sim.cancelled = True
            break
        sim.advance(sim.now + step)
    return _finish(sim, topology, prices, free_tier)


__all__ = [
    "AUDIT_KEYS",
    "AuditCollector",
    "AuditSink",
    "CancelFlag",
    "NodeLive",
    "NodeStats",
    "Result",
    "Snapshot",
    "resolve_prices",
    "run",
    "run_iter",
    "summarize",
    "write_out",
]
