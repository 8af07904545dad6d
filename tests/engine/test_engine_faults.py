"""Scenario faults: outage, slowdown and errors windows."""

from __future__ import annotations

import math

from engine_topologies import chain, consumer, edge, node, producer, queue, topology

from simulator.engine import run
from simulator.model import Fault


def test_consumer_outage_fails_every_invocation_in_the_window() -> None:
    """During an outage a consumer processes nothing: each try fails and is retried later."""
    topo = chain(
        producer("p", 2, "constant"),
        consumer("c", concurrency=5, service_time=0.1, retries=2, retry_delay=60),
        duration=300,
        faults=[Fault("c", "outage", start=100, duration=50)],
    )
    result = run(topo, interval=10)
    times, served = result.series["t"], result.series["c.throughput"]
    inside = [x for t, x in zip(times, served, strict=True) if 110 <= t <= 150]
    assert inside and all(x == 0 for x in inside)
    assert result.nodes["c"]["failures"] == 100  # arrivals at t = 100 .. 149.5
    assert result.events["completed"] == result.events["produced"]  # retried after it
    assert math.isclose(result.latency["max"], 60.1)


def test_queue_fed_consumer_outage_redrives_messages() -> None:
    """Messages received during a consumer outage return, then go to the dead-letter queue."""
    nodes = [
        producer("p", 1, "constant"),
        queue("q", visibility_timeout=10, max_receive_count=3),
        queue("dlq"),
        consumer("c", service_time=0.1),
    ]
    edges = [edge("p", "q"), edge("q", "c"), edge("q", "dlq", "dead-letter")]
    faults = [Fault("c", "outage", start=100, duration=100)]
    result = run(topology(nodes, edges, 400, faults=faults))
    # Received at t, t+10, t+20 (all failing) -> redriven at t+30 when t+20 < 200.
    assert result.events["dead_lettered"] == 80
    assert result.events["completed"] == 399 - 80 - result.events["in_flight"]
    assert result.ledger["balanced"]


def test_router_outage_holds_events_until_it_ends() -> None:
    """Events reaching a router during its outage wait and are routed when it ends."""
    nodes = [producer("p", 1, "constant"), node("bus", "router"), consumer("c")]
    faults = [Fault("bus", "outage", start=10, duration=20)]
    result = run(topology(nodes, [edge("p", "bus"), edge("bus", "c")], 60, faults=faults))
    assert result.events["completed"] == result.events["produced"] == 59
    assert result.latency["max"] == 20.0


def test_producer_outage_emits_nothing() -> None:
    """A producer in an outage window publishes no events."""
    faults = [Fault("p", "outage", start=50, duration=50)]
    topo = chain(producer("p", 1, "constant"), consumer("c"), duration=200, faults=faults)
    assert run(topo).events["produced"] == 199 - 50


def test_queue_outage_blocks_receives() -> None:
    """Consumers receive nothing from a queue in an outage; messages wait for its end."""
    faults = [Fault("q", "outage", start=20, duration=30)]
    topo = chain(
        producer("p", 1, "constant"), queue("q"), consumer("c"), duration=100, faults=faults
    )
    result = run(topo)
    assert result.nodes["q"]["depth_max"] == 30
    assert result.latency["max"] == 30.0


def test_slowdown_multiplies_service_time() -> None:
    """A slowdown with factor 3 triples the work of each event."""
    faults = [Fault("c", "slowdown", start=0, duration=1000, factor=3)]
    topo = chain(producer("p", 1, "constant"), consumer("c", service_time=0.1), duration=500)
    normal, slow = run(topo), run(chain(*topo.nodes, duration=500, faults=faults))
    assert math.isclose(normal.nodes["c"]["utilization"], 0.1, rel_tol=0.01)
    assert math.isclose(slow.nodes["c"]["utilization"], 0.3, rel_tol=0.01)
    assert math.isclose(slow.latency["mean"], 0.3)


def test_errors_fault_sets_the_failure_rate_in_its_window() -> None:
    """An errors fault with failure_rate 1 fails exactly the work started in its window."""
    faults = [Fault("c", "errors", start=50, duration=50, failure_rate=1.0)]
    topo = chain(
        producer("p", 1, "constant"), consumer("c", retries=0), duration=200, faults=faults
    )
    result = run(topo)
    assert result.events["failed"] == 50  # events at t = 50 .. 99
    assert result.events["completed"] == 199 - 50
