"""The compiled form of a state machine: blocks of states with their paths compiled.

A definition compiles once per workflow node into a `Machine`; executions only read it.
Every state carries its own `StateStats` (entered, failures, retries, time in state).
"""

from __future__ import annotations

from typing import Any

from simulator.workflow.choice import Predicate
from simulator.workflow.paths import Getter, Putter
from simulator.workflow.retry import Catcher, Retrier
from simulator.workflow.templates import Template

PASS, TASK, CHOICE, WAIT, PARALLEL, MAP, SUCCEED, FAIL = (
    "Pass",
    "Task",
    "Choice",
    "Wait",
    "Parallel",
    "Map",
    "Succeed",
    "Fail",
)
TYPES = (PASS, TASK, CHOICE, WAIT, PARALLEL, MAP, SUCCEED, FAIL)


class StateStats:
    """Figures of one state over a run."""

    __slots__ = ("active", "entered", "failures", "left", "retries", "time")

    def __init__(self) -> None:
        self.entered = 0
        self.failures = 0
        self.retries = 0
        self.left = 0  # visits of a state that takes time which ended (time_mean's divisor)
        self.active = 0  # visits going on now (executions in the state)
        self.time = 0.0  # seconds spent in the state, summed over the visits that ended

    def as_dict(self) -> dict[str, float]:
        """Plain figures: entered, active (in the state now), failures, retries, time_total,
        time_mean."""
        mean = self.time / self.left if self.left else 0.0
        return {
            "entered": self.entered,
            "active": self.active,
            "failures": self.failures,
            "retries": self.retries,
            "time_total": self.time,
            "time_mean": mean,
        }


class State:
    """One state; the fields a type does not use stay None/empty."""

    __slots__ = (
        "branches",
        "catchers",
        "cause",
        "choices",
        "context",
        "default",
        "end",
        "error",
        "heartbeat",
        "input_path",
        "item_selector",
        "items_path",
        "iterator",
        "max_concurrency",
        "name",
        "next",
        "output_path",
        "parameters",
        "path",
        "plain",
        "raw",
        "resource",
        "result",
        "result_path",
        "result_selector",
        "retriers",
        "runner",
        "seconds",
        "stats",
        "timeout",
        "type",
        "wait_path",
        "wait_until",
    )

    def __init__(self, name: str, type_: str, raw: dict[str, Any], path: str):
        self.name = name
        self.type = type_
        self.raw = raw
        self.path = path  # where the state is, e.g. "Checks.Branches[0].Identity"
        self.stats = StateStats()
        self.next: State | None = None  # resolved after every state of the block exists
        self.end = False
        self.input_path: Getter | None = None  # None: `$`, the input itself
        self.output_path: Getter | None = None
        self.result_path: Putter | None = None  # None: `$`, the result replaces the input
        self.parameters: Template | None = None
        self.result_selector: Template | None = None
        self.context = False  # some path reads the context object (`$$`)
        self.plain = False  # no ResultSelector, ResultPath or OutputPath (set when compiled)
        self.retriers: tuple[Retrier, ...] = ()
        self.catchers: tuple[Catcher, ...] = ()
        self.result: Any = None  # Pass: the fixed Result (None: none)
        self.resource = ""  # Task
        self.timeout: float | None = None  # Task: TimeoutSeconds
        self.heartbeat: float | None = None  # Task: HeartbeatSeconds (no worker beats)
        self.runner: Any = None  # Task: bound by the host (see interpreter.TaskRunner)
        self.choices: list[tuple[Predicate, State]] = []
        self.default: State | None = None
        self.seconds: float | None = None  # Wait: Seconds
        self.wait_path: Getter | None = None  # Wait: SecondsPath / TimestampPath
        self.wait_until: float | None = None  # Wait: Timestamp (seconds since the epoch)
        self.branches: list[Block] = []  # Parallel
        self.iterator: Block | None = None  # Map
        self.items_path: Getter | None = None  # Map
        self.item_selector: Template | None = None  # Map: ItemSelector (or Parameters)
        self.max_concurrency = 0  # Map: 0 = unlimited
        self.error: str | Getter | None = None  # Fail
        self.cause: str | Getter | None = None  # Fail

    def __repr__(self) -> str:
        return f"<{self.type} {self.name}>"


class Block:
    """A `StartAt` + `States` scope: the machine itself, a branch or a Map iterator."""

    __slots__ = ("start", "states")

    def __init__(self, start: State, states: dict[str, State]):
        self.start = start
        self.states = states


class Machine:
    """A compiled definition: its top block, every state by name and the global timeout."""

    def __init__(self, top: Block, states: dict[str, State], timeout: float | None):
        self.top = top
        self.states = states  # every state of every block (names are machine-wide unique)
        self.timeout = timeout

    def tasks(self) -> list[State]:
        """Every Task state, in definition order."""
        return [s for s in self.states.values() if s.type == TASK]

    def stats(self) -> dict[str, dict[str, float]]:
        """Per-state figures keyed by state name."""
        return {name: state.stats.as_dict() for name, state in self.states.items()}

    def reset_stats(self) -> None:
        """Start counting afresh (end of a warm-up); visits going on stay counted as such."""
        for state in self.states.values():
            active = state.stats.active
            state.stats = StateStats()
            state.stats.active = active

    def live(self) -> dict[str, dict[str, float]]:
        """Per-state figures for a live view: executions in the state now, entered, failures
        and retries so far."""
        return {
            name: {
                "active": float(s.stats.active),
                "entered": float(s.stats.entered),
                "failures": float(s.stats.failures),
                "retries": float(s.stats.retries),
            }
            for name, s in self.states.items()
        }
