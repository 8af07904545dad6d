"""Compile an ASL document (JSONPath mode) into a `Machine`.

`compile_machine` assumes the document passed `lint` (statelint plus our checks); it still
reports what it cannot compile as `DefinitionError` problems naming the state.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from simulator.workflow.choice import compile_rule, timestamp
from simulator.workflow.paths import Getter, PathSyntaxError, compile_path, compile_result_path
from simulator.workflow.resources import heartbeats
from simulator.workflow.retry import Catcher, Retrier
from simulator.workflow.states import (
    CHOICE,
    FAIL,
    MAP,
    PARALLEL,
    PASS,
    TASK,
    WAIT,
    Block,
    Machine,
    State,
)
from simulator.workflow.templates import compile_template

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)  # simulated time 0 (as the engine's envelopes)
WITH_RESULT = (PASS, TASK, PARALLEL, MAP)  # types with ResultPath (and Parameters)


class DefinitionError(ValueError):
    """Problems compiling a definition: (state path, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"state {where}: {what}" for where, what in problems))


def compile_machine(doc: dict[str, Any]) -> Machine:
    """Compile `doc`; raise DefinitionError listing every problem found."""
    problems: list[tuple[str, str]] = []
    every: dict[str, State] = {}
    top = _block(doc, "", every, problems)
    if problems or top is None:
        raise DefinitionError(problems or [("", "no states")])
    timeout = doc.get("TimeoutSeconds")
    return Machine(top, every, float(timeout) if timeout is not None else None)


def _block(
    doc: dict[str, Any], prefix: str, every: dict[str, State], problems: list[tuple[str, str]]
) -> Block | None:
    raw_states = doc.get("States")
    if not isinstance(raw_states, dict) or not raw_states:
        problems.append((prefix or "(machine)", "States must be a non-empty object"))
        return None
    states: dict[str, State] = {}
    for name, raw in raw_states.items():
        path = f"{prefix}{name}"
        if name in every:
            problems.append((path, "state names must be unique in the whole machine"))
            continue
        try:
            state = _state(name, raw, path, every, problems)
        except (PathSyntaxError, ValueError, TypeError) as exc:
            problems.append((path, str(exc)))
            continue
        states[name] = every[name] = state
    for state in states.values():
        _link(state, states, problems)
    start = states.get(doc.get("StartAt", ""))
    if start is None:
        problems.append((prefix or "(machine)", f"StartAt {doc.get('StartAt')!r} names no state"))
        return None
    return Block(start, states)


def _state(
    name: str, raw: dict[str, Any], path: str, every: dict[str, State], problems: list[Any]
) -> State:
    state = State(name, raw["Type"], raw, path)
    state.end = bool(raw.get("End", False))
    state.context = "$$" in json.dumps(raw)
    _io(state, raw)
    kind = state.type
    if kind == PASS:
        state.result = raw.get("Result")
    elif kind == TASK:
        state.resource = str(raw.get("Resource", ""))
        state.timeout = _optional_float(raw.get("TimeoutSeconds"))
        if heartbeats(state.resource):  # no simulated worker sends SendTaskHeartbeat
            state.heartbeat = _optional_float(raw.get("HeartbeatSeconds"))
        beat, limit = state.heartbeat, state.timeout
        if beat is not None and limit is not None and beat >= limit:
            state.heartbeat = None  # the task times out first
    elif kind == WAIT:
        _wait(state, raw)
    elif kind == PARALLEL:
        for i, branch in enumerate(raw.get("Branches", [])):
            block = _block(branch, f"{path}.Branches[{i}].", every, problems)
            if block is not None:
                state.branches.append(block)
    elif kind == MAP:
        _map(state, raw, path, every, problems)
    elif kind == FAIL:
        state.error = _text_or_path(raw, "Error")
        state.cause = _text_or_path(raw, "Cause")
    state.retriers = tuple(Retrier.parse(r) for r in raw.get("Retry", []))
    return state


def _io(state: State, raw: dict[str, Any]) -> None:
    state.input_path = _path_or_null(raw, "InputPath")
    state.output_path = _path_or_null(raw, "OutputPath")
    if state.type in WITH_RESULT and raw.get("ResultPath", "$") != "$":
        state.result_path = compile_result_path(raw["ResultPath"])
    if "Parameters" in raw and state.type != MAP:
        state.parameters = compile_template(raw["Parameters"])
    if "ResultSelector" in raw:
        state.result_selector = compile_template(raw["ResultSelector"])
    state.plain = state.result_selector is None and state.result_path is None
    state.plain = state.plain and state.output_path is None


def _path_or_null(raw: dict[str, Any], key: str) -> Getter | None:
    """`$` (or absent) is None; `null` gives `{}`, as the ASL says."""
    if key not in raw or raw[key] == "$":
        return None
    if raw[key] is None:
        return lambda data, ctx: {}
    return compile_path(raw[key], reference=True)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _wait(state: State, raw: dict[str, Any]) -> None:
    if "Seconds" in raw:
        state.seconds = float(raw["Seconds"])
    elif "SecondsPath" in raw:
        state.wait_path = compile_path(raw["SecondsPath"], reference=True)
    elif "TimestampPath" in raw:
        state.wait_path = compile_path(raw["TimestampPath"], reference=True)
        state.wait_until = -1.0  # marks "the path holds a timestamp"
    elif "Timestamp" in raw:
        when = timestamp(raw["Timestamp"])
        if when is None:
            raise ValueError(f"Timestamp {raw['Timestamp']!r} is not an RFC 3339 timestamp")
        state.wait_until = (when - EPOCH).total_seconds()


def _map(
    state: State, raw: dict[str, Any], path: str, every: dict[str, State], problems: list[Any]
) -> None:
    inner = raw.get("ItemProcessor", raw.get("Iterator"))
    if not isinstance(inner, dict):
        raise ValueError("a Map state needs an ItemProcessor (or Iterator)")
    mode = (inner.get("ProcessorConfig") or {}).get("Mode", "INLINE")
    if mode != "INLINE":
        raise ValueError(f"only INLINE Map states are simulated, not {mode}")
    state.iterator = _block(inner, f"{path}.ItemProcessor.", every, problems)
    state.items_path = _path_or_null(raw, "ItemsPath")
    selector = raw.get("ItemSelector", raw.get("Parameters"))
    if selector is not None:
        state.item_selector = compile_template(selector)
    state.max_concurrency = int(raw.get("MaxConcurrency", 0))


def _text_or_path(raw: dict[str, Any], key: str) -> str | Getter | None:
    if f"{key}Path" in raw:
        return compile_path(raw[f"{key}Path"])
    value = raw.get(key)
    return None if value is None else str(value)


def _link(state: State, states: dict[str, State], problems: list[tuple[str, str]]) -> None:
    """Resolve Next, Choices[].Next, Default and Catch[].Next within the block."""

    def find(target: Any, what: str) -> State | None:
        found = states.get(target) if isinstance(target, str) else None
        if found is None:
            problems.append((state.path, f"{what} {target!r} names no state of its block"))
        return found

    raw = state.raw
    if "Next" in raw:
        state.next = find(raw["Next"], "Next")
    if state.type == CHOICE:
        for i, rule in enumerate(raw.get("Choices", [])):
            try:
                predicate = compile_rule(rule)
            except (PathSyntaxError, ValueError, TypeError, KeyError) as exc:
                problems.append((state.path, f"Choices[{i}]: {exc}"))
                continue
            target = find(rule.get("Next"), f"Choices[{i}].Next")
            if target is not None:
                state.choices.append((predicate, target))
        if "Default" in raw:
            state.default = find(raw["Default"], "Default")
    catchers = []
    for i, catch in enumerate(raw.get("Catch", [])):
        target = find(catch.get("Next"), f"Catch[{i}].Next")
        if target is not None:
            putter = compile_result_path(catch["ResultPath"]) if "ResultPath" in catch else None
            catchers.append(Catcher(tuple(catch.get("ErrorEquals", ())), target, putter))
    state.catchers = tuple(catchers)
