"""Run-length control: how many replications, and how much warm-up to leave out.

`until_precise` adds replications until the 95% half-width of one metric is within a
relative target of its mean, or a cap is reached (the sequential procedure of A. M. Law,
"Simulation Modeling and Analysis", 5th ed., 2015, section 9.4.1). The next count depends
only on the figures, never on how many workers ran them.

`mser5` picks the warm-up from a time series by MSER-5, the Marginal Standard Error
Rule on batch means of 5 observations: truncate the d batches that minimise
MSER(d) = sum_{j>d} (Z_j - mean(Z_{d+1..k}))^2 / (k - d)^2, d at most k/2.
References: K. P. White Jr., "An effective truncation heuristic for bias reduction in
simulation output", Simulation 69(6):323-334, 1997; K. P. White Jr., M. J. Cobb and
S. C. Spratt, "A comparison of five steady-state truncation heuristics for simulation",
Proc. Winter Simulation Conference 2000, 755-760 (MSER-5); and W. W. Franklin and
K. P. White Jr., "Stationarity tests and MSER-5", Proc. WSC 2008, 541-546.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.engine.replications import t_quantile
from simulator.experiments.metrics import Interval, flatten, summary, unknown_metric
from simulator.experiments.runners import CancelFlag, Runner, Task
from simulator.model import Problem, Topology, TopologyError

FIRST = 5  # replications before the first estimate of the half-width
BATCH = 5  # MSER-5: observations per batch mean
SERIES = "in_flight"  # the number of copies in the system at each interval's end


@dataclass
class Precision:
    """The replications run, their seeds, the metric's interval and whether it met the target."""

    results: list[dict[str, Any]]
    seeds: list[int]
    metric: Interval
    met: bool
    stopped: str | None = None


def relative(metric: Interval) -> float:
    """Half-width over |mean| (infinite without an interval or with a zero mean)."""
    mean, half = metric["mean"], metric["half_width"]
    if half is None or mean is None or mean == 0:
        return 0.0 if half == 0 else math.inf
    return half / abs(mean)


def next_count(count: int, metric: Interval, target: float, cap: int) -> int:
    """How many replications to have next (Law & Kelton's approximate count): the smallest
    i with t(0.975, i-1) * S / sqrt(i) within the target, S the current standard deviation;
    at least one more, at most twice as many at a time (S from few runs is rough)."""
    ratio = relative(metric)
    limit = min(cap, 2 * count)
    if math.isinf(ratio) or count < 2:
        return min(cap, count + 1)
    spread = ratio * math.sqrt(count) / t_quantile(count - 1)  # S / |mean|
    wanted = count + 1
    while wanted < limit and t_quantile(wanted - 1) * spread / math.sqrt(wanted) > target:
        wanted += 1
    return min(limit, wanted)


def until_precise(
    topology: Topology,
    metric: str,
    target: float,
    cap: int,
    runner: Runner,
    *,
    seed: int,
    options: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelFlag | None = None,
) -> Precision:
    """Replications with seeds seed, seed+1, ... until `metric` is within `target` of its mean."""
    results: list[dict[str, Any]] = []
    count = min(cap, FIRST)
    value: Interval = {"mean": math.nan, "half_width": None}
    while True:
        seeds = [seed + i for i in range(len(results), count)]
        tasks = [Task(topology, {}, s, dict(options or {})) for s in seeds]
        batch = runner.map(tasks, _Counter(len(results), count, progress), cancel)
        results += [r for r in batch.results if r is not None]
        if not results:
            return Precision([], [], value, False, batch.stopped or "nothing ran")
        values = [flatten(r) for r in results]
        if metric not in values[0]:
            raise TopologyError([Problem(unknown_metric(metric, values[0]), "--metric")])
        value = summary([v[metric] for v in values])
        met = relative(value) <= target
        seeds_done = [seed + i for i in range(len(results))]
        if batch.stopped or met or count >= cap:
            return Precision(results, seeds_done, value, met, batch.stopped)
        count = next_count(count, value, target, cap)


class _Counter:
    """Reports (replications finished in all, replications planned) as each one ends."""

    def __init__(self, done: int, planned: int, progress: Callable[[int, int], None] | None):
        self.done, self.planned, self.progress = done, planned, progress

    def __call__(self, _index: int, _figures: dict[str, Any]) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.planned)


def mser5(series: Sequence[float], batch: int = BATCH) -> int:
    """How many leading observations to drop (a multiple of `batch`), by MSER-5."""
    k = len(series) // batch
    if k < 2:
        return 0
    means = [sum(series[j * batch : (j + 1) * batch]) / batch for j in range(k)]
    best, best_d = math.inf, 0
    for d in range(k // 2 + 1):
        tail = means[d:]
        mean = sum(tail) / len(tail)
        score = sum((z - mean) ** 2 for z in tail) / len(tail) ** 2
        if score < best - 1e-15:
            best, best_d = score, d
    return best_d * batch


def at_limit(dropped: int, count: int, batch: int = BATCH) -> bool:
    """True when MSER-5 dropped as much as it may (half the batches): the series did not
    settle within the run, so the warm-up is a lower bound, not an answer (White et al.
    2000 advise a longer run then)."""
    k = count // batch
    return k >= 2 and dropped >= (k // 2) * batch


def auto_warmup(
    topology: Topology, seed: int, options: dict[str, Any]
) -> tuple[float, float, bool]:
    """(warm-up seconds, sampling interval, at the limit) by MSER-5 on a pilot run without
    warm-up; see `at_limit`."""
    from simulator.engine import run

    pilot = run(topology, seed=seed, **{**options, "warmup": 0.0})
    column = pilot.series.get(SERIES, [])
    times = pilot.series.get("t", [])
    dropped = mser5(column)
    if not dropped or not times:
        return 0.0, times[0] if times else 0.0, False
    return float(times[dropped - 1]), times[0], at_limit(dropped, len(column))


__all__ = [
    "Precision",
    "at_limit",
    "auto_warmup",
    "mser5",
    "next_count",
    "relative",
    "until_precise",
]
