"""What the user asked for: a sweep (one path, or a grid of several) or a goal seek, in
the file's words.

`Spec.to_dict()` is the entry of `experiments:` in a design file; `job()` turns it into
the function the background thread runs. A sweep's grid is every combination of its
settings' values (the first varying slowest), as `eventscape-sim sweep` with several --set.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulator.experiments import (
    GoalResult,
    Precision,
    Runner,
    Setting,
    Stopped,
    Target,
    grid,
    parse_values,
    planned_evaluations,
    run_sweep,
    seek,
)
from simulator.model import Topology, is_number

SWEEP, GOAL = "sweep", "goal"


@dataclass(frozen=True)
class Spec:
    """A sweep (`values`, such as "10,20,40" or "1:9:2", plus `more` (path, values) pairs
    for a grid) or a goal (`lo`..`hi`, `until`)."""

    kind: str
    path: str
    values: str = ""
    lo: int = 1
    hi: int = 10
    until: str = ""
    replications: int = 3
    workers: int = 1
    more: tuple[tuple[str, str], ...] = ()  # further swept parameters (a grid)
    target_ci: float | None = None  # a sweep until each point's metric is this precise
    metric: str = "latency.mean"  # ... the metric of target_ci
    max_replications: int = 50  # ... at most this many replications a point

    @property
    def settings(self) -> list[tuple[str, str]]:
        """Every swept (path, values text), the first one first."""
        return [(self.path, self.values), *self.more]

    @property
    def paths(self) -> list[str]:
        """The swept (or sought) paths."""
        return [p for p, _ in self.settings] if self.kind == SWEEP else [self.path]

    def grid_shape(self) -> list[int]:
        """How many values each setting takes (ValueError/TopologyError if one is bad)."""
        return [len(parse_values(v, p)) for p, v in self.settings]

    @property
    def title(self) -> str:
        """A short description for the panel's header."""
        if self.kind == SWEEP:
            each = f"({self.replications} replications each)"
            if self.target_ci is not None:
                each = (
                    f"(each until {self.metric} is within ±{self.target_ci * 100:.3g}%, at most "
                    f"{self.max_replications} replications)"
                )
            if not self.more:
                return f"Sweep {self.path} over {self.values} {each}"
            swept = " × ".join(f"{p} over {v}" for p, v in self.settings)
            try:
                points = f"{math.prod(self.grid_shape())} points"
            except Exception:  # a saved entry with a bad value list: Run again says why
                points = "a grid"
            return f"Sweep {swept}: {points} {each}"
        return f"Smallest {self.path} in [{self.lo}, {self.hi}] with {self.until}"

    def to_dict(self) -> dict[str, Any]:
        """The file form: `{sweep: {path: values, ...}}` or `{goal: {vary: ..., until: ...}}`."""
        if self.kind == SWEEP and self.target_ci is not None:
            return {"kind": SWEEP, "set": dict(self.settings), "target_ci": self.target_ci,
                    "metric": self.metric, "max_replications": self.max_replications}  # fmt: skip
        if self.kind == SWEEP:
            body: dict[str, Any] = {"set": dict(self.settings)}
        else:
            body = {"vary": f"{self.path}={self.lo}:{self.hi}", "until": self.until}
        return {"kind": self.kind, **body, "replications": self.replications}

    def precision(self) -> Precision | None:
        """Run-length control of each sweep point (None: a fixed count)."""
        if self.kind != SWEEP or self.target_ci is None:
            return None
        return Precision(self.metric, self.target_ci, self.max_replications)

    def check(self) -> str | None:
        """A message when the spec cannot run (bad values, bad target), else None."""
        try:
            if self.kind == SWEEP:
                paths = [p for p, _ in self.settings]
                if len(set(paths)) != len(paths):
                    return "each parameter may be swept once"
                grid([Setting(p, parse_values(v, p)) for p, v in self.settings])  # size cap
                if self.target_ci is not None and not self.metric.strip():
                    return "name the metric whose interval must be narrow enough"
            else:
                Target(self.until)
                if self.lo > self.hi:
                    return "the lowest value must not exceed the highest"
        except ValueError as exc:
            return str(exc)
        except Exception as exc:  # TopologyError from parse_values
            return str(getattr(exc, "problems", [exc])[0])
        return None

    def job(
        self, topology: Topology
    ) -> Callable[[Runner, threading.Event, Callable[[int, int], None]], Any]:
        """The background work: a SweepResult or a GoalResult."""
        if self.kind == SWEEP:
            points = grid([Setting(p, parse_values(v, p)) for p, v in self.settings])

            def sweep(runner: Runner, cancel: threading.Event, progress: Any) -> Any:
                return run_sweep(topology, points, runner, replications=self.replications,
                                 progress=progress, cancel=cancel,
                                 precision=self.precision())  # fmt: skip

            return sweep
        target = Target(self.until)

        def goal(runner: Runner, cancel: threading.Event, progress: Any) -> Any:
            done: list[int] = []

            planned = planned_evaluations(self.lo, self.hi)  # about; grows if need be

            def evaluated(_e: Any) -> None:
                done.append(1)
                progress(len(done), max(planned, len(done) + 1))

            try:
                return seek(topology, self.path, self.lo, self.hi, target, runner,
                            replications=self.replications, on_evaluated=evaluated,
                            cancel=cancel)  # fmt: skip
            except Stopped as stop:  # what finished, with no answer
                return GoalResult(None, stop.evaluated, target)

        return goal


def from_dict(data: Any) -> Spec | None:
    """A Spec from a file entry (None when the entry is not one the panel can show)."""
    if not isinstance(data, dict):
        return None
    reps = data.get("replications", 3)
    reps = reps if isinstance(reps, int) and reps >= 1 else 3
    if data.get("kind") == SWEEP and isinstance(data.get("set"), dict) and data["set"]:
        (path, values), *more = [(str(p), _values_text(v)) for p, v in data["set"].items()]
        target: Any = data.get("target_ci")
        cap = data.get("max_replications", 50)
        return Spec(SWEEP, path, values=values, replications=reps, more=tuple(more),
                    target_ci=float(target) if is_number(target) else None,
                    metric=str(data.get("metric", "latency.mean")),
                    max_replications=cap if isinstance(cap, int) and cap >= 2 else 50)  # fmt: skip
    if data.get("kind") == GOAL and isinstance(data.get("vary"), str):
        path, _, span = data["vary"].partition("=")
        lo, _, hi = span.partition(":")
        try:
            return Spec(GOAL, path, lo=int(lo), hi=int(hi), until=str(data.get("until", "")),
                        replications=reps)  # fmt: skip
        except ValueError:
            return None
    return None


def _values_text(values: Any) -> str:
    """A saved value list as the dialog's text: `10,20,40` stays, [10, 20, 40] joins."""
    if isinstance(values, list):
        return ",".join(f"{v:g}" if is_number(v) else str(v) for v in values)
    return str(values)
