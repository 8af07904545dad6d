"""Run-length control: replications until precise, and the warm-up by MSER-5."""

from __future__ import annotations

import random

from experiment_topologies import mmc, mmc_file

from simulator.experiments import SerialRunner, mser5, until_precise
from simulator.experiments.runlength import next_count


def test_mser5_cuts_an_initial_transient() -> None:
    """A series that starts 50 high and decays over 100 observations, then noise around 10:
    MSER-5 drops about the transient, in whole batches of 5."""
    rng = random.Random(3)
    series = [10 + 50 * max(0.0, 1 - i / 100) + rng.gauss(0, 1) for i in range(600)]
    dropped = mser5(series)
    assert dropped % 5 == 0
    assert 80 <= dropped <= 130


def test_mser5_keeps_a_stationary_series() -> None:
    """Noise around a constant: nothing (or almost nothing) to drop."""
    rng = random.Random(4)
    assert mser5([5 + rng.gauss(0, 1) for _ in range(400)]) <= 20


def test_the_next_count_follows_the_square_root_law() -> None:
    """A half-width 1.25 times the target after 30 runs needs about 1.25^2 times as many (46
    with the t quantiles); growth is at most doubling, within the cap."""
    assert next_count(30, {"mean": 1.0, "half_width": 0.025}, 0.02, 100) == 46
    assert next_count(5, {"mean": 1.0, "half_width": 0.04}, 0.02, 50) == 10
    assert next_count(5, {"mean": 1.0, "half_width": 0.04}, 0.02, 7) == 7
    assert next_count(5, {"mean": 1.0, "half_width": None}, 0.02, 50) == 6


def test_replications_are_added_until_the_interval_is_narrow_enough() -> None:
    """M/M/1 at rho 0.5: the mean latency reaches a 5% half-width, and stops there."""
    found = until_precise(mmc(0.5), "latency.mean", 0.05, 100, SerialRunner(),
                          seed=1, options={"duration": 2000.0})  # fmt: skip
    assert found.met
    assert 5 < len(found.results) < 100
    assert found.seeds == list(range(1, len(found.results) + 1))
    metric = found.metric
    assert metric["half_width"] is not None and metric["mean"] is not None
    assert metric["half_width"] <= 0.05 * metric["mean"]


def test_the_cap_is_respected_and_reported() -> None:
    """A target too tight for the cap stops at the cap with met False."""
    found = until_precise(mmc(0.5), "latency.mean", 0.0001, 6, SerialRunner(),
                          seed=1, options={"duration": 200.0})  # fmt: skip
    assert not found.met
    assert len(found.results) == 6


def test_a_warmup_at_mser5_s_limit_is_flagged() -> None:
    """A series that keeps rising never settles: MSER-5 cuts half of it, as much as it may,
    and at_limit says so; a transient that ends early is not flagged."""
    from simulator.experiments.runlength import at_limit

    rising = [float(i) for i in range(200)]
    dropped = mser5(rising)
    assert dropped == 100 and at_limit(dropped, len(rising))
    settled = [10.0 * (0.9**i) + (i % 3) for i in range(200)]
    assert not at_limit(mser5(settled), len(settled))


def test_run_warns_when_the_auto_warmup_is_at_the_limit(tmp_path, capsys, monkeypatch) -> None:
    """When MSER-5 cuts as much as it may (half the series), run --warmup auto says the
    series did not settle and advises a longer run; otherwise it says nothing more."""

    from simulator.cli import main
    from simulator.experiments import runlength

    path = mmc_file(tmp_path, 1.0, 400)
    assert main(["run", path, "--warmup", "auto", "--json"]) == 0
    assert "did not settle" not in capsys.readouterr().err
    monkeypatch.setattr(runlength, "mser5", lambda series: (len(series) // 5 // 2) * 5)
    assert main(["run", path, "--warmup", "auto", "--json"]) == 0
    err = capsys.readouterr().err
    assert "did not settle" in err and "longer --duration" in err
