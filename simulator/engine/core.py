"""Scheduling primitives: lean callback events on SimPy's event queue.

The engine uses SimPy's `Environment` and its event heap, but drives node work with
callback events rather than one generator process per message: a `Call` is an event
that `Environment.step` processes like any other (it has `callbacks`, `_ok` and
`_value`), with `__slots__` and no generator to resume. Workers are long-lived state
machines that schedule one `Call` per piece of work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import simpy
from simpy.events import NORMAL


class Call:
    """A scheduled callback: SimPy calls `fn(call)` at its time; `_value`/`aux` ride along."""

    __slots__ = ("_ok", "_value", "aux", "callbacks")

    def __init__(self, fn: Callable[[Call], None], value: Any = None, aux: Any = None):
        self.callbacks: tuple[Callable[[Call], None], ...] | None = (fn,)
        self._ok = True
        self._value = value
        self.aux = aux

    @property
    def value(self) -> Any:
        """The value this call carries (usually an event copy or a job)."""
        return self._value


class Clock:
    """Schedules `Call`s on a SimPy environment."""

    def __init__(self, env: simpy.Environment):
        self.env = env
        self._schedule = env.schedule

    @property
    def now(self) -> float:
        """The current simulated time."""
        return self.env.now

    def later(
        self, delay: float, fn: Callable[[Call], None], value: Any = None, aux: Any = None
    ) -> Call:
        """Run `fn(call)` after `delay` simulated seconds."""
        call = Call(fn, value, aux)
        self._schedule(call, NORMAL, delay)  # type: ignore[arg-type]
        return call

    def pending(self) -> list[Any]:
        """The values of every scheduled event (for the ledger's walk of live state)."""
        return [entry[3] for entry in self.env._queue]
