"""Load profiles: how fast a producer emits events over time.

`check_load` validates a file value; `LoadProfile` turns it into a rate function
`rate(t)` with a bound `peak` for thinning, which the engine and the designer's
preview plot share. `constant` is evenly spaced, `trace` with `mode: timestamps`
replays exact arrival times; everything else is a (non-homogeneous) Poisson process.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from simulator.model.limits import excerpt, read_capped
from simulator.model.params import check_range, is_number, type_name

# profile -> {key: (required, minimum, exclusive minimum)}
PROFILE_KEYS: dict[str, dict[str, tuple[bool, float | None, bool]]] = {
    "poisson": {"rate": (True, 0, False)},
    "constant": {"rate": (True, 0, True)},
    "spiky": {
        "rate": (True, 0, False),
        "spike_rate": (True, 0, False),
        "spike_every": (True, 0, True),
        "spike_duration": (True, 0, True),
    },
    "diurnal": {
        "rate": (True, 0, False),
        "amplitude": (True, 0, False),
        "period": (False, 0, True),
        "peak": (False, 0, False),
    },
    "ramp": {
        "rate": (True, 0, False),
        "end_rate": (True, 0, False),
        "ramp_time": (True, 0, True),
        "start": (False, 0, False),
    },
    "step": {"steps": (True, None, False)},
    "trace": {"file": (True, None, False), "mode": (False, None, False), "bin": (False, 0, True)},
}
TRACE_MODES = ("timestamps", "rates")
MAX_TRACE_BYTES = 50 * 1024 * 1024  # a trace file is read whole: at most 50 MB
MAX_TRACE_ROWS = 2_000_000  # values (timestamps or per-bin rates) in one trace


def check_load(value: Any) -> list[str]:
    """Problems of a load profile; nested messages start with `.key: `."""
    if not isinstance(value, dict):
        return [f"must be an object such as {{profile: poisson, rate: 50}}, got {type_name(value)}"]
    name = value.get("profile")
    if not isinstance(name, str) or name not in PROFILE_KEYS:
        return [f".profile: must be one of {', '.join(PROFILE_KEYS)}, got {name!r}"]
    spec = PROFILE_KEYS[name]
    problems = [
        f": unknown key {k!r} for profile {name}" for k in value if k not in {"profile", *spec}
    ]
    for key, (required, minimum, exclusive) in spec.items():
        if key not in value:
            if required:
                problems.append(f": missing key {key!r} for profile {name}")
            continue
        problems += [f".{key}: {m}" for m in _check_key(name, key, value[key], minimum, exclusive)]
    if not problems:
        problems += _check_relations(name, value)
    return problems


def _check_key(profile: str, key: str, v: Any, minimum: float | None, excl: bool) -> list[str]:
    if key == "steps":
        return _check_steps(v)
    if key == "file":
        if not isinstance(v, str) or not v:
            return [f"must be a file path, got {type_name(v)}"]
        return trace_path_problems(v)
    if key == "mode":
        return [] if v in TRACE_MODES else [f"must be one of {', '.join(TRACE_MODES)}, got {v!r}"]
    if not is_number(v):
        return [f"must be a number, got {type_name(v)}"]
    return check_range(v, minimum, None, excl)


def _check_steps(steps: Any) -> list[str]:
    if not isinstance(steps, list) or not steps:
        return ["must be a non-empty list of [time, rate] pairs"]
    problems: list[str] = []
    last = -math.inf
    for i, step in enumerate(steps):
        ok = isinstance(step, list) and len(step) == 2 and all(is_number(x) for x in step)
        if not ok:
            problems.append(f"[{i}]: must be a [time, rate] pair of numbers")
        elif step[0] < 0 or step[1] < 0:
            problems.append(f"[{i}]: time and rate must be >= 0, got {step}")
        elif step[0] <= last:
            problems.append(f"[{i}]: times must increase, got {step[0]} after {last}")
        else:
            last = step[0]
    return problems


def _check_relations(name: str, v: dict[str, Any]) -> list[str]:
    if name == "spiky" and v["spike_duration"] >= v["spike_every"]:
        every, length = v["spike_every"], v["spike_duration"]
        return [f".spike_duration: must be < spike_every ({every}), got {length}"]
    if name == "diurnal" and v["amplitude"] > v["rate"]:
        return [f".amplitude: must be <= rate ({v['rate']}) so the rate never goes negative"]
    return []


@dataclass
class LoadProfile:
    """A parsed load profile: a rate function and its upper bound."""

    name: str
    rate: Callable[[float], float]
    peak: float
    evenly_spaced: bool = False
    timestamps: list[float] = field(default_factory=list)

    @classmethod
    def parse(cls, value: dict[str, Any], base_dir: Path | None = None) -> LoadProfile:
        """Build from a validated file value; trace files are read relative to `base_dir`."""
        builder = _BUILDERS[value["profile"]]
        return builder(value, base_dir or Path.cwd())

    def mean_rate(self, duration: float, samples: int = 2000) -> float:
        """The average rate over [0, duration] (numeric integration)."""
        if self.timestamps:
            return sum(1 for t in self.timestamps if t < duration) / duration if duration else 0.0
        step = duration / samples
        return sum(self.rate((i + 0.5) * step) for i in range(samples)) / samples


def _poisson(v: dict[str, Any], _: Path) -> LoadProfile:
    rate = float(v["rate"])
    return LoadProfile("poisson", lambda t: rate, rate)


def _constant(v: dict[str, Any], _: Path) -> LoadProfile:
    rate = float(v["rate"])
    return LoadProfile("constant", lambda t: rate, rate, evenly_spaced=True)


def _spiky(v: dict[str, Any], _: Path) -> LoadProfile:
    base, spike = float(v["rate"]), float(v["spike_rate"])
    every, length = float(v["spike_every"]), float(v["spike_duration"])

    def rate(t: float) -> float:
        return spike if t >= every and (t % every) < length else base

    return LoadProfile("spiky", rate, max(base, spike))


def _diurnal(v: dict[str, Any], _: Path) -> LoadProfile:
    mean, amp = float(v["rate"]), float(v["amplitude"])
    period, peak = float(v.get("period", 86400)), float(v.get("peak", 0))

    def rate(t: float) -> float:
        return mean + amp * math.cos(2 * math.pi * (t - peak) / period)

    return LoadProfile("diurnal", rate, mean + amp)


def _ramp(v: dict[str, Any], _: Path) -> LoadProfile:
    r0, r1 = float(v["rate"]), float(v["end_rate"])
    start, length = float(v.get("start", 0)), float(v["ramp_time"])

    def rate(t: float) -> float:
        frac = min(1.0, max(0.0, (t - start) / length))
        return r0 + (r1 - r0) * frac

    return LoadProfile("ramp", rate, max(r0, r1))


def _step(v: dict[str, Any], _: Path) -> LoadProfile:
    steps = [(float(t), float(r)) for t, r in v["steps"]]

    def rate(t: float) -> float:
        current = 0.0
        for start, r in steps:
            if t < start:
                break
            current = r
        return current

    return LoadProfile("step", rate, max(r for _, r in steps))


def trace_path_problems(name: str) -> list[str]:
    """Why a trace `file:` may not be read: it must stay inside the topology's folder."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or PureWindowsPath(name).drive or ".." in path.parts:
        return [
            f"must be a path relative to the topology's folder, without '..', got {excerpt(name)}"
        ]
    return []


def _trace(v: dict[str, Any], base_dir: Path) -> LoadProfile:
    problems = trace_path_problems(v["file"])
    if problems:
        raise ValueError(f"trace file: {problems[0]}")
    folder = base_dir.resolve()
    path = (folder / v["file"]).resolve()
    if not path.is_relative_to(folder):  # a symbolic link out of the folder
        raise ValueError(f"trace file {v['file']}: leads outside the topology's folder")
    values = read_trace_column(path)
    if v.get("mode", "timestamps") == "timestamps":
        times = sorted(values)
        return LoadProfile("trace", lambda t: 0.0, 0.0, timestamps=times)
    width = float(v.get("bin", 1.0))

    def rate(t: float) -> float:
        i = int(t // width)
        return values[i] if 0 <= i < len(values) else 0.0

    return LoadProfile("trace", rate, max(values, default=0.0))


def read_trace_column(path: Path) -> list[float]:
    """Read the first numeric column of a CSV file (a header row is skipped).

    The file must be a regular file of at most MAX_TRACE_BYTES with at most MAX_TRACE_ROWS
    values, each a finite number >= 0; errors name the file and row, quoting at most a
    short escaped excerpt of the offending value (never a whole line of the file).
    """
    try:
        text = read_capped(path, MAX_TRACE_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"trace file {path.name}: not UTF-8 text") from None
    except ValueError as exc:
        raise ValueError(f"trace file {path.name}: {exc}") from None
    numbers: list[float] = []
    for lineno, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if not row or not row[0].strip():
            continue
        value = duration_cell(row[0], f"trace file {path.name}", lineno)
        if value is None:
            continue  # header
        numbers.append(value)
        if len(numbers) > MAX_TRACE_ROWS:
            raise ValueError(f"trace file {path.name}: more than {MAX_TRACE_ROWS:,} rows")
    return numbers


_BUILDERS: dict[str, Callable[[dict[str, Any], Path], LoadProfile]] = {
    "poisson": _poisson,
    "constant": _constant,
    "spiky": _spiky,
    "diurnal": _diurnal,
    "ramp": _ramp,
    "step": _step,
    "trace": _trace,
}


def describe(value: dict[str, Any]) -> str:
    """A short summary such as `poisson 50/s` for labels."""
    name = value.get("profile", "?")
    if name == "spiky":
        return f"spiky {value['rate']:g}/s, {value['spike_rate']:g}/s spikes"
    if name in ("poisson", "constant", "diurnal"):
        return f"{name} {value['rate']:g}/s"
    if name == "ramp":
        return f"ramp {value['rate']:g}->{value['end_rate']:g}/s"
    return name


def duration_cell(cell: str, where: str, lineno: int) -> float | None:
    """A file cell as a finite number >= 0; None for a header (text in row 1). Errors name
    `where` and the row and quote at most a short escaped excerpt of the cell."""
    try:
        value = float(cell)
    except ValueError:
        if lineno == 1:
            return None
        raise ValueError(f"{where}, row {lineno}: not a number: {excerpt(cell, 20)}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(
            f"{where}, row {lineno}: must be a finite number >= 0, got {excerpt(cell, 20)}"
        )
    return value


__all__ = ["PROFILE_KEYS", "TRACE_MODES", "LoadProfile", "check_load", "describe"]
