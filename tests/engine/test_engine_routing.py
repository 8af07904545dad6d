"""Routers, topics and edges: fan-out copies, unmatched events, latencies, throttling."""

from __future__ import annotations

import math

from engine_topologies import consumer, edge, node, producer, queue, topology

from simulator.engine import run

TWO_TYPES = [
    {"weight": 3, "detail-type": "A", "detail": {"country": {"$choice": ["US", "DE"]}}},
    {"weight": 1, "detail-type": "B", "detail": {"country": "JP"}},
]


def test_router_copies_to_every_matching_rule() -> None:
    """A router delivers one copy per matching rule; copies are counted in the ledger."""
    nodes = [
        producer("p", 10, "constant", events=TWO_TYPES),
        node("bus", "router"),
        consumer("all"),
        consumer("only_a"),
        consumer("never"),
    ]
    edges = [
        edge("p", "bus"),
        edge("bus", "all"),
        edge("bus", "only_a", pattern={"detail-type": ["A"]}),
        edge("bus", "never", pattern={"detail-type": ["Z"]}),
    ]
    result = run(topology(nodes, edges, 100))
    produced = result.events["produced"]
    a_copies = result.nodes["only_a"]["arrivals"]
    assert produced == 999
    assert result.nodes["all"]["arrivals"] == produced
    assert result.nodes["never"]["arrivals"] == 0
    assert result.events["unmatched"] == 0
    assert result.ledger["created"] == produced + a_copies
    assert result.events["completed"] == produced + a_copies
    # Share of A is binomial(999, 0.75): SD 0.0137, allow 4 SD.
    assert math.isclose(a_copies / produced, 0.75, abs_tol=0.055)


def test_router_counts_unmatched_events() -> None:
    """Events no rule matches end with outcome `unmatched`."""
    nodes = [producer("p", 10, "constant", events=TWO_TYPES), node("bus", "router"), consumer("b")]
    edges = [edge("p", "bus"), edge("bus", "b", pattern={"detail-type": ["B"]})]
    result = run(topology(nodes, edges, 100))
    b_copies = result.nodes["b"]["arrivals"]
    assert result.events["unmatched"] == result.events["produced"] - b_copies
    assert result.events["completed"] == b_copies


def test_topic_filters_apply_to_detail() -> None:
    """A topic copies to each subscription whose filter matches the detail; none: unmatched."""
    nodes = [
        producer("p", 10, "constant", events=TWO_TYPES),
        node("alerts", "topic"),
        node("nobody", "topic"),
        consumer("us"),
        consumer("everyone"),
        consumer("japan"),
    ]
    edges = [
        edge("p", "alerts"),
        edge("p", "nobody"),
        edge("alerts", "us", filter={"country": ["US"]}),
        edge("alerts", "everyone"),
        edge("nobody", "japan", filter={"country": ["XX"]}),
    ]
    result = run(topology(nodes, edges, 100))
    produced = result.events["produced"]
    assert result.nodes["everyone"]["arrivals"] == produced
    assert result.events["unmatched"] == produced  # every copy sent to `nobody`
    # US share is 0.75 * 0.5 = 0.375: binomial SD 0.0153, allow 4 SD.
    assert math.isclose(result.nodes["us"]["arrivals"] / produced, 0.375, abs_tol=0.062)


def test_edge_and_router_latency_add_up() -> None:
    """Latency of each hop (edge latency, router processing) adds to the end-to-end latency."""
    nodes = [producer("p", 5), node("bus", "router", latency=0.2), consumer("c")]
    constant = {"dist": "constant", "value": 0.1}
    edges = [edge("p", "bus", latency=0.5), edge("bus", "c", latency=constant)]
    result = run(topology(nodes, edges, 200))
    assert math.isclose(result.latency["mean"], 0.8, rel_tol=1e-9)
    assert math.isclose(result.latency["max"], 0.8, rel_tol=1e-9)


def test_throttling_without_retries_drops_the_excess() -> None:
    """Above max_rate with no retries, the excess ends `throttled` (1 s burst, then max_rate)."""
    nodes = [producer("p", 20, "constant"), node("bus", "router", max_rate=10, retry_attempts=0)]
    nodes.append(consumer("c"))
    result = run(topology(nodes, [edge("p", "bus"), edge("bus", "c")], 100))
    produced = result.events["produced"]  # 1999
    delivered = 10 + 10 * 100  # the burst, then the refill rate
    assert abs(result.events["throttled"] - (produced - delivered)) <= 2
    assert result.nodes["c"]["arrivals"] + result.events["throttled"] == produced


def test_throttled_deliveries_are_retried_with_backoff() -> None:
    """Retries delay throttled deliveries; the rate delivered stays at max_rate."""
    nodes = [
        producer("p", 20, "constant"),
        node("bus", "router", max_rate=10, retry_attempts=185, retry_max_age=60),
        consumer("c"),
    ]
    result = run(topology(nodes, [edge("p", "bus"), edge("bus", "c")], 100))
    bus = result.nodes["bus"]
    assert bus["retries"] > 1000
    assert abs(result.nodes["c"]["arrivals"] - 1010) <= 15
    assert result.events["throttled"] > 0  # older than retry_max_age: given up
    assert result.ledger["balanced"]


def test_throttled_events_go_to_the_routers_own_dead_letter_queue() -> None:
    """A router that gives up sends the event over its own dead-letter edge (a rule target's
    DeadLetterConfig), not to the target queue's redrive dead-letter queue."""
    nodes = [
        producer("p", 20, "constant"),
        node("bus", "router", max_rate=10, retry_attempts=0),
        queue("q"),
        queue("redrive"),
        queue("rule_dlq"),
        consumer("c"),
    ]
    edges = [
        edge("p", "bus"),
        edge("bus", "q"),
        edge("q", "c"),
        edge("q", "redrive", "dead-letter"),
        edge("bus", "rule_dlq", "dead-letter"),
    ]
    result = run(topology(nodes, edges, 100))
    assert result.events["throttled"] == 0
    assert result.events["dead_lettered"] == result.nodes["bus"]["throttled"] > 900
    assert result.nodes["rule_dlq"]["depth_max"] == result.events["dead_lettered"]
    assert result.nodes["redrive"]["arrivals"] == 0


def test_without_its_own_dead_letter_edge_a_router_ends_events_throttled() -> None:
    """The target queue's redrive policy does not catch a router's failed delivery."""
    nodes = [
        producer("p", 20, "constant"),
        node("bus", "router", max_rate=10, retry_attempts=0),
        queue("q"),
        queue("redrive"),
        consumer("c"),
    ]
    edges = [
        edge("p", "bus"),
        edge("bus", "q"),
        edge("q", "c"),
        edge("q", "redrive", "dead-letter"),
    ]
    result = run(topology(nodes, edges, 100))
    assert result.events["throttled"] == result.nodes["bus"]["throttled"] > 900
    assert result.nodes["redrive"]["arrivals"] == 0
