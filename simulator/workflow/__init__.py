"""Amazon States Language workflows: definitions, validation and an interpreter.

GUI-free and engine-free: the interpreter runs on anything with `now` and
`later(delay, fn, value, aux)` (the engine's `core.Env`). The engine's `workflow` node
binds Task states to runners (`TaskRunner`) and counts executions.
"""

from simulator.workflow.definition import DefinitionError, compile_machine
from simulator.workflow.errors import StatesError, matches
from simulator.workflow.interpreter import ECHO, Execution, Host, Run, TaskRunner
from simulator.workflow.lint import AslProblem, describe, lint, task_problems
from simulator.workflow.rename import renamed_definition
from simulator.workflow.retry import Catcher, Retrier
from simulator.workflow.runners import TimedTask
from simulator.workflow.states import Block, Machine, State, StateStats

__all__ = [
    "ECHO",
    "AslProblem",
    "Block",
    "Catcher",
    "DefinitionError",
    "Execution",
    "Host",
    "Machine",
    "Retrier",
    "Run",
    "State",
    "StateStats",
    "StatesError",
    "TaskRunner",
    "TimedTask",
    "compile_machine",
    "describe",
    "lint",
    "matches",
    "renamed_definition",
    "task_problems",
]
