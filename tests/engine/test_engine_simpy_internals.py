"""The SimPy internals `simulator.engine.core` relies on, tested directly.

`Env` pushes `(time, priority, eid, event)` entries onto SimPy's private heap `_queue`,
draws ids from `_eid`, moves the private clock `_now` and lets `step()` process its lean
`Call` events. pyproject pins the SimPy versions this was checked against; a SimPy that
changes any of it fails here rather than giving wrong results.
"""

from __future__ import annotations

import itertools
from importlib.metadata import version

import simpy
import simpy.events

from simulator.engine.core import NORMAL, Env


def test_simpy_version_is_the_pinned_series() -> None:
    """The installed SimPy is a 4.1.x release, the series the fast path was checked against."""
    assert version("simpy").split(".")[:2] == ["4", "1"]


def test_heap_entries_are_time_priority_eid_event() -> None:
    """SimPy's own `schedule` pushes (time, priority, eid, event) onto `_queue`, a list."""
    env = simpy.Environment(initial_time=5.0)
    event = simpy.Event(env)
    env.schedule(event, simpy.events.NORMAL, 2.5)
    assert isinstance(env._queue, list)
    assert len(env._queue) == 1
    time, priority, eid, queued = env._queue[0]
    assert (time, priority, queued) == (7.5, NORMAL, event)
    assert isinstance(eid, int)


def test_normal_priority_is_simpys() -> None:
    """The engine's NORMAL equals SimPy's priority for ordinary events (URGENT is lower)."""
    assert simpy.events.NORMAL == NORMAL
    assert simpy.events.URGENT < NORMAL


def test_eid_is_an_itertools_count_shared_with_schedule() -> None:
    """`_eid` is an itertools.count; SimPy's `schedule` draws the next id from it."""
    env = Env()
    assert isinstance(env._eid, itertools.count)
    assert env.ids is env._eid and env.heap is env._queue
    first = next(env._eid)
    env.schedule(simpy.Event(env), simpy.events.NORMAL, 0)
    assert env._queue[0][2] == first + 1


def test_now_is_the_private_clock() -> None:
    """SimPy's public `now` reads `_now`, which the constructor sets to the initial time."""
    env = simpy.Environment(initial_time=3.0)
    assert env._now == 3.0
    env._now = 4.0
    assert env.now == 4.0
    assert isinstance(simpy.Environment.__dict__["now"], property)


def test_step_pops_the_earliest_entry_sets_now_and_runs_callbacks() -> None:
    """`step()` pops the smallest entry, sets `_now` to its time and calls its callbacks once."""
    env = Env()
    seen: list[tuple[str, float]] = []
    env.at(2.0, lambda call: seen.append(("late", env._now)))
    env.at(1.0, lambda call: seen.append(("early", env._now)))
    env.step()
    assert seen == [("early", 1.0)]
    assert env._now == env.now == 1.0
    env.step()
    assert seen == [("early", 1.0), ("late", 2.0)]


def test_step_accepts_a_call_and_clears_its_callbacks() -> None:
    """A Call has what `step()` uses of an event: callbacks (set to None), `_ok`, `_value`."""
    env = Env()
    call = env.later(1.0, lambda c: None, value="v")
    env.step()
    assert call.callbacks is None
    assert call._ok is True and call.value == "v"


def test_step_on_an_empty_heap_raises_empty_schedule() -> None:
    """`step()` with nothing scheduled raises SimPy's EmptySchedule."""
    env = Env()
    try:
        env.step()
    except simpy.core.EmptySchedule:
        return
    raise AssertionError("EmptySchedule not raised")


def test_ties_run_in_scheduling_order_across_calls_and_simpy_events() -> None:
    """Calls and SimPy timeouts at one time run in the order they were scheduled."""
    env = Env()
    order: list[str] = []
    env.at(1.0, lambda call: order.append("call-1"))
    env.timeout(1.0).callbacks.append(lambda event: order.append("timeout"))
    env.later(1.0, lambda call: order.append("call-2"))
    env.advance(2.0)
    assert order == ["call-1", "timeout", "call-2"]
    assert env.now == env._now == 2.0


def test_public_run_processes_calls_too() -> None:
    """SimPy's own `run(until)` processes the engine's Calls like ordinary events."""
    env = Env()
    seen: list[float] = []
    env.later(0.5, lambda call: seen.append(env._now))
    env.run(until=1.0)
    assert seen == [0.5]
    assert env._now == 1.0
