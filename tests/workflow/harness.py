"""A minimal host for running workflow executions on the engine's scheduler in tests."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.engine.core import Env
from simulator.workflow import Execution, Machine, TimedTask, compile_machine


class Host:
    """Runs executions of one machine; records how each ended and when."""

    def __init__(self, definition: dict[str, Any], seed: int = 1):
        self.env = Env()
        self.rng = np.random.default_rng(seed)
        self.uniform = self.rng.random
        self.transitions = 0
        self.machine: Machine = compile_machine(definition)
        self.ended: list[tuple[float, bool, str, float]] = []  # (latency, ok, error, end time)
        self.outputs: list[Any] = []

    def bind(
        self,
        state: str,
        mean: float = 0.0,
        p: float = 0.0,
        error: str = "States.TaskFailed",
        dist: str = "exponential",
    ) -> None:
        """Give a Task state a timed runner (exponential or constant service time)."""
        rng = self.rng
        if dist == "exponential":
            service = (lambda: rng.exponential(mean)) if mean > 0 else (lambda: 0.0)
        else:
            service = lambda: mean  # noqa: E731
        self.machine.states[state].runner = TimedTask(self.env, service, p, rng.random, error)

    def finished(self, execution: Execution, ok: bool, error: str, cause: str) -> None:
        """Record an ending."""
        now = self.env.now
        self.ended.append((now - execution.started, ok, error, now))

    def start(self, data: Any = None, n: int = 1, every: float = 0.0, timeout: float = 0.0) -> None:
        """Start `n` executions, `every` seconds apart, with `data` as input."""
        for i in range(n):
            self.env.at(i * every, self._start, data, timeout)

    def _start(self, call: Any) -> None:
        execution = Execution(self, self.machine, call._value, f"e{len(self.ended)}")
        if call.aux:
            self.env.later(call.aux, lambda c: c._value.time_out(), execution)
        execution.start()

    def run(self, until: float = 1e12) -> None:
        """Process every scheduled event."""
        self.env.advance(until)


def machine(states: dict[str, Any], start: str | None = None) -> dict[str, Any]:
    """A definition with `states` starting at the first one (or `start`)."""
    return {"StartAt": start or next(iter(states)), "States": states}
