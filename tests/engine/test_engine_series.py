"""Time-series columns add up to the run's totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine import run
from simulator.files import load

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


@pytest.fixture(scope="module")
def shop():
    """The e-commerce example run for five minutes without warm-up (totals cover all)."""
    return run(load(EXAMPLES / "ecommerce.yaml"), duration=300, warmup=0)


@pytest.mark.parametrize("column", ["failures", "retries", "cold_starts"])
def test_interval_counts_sum_to_the_totals(shop, column: str) -> None:
    """Per-interval failures, retries and cold starts of a node sum to its run total."""
    for node_id, figures in shop.nodes.items():
        assert sum(shop.series[f"{node_id}.{column}"]) == figures[column], node_id


def test_queue_in_flight_is_sampled(shop) -> None:
    """A queue's in-flight column counts received, undeleted messages: at least those being
    processed, plus failed ones still invisible until their visibility timeout."""
    in_flight = shop.series["orders.in_flight"]
    busy = shop.series["payments.busy"]
    assert all(f >= b for f, b in zip(in_flight, busy, strict=True))
    assert max(f - b for f, b in zip(in_flight, busy, strict=True)) > 0
    assert "payments.in_flight" not in shop.series
