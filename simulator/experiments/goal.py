"""Goal seeking: the smallest integer value of a path whose metric meets a target.

The response is assumed monotone in the value (more concurrency, lower latency). The
search evaluates HI and LO (LO is the answer when it meets the target; nothing is when
neither does), then bisects, so it needs about log2(HI - LO) evaluations. A value meets
the target with confidence when its 95% interval's far side does (`Target.met`).
Neighbour check: the value just below the answer was evaluated by the bisection; when
its mean meets the target but its interval does not (undecided), it is run again with as
many more replications (fresh seeds) and the answer moves down if the pooled interval
then meets the target.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.experiments.metrics import Interval, Target, aggregate, flatten, unknown_metric
from simulator.experiments.overrides import Value, apply
from simulator.experiments.runners import CancelFlag, Runner, Task
from simulator.experiments.sweep import seeds_from
from simulator.model import Problem, Topology, TopologyError

OnEvaluated = Callable[["Evaluation"], None]
Check = Callable[[Topology, dict[str, Value]], None]  # (the design at the value, the value)


class Stopped(Exception):
    """The search was cancelled or interrupted; `evaluated` holds what finished."""

    def __init__(self, reason: str, evaluated: list[Evaluation]):
        super().__init__(reason)
        self.reason = reason
        self.evaluated = evaluated


@dataclass
class Evaluation:
    """One value's replications: the target metric and every metric's interval."""

    value: int
    metric: Interval
    met: bool
    metrics: dict[str, Interval] = field(default_factory=dict)
    rows: list[dict[str, float]] = field(default_factory=list, repr=False)


@dataclass
class GoalResult:
    """The answer (None when no value in range meets the target) and every evaluation."""

    value: int | None
    evaluated: list[Evaluation]
    target: Target

    @property
    def best(self) -> Evaluation | None:
        """The evaluation of the answer."""
        return next((e for e in reversed(self.evaluated) if e.value == self.value), None)

    def to_json_dict(self) -> dict[str, Any]:
        """value, satisfied, metric (of the answer, or of HI when none), evaluated."""
        shown = self.best or max(self.evaluated, key=lambda e: e.value)
        return {
            "value": self.value,
            "satisfied": self.value is not None,
            "metric": shown.metric,
            "evaluated": [{"value": e.value, "metric": e.metric} for e in self.evaluated],
        }


class _Search:
    def __init__(
        self,
        topology: Topology,
        path: str,
        target: Target,
        runner: Runner,
        replications: int,
        seed: int,
        options: dict[str, Any],
        on_evaluated: OnEvaluated | None,
        cancel: CancelFlag | None,
        check: Check | None = None,
    ):
        self.topology, self.path, self.target, self.runner = topology, path, target, runner
        self.replications, self.seed, self.options = replications, seed, options
        self.on_evaluated, self.cancel, self.check = on_evaluated, cancel, check
        self.evaluated: list[Evaluation] = []
        self.cache: dict[int, Evaluation] = {}
        self.extended: set[int] = set()

    def evaluate(self, value: int, extra: int = 0) -> Evaluation:
        """Run the value's replications (or `extra` more, after those already run)."""
        if value in self.cache and not extra:
            return self.cache[value]
        changed = apply(self.topology, {self.path: value})  # a refused value stops here
        if self.check is not None:
            self.check(changed, {self.path: value})  # e.g. run-length, memory refusals
        start = self.seed + (self.replications if extra else 0)
        seeds = seeds_from(start, extra or self.replications)
        tasks = [Task(self.topology, {self.path: value}, s, self.options) for s in seeds]
        batch = self.runner.map(tasks, cancel=self.cancel)
        if batch.stopped:
            raise Stopped(batch.stopped, self.evaluated)
        rows = [flatten(r) for r in batch.results if r is not None]
        if extra:
            rows = self.cache[value].rows + rows
        metrics = aggregate(rows)
        if self.target.metric not in metrics:
            message = unknown_metric(self.target.metric, metrics)
            raise TopologyError([Problem(message, "--until")])
        metric = metrics[self.target.metric]
        evaluation = Evaluation(value, metric, self.target.met(metric), metrics, rows)
        self.cache[value] = evaluation
        self.evaluated.append(evaluation)
        if self.on_evaluated:
            self.on_evaluated(evaluation)
        return evaluation

    def search(self, lo: int, hi: int) -> int | None:
        lowest = lo
        if not self.evaluate(hi).met:  # the smallest value may still be LO: a response
            met_at_lo = lo != hi and self.evaluate(lo).met  # that falls as the value rises
            return lo if met_at_lo else None
        if lo == hi or self.evaluate(lo).met:
            return lo
        while hi - lo > 1:  # invariant: lo does not meet the target, hi does
            mid = (lo + hi) // 2
            if self.evaluate(mid).met:
                hi = mid
            else:
                lo = mid
        return self.check_neighbour(hi, lowest)

    def check_neighbour(self, answer: int, lowest: int) -> int:
        """Move down while the value below meets the target, given more replications when
        its interval is undecided (mean meets the target, far side does not)."""
        while answer > lowest:
            below = self.evaluate(answer - 1)
            mean = below.metric["mean"]
            assert mean is not None
            undecided = self.target.met({"mean": mean, "half_width": 0.0})
            if not below.met and undecided and answer - 1 not in self.extended:
                self.extended.add(answer - 1)
                below = self.evaluate(answer - 1, extra=self.replications)
            if not below.met:
                break
            answer -= 1
        return answer


def planned_evaluations(lo: int, hi: int) -> int:
    """About how many values a search of [lo, hi] evaluates (for a progress bar's ETA): HI,
    LO, the bisection's steps and one check of the value below the answer."""
    span = max(hi - lo, 1)
    return (1 if lo == hi else 2) + math.ceil(math.log2(span)) + (1 if span > 1 else 0)


def seek(
    topology: Topology,
    path: str,
    lo: int,
    hi: int,
    target: Target,
    runner: Runner,
    *,
    replications: int = 5,
    seed: int | None = None,
    options: dict[str, Any] | None = None,
    on_evaluated: OnEvaluated | None = None,
    cancel: CancelFlag | None = None,
    check: Check | None = None,
) -> GoalResult:
    """The smallest value in [lo, hi] meeting `target`; raises Stopped when cut short.
    `check(topology, {path: value})` may refuse a value's design (TopologyError) before
    it runs."""
    if lo > hi:
        raise TopologyError([Problem(f"LO must be <= HI, got {lo}:{hi}", "--vary")])
    first = topology.scenario.seed if seed is None else seed
    search = _Search(
        topology, path, target, runner, replications, first, options or {}, on_evaluated,
        cancel, check,
    )  # fmt: skip
    value = search.search(lo, hi)
    return GoalResult(value, search.evaluated, target)


__all__ = ["Evaluation", "GoalResult", "Stopped", "planned_evaluations", "seek"]
