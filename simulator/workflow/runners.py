"""Task runners that need nothing but time and chance: a `tasks` entry of the node.

`TimedTask` takes a service time per attempt and fails with probability `failure_rate`
(error `error`, default `States.TaskFailed`) at the end of the attempt. The same runner
serves `.waitForTaskToken` tasks, where the time is the callback's delay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.workflow.errors import TASK_FAILED
from simulator.workflow.interpreter import ECHO

if TYPE_CHECKING:
    from simulator.workflow.interpreter import Run, Scheduler


class TimedTask:
    """A task whose attempts take a sampled time and fail with a fixed probability.

    No `__slots__` (one per task, not per attempt): the engine's compiled `Timed` derives
    from it, and mypyc refuses an interpreted base class that declares slots."""

    def __init__(
        self,
        env: Scheduler,
        service: Callable[[], float],
        failure_rate: float = 0.0,
        uniform: Callable[[], float] | None = None,
        error: str = TASK_FAILED,
    ):
        self.env = env
        self.service = service
        self.failure_rate = failure_rate
        self.uniform = uniform
        self.error = error

    def start(self, run: Run, payload: Any) -> None:
        """Schedule the end of one attempt."""
        p = self.failure_rate
        failed = p > 0 and self.uniform is not None and self.uniform() < p
        self.env.later(self.service(), self._failed if failed else self._done, run, run.gen)

    def _done(self, call: Any) -> None:
        call._value.task_done(call.aux, ECHO)

    def _failed(self, call: Any) -> None:
        call._value.task_failed(call.aux, self.error, "the task failed")
