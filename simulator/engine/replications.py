"""Independent replications: several seeds, in parallel processes, with 95% intervals."""

from __future__ import annotations

import math
import signal
import statistics
import threading
from collections.abc import Callable
from multiprocessing import get_context
from typing import Any

from simulator.engine.histogram import PRECISION
from simulator.model import Topology

# Two-sided 95% Student t quantiles t(0.975, df) for df = 1..30.
T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip
NODE_HEADLINES = (
    "arrivals", "processed", "failures", "retries", "utilization", "wait_mean",
    "depth_mean", "depth_max", "cold_starts", "instances_mean",
)  # fmt: skip


def t_quantile(df: int) -> float:
    """t(0.975, df): table up to 30 degrees of freedom, Cornish-Fisher expansion above."""
    if df < 1:
        return math.nan
    if df <= len(T_975):
        return T_975[df - 1]
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def interval(values: list[float]) -> tuple[float, float]:
    """Mean and half-width of the 95% confidence interval (Student t)."""
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, math.nan
    half = t_quantile(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return mean, half


def _run_one(topology: Topology, options: dict[str, Any]) -> dict[str, Any]:
    from simulator.engine import run

    return run(topology, **options).to_json_dict()


def _run_job(job: tuple[Topology, dict[str, Any]]) -> dict[str, Any]:
    return _run_one(*job)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them all at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool(workers: int) -> Any:
    """A pool of spawned workers that ignore Ctrl-C from birth (SIG_IGN survives exec)."""
    context = get_context("spawn")
    if threading.current_thread() is not threading.main_thread():
        return context.Pool(workers, initializer=_ignore_interrupts)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return context.Pool(workers, initializer=_ignore_interrupts)
    finally:
        signal.signal(signal.SIGINT, previous)


def run_replications(
    topology: Topology,
    seeds: list[int],
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    **options: Any,
) -> list[dict[str, Any]]:
    """Run one replication per seed (in `workers` processes); the contract dicts, in seed order."""
    jobs = [{**options, "seed": seed} for seed in seeds]
    if workers <= 1 or len(seeds) == 1:
        results = []
        for job in jobs:
            results.append(_run_one(topology, job))
            if progress:
                progress(len(results))
        return results
    pool = _pool(min(workers, len(seeds)))
    try:
        results = []
        for result in pool.imap(_run_job, [(topology, job) for job in jobs]):
            results.append(result)
            if progress:
                progress(len(results))
        pool.close()
        return results
    finally:
        pool.terminate()  # Ctrl-C or an error: stop every worker now, not after the queue
        pool.join()


def summarize(results: list[dict[str, Any]], seeds: list[int]) -> dict[str, Any]:
    """Means of the headline figures, in the contract's shape, with 95% half-widths."""
    first = results[0]
    events = {key: [r["events"][key] for r in results] for key in first["events"]}
    latency = {key: [r["latency"][key] for r in results] for key in first["latency"]}
    ci: dict[str, Any] = {"events": {}, "latency": {}, "nodes": {}}
    summary: dict[str, Any] = {"name": first["name"], "duration": first["duration"]}
    summary["warmup"] = first["warmup"]
    summary["events"], ci["events"] = _means(events)
    summary["latency"], ci["latency"] = _means(latency)
    _quantile_floor(summary["latency"], ci["latency"])
    summary["nodes"] = {}
    for node in first["nodes"]:
        means, halves = _figures([r["nodes"][node] for r in results])
        summary["nodes"][node] = {"kind": first["nodes"][node]["kind"], **means}
        ci["nodes"][node] = halves
    if "cost" in first:
        summary["cost"], ci["cost"] = _cost_means(results)
    summary["ledger"] = {
        "created": sum(r["ledger"]["created"] for r in results),
        "balanced": all(r["ledger"]["balanced"] for r in results),
    }
    summary["replications"] = {"count": len(results), "seeds": seeds, "ci95": ci}
    return summary


def _figures(
    runs: list[dict[str, Any]], first: tuple[str, ...] = NODE_HEADLINES
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Means and 95% half-widths of every figure one node reports in a run: the headlines
    first (their long-standing order), then the rest in the run's order; nested figures
    (a workflow's per-state figures) keep their shape. A figure a run lacks counts 0."""
    keys = [*first, *(k for r in runs for k in r)]
    means: dict[str, Any] = {}
    halves: dict[str, Any] = {}
    for key in dict.fromkeys(keys):
        values = [r.get(key) for r in runs]
        if any(isinstance(v, dict) for v in values):
            means[key], halves[key] = _figures(
                [v if isinstance(v, dict) else {} for v in values], ()
            )
        elif all(v is None or _is_number(v) for v in values) and key != "kind":
            mean, half = interval([float(v or 0) for v in values])
            means[key], halves[key] = round(mean, 6), None if math.isnan(half) else round(half, 6)
    return means, halves


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _quantile_floor(means: dict[str, float], halves: dict[str, float | None]) -> None:
    """A latency quantile is known only to the histogram's precision: seeds tied in one
    bucket give no zero-width interval, the half-width is at least that precision."""
    for key in ("p50", "p95", "p99"):
        half = halves.get(key)
        if key in means and half is not None:
            halves[key] = round(max(half, abs(means[key]) * PRECISION), 6)


def _cost_means(results: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Means and 95% half-widths of the cost figures (per service, node and request too)."""
    costs = [r["cost"] for r in results]
    means: dict[str, Any] = {"currency": costs[0]["currency"]}
    halves: dict[str, Any] = {}
    for key in ("total", "per_million_events", "monthly"):
        mean, half = interval([c[key] for c in costs])
        means[key], halves[key] = round(mean, 8), None if math.isnan(half) else round(half, 8)
    for group in ("services", "nodes", "requests"):
        names = list(dict.fromkeys(name for c in costs for name in c[group]))
        columns = {name: [c[group].get(name, 0) for c in costs] for name in names}
        means[group], halves[group] = _means(columns, digits=8)
    return means, halves


def _means(
    columns: dict[str, list[float]], digits: int = 6
) -> tuple[dict[str, float], dict[str, float]]:
    means, halves = {}, {}
    for key, values in columns.items():
        mean, half = interval([float(v) for v in values])
        means[key] = round(mean, digits)
        halves[key] = None if math.isnan(half) else round(half, digits)
    return means, halves  # type: ignore[return-value]
