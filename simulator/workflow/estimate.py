"""Expected traffic of one execution, by a dry run: for the analytic load estimate.

The machine runs on a private clock with every task succeeding at once, so Choice rules
see the real event and Map states their real items. Each Task that invokes a node counts
its expected tries (a failure probability p, retried up to k times by the retrier that
takes States.TaskFailed: 1 + p + ... + p^k); each publishing Task counts one event,
built from its Parameters as the engine builds it. Paths taken only on failure (Catch)
are not followed: their share is small where failure rates are.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush
from itertools import count
from typing import Any

from simulator.workflow.errors import TASK_FAILED
from simulator.workflow.interpreter import ECHO, Execution, Run
from simulator.workflow.resources import Binding, envelope
from simulator.workflow.retry import find_retrier
from simulator.workflow.states import Machine, State

MAX_TRANSITIONS = 10_000  # a dry run that loops longer is cut short
DRY_ID = "dry-run"  # the execution id of dry runs: their task tokens start "dry-run/"


def is_dry_token(value: Any) -> bool:
    """True for a task token a dry run handed out (an event bringing it back is a callback)."""
    return isinstance(value, str) and value.startswith(DRY_ID + "/")


class _Call:
    __slots__ = ("_value", "aux", "fn")

    def __init__(self, fn: Callable[[Any], None], value: Any, aux: Any):
        self.fn, self._value, self.aux = fn, value, aux


class _Clock:
    """A tiny scheduler: the interpreter needs only `now` and `later`."""

    def __init__(self) -> None:
        self.now = 0.0
        self._heap: list[tuple[float, int, _Call]] = []
        self._ids = count()

    def later(
        self, delay: float, fn: Callable[[Any], None], value: Any = None, aux: Any = None
    ) -> _Call:
        call = _Call(fn, value, aux)
        heappush(self._heap, (self.now + delay, next(self._ids), call))
        return call

    def run(self, host: _Dry) -> None:
        while self._heap and host.transitions < MAX_TRANSITIONS:
            self.now, _, call = heappop(self._heap)
            call.fn(call)


class _Dry:
    """The host of one dry run: records what the Tasks send."""

    def __init__(self, failure: dict[str, float], binds: dict[str, Binding]):
        self.env = _Clock()
        self.uniform = lambda: 0.5
        self.transitions = 0
        self.ok = False
        self.failure = failure
        self.binds = binds
        self.sends: list[tuple[str, float, dict[str, Any]]] = []

    def finished(self, execution: Execution, ok: bool, error: str, cause: str) -> None:
        self.ok = ok

    def entered(self, run: Run, name: str) -> None:
        """Dry runs are not traced."""

    def retried(self, run: Run, name: str) -> None:
        """Dry runs are not traced."""


class _DryTask:
    """Records the task's sends and succeeds at once."""

    __slots__ = ("binding", "host", "state")

    def __init__(self, host: _Dry, state: State, binding: Binding):
        self.host, self.state, self.binding = host, state, binding

    def start(self, run: Run, payload: Any) -> None:
        binding, host = self.binding, self.host
        if binding.invoke is not None:
            host.sends.append((binding.invoke, self._tries(binding.invoke), dict(run.exe.input)))
        elif binding.publish is not None:
            event = {**run.exe.input, **envelope(binding.integration, payload)}
            host.sends.append((binding.publish, 1.0, event))
        host.env.later(0.0, _succeed, run, run.gen)

    def _tries(self, target: str) -> float:
        p = self.host.failure.get(target, 0.0)
        i = find_retrier(self.state.retriers, TASK_FAILED)
        k = self.state.retriers[i].max_attempts if i >= 0 else 0
        return sum(p**j for j in range(k + 1))


def _succeed(call: Any) -> None:
    call._value.task_done(call.aux, ECHO)


def dry_run(
    machine: Machine, event: dict[str, Any], binds: dict[str, Binding], failure: dict[str, float]
) -> tuple[bool, list[tuple[str, float, dict[str, Any]]]]:
    """(whether the execution succeeds, [(target, expected sends, event), ...]) for `event`.

    `binds` gives each Task state's binding; `failure` the failure probability of one try
    of each node a Task invokes.
    """
    host = _Dry(failure, binds)
    for state in machine.tasks():
        state.runner = _DryTask(host, state, binds.get(state.name, Binding()))
    Execution(host, machine, event, DRY_ID).start()
    host.env.run(host)
    return host.ok, host.sends
