"""Metrics: the run's JSON flattened with dots, intervals across replications, targets."""

from __future__ import annotations

import pytest

from simulator.experiments import Target, aggregate, flatten


def test_flatten_keeps_every_number_with_its_dotted_path() -> None:
    """Nested numbers get dotted names; text, booleans and the seed are not metrics."""
    result = {
        "name": "x",
        "seed": 4,
        "latency": {"mean": 1.5},
        "nodes": {"pay": {"kind": "consumer", "utilization": 0.5}},
        "ledger": {"balanced": True, "created": 10},
    }
    assert flatten(result) == {
        "latency.mean": 1.5,
        "nodes.pay.utilization": 0.5,
        "ledger.created": 10.0,
    }


def test_aggregate_gives_student_t_intervals() -> None:
    """Three replications 1, 2, 3: mean 2, half-width t(0.975, 2) * 1 / sqrt(3)."""
    out = aggregate([{"m": 1.0}, {"m": 2.0}, {"m": 3.0}])
    assert out["m"]["mean"] == 2.0
    assert out["m"]["half_width"] == pytest.approx(4.303 / 3**0.5, abs=1e-6)


def test_a_single_replication_has_no_interval() -> None:
    """One replication: the mean, and None for the half-width."""
    assert aggregate([{"m": 1.0}]) == {"m": {"mean": 1.0, "half_width": None}}


def test_a_target_is_met_only_by_the_far_side_of_the_interval() -> None:
    """`<=`: mean + half must be within the bound; `>=`: mean - half."""
    assert Target("latency.p99<=2").met({"mean": 1.5, "half_width": 0.4})
    assert not Target("latency.p99<=2").met({"mean": 1.5, "half_width": 0.6})
    assert Target("events.completed >= 100").met({"mean": 120, "half_width": 10})
    assert not Target("events.completed>=100").met({"mean": 105, "half_width": 10})


@pytest.mark.parametrize("text", ["latency.p99<2", "latency.p99", "<=3", "x<=abc"])
def test_bad_targets_are_refused(text: str) -> None:
    """A target must be METRIC<=X or METRIC>=X."""
    with pytest.raises(ValueError):
        Target(text)
