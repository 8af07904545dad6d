"""The interpreter against closed forms: retry schedules, retried tasks, Parallel, Map.

Executions run on the engine's scheduler with seeded draws; statistical checks allow
about 4 standard errors.
"""

from __future__ import annotations

import math

import numpy as np
from harness import Host, machine

from simulator.workflow import Retrier


def mean_and_error(values: list[float]) -> tuple[float, float]:
    data = np.asarray(values)
    return float(data.mean()), float(data.std(ddof=1) / math.sqrt(len(data)))


def always_failing(retry: dict) -> Host:
    host = Host(machine({"T": {"Type": "Task", "Resource": "t", "Retry": [retry], "End": True}}))
    host.bind("T", mean=0.0, p=1.0)
    return host


def test_retry_schedule_without_jitter_is_exact() -> None:
    """Retry n waits min(Interval x Backoff^(n-1), MaxDelay): 2 + 6 + 10 = 18 s in all."""
    retry = {
        "ErrorEquals": ["States.ALL"],
        "IntervalSeconds": 2,
        "BackoffRate": 3,
        "MaxAttempts": 3,
        "MaxDelaySeconds": 10,
    }
    host = always_failing(retry)
    host.start(n=5, every=100)
    host.run()
    assert [round(t, 9) for t, *_ in host.ended] == [18.0] * 5
    assert all(not ok and error == "States.TaskFailed" for _, ok, error, _ in host.ended)
    assert [Retrier.parse(retry).ceiling(n) for n in (1, 2, 3)] == [2, 6, 10]


def test_full_jitter_halves_the_mean_delay() -> None:
    """With JitterStrategy FULL each delay is U(0, ceiling): the mean total is 18 / 2 = 9 s."""
    retry = {
        "ErrorEquals": ["States.ALL"],
        "IntervalSeconds": 2,
        "BackoffRate": 3,
        "MaxAttempts": 3,
        "MaxDelaySeconds": 10,
        "JitterStrategy": "FULL",
    }
    host = always_failing(retry)
    host.start(n=4000, every=100)
    host.run()
    mean, error = mean_and_error([t for t, *_ in host.ended])
    assert abs(mean - 9.0) < 4 * error, (mean, error)
    assert max(t for t, *_ in host.ended) <= 18.0


def retried_task(p: float, attempts: int, mean: float, interval: float, backoff: float) -> Host:
    retry = {
        "ErrorEquals": ["States.TaskFailed"],
        "IntervalSeconds": interval,
        "BackoffRate": backoff,
        "MaxAttempts": attempts,
    }
    host = Host(
        machine({"T": {"Type": "Task", "Resource": "t", "Retry": [retry], "End": True}}), seed=7
    )
    host.bind("T", mean=mean, p=p)
    return host


def test_success_share_of_a_retried_task() -> None:
    """A task failing with probability p, retried k times, succeeds with 1 - p^(k+1)."""
    p, k, n = 0.4, 2, 20000
    host = retried_task(p, k, 0.0, 1.0, 2.0)
    host.start(n=n, every=1)
    host.run()
    share = sum(ok for _, ok, *_ in host.ended) / n
    expected = 1 - p ** (k + 1)
    sigma = math.sqrt(expected * (1 - expected) / n)
    assert abs(share - expected) < 4 * sigma, (share, expected)


def test_mean_latency_of_a_retried_task() -> None:
    """E[T] = sum_j p^(j-1) (m + delay before try j), tries j = 1..k+1."""
    p, k, m, interval, backoff = 0.3, 3, 2.0, 1.5, 2.0
    host = retried_task(p, k, m, interval, backoff)
    host.start(n=20000, every=1)
    host.run()
    expected = sum(p ** (j - 1) * m for j in range(1, k + 2))
    expected += sum(p ** (j - 1) * interval * backoff ** (j - 2) for j in range(2, k + 2))
    mean, error = mean_and_error([t for t, *_ in host.ended])
    assert abs(mean - expected) < 4 * error, (mean, expected, error)
    retries = host.machine.states["T"].stats.retries
    assert abs(retries / 20000 - sum(p**j for j in range(1, k + 1))) < 0.02


def test_parallel_of_two_exponential_branches() -> None:
    """A Parallel ends when its slower branch does: E[max] = 1/a + 1/b - 1/(a+b)."""
    a, b = 1.0, 0.25

    def branch(name: str) -> dict:
        return {
            "StartAt": name,
            "States": {name: {"Type": "Task", "Resource": name, "End": True}},
        }

    host = Host(
        machine({"P": {"Type": "Parallel", "Branches": [branch("A"), branch("B")], "End": True}}),
        seed=3,
    )
    host.bind("A", mean=1 / a)
    host.bind("B", mean=1 / b)
    host.start(n=20000, every=1)
    host.run()
    mean, error = mean_and_error([t for t, *_ in host.ended])
    expected = 1 / a + 1 / b - 1 / (a + b)
    assert abs(mean - expected) < 4 * error, (mean, expected, error)


def test_parallel_fails_when_a_branch_fails() -> None:
    """One failing branch fails the Parallel with that branch's error; Catch takes it."""
    host = Host(
        machine(
            {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        {
                            "StartAt": "Ok",
                            "States": {"Ok": {"Type": "Wait", "Seconds": 5, "End": True}},
                        },
                        {
                            "StartAt": "Bad",
                            "States": {"Bad": {"Type": "Fail", "Error": "Checks.Failed"}},
                        },
                    ],
                    "Catch": [
                        {
                            "ErrorEquals": ["Checks.Failed"],
                            "ResultPath": "$.error",
                            "Next": "Caught",
                        }
                    ],
                    "End": True,
                },
                "Caught": {"Type": "Fail", "Error": "Handled"},
            }
        )
    )
    host.start(data={"a": 1})
    host.run()
    assert host.ended == [(0.0, False, "Handled", 0.0)]
    assert host.machine.states["Ok"].stats.entered == 1


def map_host(concurrency: int, dist: str) -> Host:
    host = Host(
        machine(
            {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "MaxConcurrency": concurrency,
                    "ItemProcessor": {
                        "StartAt": "Work",
                        "States": {"Work": {"Type": "Task", "Resource": "w", "End": True}},
                    },
                    "End": True,
                }
            }
        ),
        seed=5,
    )
    host.bind("Work", mean=1.0, dist=dist)
    return host


def test_map_concurrency_with_constant_items() -> None:
    """Six 1-second items take 6 s one at a time, 3 s two at a time, 1 s all at once."""
    for concurrency, expected in ((1, 6.0), (2, 3.0), (0, 1.0)):
        host = map_host(concurrency, "constant")
        host.start(data={"items": list(range(6))})
        host.run()
        assert host.ended[0][:2] == (expected, True), (concurrency, host.ended)


def test_map_concurrency_with_exponential_items() -> None:
    """Six Exp(1) items: 6 s one at a time, (6-1)/2 + 1 = 3.5 s two at a time, H_6 at once."""
    harmonic = sum(1 / i for i in range(1, 7))
    for concurrency, expected in ((1, 6.0), (2, 3.5), (0, harmonic)):
        host = map_host(concurrency, "exponential")
        host.start(data={"items": list(range(6))}, n=8000, every=100)
        host.run()
        mean, error = mean_and_error([t for t, *_ in host.ended])
        assert abs(mean - expected) < 4 * error, (concurrency, mean, expected, error)


def test_map_output_keeps_item_order_and_selector() -> None:
    """A Map's result lists each iteration's output in item order (ItemSelector applied)."""
    host = Host(
        machine(
            {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
                    "ItemProcessor": {
                        "StartAt": "W",
                        "States": {"W": {"Type": "Wait", "SecondsPath": "$.v", "End": True}},
                    },
                    "ResultPath": "$.out",
                    "Next": "Check",
                },
                "Check": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.out[0].i", "NumericEquals": 0, "Next": "Yes"}],
                    "Default": "No",
                },
                "Yes": {"Type": "Succeed"},
                "No": {"Type": "Fail", "Error": "Order"},
            }
        )
    )
    host.start(data={"items": [3, 1, 2]})
    host.run()
    assert host.ended == [(3.0, True, "", 3.0)]


def test_transitions_count_states_entered_and_retries() -> None:
    """Transitions = every state entered (branches and iterations too) + every retry."""
    host = Host(
        machine(
            {
                "A": {"Type": "Pass", "Next": "P"},
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        {
                            "StartAt": "B1",
                            "States": {
                                "B1": {"Type": "Pass", "Next": "B2"},
                                "B2": {"Type": "Pass", "End": True},
                            },
                        },
                        {
                            "StartAt": "C1",
                            "States": {"C1": {"Type": "Wait", "Seconds": 1, "End": True}},
                        },
                    ],
                    "ResultPath": None,
                    "Next": "M",
                },
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "ResultPath": None,
                    "ItemProcessor": {
                        "StartAt": "I",
                        "States": {"I": {"Type": "Pass", "End": True}},
                    },
                    "Next": "T",
                },
                "T": {
                    "Type": "Task",
                    "Resource": "t",
                    "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}],
                    "End": True,
                },
                "Z": {"Type": "Succeed"},
            }
        )
    )
    host.bind("T", p=1.0)
    host.start(data={"items": [1, 2, 3]})
    host.run()
    # A, P, B1, B2, C1, M, I x3, T, Z = 11 entered; 2 retries
    assert host.transitions == 13
    assert host.ended[0][1] is True


def test_task_timeout_is_states_timeout_and_task_failed_skips_it() -> None:
    """TimeoutSeconds fails a slow task with States.Timeout, which States.TaskFailed misses."""
    host = Host(
        machine(
            {
                "T": {
                    "Type": "Task",
                    "Resource": "t",
                    "TimeoutSeconds": 2,
                    "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 5}],
                    "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Late"}],
                    "End": True,
                },
                "Late": {"Type": "Fail", "Error": "Late"},
            }
        )
    )
    host.bind("T", mean=5.0, dist="constant")
    host.start()
    host.run()
    assert host.ended == [(2.0, False, "Late", 2.0)]
    assert host.machine.states["T"].stats.retries == 0


def test_runtime_errors_are_not_caught_by_states_all() -> None:
    """A Choice on a missing field is States.Runtime: it ends the execution, whatever Catch."""
    host = Host(
        machine(
            {
                "C": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.none", "NumericEquals": 1, "Next": "Z"}],
                    "Default": "Z",
                },
                "Z": {"Type": "Succeed"},
            }
        )
    )
    host.start(data={})
    host.run()
    assert host.ended[0][1:3] == (False, "States.Runtime")


def test_wait_seconds_path_and_catch_result_path() -> None:
    """Wait reads SecondsPath; a Catch puts the error output at its ResultPath."""
    host = Host(
        machine(
            {
                "W": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "T"},
                "T": {
                    "Type": "Task",
                    "Resource": "t",
                    "Catch": [{"ErrorEquals": ["Boom"], "ResultPath": "$.err", "Next": "C"}],
                    "End": True,
                },
                "C": {
                    "Type": "Choice",
                    "Choices": [
                        {
                            "And": [
                                {"Variable": "$.err.Error", "StringEquals": "Boom"},
                                {"Variable": "$.delay", "NumericEquals": 4},
                            ],
                            "Next": "Ok",
                        }
                    ],
                    "Default": "Bad",
                },
                "Ok": {"Type": "Succeed"},
                "Bad": {"Type": "Fail", "Error": "Bad"},
            }
        )
    )
    host.bind("T", mean=1.0, p=1.0, error="Boom", dist="constant")
    host.start(data={"delay": 4})
    host.run()
    assert host.ended == [(5.0, True, "", 5.0)]
