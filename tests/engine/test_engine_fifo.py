"""FIFO queues: order within a message group, one message group in flight at a time."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from engine_modes import interpreted
from engine_topologies import chain, consumer, exp, producer, queue

from simulator.engine.nodes.consumer import Consumer
from simulator.engine.simulation import Simulation

ORDERS = [{"detail": {"customer": {"$choice": ["a", "b", "c", "d"]}, "n": {"$seq": 1}}}]


def _record_processing(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    original = Consumer.publish

    def publish(self: Consumer, copy: Any) -> None:
        seen.append(copy.event["detail"])
        original(self, copy)

    monkeypatch.setattr(Consumer, "publish", publish)
    return seen


@interpreted
def test_fifo_keeps_order_within_each_group_despite_failures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Messages of one group are processed in send order even when some tries fail."""
    seen = _record_processing(monkeypatch)
    topo = chain(
        producer("p", 4, events=ORDERS),
        queue("q", fifo=True, group_by="detail.customer", visibility_timeout=1),
        consumer("c", concurrency=4, service_time=exp(0.1), failure_rate=0.3),
        duration=300,
    )
    sim = Simulation(topo)
    sim.advance(300)
    by_group: dict[str, list[int]] = defaultdict(list)
    for detail in seen:
        by_group[detail["customer"]].append(detail["n"])
    assert len(by_group) == 4
    for numbers in by_group.values():
        assert numbers == sorted(numbers)
    assert sim.nodes["c"].busy.peak > 1  # groups are processed in parallel
    assert sim.nodes["c"].failures > 100


def test_fifo_without_groups_processes_one_message_at_a_time() -> None:
    """A FIFO queue without group_by is one group: never more than one message in flight."""
    topo = chain(
        producer("p", 5),
        queue("q", fifo=True),
        consumer("c", concurrency=4, service_time=exp(0.1)),
        duration=200,
    )
    sim = Simulation(topo)
    sim.advance(200)
    assert sim.nodes["c"].busy.peak == 1
    assert sim.finish().ledger["balanced"]
