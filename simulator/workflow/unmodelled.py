"""ASL features a definition may use that the simulator does not model: warnings by state.

Errors (the definition cannot run as written) come from `lint`: JSONata, Distributed Map.
The features here run, but not as Step Functions would run them, so `validate` warns:

- `TimeoutSecondsPath` / `HeartbeatSecondsPath`: the limit comes from the input at run
  time; here the task has no such limit.
- `HeartbeatSeconds` on a request-response task (no heartbeat clock in AWS either: only
  activities, callbacks and `.sync` jobs have one): no effect.
- a `.sync` job (`states:startExecution.sync`, `ecs:runTask.sync`, ...): the job itself is
  not simulated; the task lasts its `tasks` entry's service time.
"""

from __future__ import annotations

from typing import Any

from simulator.workflow.resources import SYNC_SUFFIXES, heartbeats

AslProblem = tuple[str, str]


def unmodelled(doc: Any) -> list[AslProblem]:
    """(state, message) for every use of a feature the simulator does not model."""
    found: list[AslProblem] = []
    todo = [doc]
    while todo:
        block = todo.pop()
        states = block.get("States") if isinstance(block, dict) else None
        if not isinstance(states, dict):
            continue
        for name, state in states.items():
            if not isinstance(state, dict):
                continue
            found += [(str(name), message) for message in _state(state)]
            todo += [b for b in state.get("Branches", []) if isinstance(b, dict)]
            inner = state.get("ItemProcessor", state.get("Iterator"))
            if isinstance(inner, dict):
                todo.append(inner)
    return found


def _state(state: dict[str, Any]) -> list[str]:
    if state.get("Type") != "Task":
        return []
    resource = str(state.get("Resource", ""))
    messages = [
        f"{key} is not simulated: the task has no such limit here"
        for key in ("TimeoutSecondsPath", "HeartbeatSecondsPath")
        if key in state
    ]
    if "HeartbeatSeconds" in state and not heartbeats(resource):
        messages.append(
            "HeartbeatSeconds has no effect on a request-response task (only activities, "
            ".waitForTaskToken and .sync tasks keep a heartbeat clock)"
        )
    if resource.endswith(SYNC_SUFFIXES):
        messages.append(
            f"{resource} runs a job that is not simulated: the task lasts its 'tasks' "
            "entry's service_time"
        )
    return messages
