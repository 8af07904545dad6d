"""Scheduling primitives: a SimPy environment with lean callback events.

The engine runs on SimPy's `Environment` and its event heap, but drives node work with
callback events rather than one generator process per message: a `Call` is an event
that `Environment.step` can process like any other (it has `callbacks`, `_ok` and
`_value`), with `__slots__` and no generator to resume. Workers are long-lived state
machines that schedule one `Call` per piece of work. `Env.advance` is a fast loop over
the heap that runs `Call`s directly and hands any other SimPy event to `step`.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush
from typing import Any

import simpy

NORMAL = 1  # SimPy's priority for ordinary events


class Call:
    """A scheduled callback: `fn(call)` runs at its time; `_value` and `aux` ride along."""

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


class Env(simpy.Environment):
    """A SimPy environment whose `now` is a plain attribute, with `later` and `advance`."""

    now: float = 0.0  # type: ignore[assignment]  # shadows the property; kept equal to _now

    def __init__(self, initial_time: float = 0) -> None:
        super().__init__(initial_time)
        self.now = float(initial_time)
        # The event heap and id counter, for hot paths that schedule inline like `at` does.
        self.heap = self._queue
        self.ids = self._eid

    def step(self) -> None:
        """Process the next event (any SimPy event)."""
        super().step()
        self.now = self._now

    def later(
        self, delay: float, fn: Callable[[Call], None], value: Any = None, aux: Any = None
    ) -> Call:
        """Run `fn(call)` after `delay` simulated seconds."""
        call = Call(fn, value, aux)
        heappush(self._queue, (self._now + delay, NORMAL, next(self._eid), call))  # type: ignore[misc]
        return call

    def at(
        self, time: float, fn: Callable[[Call], None], value: Any = None, aux: Any = None
    ) -> Call:
        """Run `fn(call)` at absolute simulated time `time` (not before now)."""
        call = Call(fn, value, aux)
        if time < self._now:
            time = self._now
        heappush(self._queue, (time, NORMAL, next(self._eid), call))  # type: ignore[misc]
        return call

    def advance(self, until: float) -> None:
        """Process every event scheduled before `until`, then set the time to `until`."""
        queue = self._queue
        while queue and queue[0][0] < until:
            event = queue[0][3]
            if type(event) is Call:
                self._now = self.now = heappop(queue)[0]
                event.callbacks[0](event)  # type: ignore[index]
            else:
                self.step()
        if until > self._now:
            self._now = self.now = until

    def pending(self) -> list[Any]:
        """Every scheduled event (for the ledger's walk of live state)."""
        return [entry[3] for entry in self._queue]
