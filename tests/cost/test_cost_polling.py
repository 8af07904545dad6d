"""Empty receives follow the engine's live poller count, not an assumed five pollers."""

from __future__ import annotations

import pytest

from simulator.engine import run
from simulator.model import Edge, Node, Scenario, Topology


def idle_queue(**consumer: object) -> Topology:
    """A queue nobody sends to (one event in 10,000 s) read by one function."""
    web = Node("web", "producer", params={"load": {"profile": "constant", "rate": 0.0001}})
    nodes = [web, Node("q", "queue"), Node("fn", "consumer", params=dict(consumer))]
    edges = [Edge("web", "q"), Edge("q", "fn")]
    return Topology("t", nodes, edges, Scenario(duration=600, seed=1))


def test_fewer_pollers_make_fewer_empty_receives_and_cost_less() -> None:
    """A mapping capped at 2 concurrent batches keeps 2 pollers on an idle queue:
    2 x 600 s / 20 s = 60 empty receives ($0.000024), where 5 pollers make 150."""
    five = run(idle_queue(concurrency=10)).cost
    two = run(idle_queue(concurrency=10, maximum_concurrency=2)).cost
    assert five is not None and two is not None
    assert five.requests()["sqs"] == 150
    assert two.requests()["sqs"] == 60
    assert two.services()["sqs"] == pytest.approx(60 * 0.4e-6)
    assert two.services()["sqs"] < five.services()["sqs"]


def test_the_functions_own_concurrency_does_not_stop_idle_polling() -> None:
    """A function with 1 environment still has its mapping's 5 pollers polling an idle
    queue (AWS throttles the batches, the pollers keep polling): 150 empty receives."""
    result = run(idle_queue(concurrency=1))
    assert result.usage["q"]["poller_seconds"] == pytest.approx(5 * 600)
    assert result.cost is not None
    assert result.cost.requests()["sqs"] == 150


def test_after_a_burst_pollers_scale_back_to_the_mappings_floor() -> None:
    """ramp_down_area: 25 pollers scale back at 5 a second to a floor of 2 (4.6 s), then 2
    stay; a mapping at or under its floor keeps the floor."""
    from simulator.engine.nodes.idle import ramp_down_area

    assert ramp_down_area(25, 10, 2) == pytest.approx((25 + 2) / 2 * 4.6 + 2 * 5.4)
    assert ramp_down_area(2, 10, 2) == 20
    assert ramp_down_area(3, 10) == 50  # the default floor: 5
