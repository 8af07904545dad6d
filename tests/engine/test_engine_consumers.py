"""Consumers: cold starts and keep-alive, idempotency, async retries, batches, emits."""

from __future__ import annotations

import math
from pathlib import Path

from engine_topologies import chain, consumer, edge, node, producer, queue, topology

from simulator.engine import run
from simulator.engine.simulation import Simulation
from simulator.model import Topology


def _burst_at_one(tmp_path: Path, n: int) -> dict:
    """A trace load replaying `n` events all at t = 1."""
    (tmp_path / "burst.csv").write_text("t\n" + "1.0\n" * n)
    return {"profile": "trace", "file": "burst.csv"}


def _with_base(topo: Topology, base: Path) -> Topology:
    topo.base_dir = base
    return topo


def _hops(trace: dict, what: str) -> list[float]:
    return [hop["t"] for hop in trace["hops"] if hop["what"] == what]


def test_cold_start_share_with_keep_alive() -> None:
    """Poisson(1) requests to one environment kept warm 1 s: a share e^-(1+D) starts cold."""
    topo = chain(
        producer("p", 1.0),
        consumer("f", service_time=0.001, cold_start=0.001, keep_alive=1.0, retries=0),
        duration=20_000,
        seed=5,
    )
    figures = run(topo).nodes["f"]
    # Cold when the gap after the previous completion exceeds keep-alive: X > K + D.
    expected = math.exp(-(1.0 + 0.0015))
    share = figures["cold_starts"] / figures["processed"]
    # Binomial(20000, 0.37): SD 0.0034, allow 4 SD.
    assert abs(share - expected) < 0.014
    assert 0 < figures["instances_mean"] < 1


def test_surplus_environments_idle_out_after_keep_alive(tmp_path: Path) -> None:
    """Two environments made by a burst; one request per second after it keeps one warm."""
    (tmp_path / "t.csv").write_text("\n".join(["1.0", *[str(float(t)) for t in range(1, 20)]]))
    topo = chain(
        producer("p", 1, load={"profile": "trace", "file": "t.csv"}),
        consumer("f", concurrency=2, service_time=0.5, cold_start=0, keep_alive=5, retries=0),
        duration=20,
    )
    figures = run(_with_base(topo, tmp_path)).nodes["f"]
    assert figures["cold_starts"] == 2
    # Two environments from t=1 until the idle one expires at 1.5 + 5, then one: 24.5/20.
    assert math.isclose(figures["instances_mean"], (2 * 5.5 + 1 * 13.5) / 20)


def test_idempotent_consumer_discards_duplicates() -> None:
    """Duplicate deliveries of an event id are discarded by an idempotent consumer."""
    load = {"profile": "step", "steps": [[0, 10], [50, 0]]}

    def result(idempotent: bool):
        nodes = [
            producer("p", 10, load=load),
            queue("q", duplicate_rate=0.3),
            consumer("c", service_time=0.01, idempotent=idempotent),
        ]
        return run(topology(nodes, [edge("p", "q"), edge("q", "c")], 100, seed=2))

    once, twice = result(True), result(False)
    for outcome in (once, twice):
        assert outcome.events["in_flight"] == 0
        assert outcome.ledger["balanced"]
    assert once.ledger["created"] > once.events["produced"] * 1.3
    assert once.events["completed"] == once.events["produced"]
    assert once.events["duplicate"] == once.ledger["created"] - once.events["produced"]
    assert twice.events["completed"] == twice.ledger["created"]


def test_async_failures_are_retried_with_doubling_delays_then_dead_lettered() -> None:
    """A failing async invocation is retried after 1 s and 2 s, then sent on-failure."""
    nodes = [
        producer("p", 0.1, "constant"),
        consumer("f", service_time=0.5, failure_rate=1.0, retries=2, retry_delay=1),
        queue("failures"),
    ]
    edges = [edge("p", "f"), edge("f", "failures", "on-failure")]
    result = run(topology(nodes, edges, 30), trace_sample=1)
    first = next(t for t in result.traces if t["created"] == 10.0)
    assert _hops(first, "failed") == [10.5, 12.0, 14.5]
    assert _hops(first, "dead_lettered") == [14.5]
    assert result.nodes["f"]["retries"] == 4
    assert result.events["dead_lettered"] == 2


def test_async_failure_without_destination_ends_failed() -> None:
    """Without an on-failure edge an invocation that exhausted its retries ends `failed`."""
    topo = chain(
        producer("p", 0.1, "constant"),
        consumer("f", service_time=0.5, failure_rate=1.0, retries=0),
        duration=30,
    )
    assert run(topo).events["failed"] == 2


def test_timeout_fails_work_that_runs_too_long(tmp_path: Path) -> None:
    """A batch whose work exceeds the timeout fails as a whole; smaller batches fit."""

    def dead_letters(batch_size: int) -> dict:
        nodes = [
            producer("p", 1, load=_burst_at_one(tmp_path, 200)),
            queue("q", max_receive_count=1),
            queue("dlq"),
            consumer("c", service_time=0.1, timeout=0.5, batch_size=batch_size),
        ]
        edges = [edge("p", "q"), edge("q", "c"), edge("q", "dlq", "dead-letter")]
        return run(_with_base(topology(nodes, edges, 200), tmp_path)).events

    # The first message is received alone (the rest arrive while it is processed); then
    # batches of 10 take 1 s > 0.5 s and time out, batches of 4 take 0.4 s and fit.
    assert dead_letters(10) == {**dead_letters(10), "completed": 1, "dead_lettered": 199}
    assert dead_letters(4)["completed"] == 200


def test_partial_batch_returns_only_failed_messages(tmp_path: Path) -> None:
    """With partial_batch only failed messages return; without, a failure fails the batch."""

    def dead_letters(partial: bool) -> int:
        nodes = [
            producer("p", 1, load=_burst_at_one(tmp_path, 200)),
            queue("q", max_receive_count=1),
            queue("dlq"),
            consumer(
                "c", service_time=0.01, failure_rate=0.2, batch_size=10, partial_batch=partial
            ),
        ]
        edges = [edge("p", "q"), edge("q", "c"), edge("q", "dlq", "dead-letter")]
        topo = _with_base(topology(nodes, edges, 200, seed=4), tmp_path)
        return run(topo).events["dead_lettered"]

    # Partial: Binomial(200, 0.2) = 40 +- 5.7. Whole batches: 1 - 0.8^10 = 89% fail (~179).
    assert abs(dead_letters(True) - 40) < 23
    assert dead_letters(False) > 140


def test_emits_publishes_a_new_event_in_the_same_correlation() -> None:
    """`emits` overrides envelope fields; the latency covers the whole correlated chain."""
    nodes = [
        producer("p", 1),
        consumer("billing", service_time=0.5),
        node("bus", "router"),
        consumer("shipping", service_time=0.25),
    ]
    edges = [
        edge("p", "billing"),
        edge("billing", "bus", emits={"source": "billing", "detail-type": "Paid"}),
        edge("bus", "shipping", pattern={"source": ["billing"], "detail-type": ["Paid"]}),
    ]
    result = run(topology(nodes, edges, 500))
    assert result.nodes["shipping"]["arrivals"] == result.nodes["billing"]["processed"]
    assert result.events["unmatched"] == 0
    assert result.latency["p50"] >= 0.75 * 0.99
    assert result.latency["mean"] > 0.75


def test_concurrency_is_never_exceeded() -> None:
    """Busy environments never exceed `concurrency`, even when overloaded."""
    topo = chain(producer("p", 50), consumer("c", concurrency=4, service_time=0.2), duration=60)
    sim = Simulation(topo)
    sim.advance(60)
    assert sim.nodes["c"].busy.peak == 4
    assert sim.finish().nodes["c"]["utilization"] > 0.99
