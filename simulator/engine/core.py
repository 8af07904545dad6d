"""Scheduling primitives: a SimPy environment with lean callback events.

The engine runs on SimPy's `Environment` and its event heap, but drives node work with
callback events rather than one generator process per message: a `Call` is an event
that `Environment.step` can process like any other (it has `callbacks`, `_ok` and
`_value`), with `__slots__` and no generator to resume. Workers are long-lived state
machines that schedule one `Call` per piece of work. `Env.advance` is a fast loop over
the heap that runs `Call`s directly and hands any other SimPy event to `step`.

The fast path uses three SimPy internals: the heap `_queue` of `(time, priority, eid,
event)` entries, the id counter `_eid` (an `itertools.count`) and the clock `_now`. They
are not public API, so pyproject pins the SimPy versions this was checked against and
tests/engine/test_engine_simpy_internals.py tests exactly these internals (an upgrade
that changes them fails there, not in a wrong result). `later` and `at` push the entry
SimPy's `schedule` would; everything else goes through SimPy's public API (`step`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from heapq import heappop, heappush
from typing import Any, Final, cast

from mypy_extensions import mypyc_attr
from simpy.core import Environment

NORMAL: Final = 1  # SimPy's priority for ordinary events (simpy.events.NORMAL)


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


class Clock:
    """The simulated time, `Env.now`, in a compiled object: node code reads `clock.now`
    (a direct field read) where `env.now` is an attribute lookup on the SimPy object."""

    __slots__ = ("now",)

    def __init__(self, now: float):
        self.now = now


# Not a native (compiled) class: mypyc's layout of a native subclass of an interpreted class
# with an instance dict is not safe (a build crashed on `self._now = ...` in SimPy's
# __init__); its methods are still compiled, its attributes are ordinary ones. SimPy's
# methods are called by name, not through super(): where the build cannot see SimPy's
# types (an isolated build environment), compiled super() calls went to object.
@mypyc_attr(native_class=False)
class Env(Environment):
    """A SimPy environment whose `now` is a plain attribute, with `later` and `advance`."""

    now: float = 0.0  # shadows SimPy's property; kept equal to _now

    def __init__(self, initial_time: float = 0) -> None:
        Environment.__init__(self, initial_time)  # by name: see the class comment
        self.now = float(initial_time)
        self.clock = Clock(self.now)  # kept equal to now and _now
        # The event heap and id counter (SimPy internals), for the hottest paths, which
        # schedule inline like `at` does: heappush(heap, (time, NORMAL, next(ids), call)).
        self.heap = cast("list[tuple[float, int, int, Any]]", self._queue)
        self.ids: Iterator[int] = self._eid

    def step(self) -> None:
        """Process the next event (any SimPy event)."""
        Environment.step(self)
        self.now = self.clock.now = self._now

    def later(
        self, delay: float, fn: Callable[[Call], None], value: Any = None, aux: Any = None
    ) -> Call:
        """Run `fn(call)` after `delay` simulated seconds."""
        call = Call(fn, value, aux)
        # SimPy's `schedule(call, NORMAL, delay)`, inlined (the same entry, one call less)
        heappush(self.heap, (self._now + delay, NORMAL, next(self._eid), call))
        return call

    def at(
        self, time: float, fn: Callable[[Call], None], value: Any = None, aux: Any = None
    ) -> Call:
        """Run `fn(call)` at absolute simulated time `time` (not before now).

        Pushed inline: `schedule` takes a delay, and now + (time - now) need not be `time`.
        """
        call = Call(fn, value, aux)
        if time < self._now:
            time = self._now
        heappush(self.heap, (time, NORMAL, next(self._eid), call))
        return call

    def advance(self, until: float) -> None:
        """Process every event scheduled before `until`, then set the time to `until`."""
        queue, clock = self.heap, self.clock
        while queue:
            time, _, _, event = queue[0]  # the entry heappop would return
            if time >= until:
                break
            if type(event) is Call:
                heappop(queue)
                self._now = self.now = clock.now = time
                event.callbacks[0](event)  # type: ignore[index]  # set until processed
            else:
                self.step()
        if until > self._now:
            self._now = self.now = clock.now = until

    def pending_values(self) -> Iterator[Any]:
        """The values carried by scheduled `Call`s (for the ledger's walk of live state).

        Only `Call`s carry event copies; other SimPy events are skipped.
        """
        for entry in self.heap:
            event = entry[3]
            if type(event) is Call:
                yield event._value
