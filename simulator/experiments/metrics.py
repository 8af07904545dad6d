"""Metrics of a replication: every number of the run's `--json` output, flattened with dots.

`flatten(result)` turns `{"latency": {"mean": 1.2}, "nodes": {"pay": {"utilization": 0.8}}}`
into `{"latency.mean": 1.2, "nodes.pay.utilization": 0.8}`; `aggregate` gives each metric's
mean and 95% Student t half-width across replications (None with a single replication).
The seed is an input, not an outcome, and is left out; booleans and text are not numbers.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from simulator.engine.replications import interval

SKIPPED = ("seed",)
Metrics = dict[str, float]
Interval = dict[str, float | None]
_TARGET = re.compile(r"^\s*([^<>=\s]+)\s*(<=|>=)\s*([-+0-9.eE]+)\s*$")
_COMPARE: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, ">=": operator.ge}


def flatten(result: Mapping[str, Any], prefix: str = "") -> Metrics:
    """Every number in `result` (nested dicts), keyed by its dotted path."""
    out: Metrics = {}
    for key, value in result.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, path + "."))
        elif isinstance(value, int | float) and not isinstance(value, bool) and path not in SKIPPED:
            out[path] = float(value)
    return out


def aggregate(rows: list[Metrics]) -> dict[str, Interval]:
    """Mean and 95% half-width of each metric present in every row, in first-row order."""
    if not rows:
        return {}
    keys = [k for k in rows[0] if all(k in row for row in rows)]
    return {key: summary([row[key] for row in rows]) for key in keys}


def summary(values: list[float]) -> Interval:
    """{"mean": m, "half_width": h}; h is None for one value (no interval)."""
    mean, half = interval(values)
    return {"mean": round(mean, 6), "half_width": None if math.isnan(half) else round(half, 6)}


def unknown_metric(name: str, known: Mapping[str, Any]) -> str:
    """The message for a metric name the run does not report, with close names."""
    stem = name.split(".")[0]
    close = [k for k in known if k.startswith(stem)][:8] or list(known)[:8]
    return f"the run reports no metric {name!r}; for example: {', '.join(close)}"


class Target:
    """`METRIC<=X` or `METRIC>=X`: what a goal seek must meet, and how to judge it."""

    def __init__(self, text: str):
        match = _TARGET.match(text)
        if not match:
            raise ValueError(
                f"expected METRIC<=X or METRIC>=X such as latency.p99<=2, got {text!r}"
            )
        self.metric, self.op = match.group(1), match.group(2)
        try:
            self.bound = float(match.group(3))
        except ValueError:
            raise ValueError(f"{match.group(3)!r} is not a number") from None

    def met(self, value: Interval) -> bool:
        """True when the interval's far side meets the bound (the mean alone, without one)."""
        mean = value["mean"]
        assert mean is not None
        half = value["half_width"] or 0.0
        far = mean + half if self.op == "<=" else mean - half
        return _COMPARE[self.op](far, self.bound)

    def __str__(self) -> str:
        return f"{self.metric}{self.op}{self.bound:g}"


__all__ = ["Interval", "Metrics", "Target", "aggregate", "flatten", "summary", "unknown_metric"]
