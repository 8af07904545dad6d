"""Queues: redrive after max_receive_count, visibility timeout, retention, capacity, delay."""

from __future__ import annotations

import math

from engine_topologies import consumer, edge, producer, queue, topology

from simulator.engine import run

STOP_AT_200 = {"profile": "step", "steps": [[0, 20], [200, 0]]}


def _hops(trace: dict, what: str) -> list[float]:
    return [hop["t"] for hop in trace["hops"] if hop["what"] == what]


def test_dead_letter_share_is_failure_rate_to_the_max_receive_count() -> None:
    """With failure rate p and max_receive_count k, a share p^k of messages is dead-lettered."""
    nodes = [
        producer("p", 20, load=STOP_AT_200),
        queue("q", visibility_timeout=1, max_receive_count=3),
        queue("dlq"),
        consumer("c", concurrency=10, service_time=0.01, failure_rate=0.5),
    ]
    edges = [edge("p", "q"), edge("q", "c"), edge("q", "dlq", "dead-letter")]
    result = run(topology(nodes, edges, 300, seed=3))
    produced = result.events["produced"]
    share = result.events["dead_lettered"] / produced
    assert result.events["in_flight"] == 0
    assert result.events["completed"] + result.events["dead_lettered"] == produced
    # Binomial(n ~ 4000, 0.125): allow 4 SD.
    assert abs(share - 0.125) < 4 * math.sqrt(0.125 * 0.875 / produced)


def test_unacknowledged_message_reappears_after_the_visibility_timeout() -> None:
    """A message received but not deleted becomes visible again exactly one timeout later."""
    nodes = [
        producer("p", 1 / 30, "constant"),
        queue("q", visibility_timeout=10, max_receive_count=3),
        queue("dlq"),
        consumer("c", service_time=1, failure_rate=1.0),
    ]
    edges = [edge("p", "q"), edge("q", "c"), edge("q", "dlq", "dead-letter")]
    result = run(topology(nodes, edges, 100), trace_sample=1)
    first = next(t for t in result.traces if t["created"] == 30.0)
    assert _hops(first, "failed") == [31.0, 41.0, 51.0]
    assert _hops(first, "visible-again") == [40.0, 50.0]
    assert _hops(first, "dead_lettered") == [60.0]


def test_work_longer_than_the_visibility_timeout_is_received_again() -> None:
    """A message still being processed when its visibility lapses is delivered again."""
    nodes = [
        producer("p", 1 / 30, "constant"),
        queue("q", visibility_timeout=2, max_receive_count=2),
        queue("dlq"),
        consumer("slow", concurrency=2, service_time=3),
        consumer("after"),
    ]
    edges = [edge("p", "q"), edge("q", "slow"), edge("q", "dlq", "dead-letter")]
    edges.append(edge("slow", "after"))
    result = run(topology(nodes, edges, 45))
    # One message (t=30): received at 30 and 32, moved to the DLQ at 34; both receivers
    # finish (33, 35) and publish: the later results are new copies (at-least-once).
    assert result.events["produced"] == 1
    assert result.nodes["slow"]["processed"] == 2
    assert result.events["dead_lettered"] == 1
    assert result.events["completed"] == 2
    assert result.ledger == {"created": 3, "ended": 3, "in_flight": 0, "balanced": True}


def test_retention_expires_old_messages() -> None:
    """Messages older than the retention period expire (outcome `expired`)."""
    nodes = [producer("p", 1, "constant"), queue("q", retention=60)]
    result = run(topology(nodes, [edge("p", "q")], 300))
    # Sent at t = 1..299; those sent before 240 expire before the end (300).
    assert result.events["expired"] == 239
    assert result.events["in_flight"] == 60
    assert result.nodes["q"]["depth_max"] == 60
    assert result.ledger["balanced"]


def test_full_queue_rejects() -> None:
    """A queue at capacity rejects new messages (outcome `rejected`)."""
    nodes = [
        producer("p", 1, "constant"),
        queue("q", capacity=5),
        consumer("c", service_time=10),
    ]
    result = run(topology(nodes, [edge("p", "q"), edge("q", "c")], 100))
    assert result.nodes["q"]["depth_max"] == 4  # one more is in flight
    assert result.events["rejected"] > 80
    assert result.events["completed"] == 9  # received at 1, 11, ..., 81
    assert result.ledger["balanced"]


def test_delivery_delay() -> None:
    """A queue's delay postpones visibility: latency equals the delay for instant consumers."""
    nodes = [producer("p", 5), queue("q", delay=5), consumer("c", concurrency=100)]
    result = run(topology(nodes, [edge("p", "q"), edge("q", "c")], 100))
    assert math.isclose(result.latency["mean"], 5.0, rel_tol=1e-9)
    assert result.nodes["q"]["wait_mean"] == 0.0
