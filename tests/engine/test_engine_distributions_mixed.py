"""Hyperexponential and empirical service times: their moments and what they draw."""

from __future__ import annotations

import collections
from pathlib import Path

import numpy as np
import pytest

from simulator.engine.rng import sampler
from simulator.files import loads
from simulator.model.distributions import Distribution, check_distribution

HYPER = {"dist": "hyperexponential", "probs": [0.9, 0.1], "means": [0.1, 2.0]}


def _draws(value: dict, n: int, base_dir: Path | None = None) -> np.ndarray:
    draw = sampler(Distribution.parse(value, base_dir), np.random.default_rng(7))
    return np.array([draw() for _ in range(n)])


def test_hyperexponential_has_the_mixture_mean_and_variance() -> None:
    """Mean sum p_i m_i = 0.29 s; variance 2 sum p_i m_i^2 - mean^2 = 0.7339 s^2."""
    dist = Distribution.parse(HYPER)
    assert dist.mean == pytest.approx(0.29)
    assert dist.variance == pytest.approx(0.7339)
    draws = _draws(HYPER, 1_000_000)  # standard errors: 0.3% of the mean, ~1% of the variance
    assert draws.mean() == pytest.approx(0.29, rel=0.015)
    assert draws.var() == pytest.approx(0.7339, rel=0.05)


def test_hyperexponential_single_draws_match_the_blocks() -> None:
    """Distribution.sample (used by the analysis) has the same mean as the engine's blocks."""
    rng = np.random.default_rng(3)
    dist = Distribution.parse(HYPER)
    mean = np.mean([dist.sample(rng) for _ in range(50_000)])
    assert mean == pytest.approx(0.29, rel=0.03)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({**HYPER, "probs": [0.5, 0.6]}, ".probs: must add up to 1, got 1.1"),
        ({**HYPER, "means": [0.1]}, ".means: must have one mean per probability (2), got 1"),
        ({**HYPER, "means": [0.1, 0]}, ".means[1]: must be > 0, got 0"),
        ({**HYPER, "probs": [1.5, -0.5]}, ".probs[0]: must be <= 1, got 1.5"),
        ({**HYPER, "probs": "0.5"}, ".probs: must be a list of 1 to 10 numbers"),
        ({"dist": "empirical", "file": "/etc/passwd"}, ".file: must be a path relative"),
        ({"dist": "empirical", "file": "d.csv", "unit": "h"}, ".unit: must be one of s, ms"),
    ],
)
def test_bad_mixed_distributions_are_named(value: dict, message: str) -> None:
    """Each mistake names the key (and the phase) that is wrong."""
    assert any(p.startswith(message) for p in check_distribution(value))


def test_empirical_draws_only_file_values_with_their_frequencies(tmp_path: Path) -> None:
    """A file with 0.1 three times and 0.5 once: draws are those two values, 3:1."""
    (tmp_path / "d.csv").write_text("duration\n0.1\n0.1\n0.5\n0.1\n")
    draws = _draws({"dist": "empirical", "file": "d.csv"}, 40_000, tmp_path)
    counts = collections.Counter(draws.tolist())
    assert set(counts) == {0.1, 0.5}
    assert counts[0.1] / len(draws) == pytest.approx(0.75, abs=0.01)
    assert Distribution.parse({"dist": "empirical", "file": "d.csv"}, tmp_path).mean == 0.2


def test_empirical_reads_a_cloudwatch_column_in_milliseconds(tmp_path: Path) -> None:
    """A Logs Insights export: the `@duration` column, in ms, becomes seconds."""
    (tmp_path / "cw.csv").write_text("@timestamp,@duration\n2024-01-01 00:00:00,120\nx,80\n")
    value = {"dist": "empirical", "file": "cw.csv", "column": "@duration", "unit": "ms"}
    assert Distribution.parse(value, tmp_path).values == (0.12, 0.08)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.1\nabc\n", "empirical file d.csv, row 2: not a number: 'abc'"),
        ("0.1\n-2\n", "empirical file d.csv, row 2: must be a finite number >= 0, got '-2'"),
        ("duration\n", "empirical file d.csv: no durations in it"),
    ],
)
def test_bad_sample_files_name_file_and_row(tmp_path: Path, text: str, message: str) -> None:
    """A sample file that cannot be used is refused with its name and row."""
    (tmp_path / "d.csv").write_text(text)
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        Distribution.parse({"dist": "empirical", "file": "d.csv"}, tmp_path)


def test_a_run_reads_the_sample_file_next_to_the_topology(tmp_path: Path) -> None:
    """A consumer's empirical service time comes from the file beside the topology file:
    every event's latency is one of the file's values."""
    from simulator.engine import run
    from simulator.files import load

    (tmp_path / "d.csv").write_text("0.25\n0.75\n")
    (tmp_path / "t.yaml").write_text(
        "format: eventscape/topology\nversion: 1\nscenario: {duration: 100}\nnodes:\n"
        "  - {id: p, kind: producer, load: {profile: constant, rate: 1}}\n"
        "  - {id: c, kind: consumer, concurrency: 5,"
        " service_time: {dist: empirical, file: d.csv}}\n"
        "edges:\n  - {from: p, to: c}\n"
    )
    result = run(load(tmp_path / "t.yaml"))
    assert result.latency["p50"] == 0.25 and result.latency["max"] == 0.75
    assert result.latency["mean"] == pytest.approx(0.5, abs=0.1)


def test_a_missing_sample_file_is_a_clear_run_error(tmp_path: Path) -> None:
    """A run whose sample file is missing stops with a problem naming the node and file."""
    from simulator.engine import run
    from simulator.problems import TopologyError

    topo = loads(
        "format: eventscape/topology\nversion: 1\nnodes:\n"
        "  - {id: p, kind: producer, load: {profile: constant, rate: 1}}\n"
        "  - {id: c, kind: consumer, service_time: {dist: empirical, file: gone.csv}}\n"
        "edges:\n  - {from: p, to: c}\n"
    )
    topo.base_dir = tmp_path
    with pytest.raises(TopologyError) as info:
        run(topo)
    assert "gone.csv" in str(info.value.problems[0]) and "c" in str(info.value.problems[0])
