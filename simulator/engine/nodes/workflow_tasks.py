"""Task runners of a workflow node that use the topology: invoke a consumer, publish.

Each runner has `start(run, payload)` (see `simulator.workflow.TaskRunner`) and calls the
run back later, never synchronously.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush
from typing import TYPE_CHECKING, Any

from simulator.engine.core import NORMAL, Call, Env
from simulator.workflow import ECHO, TimedTask
from simulator.workflow.errors import THROTTLED
from simulator.workflow.resources import envelope

if TYPE_CHECKING:
    from simulator.engine.links import Link
    from simulator.engine.nodes.consumer import Consumer
    from simulator.engine.nodes.workflow import Workflow
    from simulator.workflow import Run, TaskRunner


class Timed(TimedTask):
    """`TimedTask` pushing its completion straight onto the engine's heap (the hot path)."""

    def __init__(
        self,
        node: Workflow,
        service: Callable[[], float],
        failure_rate: float,
        uniform: Callable[[], float],
        error: str,
    ):
        super().__init__(node.env, service, failure_rate, uniform, error)
        self.node = node  # its faults: `slowdown` stretches the time, `errors` sets the rate
        self._heap, self._ids = node.env.heap, node.env.ids

    def start(self, run: Run, payload: Any) -> None:
        """Schedule the end of one attempt."""
        node = self.node
        p = self.failure_rate if node.error_rate is None else node.error_rate
        done = self._failed if p and self.uniform() < p else self._done  # type: ignore[misc]
        call = Call(done, run, run.gen)
        work = self.service() * node.slow
        heappush(self._heap, (self.env.now + work, NORMAL, next(self._ids), call))


class Invoke:
    """Invoke a consumer synchronously: its concurrency, cold starts, failures apply."""

    __slots__ = ("consumer", "env")

    def __init__(self, env: Env, consumer: Consumer):
        self.env = env
        self.consumer = consumer

    def start(self, run: Run, payload: Any) -> None:
        """Take an environment of the consumer, or fail as throttled."""
        if not self.consumer.invoke(self._ended, run, run.gen):
            self.env.later(0.0, self._throttled, run, run.gen)

    @staticmethod
    def _ended(run: Run, gen: int, error: str) -> None:
        if error:
            run.task_failed(gen, error, "the function failed")
        else:
            run.task_done(gen, ECHO)

    @staticmethod
    def _throttled(call: Call) -> None:
        call._value.task_failed(call.aux, THROTTLED, "Rate Exceeded: no free environment")


class Publish:
    """Publish an event on a flow edge (putEvents, sqs:sendMessage, sns:publish)."""

    __slots__ = ("after", "callback", "env", "integration", "link", "node")

    def __init__(
        self,
        node: Workflow,
        link: Link,
        integration: str,
        after: TaskRunner | None = None,
        callback: bool = False,
    ):
        self.node = node
        self.env = node.env
        self.link = link
        self.integration = integration
        self.after = after  # .waitForTaskToken with a `tasks` entry: the callback's timing
        self.callback = callback  # .waitForTaskToken without: the token comes back by event

    def start(self, run: Run, payload: Any) -> None:
        """Send the event now; done at once, after the callback's delay (`after`), or when
        an event carrying the task token comes back to the workflow (`callback`)."""
        self.node.publish(run, self.link, envelope(self.integration, payload))
        if self.after is not None:
            self.after.start(run, payload)
        elif self.callback:
            self.node.await_callback(run)
        else:
            self.env.later(0.0, _done, run, run.gen)


class InvokeThenWait:
    """`lambda:invoke.waitForTaskToken`: invoke, then wait for the callback's time."""

    __slots__ = ("after", "invoke")

    def __init__(self, invoke: Invoke, after: TaskRunner):
        self.invoke = invoke
        self.after = after

    def start(self, run: Run, payload: Any) -> None:
        """Start the function (its own outcome does not end the task) and the wait."""
        consumer = self.invoke.consumer
        consumer.invoke(_ignore, run, run.gen)
        self.after.start(run, payload)


def _ignore(run: Any, gen: Any, error: str) -> None:
    """The function's own result does not decide a task that waits for a callback."""


def _done(call: Call) -> None:
    call._value.task_done(call.aux, ECHO)
