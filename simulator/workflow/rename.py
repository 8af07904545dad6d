"""Renaming a node that a definition's Task states name (see `resources` for the forms).

A Task names a consumer by its id, a Lambda ARN (`...:function:<id>[:alias]`) or
`lambda:invoke`'s `Parameters.FunctionName`, and a queue, topic or bus by the last segment
of `QueueUrl`, `TopicArn` or `Entries[0].EventBusName`. `renamed_definition` rewrites those
naming the old id, in Parallel branches and Map processors too, and leaves the rest as it is.
"""

from __future__ import annotations

import copy
from typing import Any

from simulator.workflow.resources import PUBLISH, SYNC_SUFFIXES, WAIT_SUFFIX


def renamed_definition(definition: Any, old: str, new: str) -> Any:
    """A copy of `definition` whose Task states name `new` where they named `old`."""
    doc = copy.deepcopy(definition)
    _block(doc, old, new)
    return doc


def _block(block: Any, old: str, new: str) -> None:
    states = block.get("States") if isinstance(block, dict) else None
    if not isinstance(states, dict):
        return
    for state in states.values():
        if not isinstance(state, dict):
            continue
        if state.get("Type") == "Task":
            _task(state, old, new)
        for branch in state.get("Branches") or []:
            _block(branch, old, new)
        _block(state.get("ItemProcessor", state.get("Iterator")), old, new)


def _task(state: dict[str, Any], old: str, new: str) -> None:
    resource = state.get("Resource")
    if not isinstance(resource, str):
        return
    base, suffix = _split_suffix(resource)
    params = state.get("Parameters")
    params = params if isinstance(params, dict) else {}
    if not base.startswith("arn:aws:states:::"):
        state["Resource"] = _function(base, old, new) + suffix
        return
    service = base[len("arn:aws:states:::") :]
    if service == "lambda:invoke" and "FunctionName" in params:
        params["FunctionName"] = _function(params["FunctionName"], old, new)
    elif service == "events:putEvents":
        entries = params.get("Entries")
        if isinstance(entries, list) and entries and isinstance(entries[0], dict):
            _last_segment(entries[0], "EventBusName", old, new)
    elif service in PUBLISH:
        _last_segment(params, PUBLISH[service][1], old, new)


def _split_suffix(resource: str) -> tuple[str, str]:
    """`base`, and the integration pattern suffix it ends with ("" when none)."""
    for suffix in (WAIT_SUFFIX, *SYNC_SUFFIXES):
        if resource.endswith(suffix):
            return resource[: -len(suffix)], suffix
    return resource, ""


def _function(name: Any, old: str, new: str) -> Any:
    """A function's id or Lambda ARN, renamed when it names `old`."""
    if name == old:
        return new
    if not isinstance(name, str):
        return name
    parts = name.split(":")
    lambda_arn = len(parts) >= 7 and parts[:3] == ["arn", "aws", "lambda"]
    if lambda_arn and parts[5] == "function" and parts[6] == old:
        parts[6] = new
        return ":".join(parts)
    return name


def _last_segment(params: dict[str, Any], key: str, old: str, new: str) -> None:
    """Rename a URL's or ARN's last segment (`.../old`, `...:old`), or the bare id."""
    value = params.get(key)
    if not isinstance(value, str):
        return
    body = value.rstrip("/")
    tail = value[len(body) :]
    if body == old or body.endswith(("/" + old, ":" + old)):
        params[key] = body[: -len(old)] + new + tail
