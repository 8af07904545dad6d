"""The analytic load estimate agrees with the traffic equations."""

from __future__ import annotations

import pytest

from simulator.analysis import capacity_problems, expected_load
from simulator.model import Edge, Node, Topology


def shop(failure_rate: float = 0.0, max_receive_count: int | None = None) -> Topology:
    """Producer (10/s, half A, half B) -> bus -(A only)-> queue -> consumer (50 ms, x1)."""
    events = [{"detail-type": "A"}, {"detail-type": "B"}]
    return Topology(
        nodes=[
            Node(
                "p",
                "producer",
                params={"load": {"profile": "poisson", "rate": 10}, "events": events},
            ),
            Node("bus", "router"),
            Node("q", "queue", params={"max_receive_count": max_receive_count}),
            Node("c", "consumer", params={"service_time": 0.05, "failure_rate": failure_rate}),
        ],
        edges=[
            Edge("p", "bus"),
            Edge("bus", "q", pattern={"detail-type": ["A"]}),
            Edge("q", "c"),
        ],
    )


def test_pattern_routing_fraction_sets_the_rate() -> None:
    """Only events matching the rule reach the consumer: rho = 5/s x 0.05 s = 0.25."""
    load = expected_load(shop(), samples=2000)
    assert load["bus"].rate == pytest.approx(10)
    assert load["c"].rate == pytest.approx(5, rel=0.05)
    assert load["c"].utilization == pytest.approx(0.25, rel=0.05)


def test_redeliveries_inflate_attempts() -> None:
    """With failure rate 0.5 and 3 receives at most, tries per message are 1 + .5 + .25."""
    load = expected_load(shop(0.5, 3), samples=2000)
    assert load["c"].utilization == pytest.approx(0.25 * 1.75, rel=0.05)


def test_overloaded_consumer_is_warned() -> None:
    """A consumer offered more work than its concurrency can do gets a warning."""
    topology = shop()
    topology.node("c").params["service_time"] = 0.3
    problems = capacity_problems(topology)
    assert [p.node for p in problems] == ["c"]
    assert "backlog grows without bound" in problems[0].message
