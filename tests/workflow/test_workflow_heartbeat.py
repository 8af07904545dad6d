"""HeartbeatSeconds: simulated workers never heartbeat, so long callback tasks time out."""

from __future__ import annotations

from typing import Any

from harness import Host, machine


def task(resource: str, **extra: Any) -> dict[str, Any]:
    return machine({"T": {"Type": "Task", "Resource": resource, "End": True, **extra}})


def test_a_callback_task_past_its_heartbeat_fails_with_heartbeat_timeout() -> None:
    """A .waitForTaskToken task lasting 10 s with HeartbeatSeconds 4 fails at 4 s with
    States.HeartbeatTimeout."""
    host = Host(task("arn:aws:states:::sqs:sendMessage.waitForTaskToken", HeartbeatSeconds=4))
    host.bind("T", 10.0, dist="constant")
    host.start()
    host.run()
    assert host.ended == [(4.0, False, "States.HeartbeatTimeout", 4.0)]


def test_a_task_within_its_heartbeat_succeeds() -> None:
    """An activity task finishing before HeartbeatSeconds succeeds at its own time."""
    host = Host(task("arn:aws:states:us-east-1:123456789012:activity:review", HeartbeatSeconds=4))
    host.bind("T", 3.0, dist="constant")
    host.start()
    host.run()
    assert host.ended == [(3.0, True, "", 3.0)]


def test_heartbeat_timeouts_are_retried_and_caught_as_errors() -> None:
    """States.HeartbeatTimeout is retried by a matching Retry (each attempt lasts the
    heartbeat): two retries of 1 s delay, then failure at 3 x 4 + 1 + 2 = 15 s."""
    retry = [{"ErrorEquals": ["States.HeartbeatTimeout"], "MaxAttempts": 2, "BackoffRate": 2.0}]
    host = Host(task("x.sync", HeartbeatSeconds=4, Retry=retry))
    host.bind("T", 10.0, dist="constant")
    host.start()
    host.run()
    assert host.ended == [(15.0, False, "States.HeartbeatTimeout", 15.0)]
    assert host.machine.states["T"].stats.retries == 2


def test_heartbeat_has_no_effect_on_request_response_tasks() -> None:
    """A plain (request-response) task keeps no heartbeat clock: it runs its 10 s."""
    host = Host(task("arn:aws:states:::dynamodb:putItem", HeartbeatSeconds=4))
    host.bind("T", 10.0, dist="constant")
    host.start()
    host.run()
    assert host.ended == [(10.0, True, "", 10.0)]


def test_a_timeout_shorter_than_the_heartbeat_wins() -> None:
    """TimeoutSeconds 3 under HeartbeatSeconds 4: the task fails with States.Timeout at 3 s."""
    host = Host(task("x.waitForTaskToken", HeartbeatSeconds=4, TimeoutSeconds=3))
    host.bind("T", 10.0, dist="constant")
    host.start()
    host.run()
    assert host.ended == [(3.0, False, "States.Timeout", 3.0)]
