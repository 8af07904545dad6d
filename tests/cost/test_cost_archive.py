"""EventBridge archives priced: GB sent to the archive and GB-months it holds."""

from __future__ import annotations

import math
from typing import Any

import pytest

from simulator.cost import default_prices
from simulator.cost.prices import parse_prices
from simulator.engine import run
from simulator.engine.replay import Storage
from simulator.model import Edge, Node, Scenario, Topology

GB = 2.0**30


def _archived_bus(retention: float | None, warmup: float = 0.0) -> Topology:
    """1 event a second (the same size each) through a bus that archives them all."""
    archive: dict[str, Any] = {} if retention is None else {"retention": retention}
    load = {"profile": "constant", "rate": 1.0}
    nodes = [
        Node("web", "producer", params={"load": load}),
        Node("bus", "router", params={"archive": archive}),
        Node("fn", "consumer"),
    ]
    edges = [Edge("web", "bus"), Edge("bus", "fn")]
    return Topology("t", nodes, edges, Scenario(duration=1000.0, seed=1, warmup=warmup))


def _lines(result: Any) -> dict[str, float]:
    return {line.item: line.quantity for line in result.cost.lines if line.node == "bus"}


def _event_bytes(result: Any) -> float:
    return _lines(result)["eventbridge.archive_processing"] * GB / result.nodes["bus"]["archived"]


def test_archive_processing_is_the_archived_bytes() -> None:
    """999 events archived: processing is their bytes, at $0.10 per GB."""
    result = run(_archived_bus(retention=100.0))
    assert result.nodes["bus"]["archived"] == 999
    size = _event_bytes(result)
    assert size == pytest.approx(round(size)) and 100 < size < 1000  # one envelope's bytes
    assert result.cost is not None
    cost = next(line.cost for line in result.cost.lines if line.item.endswith("processing"))
    assert cost == pytest.approx(999 * size / GB * 0.10)


@pytest.mark.parametrize(
    ("retention", "warmup", "held_seconds"),
    [
        (100.0, 0.0, 900 * 100 + sum(range(1, 100))),  # events at t = 1..999, each 100 s
        (None, 0.0, sum(1000 - t for t in range(1, 1000))),  # indefinitely: to the end
        (100.0, 500.0, sum(range(1, 100)) + 401 * 100 + sum(range(1, 100))),  # from t = 500
    ],
)
def test_archive_storage_is_bytes_held_over_the_window(
    retention: float | None, warmup: float, held_seconds: float
) -> None:
    """GB-months held: each event's bytes for the seconds it is retained in the window,
    over a month of 730 hours."""
    result = run(_archived_bus(retention, warmup))
    size = _event_bytes(result) if warmup == 0 else _event_bytes(run(_archived_bus(retention)))
    month = 730 * 3600.0
    expected = size * held_seconds / GB / month
    assert _lines(result)["eventbridge.archive_storage"] == pytest.approx(expected, rel=1e-9)


def test_storage_lapses_in_order_and_counts_from_the_window_start() -> None:
    """The bookkeeping on its own: two events, one lapsing before the look, one after."""
    storage = Storage(retention=10.0, end=100.0)
    storage.add(1.0, 4.0)
    storage.add(5.0, 2.0)
    assert storage.byte_seconds(8.0) == pytest.approx(4 * 7 + 2 * 3)
    assert storage.byte_seconds(13.0) == pytest.approx(4 * 10 + 2 * 8)
    storage.reset(13.0)
    assert storage.byte_seconds(20.0) == pytest.approx(2 * 2)  # the second lapses at 15


def test_a_price_table_without_archive_items_stays_valid() -> None:
    """Tables written before archives were priced load; their archives cost nothing."""
    data = {
        "format": "eventscape/pricing",
        "region": "us-east-1",
        "currency": "USD",
        "date": "2025-01-01",
        "items": {
            name: {"price": item.price, "per": item.per, "unit": item.unit, "source": "x"}
            for name, item in default_prices().items.items()
            if "archive" not in name
        },
    }
    prices = parse_prices(data)
    result = run(_archived_bus(retention=100.0), pricing=prices)
    items = _lines(result)
    assert "eventbridge.archive_processing" not in items and items["eventbridge.events"] == 999
    assert result.cost is not None and math.isfinite(result.cost.total)
