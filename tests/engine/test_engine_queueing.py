"""Queueing theory checks: M/M/1, M/M/c (Erlang C) and a Jackson tandem network.

Tolerances: each estimate's standard deviation was measured over 20 seeds with the same
run length (noted per test); the assertions allow about 4 standard deviations, so a
correct engine passes and a modelling error of a few percent fails.
"""

from __future__ import annotations

import math

from engine_topologies import chain, consumer, exp, producer, queue

from simulator.engine import run


def erlang_c_wait(arrival: float, service_rate: float, servers: int) -> float:
    """Mean wait in queue of an M/M/c system (Erlang C)."""
    a = arrival / service_rate
    top = a**servers / math.factorial(servers) * servers / (servers - a)
    bottom = sum(a**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom / (servers * service_rate - arrival)


def test_mm1_sojourn_mean_and_percentiles() -> None:
    """M/M/1 (lambda 0.5, mu 1): sojourn is exponential with rate mu - lambda = 0.5."""
    topo = chain(
        producer("p", 0.5),
        consumer("c", service_time=exp(1.0), retries=0),
        duration=60_000,
        warmup=500,
        seed=11,
    )
    latency = run(topo).latency
    # SD over 20 seeds: mean 0.036, p50 0.019, p95 0.16, p99 0.28 (of 2.0, 1.39, 5.99, 9.21).
    assert math.isclose(latency["mean"], 2.0, abs_tol=0.15)
    assert math.isclose(latency["p50"], 2 * math.log(2), abs_tol=0.08)
    assert math.isclose(latency["p95"], 2 * math.log(20), abs_tol=0.62)
    assert math.isclose(latency["p99"], 2 * math.log(100), abs_tol=1.13)


def test_mmc_wait_matches_erlang_c() -> None:
    """M/M/3 at rho 0.8 (async invocations): mean wait equals the Erlang C formula."""
    topo = chain(
        producer("p", 2.4),
        consumer("c", concurrency=3, service_time=exp(1.0), retries=0),
        duration=40_000,
        warmup=500,
        seed=12,
    )
    result = run(topo)
    expected = erlang_c_wait(2.4, 1.0, 3)  # 1.078 s
    wait = result.nodes["c"]["wait_mean"]
    # SD over 20 seeds: 0.052 s for the wait, 0.004 for the utilization.
    assert math.isclose(wait, expected, abs_tol=0.21)
    assert math.isclose(result.nodes["c"]["utilization"], 0.8, abs_tol=0.016)


def test_mmc_wait_through_a_queue() -> None:
    """M/M/2 through a queue: the queue's mean wait equals Erlang C, depth is Little's law."""
    topo = chain(
        producer("p", 1.5),
        queue("q"),
        consumer("c", concurrency=2, service_time=exp(1.0)),
        duration=40_000,
        warmup=500,
        seed=13,
    )
    figures = run(topo).nodes["q"]
    expected = erlang_c_wait(1.5, 1.0, 2)  # 1.286 s
    # SD over 20 seeds: 0.056 s for the wait, 0.088 for the depth.
    assert math.isclose(figures["wait_mean"], expected, abs_tol=0.23)
    assert math.isclose(figures["depth_mean"], 1.5 * expected, abs_tol=0.36)


def test_jackson_tandem_end_to_end_mean() -> None:
    """Three M/M/1 stations in tandem through queues: mean latency is the sum of 1/(mu-lambda)."""
    topo = chain(
        producer("p", 0.5),
        queue("q1"),
        consumer("s1", service_time=exp(1.0)),
        queue("q2"),
        consumer("s2", service_time=exp(0.8)),
        queue("q3"),
        consumer("s3", service_time=exp(0.5)),
        duration=40_000,
        warmup=500,
        seed=14,
    )
    result = run(topo)
    expected = 1 / (1 - 0.5) + 1 / (1.25 - 0.5) + 1 / (2 - 0.5)  # 4.0 s
    # SD over 20 seeds: 0.048 s.
    assert math.isclose(result.latency["mean"], expected, abs_tol=0.19)
    assert result.ledger["balanced"]
