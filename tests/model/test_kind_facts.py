"""Each node kind states its behaviour facts; code asks the kind instead of its name."""

from __future__ import annotations

import pytest

from simulator.model import KINDS, Node


def _node(kind: str, **params: object) -> Node:
    return Node("n", kind, params=dict(params))


def test_only_producers_are_sources_and_do_not_receive() -> None:
    """A producer starts paths and cannot be sent events; every other kind receives."""
    assert {k.name for k in KINDS.values() if k.source} == {"producer"}
    assert {k.name for k in KINDS.values() if not k.receives} == {"producer"}


def test_only_consumers_complete_events_and_are_sized() -> None:
    """Consumers and workflows end paths; a consumer has a service model; queues are polled."""
    assert {k.name for k in KINDS.values() if k.completes} == {"consumer", "workflow"}
    assert {k.name for k in KINDS.values() if k.service is not None} == {"consumer"}
    assert {k.name for k in KINDS.values() if k.polled} == {"queue"}


@pytest.mark.parametrize(
    ("kind", "params", "duration", "expected"),
    [
        ("producer", {}, 600, False),
        ("topic", {}, 600, False),
        ("router", {}, 600, False),
        ("router", {"max_rate": 10}, 600, True),
        ("consumer", {}, 600, False),
        ("consumer", {"failure_rate": 0.1}, 600, True),
        ("consumer", {"timeout": 3}, 600, True),
        ("queue", {}, 600, False),
        ("queue", {"capacity": 10}, 600, True),
        ("queue", {"max_receive_count": 3}, 600, True),
        ("queue", {"retention": 60}, 600, True),
        ("queue", {"retention": 600}, 600, False),
    ],
)
def test_may_fail(kind: str, params: dict, duration: float, expected: bool) -> None:
    """A kind may fail only when a parameter makes failure, expiry, throttling possible."""
    node = _node(kind, **params)
    assert node.spec.may_fail(node, duration) is expected


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("router", {}, True),
        ("topic", {}, True),
        ("router", {"latency": 0.01}, False),
        ("topic", {"latency": {"dist": "exponential", "mean": 0.1}}, False),
        ("queue", {}, False),
        ("consumer", {}, False),
        ("producer", {}, False),
    ],
)
def test_instant(kind: str, params: dict, expected: bool) -> None:
    """Routers and topics forward in zero time unless they have a latency."""
    node = _node(kind, **params)
    assert node.spec.instant(node) is expected


def test_consumer_service_model() -> None:
    """A consumer's capacity is its concurrency; tries are retries + 1; failure its rate."""
    node = _node("consumer", concurrency=4, service_time=0.5, batch_size=10, failure_rate=0.2)
    service = node.spec.service
    assert service is not None
    assert service.servers(node) == 4
    assert service.time(node) == 0.5
    assert service.batch(node) == 10
    assert service.failure(node) == 0.2
    assert service.tries(node) == 3


def test_consumer_timeout_counts_as_failure() -> None:
    """Tries that run past the timeout fail: a constant 2 s against a 1 s timeout always does."""
    node = _node("consumer", service_time=2, timeout=1)
    assert node.spec.service is not None
    assert node.spec.service.failure(node) == 1.0


def test_queue_reader_tries_is_max_receive_count() -> None:
    """A queue's readers get max_receive_count tries at a message (None: unlimited)."""
    queue = KINDS["queue"]
    assert queue.reader_tries is not None
    assert queue.reader_tries(_node("queue")) is None
    assert queue.reader_tries(_node("queue", max_receive_count=5)) == 5
