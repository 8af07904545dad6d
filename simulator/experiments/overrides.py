"""What an experiment varies: paths such as `payments.concurrency`, their values, the grid.

A path is `NODE_ID.param` (a numeric parameter of a node), `NODE_ID.load.KEY` (a number
in a producer's load profile, such as `rate`) or `scenario.duration`. Values are a comma
list (`10,20,40`) or a range `LO:HI:STEP` (HI included when a step lands on it).
`apply(topology, overrides)` returns a changed copy, checked by the model's rules so a
value out of range is refused with the message the file reader would give.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from simulator.model import Problem, Topology, TopologyError, is_number, problems

MAX_POINTS = 10_000  # a grid larger than this is refused (a typo in a range, most likely)
SCENARIO_PATHS = ("scenario.duration",)

Value = int | float


@dataclass(frozen=True)
class Setting:
    """One `--set PATH=VALUES`: the path and the values it takes."""

    path: str
    values: tuple[Value, ...]


def _number(text: str, where: str) -> Value:
    try:
        value: Value = int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            raise _error(f"{text!r} is not a number", where) from None
    if not math.isfinite(value):
        raise _error(f"{text!r} is not a finite number", where)
    return value


def _error(message: str, where: str) -> TopologyError:
    return TopologyError([Problem(message, where)])


def parse_values(text: str, where: str = "--set") -> tuple[Value, ...]:
    """`10,20,40` or `LO:HI:STEP` as numbers (ints when every piece is an int)."""
    text = text.strip()
    if ":" in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise _error(f"a range is LO:HI:STEP, got {text!r}", where)
        lo, hi, step = (_number(p.strip(), where) for p in parts)
        if step <= 0 or hi < lo:
            raise _error(f"a range needs LO <= HI and STEP > 0, got {text!r}", where)
        count = math.floor((hi - lo) / step + 1e-9) + 1
        if count > MAX_POINTS:
            raise _error(f"the range {text!r} has {count} values (at most {MAX_POINTS})", where)
        exact = all(isinstance(v, int) for v in (lo, hi, step))
        return tuple(lo + i * step if exact else round(lo + i * step, 12) for i in range(count))
    pieces = [p.strip() for p in text.split(",")]
    if not all(pieces):
        raise _error(f"values are a comma list such as 10,20,40, got {text!r}", where)
    return tuple(_number(p, where) for p in pieces)


def parse_setting(text: str, where: str = "--set") -> Setting:
    """`PATH=VALUES` as a Setting (the path is checked against a topology by `resolve`)."""
    path, sep, values = text.partition("=")
    if not sep or not path.strip():
        raise _error(
            f"expected PATH=VALUES such as payments.concurrency=10,20, got {text!r}", where
        )
    return Setting(path.strip(), parse_values(values, f"{where} {path.strip()}"))


def grid(settings: list[Setting]) -> list[dict[str, Value]]:
    """Every combination of the settings' values, the first setting varying slowest."""
    paths = [s.path for s in settings]
    if len(set(paths)) != len(paths):
        raise _error("each PATH may be set once", "--set")
    size = math.prod(len(s.values) for s in settings)
    if size > MAX_POINTS:
        raise _error(f"the grid has {size} points (at most {MAX_POINTS})", "--set")
    combos = itertools.product(*(s.values for s in settings))
    return [dict(zip(paths, combo, strict=True)) for combo in combos]


def resolve(topology: Topology, path: str) -> tuple[str, str, str | None]:
    """(node id or `scenario`, parameter, load key or None) of a path; TopologyError if unknown."""
    if path in SCENARIO_PATHS:
        return "scenario", path.split(".", 1)[1], None
    ids = sorted((n.id for n in topology.nodes if path.startswith(n.id + ".")), key=len)
    for node_id in reversed(ids):  # node ids may hold dots: the longest that fits wins
        rest = path[len(node_id) + 1 :]
        node = topology.node(node_id)
        if rest.startswith("load.") and node.spec.param("load") is not None:
            return node_id, "load", rest[len("load.") :]
        param = node.spec.param(rest)
        if param is not None:
            if param.type not in ("int", "number"):
                raise _error(f"{node.kind} parameter {rest!r} is not a number", path)
            return node_id, rest, None
    if ids:
        node = topology.node(ids[-1])
        names = [p.name for p in node.spec.params if p.type in ("int", "number")]
        if node.spec.param("load") is not None:
            names.append("load.rate")
        raise _error(f"{node.kind} {node.id!r} has no such number; try {', '.join(names)}", path)
    return _unknown(topology, path)


def _unknown(topology: Topology, path: str) -> tuple[str, str, str | None]:
    ids = ", ".join(n.id for n in topology.nodes[:12])
    raise _error(f"no node or scenario value of that name (nodes: {ids})", path)


def apply(topology: Topology, overrides: Mapping[str, Value]) -> Topology:
    """A copy of `topology` with the overrides set; TopologyError when a value is refused."""
    changed = topology.frozen()
    for path, value in overrides.items():
        if not is_number(value):
            raise _error(f"must be a number, got {value!r}", path)
        owner, name, key = resolve(changed, path)
        if owner == "scenario":
            setattr(changed.scenario, name, float(value))
            continue
        node = changed.node(owner)
        if key is None:
            node.params[name] = value
            continue
        load = dict(node.get("load"))
        if key not in load:
            profile = load.get("profile")
            raise _error(f"the {profile} load profile has no {key!r}", path)
        load[key] = value
        node.params["load"] = load
    found = problems(changed)
    if found:
        where = ", ".join(f"{p}={v}" for p, v in overrides.items())
        raise TopologyError([Problem(f"with {where}: {p.message}", p.path) for p in found])
    return changed


__all__ = [
    "MAX_POINTS",
    "Setting",
    "Value",
    "apply",
    "grid",
    "parse_setting",
    "parse_values",
    "resolve",
]
