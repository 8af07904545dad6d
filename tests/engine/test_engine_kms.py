"""Encrypted queues and topics (issue 16): KMS requests and their latency."""

from __future__ import annotations

import math

from engine_topologies import consumer, edge, node, producer, queue, topology

from simulator.engine import run


def test_encrypted_queue_calls_kms_once_per_data_key_reuse_period() -> None:
    """One sender and one reader over 600 s with a 60 s data key reuse period: 10 periods
    x (2 requests for the sender + 1 for the reader) = 30 KMS requests; only the send that
    renews the key waits 2 x kms_latency (0.1 s), the others none."""
    nodes = [
        producer("p", 2, "constant"),
        queue("q", encrypted=True, kms_data_key_reuse=60, kms_latency=0.1),
        consumer("c", service_time=0.01),
    ]
    result = run(topology(nodes, [edge("p", "q"), edge("q", "c")], 600))
    assert result.nodes["q"]["kms_requests"] == 30
    assert math.isclose(result.latency["max"], 0.21, rel_tol=1e-6)
    assert math.isclose(result.latency["p50"], 0.01, rel_tol=1e-2)


def test_encrypted_topic_reuses_a_data_key_per_publisher_for_5_minutes() -> None:
    """SNS reuses a publisher's data key for 5 minutes: two publishers over 900 s renew
    theirs 3 times each, 2 requests a time (GenerateDataKey + Decrypt) = 12 requests; only
    the renewing publishes wait 2 x kms_latency (0.04 s)."""
    nodes = [
        producer("p", 1, "constant"),
        producer("p2", 1, "constant"),
        node("t", "topic", encrypted=True, kms_latency=0.02),
        consumer("c"),
    ]
    edges = [edge("p", "t"), edge("p2", "t"), edge("t", "c")]
    result = run(topology(nodes, edges, 900))
    assert result.nodes["t"]["kms_requests"] == 12
    assert math.isclose(result.latency["max"], 0.04, rel_tol=1e-6)
    assert result.latency["p50"] < 0.001


def test_unencrypted_nodes_report_no_kms_requests() -> None:
    """`kms_requests` appears only on encrypted queues and topics."""
    nodes = [producer("p", 1, "constant"), queue("q"), consumer("c")]
    result = run(topology(nodes, [edge("p", "q"), edge("q", "c")], 10))
    assert all("kms_requests" not in figures for figures in result.nodes.values())


def test_a_denied_publish_calls_no_kms() -> None:
    """The policy is checked before encryption: a refused publish makes no KMS request."""
    nodes = [
        producer("p", 1, "constant", account="111122223333"),
        node("t", "topic", encrypted=True),
        consumer("c"),
    ]
    result = run(topology(nodes, [edge("p", "t"), edge("t", "c")], 100))
    assert result.nodes["t"]["denied"] == 99
    assert result.nodes["t"]["kms_requests"] == 0
