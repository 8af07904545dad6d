"""Executions of a compiled machine, driven by callbacks on a scheduler (no generators).

A `Run` walks one block (the machine, a Parallel branch or a Map iteration). Instant
states (Pass, Choice, Succeed, Fail, and Wait 0) run in a loop; a Task, Wait, Parallel
or Map schedules its completion and returns, and the completion continues the loop. Task
work is done by a `TaskRunner` bound to each Task state by the host (`State.runner`);
a runner never calls back synchronously: it schedules the call (a zero delay is fine).

Transitions are counted as Step Functions bills them: one per state entered (states
inside Parallel branches and Map iterations included) plus one per retry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from simulator.workflow.errors import (
    HEARTBEAT_TIMEOUT,
    RESULT_PATH,
    RUNTIME,
    TIMEOUT,
    StatesError,
)
from simulator.workflow.forks import Fork
from simulator.workflow.paths import PathMissing
from simulator.workflow.retry import find_retrier
from simulator.workflow.states import (
    TASK,
    Machine,
    State,
)
from simulator.workflow.steps import STEPS

EXECUTION_TIMED_OUT = "the execution ran past its time limit"  # the cause of `time_out`
ECHO = object()  # a task result meaning "the task's input, unchanged"


class Scheduler(Protocol):
    """What the interpreter needs of the engine's environment (`core.Env` fits)."""

    now: float

    def later(
        self, delay: float, fn: Callable[[Any], None], value: Any = ..., aux: Any = ...
    ) -> Any: ...


class Host(Protocol):
    """The workflow node running executions: scheduler, randomness, counters, endings."""

    env: Any  # a Scheduler (the engine's `core.Env`)
    uniform: Callable[[], float]  # U(0, 1) draws for FULL jitter
    transitions: int

    def finished(self, execution: Execution, ok: bool, error: str, cause: str) -> None:
        """An execution ended (ok, or failed with `error`)."""

    def entered(self, run: Run, name: str) -> None:
        """A traced execution entered state `name`."""

    def retried(self, run: Run, name: str) -> None:
        """A traced execution will retry state `name` (after the retrier's delay)."""


class TaskRunner(Protocol):
    """Does a Task's work; later calls `run.task_done(gen, result)` or `run.task_failed`."""

    def start(self, run: Run, payload: Any) -> None:
        """Begin one attempt of `run.state` with `payload` (its effective input)."""


class Execution:
    """One execution: its input, start time and whether it is over."""

    __slots__ = (
        "all",
        "host",
        "id",
        "input",
        "machine",
        "over",
        "runs",
        "started",
        "traced",
        "value",
    )

    def __init__(
        self,
        host: Host,
        machine: Machine,
        data: Any,
        execution_id: str,
        value: Any = None,
        traced: bool = False,
    ):
        self.host = host
        self.machine = machine
        self.input = data
        self.id = execution_id
        self.value = value  # what the host attaches (the event copy)
        self.traced = traced  # report every state entered to `host.entered`
        self.started = host.env.now
        self.over = False
        self.runs = 0  # runs created (branches and iterations get serial numbers)
        self.all: list[Run] = []  # every run, to close their visits when the execution ends

    def start(self) -> None:
        """Enter the start state."""
        Run(self, None, 0).advance(self.machine.top.start, self.input)

    def end(self, ok: bool, error: str = "", cause: str = "") -> None:
        """Finish once: tell the host."""
        if not self.over:
            self.over = True
            now = self.host.env.now
            for run in self.all:
                if run.open:
                    run.close_visit(now)
            self.host.finished(self, ok, error, cause)

    def time_out(self) -> None:
        """The execution ran past its time limit: it fails with States.Timeout."""
        self.end(False, TIMEOUT, EXECUTION_TIMED_OUT)


class Run:
    """A thread of control through one block of states."""

    __slots__ = (
        "counts",
        "entered",
        "exe",
        "fork",
        "gen",
        "index",
        "input",
        "item",
        "open",
        "parent",
        "payload",
        "serial",
        "state",
    )

    def __init__(self, exe: Execution, parent: Fork | None, index: int, item: Any = None):
        self.exe = exe
        self.serial = exe.runs
        exe.runs += 1
        exe.all.append(self)
        self.open = False  # in a visit of a state that takes time (counted in `active`)
        self.parent = parent  # the fork this run is a branch or iteration of
        self.index = index
        self.item = item  # Map: the item this iteration processes
        self.state: State | None = None
        self.input: Any = None  # the state's raw input (ResultPath writes into it)
        self.payload: Any = None  # the state's effective input (after Parameters)
        self.gen = 0  # bumped per attempt: stale callbacks are ignored
        self.counts: list[int] | None = None  # retries used per retrier in this visit
        self.entered = 0.0
        self.fork: Fork | None = None

    @property
    def dead(self) -> bool:
        """The execution is over or a sibling failed the Parallel/Map this run belongs to."""
        return self.exe.over or (self.parent is not None and self.parent.dead)

    # --- the loop ---------------------------------------------------------------------------
    def advance(self, state: State | None, data: Any) -> None:
        """Enter `state` with `data`, then every state after it that takes no time."""
        exe, parent, steps = self.exe, self.parent, STEPS
        host = exe.host
        env = host.env
        while state is not None:
            if exe.over or (parent is not None and parent.dead):
                return
            state.stats.entered += 1
            host.transitions += 1
            if exe.traced:
                host.entered(self, state.name)
            self.state, self.input, self.counts = state, data, None
            self.entered = env.now
            try:
                step = steps[state.type](self, state, data)
                if step is None:
                    return
                state, data = step
            except StatesError as exc:
                state, data = self._error(exc.error, exc.cause)

    def _next(self, state: State, out: Any) -> tuple[State | None, Any]:
        if state.output_path is not None:
            out = self._path(state.output_path, out)
        if state.next is None:  # End: true (Choice, Succeed and Fail never get here)
            self.finish(out)
        return state.next, out

    def finish(self, out: Any) -> None:
        """The block reached its end: report to the fork or end the execution."""
        if self.parent is not None:
            self.parent.child_done(self, out)
        else:
            self.exe.end(True)

    def fail(self, error: str, cause: str) -> None:
        """The block failed: the fork fails, or the execution."""
        if self.parent is not None:
            self.parent.child_failed(self, error, cause)
        else:
            self.exe.end(False, error, cause)

    # --- completion of states that take time ------------------------------------------------
    def task_done(self, gen: int, result: Any) -> None:
        """A Task attempt (or a Wait, Parallel or Map) finished with `result`."""
        if gen != self.gen or self.dead:
            return
        state = self.state
        assert state is not None
        self.close_visit(self.exe.host.env.now)
        if result is ECHO:
            result = self.payload
        if state.plain:  # no ResultSelector, ResultPath or OutputPath: the result goes on
            if state.next is None:
                self.finish(result)
            self.advance(state.next, result)
            return
        try:
            state, data = self._next(state, self.result(state, result))
        except StatesError as exc:
            state, data = self._error(exc.error, exc.cause)
        self.advance(state, data)

    def task_failed(self, gen: int, error: str, cause: str = "") -> None:
        """A Task attempt (or a Parallel/Map) failed with `error`."""
        if gen != self.gen or self.dead:
            return
        self.advance(*self._error(error, cause))

    def open_visit(self) -> None:
        """The current state (a Task, Wait, Parallel or Map) starts taking time."""
        self.open = True
        self.state.stats.active += 1  # type: ignore[union-attr]

    def close_visit(self, now: float) -> None:
        """The visit ends (done, caught, failed, or abandoned with its execution or fork)."""
        if self.open:
            self.open = False
            stats = self.state.stats  # type: ignore[union-attr]
            stats.active -= 1
            stats.left += 1
            stats.time += now - self.entered

    def waited(self, call: Any) -> None:
        """A Wait state's time is up (a scheduler callback)."""
        self.task_done(call.aux, self.input)

    def timed_out(self, call: Any) -> None:
        """A Task's TimeoutSeconds passed (a scheduler callback)."""
        if call.aux == self.gen:
            self.gen += 1  # the attempt's late result is ignored
            self.task_failed(self.gen, TIMEOUT, "the task ran past its TimeoutSeconds")

    def no_heartbeat(self, call: Any) -> None:
        """A Task's HeartbeatSeconds passed: simulated workers send no SendTaskHeartbeat, so
        an attempt still running then fails with States.HeartbeatTimeout."""
        if call.aux == self.gen:
            self.gen += 1
            self.task_failed(self.gen, HEARTBEAT_TIMEOUT, "no heartbeat within HeartbeatSeconds")

    def attempt(self) -> None:
        """Start (or restart, after a retry delay) the current Task, Parallel or Map."""
        state = self.state
        assert state is not None
        self.gen += 1
        if state.type == TASK:
            if state.timeout is not None:
                self.exe.host.env.later(state.timeout, self.timed_out, None, self.gen)
            if state.heartbeat is not None:
                self.exe.host.env.later(state.heartbeat, self.no_heartbeat, None, self.gen)
            state.runner.start(self, self.payload)
        else:
            Fork.start(self, state)  # sets self.fork before any branch runs

    def _retry(self, call: Any) -> None:
        if call.aux == self.gen and not self.dead:
            try:
                self.attempt()
            except StatesError as exc:
                self.advance(*self._error(exc.error, exc.cause))

    # --- errors ------------------------------------------------------------------------------
    def _error(self, error: str, cause: str) -> tuple[State | None, Any]:
        """Retry, catch or fail; returns the state to go on with (None: nothing to do now)."""
        state = self.state
        assert state is not None
        stats, host = state.stats, self.exe.host
        stats.failures += 1
        if self.fork is not None:
            self.fork.kill()
            self.fork = None
        i = find_retrier(state.retriers, error) if state.retriers else -1
        if i >= 0:
            retrier = state.retriers[i]
            counts = self.counts or [0] * len(state.retriers)
            n = counts[i] + 1
            if n <= retrier.max_attempts:
                counts[i] = n
                self.counts = counts
                stats.retries += 1
                host.transitions += 1
                if self.exe.traced:
                    host.retried(self, state.name)
                self.gen += 1
                host.env.later(retrier.delay(n, host.uniform), self._retry, None, self.gen)
                return None, None
        if self.open:
            self.close_visit(host.env.now)
        self.gen += 1
        for catcher in state.catchers:
            if catcher.covers(error):
                output = {"Error": error, "Cause": cause}
                if catcher.result_path is not None:
                    output = self._put(catcher.result_path, self.input, output)
                return catcher.next, output
        self.fail(error, cause)
        return None, None

    # --- data ----------------------------------------------------------------------------------
    def effective(self, state: State, data: Any) -> Any:
        """InputPath, then Parameters."""
        if state.input_path is not None:
            data = self._path(state.input_path, data)
        if state.parameters is not None:
            data = state.parameters(data, self.context() if state.context else None)
        return data

    def result(self, state: State, result: Any) -> Any:
        """ResultSelector, then ResultPath (into the raw input); OutputPath comes in `_next`."""
        if state.result_selector is not None:
            ctx = self.context() if state.context else None
            result = state.result_selector(result, ctx)
        if state.result_path is None:
            return result
        return self._put(state.result_path, self.input, result)

    def _path(self, getter: Any, data: Any) -> Any:
        try:
            return getter(data, self.context())
        except PathMissing as exc:
            raise StatesError(RUNTIME, str(exc)) from None

    def _put(self, putter: Any, data: Any, result: Any) -> Any:
        try:
            return putter(data, result)
        except PathMissing as exc:
            raise StatesError(RESULT_PATH, str(exc)) from None

    def token(self) -> str:
        """The task token of the current state visit: execution, run and state (unique among
        the tasks waiting at one time, so a callback finds its task)."""
        state = self.state
        return f"{self.exe.id}/{self.serial}/{state.name if state else ''}"

    def context(self) -> dict[str, Any]:
        """The context object (`$$`) as the current state sees it."""
        state, exe = self.state, self.exe
        ctx: dict[str, Any] = {
            "Execution": {"Id": exe.id, "Input": exe.input, "StartTime": exe.started},
            "State": {
                "Name": state.name if state else "",
                "EnteredTime": self.entered,
                "RetryCount": sum(self.counts) if self.counts else 0,
            },
            "Task": {"Token": self.token()},
        }
        if self.parent is not None and self.parent.items is not None:
            ctx["Map"] = {"Item": {"Index": self.index, "Value": self.item}}
        return ctx
