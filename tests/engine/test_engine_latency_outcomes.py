"""Latency by outcome (issue #10 item 7): the headline is that of delivered roots."""

from __future__ import annotations

import pytest
from engine_topologies import consumer, edge, node, producer, topology

from simulator.engine import run

EVENTS = [
    {"weight": 1, "detail-type": "Wanted", "detail": {}},
    {"weight": 1, "detail-type": "Ignored", "detail": {}},
]


def _half_unmatched(failure_rate: float = 0.0):
    """Half the events match a rule to a consumer taking 0.1 s; the other half match none."""
    nodes = [
        producer("src", 10, "constant", events=EVENTS),
        node("bus", "router"),
        consumer("work", service_time=0.1, concurrency=50, failure_rate=failure_rate),
    ]
    edges = [edge("src", "bus"), edge("bus", "work", pattern={"detail-type": ["Wanted"]})]
    return topology(nodes, edges, duration=200.0, seed=3)


def test_unmatched_roots_have_no_latency():
    """With half the roots unmatched, p50 is the 0.1 s service time, not ~0."""
    result = run(_half_unmatched())
    assert result.events["unmatched"] > 500
    assert result.latency["p50"] == pytest.approx(0.1, rel=0.02)
    assert result.latency["mean"] == pytest.approx(0.1, rel=0.02)
    assert result.to_json_dict()["latency_failed"]["max"] == 0.0


def test_failed_roots_are_reported_apart():
    """Roots that failed count in `latency_failed`, not in the headline `latency`."""
    result = run(_half_unmatched(failure_rate=0.3))
    data = result.to_json_dict()
    assert result.events["failed"] > 0
    assert data["latency_failed"]["max"] > 0
    assert data["latency"]["p50"] == pytest.approx(0.1, rel=0.02)
    assert list(data)[list(data).index("latency") + 1] == "latency_failed"
