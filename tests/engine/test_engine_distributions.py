"""The heavy-tailed and multi-modal service-time families (issue 15): gamma, weibull,
pareto sample with the documented means, validate their keys and run in the engine."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.engine.rng import sampler
from simulator.model.distributions import Distribution, check_distribution, describe

CASES = [
    ({"dist": "gamma", "mean": 2.0, "sd": 3.0}, 2.0, 3.0),
    ({"dist": "weibull", "shape": 0.7, "scale": 1.0}, math.gamma(1 + 1 / 0.7), None),
    ({"dist": "pareto", "shape": 3.0, "scale": 0.5}, 0.75, math.sqrt(0.5**2 * 3 / (2**2 * 1))),
]


@pytest.mark.parametrize(("value", "mean", "sd"), CASES, ids=lambda v: str(v)[:20])
def test_sample_moments_match(value: dict, mean: float, sd: float | None) -> None:
    """Block samples (the engine's) and single samples have the family's mean (and sd)."""
    dist = Distribution.parse(value)
    assert check_distribution(value) == []
    assert math.isclose(dist.mean, mean, rel_tol=1e-9)
    draw = sampler(dist, np.random.default_rng(5))
    block = np.array([draw() for _ in range(200_000)])
    assert block.min() >= 0
    assert math.isclose(block.mean(), mean, rel_tol=0.03)
    if sd is not None:
        assert math.isclose(block.std(), sd, rel_tol=0.1)
    rng = np.random.default_rng(6)
    single = np.array([dist.sample(rng) for _ in range(50_000)])
    assert math.isclose(single.mean(), mean, rel_tol=0.05)


def test_pareto_minimum_is_its_scale_and_tail_is_heavy() -> None:
    """Pareto type I never draws below its scale; shape <= 1 has no finite mean."""
    draw = sampler(
        Distribution.parse({"dist": "pareto", "shape": 1.5, "scale": 2.0}), np.random.default_rng(1)
    )
    values = [draw() for _ in range(10_000)]
    assert min(values) >= 2.0 and max(values) > 100.0
    assert Distribution.parse({"dist": "pareto", "shape": 1.0, "scale": 1.0}).mean == math.inf


def test_bad_keys_are_named() -> None:
    """Non-positive shape or scale are refused with the key named."""
    assert check_distribution({"dist": "weibull", "shape": 0, "scale": 1})[0].startswith(".shape")
    assert (
        check_distribution({"dist": "gamma", "mean": 1})[0] == ": missing key 'sd' for dist gamma"
    )
    assert describe({"dist": "pareto", "shape": 2, "scale": 0.1}) == "pare(k=2, 0.1s)"


def test_heavy_tailed_variances_match_their_samples() -> None:
    """The variance the inspector previews for gamma, weibull and pareto is the samples'."""
    import numpy as np

    from simulator.model.distributions import Distribution

    rng = np.random.default_rng(5)
    for value in (
        {"dist": "gamma", "mean": 1.0, "sd": 2.0},
        {"dist": "weibull", "shape": 1.5, "scale": 2.0},
        {"dist": "pareto", "shape": 4.5, "scale": 1.0},
    ):
        dist = Distribution.parse(value)
        samples = np.array([dist.sample(rng) for _ in range(200_000)])
        assert abs(samples.var() / dist.variance - 1.0) < 0.05, value
