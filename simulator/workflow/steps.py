"""What entering a state does, one function per type: (run, state, data) -> next or None.

A function returns the next state and its input for states that take no time, or None when
the state finishes later (Task, Wait, Parallel, Map) or ends the run (Succeed, Fail, End).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.workflow.errors import NO_CHOICE, RUNTIME, StatesError
from simulator.workflow.states import CHOICE, FAIL, MAP, PARALLEL, PASS, SUCCEED, TASK, WAIT, State

if TYPE_CHECKING:
    from simulator.workflow.interpreter import Run

Step = tuple[State | None, Any] | None


def _pass(run: Run, state: State, data: Any) -> Step:
    if state.plain and state.parameters is None and state.input_path is None:
        out = data if state.result is None else state.result
        if state.next is None:
            run.finish(out)
        return state.next, out
    effective = run.effective(state, data)
    return run._next(state, run.result(state, effective if state.result is None else state.result))


def _task(run: Run, state: State, data: Any) -> Step:
    """Task, Parallel and Map: start the work; its completion continues the run."""
    run.payload = run.effective(state, data)
    run.open_visit()
    run.attempt()
    return None


def _choice(run: Run, state: State, data: Any) -> Step:
    effective = run._path(state.input_path, data) if state.input_path is not None else data
    ctx = run.context() if state.context else None
    target = state.default
    for predicate, choice in state.choices:
        if predicate(effective, ctx):
            target = choice
            break
    if target is None:
        raise StatesError(NO_CHOICE, f"no rule of {state.name} matched and it has no Default")
    out = run._path(state.output_path, effective) if state.output_path is not None else effective
    return target, out


def _wait(run: Run, state: State, data: Any) -> Step:
    effective = run._path(state.input_path, data) if state.input_path is not None else data
    run.input = run.payload = effective
    seconds = _wait_seconds(run, state, effective)
    run.open_visit()
    run.gen += 1
    run.exe.host.env.later(seconds, run.waited, None, run.gen)
    return None


def _wait_seconds(run: Run, state: State, data: Any) -> float:
    from simulator.workflow.choice import timestamp
    from simulator.workflow.definition import EPOCH

    now = run.exe.host.env.now
    if state.seconds is not None:
        return state.seconds
    if state.wait_path is not None:
        value = run._path(state.wait_path, data)
        if state.wait_until is None:
            if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
                return float(value)
            raise StatesError(RUNTIME, f"SecondsPath of {state.name} gave {value!r}")
        when = timestamp(value)
        if when is None:
            raise StatesError(RUNTIME, f"TimestampPath of {state.name} gave {value!r}")
        return max(0.0, (when - EPOCH).total_seconds() - now)
    return max(0.0, (state.wait_until or 0.0) - now)


def _succeed(run: Run, state: State, data: Any) -> Step:
    out = run._path(state.input_path, data) if state.input_path is not None else data
    if state.output_path is not None:
        out = run._path(state.output_path, out)
    run.finish(out)
    return None


def _fail(run: Run, state: State, data: Any) -> Step:
    error = run._path(state.error, data) if callable(state.error) else state.error
    cause = run._path(state.cause, data) if callable(state.cause) else state.cause
    run.fail(str(error or ""), str(cause or ""))
    return None


STEPS: dict[str, Callable[[Run, State, Any], Step]] = {
    PASS: _pass,
    TASK: _task,
    CHOICE: _choice,
    WAIT: _wait,
    PARALLEL: _task,
    MAP: _task,
    SUCCEED: _succeed,
    FAIL: _fail,
}
