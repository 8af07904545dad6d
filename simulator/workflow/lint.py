"""Validate an ASL document: statelint's verdict plus what the simulator needs.

Every problem is a `(state, message)` pair; `state` is the state's name ("" when the
problem concerns the whole machine). Callers prefix the node (`node flow: state Check: ...`).
"""

from __future__ import annotations

import re
from typing import Any

from simulator.workflow.definition import DefinitionError, compile_machine
from simulator.workflow.shape import shape_problems
from simulator.workflow.states import Machine

AslProblem = tuple[str, str]
_WHERE = re.compile(r"State Machine((?:\.[^\s\".,]+(?:\[\d+\])?)*)")


def lint(doc: Any) -> list[AslProblem]:
    """Every problem of `doc` as a definition (empty when it can run)."""
    if not isinstance(doc, dict):
        return [("", f"a definition must be an object with StartAt and States, got {doc!r:.40}")]
    if doc.get("QueryLanguage", "JSONPath") != "JSONPath":
        return [("", "only JSONPath definitions are simulated (QueryLanguage: JSONata is not)")]
    problems = shape_problems(doc)
    if problems:
        return problems
    try:
        problems = [_locate(text) for text in _statelint(doc)]
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError) as exc:
        return [("", f"the definition cannot be read as ASL ({type(exc).__name__}: {exc})")]
    if problems:
        return problems
    try:
        compile_machine(doc)
    except DefinitionError as exc:
        return [(where.rsplit(".", 1)[-1], what) for where, what in exc.problems]
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        return [("", f"the definition cannot be compiled ({type(exc).__name__}: {exc})")]
    return []


def _statelint(doc: dict[str, Any]) -> list[str]:
    """statelint's messages. A Resource may be a bare node id, so URI checks are off; an
    integer where a float is asked (BackoffRate: 2) is accepted, as Step Functions does."""
    from statelint.config import Config
    from statelint.linter import Linter
    from statelint.problem import ProblemType

    return list(
        Linter.validate(doc, Config(ignored_problem_types={ProblemType.URI, ProblemType.FLOAT}))
    )


def _locate(text: str) -> AslProblem:
    """Split a statelint message into the state it concerns and a message about it."""
    if text.startswith("No terminal state found"):
        return "", "no terminal state: some state needs End: true, or a Succeed or Fail state"
    if text.startswith("No transition found to state"):
        state, _ = _locate(text[len("No transition found to state ") :])
        return state, "no transition leads to this state (unreachable)"
    match = _WHERE.search(text)
    if match is None:
        return "", text
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", match.group(1))
    state, field_at = "", 0
    for i, part in enumerate(parts):
        if part == "States" and i + 1 < len(parts):
            state, field_at = parts[i + 1], i + 2
    if not state and parts:
        state, field_at = parts[0], 1
    field = ".".join(parts[field_at:]).replace(".[", "[")
    rest = text[: match.start()] + (field or "this state") + text[match.end() :]
    return state, rest.replace(' at "this state"', "").strip()


def task_problems(machine: Machine, binds: dict[str, bool]) -> list[AslProblem]:
    """Tasks that nothing can run: `binds[state]` says whether the host found a way."""
    return [
        (
            state.name,
            f"Task {state.name} has neither a topology resource ({state.resource!r} is "
            f"no consumer, router, queue or topic it can reach) nor a 'tasks' entry",
        )
        for state in machine.tasks()
        if not binds.get(state.name, False)
    ]


def describe(problem: AslProblem) -> str:
    """`state X: message`, or the message alone for machine-wide problems."""
    state, message = problem
    return f"state {state}: {message}" if state else message
