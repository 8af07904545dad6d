"""Parameter sweeps: every grid point run with the same seeds, 95% intervals per metric.

Each point gets replications with seeds `seed, seed+1, ...` (common random numbers: the
points differ only by what was set, which sharpens comparisons between them). All the
point's tasks go to the runner at once so a pool or a cluster stays busy.

With a `Precision` instead of a fixed count, each point gets replications until the 95%
half-width of one metric is within a relative target of its mean (`until_precise`, the
procedure of `run --target-ci`), point after point; each point's count is its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.experiments.metrics import Interval, aggregate, flatten
from simulator.experiments.overrides import Value, apply
from simulator.experiments.runlength import FIRST, until_precise
from simulator.experiments.runners import CancelFlag, Runner, Task
from simulator.model import Topology

Progress = Callable[[int, int], None]  # (finished tasks, all tasks)


@dataclass(frozen=True)
class Precision:
    """Replications per point until `metric`'s 95% half-width is within `relative` of its
    mean, at most `cap`."""

    metric: str = "latency.mean"
    relative: float = 0.05
    cap: int = 50


@dataclass
class Point:
    """One grid point: what was set, how many replications finished, the metrics."""

    set: dict[str, Value]
    replications: int
    metrics: dict[str, Interval]
    seeds: list[int] = field(default_factory=list)
    met: bool | None = None  # with a Precision: whether the metric became precise enough

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's shape: set, replications, metrics (and `target_met` with a
        Precision)."""
        data = {"set": self.set, "replications": self.replications, "metrics": self.metrics}
        return data if self.met is None else {**data, "target_met": self.met}


@dataclass
class SweepResult:
    """Every point that finished at least one replication; `stopped` when cut short."""

    points: list[Point]
    stopped: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """`{"points": [...]}` (plus `stopped` when the sweep was cut short)."""
        data: dict[str, Any] = {"points": [p.to_json_dict() for p in self.points]}
        if self.stopped:
            data["stopped"] = self.stopped
        return data


def seeds_from(first: int, count: int) -> list[int]:
    """The replication seeds: first, first+1, ..."""
    return [first + i for i in range(count)]


def run_sweep(
    topology: Topology,
    points: list[dict[str, Value]],
    runner: Runner,
    *,
    replications: int = 1,
    seed: int | None = None,
    options: dict[str, Any] | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    precision: Precision | None = None,
) -> SweepResult:
    """Run `replications` of every point (or as many as `precision` asks); TopologyError
    (before any run) for a bad value."""
    for point in points:
        apply(topology, point)  # refuse a bad value before spending any time
    first = topology.scenario.seed if seed is None else seed
    if precision is not None:
        return _precise(topology, points, runner, precision, first, options, progress, cancel)
    seeds = seeds_from(first, replications)
    tasks = [Task(topology, dict(p), s, dict(options or {})) for p in points for s in seeds]
    finished = 0

    def on_done(_index: int, _figures: dict[str, Any]) -> None:
        nonlocal finished
        finished += 1
        if progress:
            progress(finished, len(tasks))

    batch = runner.map(tasks, on_done, cancel)
    out = []
    for i, point in enumerate(points):
        mine = batch.results[i * len(seeds) : (i + 1) * len(seeds)]
        done = [(s, r) for s, r in zip(seeds, mine, strict=True) if r is not None]
        if done:
            rows = [flatten(r) for _, r in done]
            out.append(Point(dict(point), len(done), aggregate(rows), [s for s, _ in done]))
    return SweepResult(out, batch.stopped)


def _precise(
    topology: Topology,
    points: list[dict[str, Value]],
    runner: Runner,
    precision: Precision,
    seed: int,
    options: dict[str, Any] | None,
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> SweepResult:
    """Each point until its metric is precise enough; progress counts replications against
    an estimate (the points done so far, the running point's plan, the rest at the mean)."""
    out: list[Point] = []
    spent = 0
    for n, point in enumerate(points):
        typical = round(spent / n) if n else FIRST
        later = (len(points) - n - 1) * max(FIRST, typical)

        def step(done: int, planned: int, before: int = spent, later: int = later) -> None:
            if progress:
                progress(before + done, before + planned + later)

        found = until_precise(
            apply(topology, point), precision.metric, precision.relative, precision.cap,
            runner, seed=seed, options=dict(options or {}), progress=step, cancel=cancel,
        )  # fmt: skip
        if found.results:
            rows = [flatten(r) for r in found.results]
            out.append(Point(dict(point), len(rows), aggregate(rows), found.seeds, found.met))
        spent += len(found.results)
        if found.stopped:
            return SweepResult(out, found.stopped)
    return SweepResult(out)


__all__ = ["Point", "Precision", "SweepResult", "run_sweep", "seeds_from"]
