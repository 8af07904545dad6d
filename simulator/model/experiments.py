"""Experiments saved with a design (`experiments:` in the file, optional).

Each entry is what the designer's Experiments panel (or a person) set up, so it can be
rerun: a sweep `{kind: sweep, set: {PATH: VALUES}, replications: R}` (VALUES as on the
command line, `10,20,40` or `LO:HI:STEP`, or a list of numbers; or, instead of a fixed
count, `target_ci: REL` with optional `metric` and `max_replications`, as `sweep
--target-ci`) or a goal seek
`{kind: goal, vary: PATH=LO:HI, until: METRIC<=X, replications: R}`; `name` is optional.
Paths are checked against the design when the experiment runs (a node may be renamed).
"""

from __future__ import annotations

import re
from typing import Any

from simulator.model.params import is_number, type_name

EXPERIMENT_KINDS = ("sweep", "goal")
EXPERIMENT_KEYS = {
    "sweep": ("kind", "name", "set", "replications", "target_ci", "metric", "max_replications"),
    "goal": ("kind", "name", "vary", "until", "replications"),
}
MAX_EXPERIMENTS = 100
_VARY = re.compile(r"^[^=\s]+=-?\d+:-?\d+$")
_UNTIL = re.compile(r"^[^<>=\s]+\s*(<=|>=)\s*[-+0-9.eE]+$")


def check_experiments(value: Any) -> list[str]:
    """Problems of the `experiments` list; messages start with `[i]` or `[i].key`."""
    if not isinstance(value, list):
        return [f"must be a list, got {type_name(value)}"]
    if len(value) > MAX_EXPERIMENTS:
        return [f"at most {MAX_EXPERIMENTS} experiments, got {len(value)}"]
    return [f"[{i}]{m}" for i, entry in enumerate(value) for m in _entry(entry)]


def _entry(entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return [f": must be an object, got {type_name(entry)}"]
    kind = entry.get("kind")
    if kind not in EXPERIMENT_KINDS:
        return [f".kind: must be one of {', '.join(EXPERIMENT_KINDS)}, got {kind!r}"]
    problems = [f".{k}: unknown key" for k in entry if k not in EXPERIMENT_KEYS[kind]]
    if "name" in entry and not isinstance(entry["name"], str):
        problems.append(f".name: must be a string, got {type_name(entry['name'])}")
    reps = entry.get("replications", 1)
    if not (isinstance(reps, int) and not isinstance(reps, bool) and 1 <= reps <= 10_000):
        problems.append(f".replications: must be an integer from 1 to 10000, got {reps!r}")
    if kind == "sweep":
        problems += _set(entry.get("set")) + _precision(entry)
    else:
        vary, until = entry.get("vary"), entry.get("until")
        if not (isinstance(vary, str) and _VARY.match(vary)):
            problems.append(f".vary: must be PATH=LO:HI such as pay.concurrency=1:64, got {vary!r}")
        if not (isinstance(until, str) and _UNTIL.match(until)):
            problems.append(f".until: must be METRIC<=X or METRIC>=X, got {until!r}")
    return problems


def _precision(entry: dict[str, Any]) -> list[str]:
    """`target_ci` (a relative half-width), `metric` and `max_replications` of a sweep."""
    problems = []
    target = entry.get("target_ci", 0.05)
    if not (is_number(target) and 0 < target < 1):
        problems.append(f".target_ci: must be a number above 0 and below 1, got {target!r}")
    metric = entry.get("metric", "latency.mean")
    if not (isinstance(metric, str) and re.fullmatch(r"[^<>=\s]+", metric)):
        problems.append(f".metric: must be a metric name such as latency.mean, got {metric!r}")
    cap = entry.get("max_replications", 50)
    if not (isinstance(cap, int) and not isinstance(cap, bool) and 2 <= cap <= 10_000):
        problems.append(f".max_replications: must be an integer from 2 to 10000, got {cap!r}")
    return problems


def _set(value: Any) -> list[str]:
    if not isinstance(value, dict) or not value:
        return [".set: must be an object of PATH: VALUES such as {pay.concurrency: 10,20,40}"]
    problems = []
    for path, values in value.items():
        text = isinstance(values, str) and bool(values.strip())
        numbers = isinstance(values, list) and bool(values) and all(map(is_number, values))
        if not (text or numbers):
            problems.append(f".set.{path}: must be a list of numbers or text such as 10,20,40")
    return problems


__all__ = ["EXPERIMENT_KINDS", "MAX_EXPERIMENTS", "check_experiments"]
