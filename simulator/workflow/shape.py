"""The shape a definition needs before statelint reads it (statelint assumes it).

StartAt a string, States an object of objects each with a string Type; Parallel Branches a
list of such blocks, a Map's ItemProcessor (or Iterator) one; Retry and Catch lists of
objects with an ErrorEquals list of strings; Choices a list of objects. A document that is
hostile in these places gets a clear message instead of reaching a linter that may crash.
"""

from __future__ import annotations

from typing import Any

AslProblem = tuple[str, str]
MAX_DEPTH = 32  # nested Parallel/Map blocks


def shape_problems(block: Any, where: str = "", depth: int = 0) -> list[AslProblem]:
    """Problems of a block's shape: (state name or "", message)."""
    if not isinstance(block, dict):
        return [(where, f"a block must be an object with StartAt and States, got {_kind(block)}")]
    if depth > MAX_DEPTH:
        return [(where, f"blocks nest deeper than {MAX_DEPTH} levels")]
    problems: list[AslProblem] = []
    if not isinstance(block.get("StartAt"), str):
        problems.append((where, f"StartAt must be a state name, got {_kind(block.get('StartAt'))}"))
    states = block.get("States")
    if not isinstance(states, dict) or not states:
        return [*problems, (where, "States must be a non-empty object of states")]
    for name, state in states.items():
        problems += _state_problems(str(name), state, depth)
    return problems


def _state_problems(name: str, state: Any, depth: int) -> list[AslProblem]:
    if not isinstance(state, dict):
        return [(name, f"a state must be an object, got {_kind(state)}")]
    if not isinstance(state.get("Type"), str):
        return [(name, f"Type must be a string, got {_kind(state.get('Type'))}")]
    if state.get("QueryLanguage", "JSONPath") != "JSONPath":
        return [(name, "only JSONPath states are simulated (QueryLanguage: JSONata is not)")]
    problems = []
    for key in ("Retry", "Catch", "Choices", "Branches"):
        if key in state and not _list_of_objects(state[key]):
            problems.append((name, f"{key} must be a list of objects"))
    if problems:
        return problems
    for key in ("Retry", "Catch"):
        for entry in state.get(key, []):
            errors = entry.get("ErrorEquals")
            if not isinstance(errors, list) or not all(isinstance(e, str) for e in errors):
                problems.append((name, f"{key}[].ErrorEquals must be a list of error names"))
                break
    if problems:
        return problems
    for branch in state.get("Branches", []):
        problems += shape_problems(branch, name, depth + 1)
    inner = state.get("ItemProcessor", state.get("Iterator"))
    if inner is not None:
        problems += shape_problems(inner, name, depth + 1)
    return problems


def _list_of_objects(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )
