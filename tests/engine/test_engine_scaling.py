"""Lambda scaling: the account pool, reserved concurrency, burst scaling, provisioned
environments, throttling by invocation type and the SQS pollers (issue 15's checks)."""

from __future__ import annotations

import pytest
from engine_topologies import chain, consumer, edge, producer, queue, topology

from simulator.engine import run
from simulator.engine.simulation import Simulation
from simulator.model import Topology


def const(value: float) -> dict[str, float | str]:
    """A constant distribution."""
    return {"dist": "constant", "value": value}


def burst_load(events: int) -> dict[str, object]:
    """`events` messages sent within the first second, then nothing."""
    return {"profile": "step", "steps": [[0, events], [1, 0]]}


def backlog_topology(duration: float) -> Topology:
    """60,000 messages waiting in a queue read by a function with plenty of capacity."""
    topo = chain(
        producer("p", 1, load=burst_load(60_000)),
        queue("q", visibility_timeout=900),
        consumer("c", concurrency=5000, service_time=const(30.0)),
        duration=duration,
    )
    topo.scenario.account_concurrency = 10_000
    return topo


def test_pollers_start_at_5_and_add_300_a_minute() -> None:
    """A 60,000-message backlog is worked by 5 + 300 per minute batches (SQS mapping)."""
    one = run(backlog_topology(60.0)).nodes["c"]
    two = run(backlog_topology(120.0)).nodes["c"]
    assert 300 <= one["pollers_max"] <= 306
    assert one["instances_max"] <= 306
    assert 600 <= two["pollers_max"] <= 606
    assert two["instances_max"] <= 606


def test_pollers_scale_back_when_the_queue_empties() -> None:
    """After the backlog is worked off the pollers fall back toward 5."""
    topo = chain(
        producer("p", 1, load=burst_load(3000)),
        queue("q"),
        consumer("c", concurrency=1000, service_time=const(1.0)),
        duration=400.0,
    )
    sim = Simulation(topo)
    sim.advance(400.0)
    c = sim.nodes["c"]
    assert c.stats(400.0)["pollers_max"] > 50
    assert c.pollers == 5


def test_maximum_concurrency_caps_the_pollers() -> None:
    """`maximum_concurrency` bounds the concurrent batches of a queue source."""
    topo = backlog_topology(120.0)
    topo.node("c").params["maximum_concurrency"] = 40
    figures = run(topo).nodes["c"]
    assert figures["pollers_max"] == 40
    assert figures["instances_max"] == 40


def test_burst_scaling_adds_at_most_1000_per_10_seconds() -> None:
    """A demand of 30,000 environments (300/s of 100 s work) is reached no faster than
    1,000 at once plus 1,000 per 10 s: about 290 s, throttling until then."""
    topo = chain(
        producer("p", 300, "constant"),
        consumer("c", concurrency=30_000, service_time=const(100.0), retries=0),
        duration=330.0,
    )
    topo.scenario.account_concurrency = 40_000
    sim = Simulation(topo, interval=5.0)
    sim.advance(330.0)
    times, busy = sim.series.columns["t"], sim.series.columns["c.busy"]
    for t, value in zip(times, busy, strict=True):
        assert value <= 1000 + 100 * t
    reached = min(t for t, value in zip(times, busy, strict=True) if value >= 30_000)
    assert 290 <= reached <= 300  # it does scale at that pace, to the whole demand
    assert sim.nodes["c"].stats(330.0)["throttles"] > 0


def test_account_pool_is_shared_by_functions() -> None:
    """Two functions wanting 800 each under a 1,000 pool never exceed 1,000 together."""
    nodes = [
        producer("p1", 80, "constant"),
        producer("p2", 80, "constant"),
        consumer("f1", concurrency=1000, service_time=const(10.0), retries=0),
        consumer("f2", concurrency=1000, service_time=const(10.0), retries=0),
    ]
    topo = topology(nodes, [edge("p1", "f1"), edge("p2", "f2")], duration=60.0)
    sim = Simulation(topo, interval=1.0)
    sim.advance(60.0)
    cols = sim.series.columns
    together = [a + b for a, b in zip(cols["f1.busy"], cols["f2.busy"], strict=True)]
    assert max(together) <= 1000
    assert max(together) >= 990
    f1, f2 = sim.nodes["f1"].stats(60.0), sim.nodes["f2"].stats(60.0)
    assert f1["throttles"] > 0 and f2["throttles"] > 0


def test_reserved_concurrency_isolates_from_a_noisy_neighbour() -> None:
    """A function with reserved concurrency is never throttled by another's spike."""
    nodes = [
        producer("p1", 20, "constant"),
        producer("noise", 300, "constant"),
        consumer("quiet", concurrency=1000, reserved_concurrency=300, service_time=const(10.0)),
        consumer("noisy", concurrency=5000, service_time=const(10.0), retries=0),
    ]
    edges = [edge("p1", "quiet"), edge("noise", "noisy")]
    result = run(topology(nodes, edges, duration=60.0))
    assert result.nodes["quiet"]["throttles"] == 0
    assert result.nodes["noisy"]["throttles"] > 0
    assert result.nodes["noisy"]["instances_max"] <= 700  # the unreserved rest


def test_without_reservation_the_neighbour_throttles_it() -> None:
    """The same quiet function without a reservation is throttled by the spike."""
    nodes = [
        producer("p1", 20, "constant"),
        producer("noise", 300, "constant"),
        consumer("quiet", concurrency=1000, service_time=const(10.0)),
        consumer("noisy", concurrency=5000, service_time=const(10.0), retries=0),
    ]
    edges = [edge("p1", "quiet"), edge("noise", "noisy")]
    result = run(topology(nodes, edges, duration=60.0))
    assert result.nodes["quiet"]["throttles"] > 0


def test_throttled_async_events_expire_at_max_event_age() -> None:
    """Async events that never find capacity are retried, then end expired when their age
    reaches max_event_age (not at their last try before it)."""
    topo = chain(
        producer("p", 1, "constant"),
        consumer("c", reserved_concurrency=0, max_event_age=60),
        duration=600.0,
    )
    result = run(topo)
    events = result.events
    assert events["completed"] == 0
    assert 530 <= events["expired"] <= 541  # the events sent by t = 540 s
    assert events["expired"] + events["in_flight"] == events["produced"]
    ended = result.latency_failed or result.latency  # expired roots did not deliver
    assert ended["mean"] == pytest.approx(60.0) and ended["max"] == pytest.approx(60.0)


def test_throttled_async_events_go_on_failure() -> None:
    """An on-failure edge takes events that expired while throttled."""
    nodes = [
        producer("p", 1, "constant"),
        consumer("c", reserved_concurrency=0, max_event_age=60),
        queue("dlq"),
    ]
    edges = [edge("p", "c"), edge("c", "dlq", "on-failure")]
    result = run(topology(nodes, edges, duration=300.0))
    assert result.events["dead_lettered"] >= 230
    assert result.events["expired"] == 0


def test_provisioned_environments_never_cold_start() -> None:
    """Work within the provisioned environments pays no cold start."""
    topo = chain(
        producer("p", 2, "constant"),
        consumer("c", concurrency=10, provisioned=5, cold_start=const(2.0), service_time=1.0),
        duration=100.0,
    )
    figures = run(topo).nodes["c"]
    assert figures["cold_starts"] == 0
    assert figures["provisioned_used"] == figures["arrivals"]
    unprovisioned = chain(
        producer("p", 2, "constant"),
        consumer("c", concurrency=10, cold_start=const(2.0), service_time=1.0),
        duration=100.0,
    )
    assert run(unprovisioned).nodes["c"]["cold_starts"] > 0


def test_throttled_batches_return_after_the_visibility_timeout() -> None:
    """Pollers receive even when the function is throttled; such batches come back after
    the visibility timeout with one more receive, and can dead-letter early."""
    nodes = [
        producer("p", 5, "constant"),
        queue("q", visibility_timeout=5, max_receive_count=2),
        consumer("c", concurrency=10, reserved_concurrency=1, service_time=const(1.0)),
        queue("dlq"),
    ]
    edges = [edge("p", "q"), edge("q", "c"), edge("q", "dlq", "dead-letter")]
    result = run(topology(nodes, edges, duration=120.0))
    assert result.nodes["c"]["throttles"] > 0
    assert result.nodes["q"]["dead_lettered"] > 0
    assert result.nodes["c"]["instances_max"] == 1


def test_a_reader_may_start_before_its_queue() -> None:
    """A consumer started before the queue it reads (node order) runs (fuzz finding)."""
    nodes = [consumer("c", batch_window=1.0), producer("p", 1), queue("q", fifo=True)]
    result = run(topology(nodes, [edge("p", "q"), edge("q", "c")], duration=30.0))
    assert result.ledger["balanced"] and result.events["completed"] > 10


def test_idempotency_claims_an_id_when_work_starts() -> None:
    """A copy redelivered while the first is still running is a duplicate (the id is
    claimed at start): one completion per event behind a lapsing queue (was 1.20)."""
    nodes = [
        producer("p", 0.5, "constant"),
        queue("q", visibility_timeout=0.4),
        consumer("c", concurrency=10, idempotent=True, service_time=const(1.0)),
        consumer("done"),
    ]
    edges = [edge("p", "q"), edge("q", "c"), edge("c", "done")]
    result = run(topology(nodes, edges, duration=400.0))
    produced = result.events["produced"]
    assert result.nodes["c"]["duplicates"] > 0.9 * produced
    assert result.nodes["done"]["processed"] <= produced
    assert result.nodes["done"]["processed"] >= produced - 2


def test_the_table_names_throttled_consumers() -> None:
    """`run`'s table lists each throttled consumer below the nodes (refused invocations and
    the most environments it ran); a run without throttles adds nothing."""
    from simulator.engine.report import table

    nodes = [
        producer("p", 20, "constant"),
        consumer("c", concurrency=50, reserved_concurrency=5, service_time=const(1.0)),
        consumer("ok", service_time=const(0.01)),
    ]
    edges = [edge("p", "c"), edge("p", "ok")]
    data = run(topology(nodes, edges, duration=30.0)).to_json_dict()
    refused = data["nodes"]["c"]["throttles"]
    assert refused > 0
    lines = table(data).splitlines()
    assert lines[-1] == f"throttled: c refused {refused:,} invocations (at most 5 ran)"
    assert lines[-2] == ""
    assert "throttled:" not in table(run(chain(producer("p", 1), consumer("c"))).to_json_dict())


def _two_functions(**f2: object) -> Topology:
    """Two functions wanting 800 each under a 1,000 pool; f2 takes `f2` parameters."""
    nodes = [
        producer("p1", 80, "constant"),
        producer("p2", 80, "constant"),
        consumer("f1", concurrency=1000, service_time=const(10.0), retries=0),
        consumer("f2", concurrency=1000, service_time=const(10.0), retries=0, **f2),
    ]
    return topology(nodes, [edge("p1", "f1"), edge("p2", "f2")], duration=60.0)


def test_each_account_and_region_has_its_own_pool() -> None:
    """Lambda quotas are per account and Region: functions in another account or Region
    do not throttle each other (the same pair in one account does)."""
    for placement in ({"account": "111122223333"}, {"region": "eu-west-1"}):
        result = run(_two_functions(**placement))
        assert result.nodes["f1"]["throttles"] == result.nodes["f2"]["throttles"] == 0
        assert 800 <= result.nodes["f1"]["instances_max"] <= 801
    assert run(_two_functions()).nodes["f1"]["throttles"] > 0


def test_provisioned_concurrency_is_claimed_from_the_pool() -> None:
    """A function keeping 600 provisioned claims them even when idle: its neighbour gets
    only the other 400 of the 1,000 (AWS counts allocated provisioned concurrency)."""
    nodes = [
        producer("p1", 80, "constant"),
        consumer("f1", concurrency=1000, service_time=const(10.0), retries=0),
        consumer("idle", concurrency=600, provisioned=600),
    ]
    result = run(topology(nodes, [edge("p1", "f1")], duration=60.0))
    assert result.nodes["f1"]["instances_max"] == 400
    assert result.nodes["f1"]["throttles"] > 0


def test_batch_window_waits_to_fill_a_batch() -> None:
    """With `batch_window` 5 s a reader of a 1/s queue waits for more messages: batches of
    about five instead of one, and no message waits much longer than the window."""
    invocations, latency = {}, {}
    for window in (0.0, 5.0):
        topo = chain(
            producer("p", 1, "constant"),
            queue("q"),
            consumer("c", concurrency=5, batch_size=10, batch_window=window, service_time=0.01),
            duration=600.0,
        )
        sim = Simulation(topo)
        sim.advance(600.0)
        invocations[window] = sim.nodes["c"].invocations
        latency[window] = sim.finish().latency
    assert invocations[0.0] >= 590
    assert 100 <= invocations[5.0] <= 130  # ~600 messages in batches of 5 or 6
    assert latency[0.0]["max"] < 0.1
    assert 2.0 <= latency[5.0]["mean"] <= 3.5 and latency[5.0]["max"] <= 5.1


def test_idempotency_releases_the_claim_of_a_failed_try() -> None:
    """A try that fails releases its event id: the queue's redelivery runs it again instead
    of being discarded as a duplicate, so every event still completes once."""
    nodes = [
        producer("p", 1, "constant"),
        queue("q", visibility_timeout=2, max_receive_count=50),
        consumer("c", concurrency=5, idempotent=True, failure_rate=0.5, service_time=0.1),
        consumer("done"),
    ]
    edges = [edge("p", "q"), edge("q", "c"), edge("c", "done")]
    result = run(topology(nodes, edges, duration=300.0))
    assert result.nodes["c"]["failures"] > 200
    assert result.nodes["c"]["duplicates"] == 0
    assert result.nodes["done"]["processed"] >= result.events["produced"] - 3
