"""Edits the diagram offers, as pure functions from one ASL document to the next (Qt-free).

Each returns a new document (the input is never changed) or raises EditRefused with a
sentence saying why. State names are unique across a whole state machine (ASL), so a
name identifies a state in any scope.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from designer.workflow.asl_text import state_names

NEW_STATES: dict[str, dict[str, Any]] = {
    "Pass": {"Type": "Pass"},
    "Wait": {"Type": "Wait", "Seconds": 1},
    "Task": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke"},
    "Choice": {"Type": "Choice"},
}
NEW_TASK_TIMING = {"service_time": 1}  # a new Task runs 1 s until it is bound to a node


class EditRefused(ValueError):
    """The edit cannot be made; the message says why."""


def scopes(document: Any) -> Iterator[dict[str, Any]]:
    """Every StartAt/States object of the document: the machine, branches, processors."""
    if not isinstance(document, dict) or not isinstance(document.get("States"), dict):
        return
    yield document
    for state in document["States"].values():
        if not isinstance(state, dict):
            continue
        branches = state.get("Branches")
        for branch in branches if isinstance(branches, list) else []:
            yield from scopes(branch)
        for key in ("ItemProcessor", "Iterator"):
            yield from scopes(state.get(key))


def scope_of(document: Any, name: str) -> dict[str, Any]:
    """The scope defining the state called `name`."""
    for scope in scopes(document):
        if name in scope["States"]:
            return scope
    raise EditRefused(f"there is no state called {name!r}")


def _retarget(scope: dict[str, Any], change: Callable[[str], Any]) -> None:
    """Apply `change(target)` to StartAt and every Next/Default of the scope's states;
    `change` returns the new target, or None to leave it."""
    start = scope.get("StartAt")
    if isinstance(start, str) and change(start) is not None:
        scope["StartAt"] = change(start)
    for state in scope["States"].values():
        if not isinstance(state, dict):
            continue
        for holder, key in _references(state):
            target = holder.get(key)
            if isinstance(target, str) and change(target) is not None:
                holder[key] = change(target)


def _references(state: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """(object, key) of every transition target of a state."""
    yield state, "Next"
    yield state, "Default"
    for field in ("Choices", "Catch"):
        rules = state.get(field)
        for rule in rules if isinstance(rules, list) else []:
            if isinstance(rule, dict):
                yield rule, "Next"


def rename_state(document: Any, old: str, new: str) -> dict[str, Any]:
    """Rename a state and every transition to it."""
    new = new.strip()
    if not new:
        raise EditRefused("a state needs a name")
    if len(new) > 80:
        raise EditRefused("a state name has at most 80 characters")
    if new != old and new in state_names(document):
        raise EditRefused(f"there is already a state called {new!r}")
    result = copy.deepcopy(document)
    scope = scope_of(result, old)
    scope["States"] = {(new if k == old else k): v for k, v in scope["States"].items()}
    _retarget(scope, lambda target: new if target == old else None)
    return result


def insert_after(document: Any, name: str, kind: str) -> tuple[dict[str, Any], str]:
    """A new state of `kind` (Pass, Wait, Task or Choice) between a state and its Next (or
    as its new end); the document and the new state's name.

    A new Task calls a Lambda function named after it (timed by `NEW_TASK_TIMING` until
    it names a consumer); a new Choice has one rule ($.detail present) and a Default, both
    to where the state went (to a new Succeed state when it ended).
    """
    result = copy.deepcopy(document)
    scope = scope_of(result, name)
    state = scope["States"][name]
    if not isinstance(state, dict) or state.get("Type") in ("Choice", "Succeed", "Fail"):
        raise EditRefused(
            "a state can be added after a state with one way on (not a Choice, Succeed or Fail)"
        )
    new_name = _free_name(result, kind)
    new_state = copy.deepcopy(NEW_STATES[kind])
    added = [(new_name, new_state)]
    onward = state.get("Next")
    if kind == "Choice" and onward is None:
        onward = _free_name(result, "Succeed")
        added.append((onward, {"Type": "Succeed"}))
    if kind == "Task":
        new_state["Parameters"] = {"FunctionName": new_name, "Payload.$": "$"}
    if kind == "Choice":
        rule = {"Variable": "$.detail", "IsPresent": True, "Next": onward}
        new_state.update(Choices=[rule], Default=onward)
    elif onward is not None:
        new_state["Next"] = onward
    else:
        new_state["End"] = True
    state.pop("End", None)
    state["Next"] = new_name
    states = list(scope["States"].items())
    at = [k for k, _ in states].index(name) + 1
    states[at:at] = added
    scope["States"] = dict(states)
    return result, new_name


def delete_state(document: Any, name: str) -> dict[str, Any]:
    """Remove a state; transitions to it go where it went (its Next), or end the path."""
    result = copy.deepcopy(document)
    scope = scope_of(result, name)
    state = scope["States"][name]
    if len(scope["States"]) == 1:
        raise EditRefused("the last state of a scope cannot be deleted")
    onward = state.get("Next") if isinstance(state, dict) else None
    if onward is None and _pointed_at_by_rule(scope, name):
        raise EditRefused(
            f"{name} is the target of a Choice rule or Catch and has no Next to send it to"
        )
    del scope["States"][name]
    if onward is not None:
        _retarget(scope, lambda target: onward if target == name else None)
        return result
    if scope.get("StartAt") == name:
        raise EditRefused(f"{name} is where the scope starts and has no Next to start at instead")
    for other in scope["States"].values():
        if isinstance(other, dict) and other.get("Next") == name:
            del other["Next"]
            other["End"] = True
    return result


def _pointed_at_by_rule(scope: dict[str, Any], name: str) -> bool:
    for state in scope["States"].values():
        if not isinstance(state, dict):
            continue
        for holder, key in _references(state):
            if holder is not state and holder.get(key) == name:
                return True
        if state.get("Default") == name:
            return True
    return False


def _free_name(document: Any, base: str) -> str:
    taken = set(state_names(document))
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def carry_tasks(tasks: Any, old: Any, new: Any) -> dict[str, Any] | None:
    """The node's `tasks` after its definition changes from `old` to `new`, or None when
    they need no change. An entry follows its state when one state was renamed (one name
    gone, one new Task name), and goes with a state that was deleted; entries of states
    that never existed are left to validation."""
    if not isinstance(tasks, dict):
        return None
    before, after = set(state_names(old)), set(state_names(new))
    gone = [name for name in tasks if name in before and name not in after]
    added = [name for name in state_names(new) if name not in before]
    fresh = {name: dict(NEW_TASK_TIMING) for name in added if _new_task(new, name, tasks)}
    if not gone and not fresh:
        return None
    if len(gone) == 1 and len(added) == 1 and _type_of(new, added[0]) == "Task":
        return {added[0] if name == gone[0] else name: e for name, e in tasks.items()}
    return {**{name: entry for name, entry in tasks.items() if name not in gone}, **fresh}


def _new_task(document: Any, name: str, tasks: dict[str, Any]) -> bool:
    """True for a Task as insert_after makes it (calling a function named after itself)
    that has no timing yet."""
    state = scope_of(document, name)["States"][name]
    template = {**NEW_STATES["Task"], "Parameters": {"FunctionName": name, "Payload.$": "$"}}
    return (
        name not in tasks
        and isinstance(state, dict)
        and all(state.get(key) == value for key, value in template.items())
    )


def _type_of(document: Any, name: str) -> Any:
    state = scope_of(document, name)["States"][name]
    return state.get("Type") if isinstance(state, dict) else None
