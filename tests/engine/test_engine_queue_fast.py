"""The queue path's fast paths (issue 17) give the same runs as the general code.

`Queue.FAST` and `Consumer.FAST` switch the fast paths (one-message takes, a batch
admitted on a free warm environment, one-message completions, one-source polls, fixed
pollers); with them off the general code runs. Each topology below is run both ways
and the `--json` figures must be equal to the bit, on designs that stay on the fast
paths and on ones that leave them (failures, timeouts that lapse, batches, FIFO, cold
starts, idempotency, scaling pollers, outages, several queues).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from engine_modes import interpreted
from engine_topologies import chain, consumer, edge, exp, node, producer, queue, topology

from simulator.engine import run
from simulator.engine.nodes.consumer import Consumer
from simulator.engine.nodes.queue import Queue
from simulator.model import Fault, Topology


@pytest.fixture
def general() -> Iterator[None]:
    """Run with the fast paths switched off (restored afterwards)."""
    Queue.FAST = Consumer.FAST = False
    try:
        yield
    finally:
        Queue.FAST = Consumer.FAST = True


def _tandem(**consumer_params: object) -> Topology:
    params = {"service_time": exp(1.0), **consumer_params}
    return chain(
        producer("p", 0.8),
        queue("q0"),
        consumer("s0", **params),
        queue("q1", visibility_timeout=2),
        consumer("s1", **params),
        duration=3000,
        seed=5,
    )


def _two_queues() -> Topology:
    nodes = [
        producer("a", 2.0),
        producer("b", 1.0),
        queue("qa"),
        queue("qb", max_receive_count=2),
        consumer("c", service_time=exp(0.3), concurrency=2, failure_rate=0.2),
        queue("dlq"),
    ]
    edges = [
        edge("a", "qa"),
        edge("b", "qb"),
        edge("qa", "c"),
        edge("qb", "c"),
        edge("qb", "dlq", "dead-letter"),
    ]
    return topology(nodes, edges, 2000, seed=3)


def _outage() -> Topology:
    nodes = [producer("p", 3.0), queue("q", max_receive_count=3), consumer("c"), queue("dlq")]
    edges = [edge("p", "q"), edge("q", "c"), edge("q", "dlq", "dead-letter")]
    faults = [Fault(node="c", kind="outage", start=100.0, duration=50.0)]
    return topology(nodes, edges, 400, seed=2, faults=faults)


def _async(**consumer_params: object) -> Topology:
    """Asynchronous invocations (no queue): `Consumer._run_one` when admitted."""
    params = {"service_time": exp(0.8), "concurrency": 2, **consumer_params}
    return chain(producer("p", 2.0), consumer("c", **params), duration=2000, seed=6)


DESIGNS = {
    "async": lambda: _async(),
    "async failures, timeouts": lambda: _async(failure_rate=0.2, timeout=1.5),
    "async throttled": lambda: _async(concurrency=20, reserved_concurrency=1),
    "async cold starts": lambda: _async(cold_start=exp(0.5), keep_alive=5),
    "async idempotent": lambda: _async(idempotent=True),
    "tandem": lambda: _tandem(),
    "lapsing (work past the visibility timeout)": lambda: _tandem(service_time=exp(1.5)),
    "failures and retries": lambda: _tandem(failure_rate=0.1),
    "timeouts": lambda: _tandem(timeout=2.0),
    "batches": lambda: _tandem(batch_size=4, concurrency=3),
    "partial batches": lambda: _tandem(batch_size=3, failure_rate=0.2, partial_batch=True),
    "cold starts": lambda: _tandem(cold_start=exp(0.5), keep_alive=5, concurrency=3),
    "idempotent": lambda: _tandem(idempotent=True),
    "scaling pollers": lambda: _tandem(concurrency=50),
    "throttled by the account": lambda: _tandem(concurrency=20, reserved_concurrency=1),
    "pollers scaling near capacity (hand-over, then steer)": lambda: chain(
        producer("p", 9.0),
        queue("q"),
        consumer("c", service_time=exp(1.0), concurrency=10),
        duration=1500,
        seed=8,
    ),
    "encrypted queue (KMS counts each receive)": lambda: chain(
        producer("p", 0.05),  # sparse: most messages are handed over
        queue("q", encrypted=True, kms_data_key_reuse=60),
        consumer("c", service_time=exp(0.5)),
        duration=3000,
        seed=9,
    ),
    "two queues, dead letters": _two_queues,
    "outage": _outage,
    "fifo": lambda: chain(
        producer("p", 2.0),
        node("q", "queue", fifo=True, group_by="detail.n"),
        consumer("c", service_time=exp(0.4), concurrency=3),
        duration=1000,
        seed=4,
    ),
}


def _figures(design: Topology) -> str:
    return json.dumps(run(design).to_json_dict(), sort_keys=True)


@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_fast_paths_change_nothing(name: str, request: pytest.FixtureRequest) -> None:
    """A run with the fast paths equals, to the bit, the run of the general code."""
    fast = _figures(DESIGNS[name]())
    request.getfixturevalue("general")
    assert Queue.FAST is False
    assert _figures(DESIGNS[name]()) == fast


@interpreted
def test_fast_paths_are_taken_on_the_tandem(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default tandem (batch 1, one queue each) runs on the fast paths: the general
    admission runs only to create each function's environment, not per batch."""
    calls = []
    admit = Consumer._admit

    def counted(self: Consumer, now: float) -> bool:
        calls.append(now)
        return admit(self, now)

    monkeypatch.setattr(Consumer, "_admit", counted)
    result = run(_tandem())
    assert result.events["completed"] > 2000
    assert result.ledger["balanced"]
    assert len(calls) == 2  # one environment per consumer (concurrency 1)


@interpreted
def test_idle_consumers_are_handed_messages_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message reaching an empty queue whose reader is free goes straight to it (no
    offer or poll): on the tandem (rho 0.8) about a fifth of the receives are hand-overs."""
    handed = []
    run_message = Consumer.run_message

    def counted(self: Consumer, queue, copy, now: float) -> None:
        handed.append(now)
        run_message(self, queue, copy, now)

    monkeypatch.setattr(Consumer, "run_message", counted)
    result = run(_tandem())
    receives = sum(result.nodes[q]["processed"] for q in ("q0", "q1"))
    assert 0.1 * receives < len(handed) < 0.4 * receives
