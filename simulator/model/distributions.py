"""Distributions of durations (service times, latencies, cold starts).

Families: constant, exponential, uniform, normal (truncated at 0), lognormal and gamma
(by mean and sd), weibull (shape k, scale), pareto (type I: shape alpha, minimum scale;
heavy-tailed, no finite mean for alpha <= 1), hyperexponential (`probs`, `means`: phase i,
drawn with probability probs[i], is exponential with mean means[i]; a multi-modal or
high-variance mix) and empirical (`file` of measured durations, optional `column` and
`unit`; draws the file's values with their frequencies: `samples.py`).

In a file a distribution is a bare number (constant) or an object such as
`{dist: exponential, mean: 0.2}`. The model keeps that plain value; `Distribution`
is the parsed, sampling form the engine uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.model.params import check_range, is_number, type_name
from simulator.model.samples import read_samples, sample_file_problems

if TYPE_CHECKING:
    import numpy as np

# name -> (required keys, optional keys)
DIST_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "constant": (("value",), ()),
    "exponential": (("mean",), ()),
    "uniform": (("low", "high"), ()),
    "normal": (("mean", "sd"), ()),
    "lognormal": (("mean", "sd"), ()),
    "gamma": (("mean", "sd"), ()),
    "weibull": (("shape", "scale"), ()),
    "pareto": (("shape", "scale"), ()),
    "hyperexponential": (("probs", "means"), ()),
    "empirical": (("file",), ("column", "unit")),
}
LIST_KEYS = {"probs", "means"}  # hyperexponential: lists of numbers, one per phase
TEXT_KEYS = {"file", "column", "unit"}  # empirical: checked by samples.py
MAX_PHASES = 10
POSITIVE = {  # keys that must be > 0
    ("exponential", "mean"),
    ("lognormal", "mean"),
    ("gamma", "mean"),
    ("gamma", "sd"),
    ("weibull", "shape"),
    ("weibull", "scale"),
    ("pareto", "shape"),
    ("pareto", "scale"),
}


def check_distribution(value: Any) -> list[str]:
    """Problems of a distribution value; nested messages start with `.key: `."""
    if is_number(value):
        return check_range(value, 0, None)
    if not isinstance(value, dict):
        return [f"must be a number or a distribution object, got {type_name(value)}"]
    name = value.get("dist")
    if not isinstance(name, str) or name not in DIST_KEYS:
        known = ", ".join(DIST_KEYS)
        return [f".dist: must be one of {known}, got {name!r}"]
    required, optional = DIST_KEYS[name]
    problems = [
        f": unknown key {k!r} for dist {name}"
        for k in value
        if k not in {"dist", *required, *optional}
    ]
    for key in required:
        if key not in value:
            problems.append(f": missing key {key!r} for dist {name}")
        elif key in LIST_KEYS or key in TEXT_KEYS:
            continue  # checked below
        elif not is_number(value[key]):
            problems.append(f".{key}: must be a number, got {type_name(value[key])}")
        else:
            positive = (name, key) in POSITIVE
            problems += [f".{key}: {m}" for m in check_range(value[key], 0, None, positive)]
    if not problems and name == "uniform" and value["low"] > value["high"]:
        problems.append(f".high: must be >= low ({value['low']}), got {value['high']}")
    if not problems and name == "hyperexponential":
        problems += _phase_problems(value["probs"], value["means"])
    if not problems and name == "empirical":
        problems += sample_file_problems(value["file"], value.get("column"), value.get("unit"))
    return problems


def _phase_problems(probs: Any, means: Any) -> list[str]:
    """Hyperexponential phases: probabilities summing to 1 and positive means, paired."""
    problems = []
    for key, items in (("probs", probs), ("means", means)):
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_PHASES:
            problems.append(f".{key}: must be a list of 1 to {MAX_PHASES} numbers")
        elif not all(is_number(x) for x in items):
            problems.append(f".{key}: must hold only numbers")
    if problems:
        return problems
    if len(probs) != len(means):
        return [f".means: must have one mean per probability ({len(probs)}), got {len(means)}"]
    for i, p in enumerate(probs):
        problems += [f".probs[{i}]: {m}" for m in check_range(p, 0, 1)]
    for i, mean in enumerate(means):
        problems += [f".means[{i}]: {m}" for m in check_range(mean, 0, None, True)]
    if not problems and not math.isclose(sum(probs), 1.0, abs_tol=1e-6):
        problems.append(f".probs: must add up to 1, got {sum(probs):g}")
    return problems


@dataclass(frozen=True)
class Distribution:
    """A parsed distribution that draws non-negative samples."""

    name: str
    a: float = 0.0
    b: float = 0.0
    probs: tuple[float, ...] = ()  # hyperexponential: phase probabilities
    values: tuple[float, ...] = ()  # hyperexponential: phase means; empirical: the samples

    @classmethod
    def parse(cls, value: Any, base_dir: Path | None = None) -> Distribution:
        """Build from a validated file value (None means always 0).

        An empirical file is read relative to `base_dir`, else the folder set by
        `samples.files_relative_to`, else the working directory (ValueError naming it).
        """
        if value is None:
            return cls("constant", 0.0)
        if is_number(value):
            return cls("constant", float(value))
        name = value["dist"]
        if name == "constant":
            return cls(name, float(value["value"]))
        if name == "exponential":
            return cls(name, float(value["mean"]))
        if name == "uniform":
            return cls(name, float(value["low"]), float(value["high"]))
        if name == "normal":
            return cls(name, float(value["mean"]), float(value["sd"]))
        if name in ("weibull", "pareto"):
            return cls(name, float(value["shape"]), float(value["scale"]))
        if name == "hyperexponential":
            probs = tuple(float(p) for p in value["probs"])
            return cls(name, probs=probs, values=tuple(float(m) for m in value["means"]))
        if name == "empirical":
            samples = read_samples(value["file"], value.get("column"), value.get("unit"), base_dir)
            return cls(name, values=samples)
        if name == "gamma":  # shape k = (mean/sd)^2, scale = sd^2/mean
            mean, sd = float(value["mean"]), float(value["sd"])
            return cls(name, (mean / sd) ** 2, sd * sd / mean)
        mean, sd = float(value["mean"]), float(value["sd"])
        sigma2 = math.log(1.0 + (sd / mean) ** 2)
        return cls(name, math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2))

    @property
    def is_zero(self) -> bool:
        """True when every sample is 0 (lets the engine skip a timeout)."""
        return self.name == "constant" and self.a == 0.0

    @property
    def mean(self) -> float:
        """The mean of the distribution (normal: of the untruncated variable)."""
        if self.name == "uniform":
            return (self.a + self.b) / 2.0
        if self.name == "lognormal":
            return math.exp(self.a + self.b * self.b / 2.0)
        if self.name == "gamma":
            return self.a * self.b
        if self.name == "weibull":
            return self.b * math.gamma(1.0 + 1.0 / self.a)
        if self.name == "pareto":  # type I, minimum `scale`; no finite mean at shape <= 1
            return self.a * self.b / (self.a - 1.0) if self.a > 1.0 else math.inf
        if self.name == "hyperexponential":
            return math.fsum(p * m for p, m in zip(self.probs, self.values, strict=True))
        if self.name == "empirical":
            return math.fsum(self.values) / len(self.values)
        return self.a

    @property
    def variance(self) -> float:
        """The variance of a heavy-tailed or multi-modal family: gamma, weibull, pareto (inf
        at shape <= 2), hyperexponential, empirical (others: nan)."""
        if self.name == "gamma":
            return self.a * self.b * self.b
        if self.name == "weibull":
            first, second = math.gamma(1.0 + 1.0 / self.a), math.gamma(1.0 + 2.0 / self.a)
            return self.b * self.b * (second - first * first)
        if self.name == "pareto":
            a = self.a
            return self.b * self.b * a / ((a - 1.0) ** 2 * (a - 2.0)) if a > 2.0 else math.inf
        if self.name == "hyperexponential":  # E[X^2] = sum p_i 2 m_i^2
            second = math.fsum(
                2.0 * p * m * m for p, m in zip(self.probs, self.values, strict=True)
            )
            return second - self.mean**2
        if self.name == "empirical":
            mean = self.mean
            return math.fsum((x - mean) ** 2 for x in self.values) / len(self.values)
        return math.nan

    def sample(self, rng: np.random.Generator) -> float:
        """Draw one sample (normal is truncated at 0)."""
        name = self.name
        if name == "constant":
            return self.a
        if name == "exponential":
            return rng.exponential(self.a)
        if name == "uniform":
            return rng.uniform(self.a, self.b)
        if name == "normal":
            return max(0.0, rng.normal(self.a, self.b))
        if name == "gamma":
            return rng.gamma(self.a, self.b)
        if name == "weibull":
            return self.b * rng.weibull(self.a)
        if name == "pareto":
            return self.b * (1.0 + rng.pareto(self.a))
        if name == "hyperexponential":
            return rng.exponential(self.values[rng.choice(len(self.probs), p=self.probs)])
        if name == "empirical":
            return self.values[rng.integers(len(self.values))]
        return rng.lognormal(self.a, self.b)


def describe(value: Any) -> str:
    """A short human summary such as `exp(0.2s)` for labels and tables."""
    if value is None:
        return "0"
    if is_number(value):
        return f"{value:g}s"
    name = value["dist"]
    if name == "constant":
        return f"{value['value']:g}s"
    if name == "exponential":
        return f"exp({value['mean']:g}s)"
    if name == "uniform":
        return f"U({value['low']:g}-{value['high']:g}s)"
    if name in ("weibull", "pareto"):
        return f"{name[:4]}(k={value['shape']:g}, {value['scale']:g}s)"
    if name == "hyperexponential":
        return f"hyperexp({len(value['means'])} phases)"
    if name == "empirical":
        return f"empirical({value['file']})"
    return f"{name[:4]}({value['mean']:g}±{value['sd']:g}s)"


__all__ = ["DIST_KEYS", "Distribution", "check_distribution", "describe"]
