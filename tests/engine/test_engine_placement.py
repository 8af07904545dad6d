"""Accounts and Regions in a run (issue 16): envelopes, inter-Region latency and bytes,
Region outages."""

from __future__ import annotations

import math
from typing import Any

from engine_topologies import consumer, edge, node, producer, queue, topology

from simulator.engine import run
from simulator.engine.links import envelope_bytes
from simulator.model import Fault
from simulator.model.regions import one_way_seconds, round_trip_ms

EU = "eu-west-1"


def _to_eu(**edge_keys: Any) -> dict[str, Any]:
    """A producer in us-east-1 (the default) publishing to a queue and consumer in eu-west-1."""
    nodes = [
        producer("p", 2, "constant"),
        queue("q", region=EU),
        consumer("c", region=EU, service_time=0.01),
    ]
    edges = [edge("p", "q", **edge_keys), edge("q", "c")]
    return run(topology(nodes, edges, 100)).to_json_dict()


def test_cross_region_edge_adds_the_tables_one_way_latency() -> None:
    """us-east-1 -> eu-west-1: the shipped table's RTT 80.5 ms, so 40.25 ms one way, adds
    to the end-to-end latency of every event (service 10 ms)."""
    assert round_trip_ms("us-east-1", EU) == 80.5
    assert one_way_seconds("us-east-1", EU) == 0.04025
    latency = _to_eu()["latency"]
    assert math.isclose(latency["mean"], 0.05025, rel_tol=1e-6)
    assert math.isclose(latency["max"], 0.05025, rel_tol=1e-6)


def test_an_edges_own_latency_wins_over_the_regions_default() -> None:
    """An edge that sets `latency` keeps it across Regions (here 0.5 s, not 40 ms)."""
    latency = _to_eu(latency=0.5)["latency"]
    assert math.isclose(latency["mean"], 0.51, rel_tol=1e-6)


def test_cross_region_bytes_count_each_envelope_on_the_sender() -> None:
    """The sending node reports the compact JSON bytes of every event it sent to another
    Region; nodes without a cross-Region edge have no such figure."""
    result = _to_eu()
    sample = {
        "source": "p",
        "detail-type": "Event",
        "account": "123456789012",
        "region": "us-east-1",
        "resources": [],
        "detail": {},
        "id": "00000000-0000-4000-8000-000000000001",
        "time": "2024-01-01T00:00:00Z",
    }
    produced = result["events"]["produced"]
    assert result["nodes"]["p"]["cross_region_bytes"] == produced * envelope_bytes(sample)
    assert "cross_region_bytes" not in result["nodes"]["q"]
    assert "cross_region_bytes" not in result["nodes"]["c"]


def test_events_carry_their_producers_account_and_region() -> None:
    """A pattern on `account` and `region` routes by the producer's placement."""
    nodes = [
        producer("a", 1, "constant", account="111122223333", region=EU),
        producer("b", 1, "constant"),
        node("bus", "router"),
        consumer("from_a"),
        consumer("from_b"),
    ]
    edges = [
        edge("a", "bus"),
        edge("b", "bus"),
        edge("bus", "from_a", pattern={"account": ["111122223333"], "region": [EU]}),
        edge("bus", "from_b", pattern={"account": ["123456789012"], "region": ["us-east-1"]}),
    ]
    topo = topology(nodes, edges, 100)
    topo.nodes[2].params["policy"] = [
        {"effect": "Allow", "principals": ["111122223333"], "actions": ["publish"]}
    ]
    result = run(topo)
    assert result.nodes["from_a"]["processed"] == result.nodes["a"]["processed"] == 99
    assert result.nodes["from_b"]["processed"] == result.nodes["b"]["processed"] == 99


def test_an_emitted_event_carries_its_emitters_account_and_region() -> None:
    """A function in another account and Region that publishes a new event back to the bus
    (`emits`) stamps its own account and Region on it, as PutEvents does: a rule on that
    account and Region gets every emitted event, a rule on the first producer's account
    none (they kept the incoming event's). An `emits` that sets `account` keeps it."""
    partner = "222222222222"
    nodes = [
        producer("p", 1, "constant", events=[{"detail-type": "X"}]),
        node("bus", "router"),
        queue("q", account=partner, region=EU),
        consumer("c", account=partner, region=EU, service_time=0.0),
        consumer("theirs"),
        consumer("ours"),
        consumer("named"),
    ]
    edges = [
        edge("p", "bus"),
        edge("bus", "q", pattern={"detail-type": ["X"]}),
        edge("q", "c"),
        edge("c", "bus", emits={"detail-type": "Y"}),
        edge("c", "bus", emits={"detail-type": "Z", "account": "acme"}),
        edge("bus", "theirs", pattern={"detail-type": ["Y"], "account": [partner], "region": [EU]}),
        edge("bus", "ours", pattern={"detail-type": ["Y"], "account": ["123456789012"]}),
        edge("bus", "named", pattern={"detail-type": ["Z"], "account": ["acme"], "region": [EU]}),
    ]
    topo = topology(nodes, edges, 100)
    topo.nodes[1].params["policy"] = [
        {"effect": "Allow", "principals": [partner], "actions": ["publish", "subscribe"]}
    ]
    result = run(topo)
    emitted = result.nodes["c"]["processed"]
    assert emitted > 90
    assert result.nodes["theirs"]["processed"] == emitted
    assert result.nodes["ours"]["processed"] == 0
    assert result.nodes["named"]["processed"] == emitted


def test_region_outage_stops_every_node_of_the_region_for_the_window() -> None:
    """A region-outage of eu-west-1 from 100 to 200 s: its consumer serves nothing then,
    while the us-east-1 path keeps serving; afterwards the backlog drains."""
    nodes = [
        producer("p", 2, "constant"),
        queue("q_eu", region=EU),
        consumer("c_eu", region=EU, service_time=0.01),
        queue("q_us"),
        consumer("c_us", service_time=0.01),
    ]
    edges = [edge("p", "q_eu"), edge("q_eu", "c_eu"), edge("p", "q_us"), edge("q_us", "c_us")]
    faults = [Fault("", "region-outage", 100, 100, region=EU)]
    result = run(topology(nodes, edges, 400, faults=faults), interval=10)
    times = result.series["t"]
    eu, us = result.series["c_eu.throughput"], result.series["c_us.throughput"]
    inside = [i for i, t in enumerate(times) if 110 <= t <= 200]
    assert inside and all(eu[i] == 0 for i in inside)
    assert all(us[i] > 0 for i in inside)
    assert result.events["completed"] == 2 * result.events["produced"]  # both paths, late
    assert result.ledger["balanced"]
