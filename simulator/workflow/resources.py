"""What a Task's `Resource` names: a consumer to invoke, a publish, or neither.

Resolution needs the topology only as plain data (node kinds by id and the workflow's
flow-edge targets), so the model's checks and the engine share it.

- a consumer id, `arn:aws:lambda:<region>:<account>:function:<id>[:alias]`, or
  `arn:aws:states:::lambda:invoke` with `Parameters.FunctionName` naming one: invoke it
  (the workflow needs a flow edge to it: the edge shows the call on the canvas);
- `arn:aws:states:::events:putEvents`, `...:::sqs:sendMessage`, `...:::sns:publish`:
  publish on the workflow's flow edge to a router, queue or topic (named by
  `EventBusName`, `QueueUrl` or `TopicArn` when several such edges exist);
- a `.waitForTaskToken` suffix: the task then waits for its callback (`tasks` entry).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

WAIT_SUFFIX = ".waitForTaskToken"
SYNC_SUFFIXES = (".sync:2", ".sync")
PUBLISH = {  # integration -> (target kind, Parameters key naming the target)
    "events:putEvents": ("router", "EventBusName"),
    "sqs:sendMessage": ("queue", "QueueUrl"),
    "sns:publish": ("topic", "TopicArn"),
}


def heartbeats(resource: str) -> bool:
    """True when Step Functions keeps a heartbeat clock for the task: an activity, a callback
    (`.waitForTaskToken`) or a job run (`.sync`); a request-response call has none."""
    return resource.endswith((WAIT_SUFFIX, *SYNC_SUFFIXES)) or ":activity:" in resource


@dataclass(frozen=True)
class Binding:
    """How one Task runs: `invoke` (a consumer id), `publish` (a target id), `wait`."""

    invoke: str | None = None
    publish: str | None = None
    integration: str = ""  # e.g. "events:putEvents"
    wait: bool = False  # .waitForTaskToken: completes when the callback comes
    problem: str = ""  # why the resource names nothing usable ("" when fine)


def bind(resource: str, parameters: Any, kinds: dict[str, str], targets: list[str]) -> Binding:
    """Resolve `resource` against the topology (`kinds`: id -> kind; `targets`: flow edges)."""
    wait = resource.endswith(WAIT_SUFFIX)
    base = resource[: -len(WAIT_SUFFIX)] if wait else resource
    for suffix in SYNC_SUFFIXES:
        base = base.removesuffix(suffix)
    params = parameters if isinstance(parameters, dict) else {}
    if base.startswith("arn:aws:states:::"):
        service = base[len("arn:aws:states:::") :]
        if service in PUBLISH:
            return _publish(service, params, kinds, targets, wait)
        if service == "lambda:invoke":
            name = _function_name(str(params.get("FunctionName", "")))
            return _invoke(name, kinds, targets, wait)
        return Binding(wait=wait)
    return _invoke(_function_name(base), kinds, targets, wait)


def _function_name(text: str) -> str:
    """`arn:aws:lambda:r:a:function:name[:alias]` -> name; anything else as it is."""
    parts = text.split(":")
    if len(parts) >= 7 and parts[:3] == ["arn", "aws", "lambda"] and parts[5] == "function":
        return parts[6]
    return text


def _invoke(name: str, kinds: dict[str, str], targets: list[str], wait: bool) -> Binding:
    """A consumer the workflow has a flow edge to (the edge shows the call)."""
    if kinds.get(name) != "consumer":
        return Binding(wait=wait)
    if name not in targets:
        problem = f"invokes consumer {name!r}: draw a flow edge from the workflow to it"
        return Binding(wait=wait, problem=problem)
    return Binding(invoke=name, wait=wait)


def _publish(
    service: str, params: dict[str, Any], kinds: dict[str, str], targets: list[str], wait: bool
) -> Binding:
    kind, key = PUBLISH[service]
    candidates = [t for t in targets if kinds.get(t) == kind]
    named = _target_name(service, params)
    chosen = candidates if named is None else [t for t in candidates if t == named]
    if len(chosen) == 1:
        return Binding(publish=chosen[0], integration=service, wait=wait)
    if not candidates:
        problem = f"{service} publishes to a {kind}, but the workflow has no flow edge to one"
    elif named is not None:
        problem = f"{key} names {named!r}, but the workflow has no flow edge to that {kind}"
    else:
        problem = f"several {kind}s to publish to: name one with {key}"
    return Binding(integration=service, wait=wait, problem=problem)


def _target_name(service: str, params: dict[str, Any]) -> str | None:
    """The target id named in the Parameters (last segment of a URL or ARN), if any."""
    if service == "events:putEvents":
        entries = params.get("Entries")
        first = entries[0] if isinstance(entries, list) and entries else {}
        value = first.get("EventBusName") if isinstance(first, dict) else None
    else:
        value = params.get(PUBLISH[service][1])
    if not isinstance(value, str) or not value:
        return None
    return value.replace(":", "/").rstrip("/").rsplit("/", 1)[-1]


def envelope(integration: str, payload: Any) -> dict[str, Any]:
    """Envelope fields of the published event, from the state's effective input."""
    params = payload if isinstance(payload, dict) else {}
    if integration == "events:putEvents":
        entries = params.get("Entries")
        entry = entries[0] if isinstance(entries, list) and entries else {}
        entry = entry if isinstance(entry, dict) else {}
        fields = {"source": entry.get("Source"), "detail-type": entry.get("DetailType")}
        fields["detail"] = _parse(entry.get("Detail", {}))
        return {k: v for k, v in fields.items() if v is not None}
    body = _parse(params.get("MessageBody" if integration == "sqs:sendMessage" else "Message"))
    if isinstance(body, dict) and ("detail" in body or "detail-type" in body):
        return {k: body[k] for k in ("source", "detail-type", "detail") if k in body}
    return {"detail": body if body is not None else {}}


def _parse(value: Any) -> Any:
    """A JSON string becomes its value (EventBridge's Detail and SQS bodies are strings)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
