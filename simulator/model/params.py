"""Parameter specifications: the single description of every settable value.

A `Param` says what a node key means, its type, default, range and unit. The reader
validates files with it, the JSON Schema is generated from it and the designer builds
its typed editors from it, so a parameter is described exactly once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

ParamType = Literal[
    "int",
    "number",
    "bool",
    "string",
    "path",
    "distribution",
    "load",
    "events",
    "choice",  # one of `choices`
    "definition",  # an Amazon States Language document (workflow)
    "tasks",  # per-state timing of a workflow's Task states
    "account",  # an AWS account: a 12-digit id or a name
    "region",  # an AWS Region code
    "policy",  # a resource policy: a list of statements (routers and topics)
    "archive",  # a router's archive: {pattern, retention}
]


@dataclass(frozen=True)
class Param:
    """One settable key of a node kind."""

    name: str
    type: ParamType
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    unit: str = ""
    doc: str = ""
    optional: bool = False  # the value may be `null` (or absent) meaning "none"
    choices: tuple[str, ...] = ()  # the allowed values of a "choice" parameter

    def check(self, value: Any) -> list[str]:
        """Return the problems of `value` for this parameter (empty when valid)."""
        if value is None:
            return [] if self.optional else ["must not be null"]
        checker = _CHECKERS[self.type]
        return checker(self, value)


def is_number(value: Any) -> bool:
    """True for int/float values that are not bools and are finite (any int, however large)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


def type_name(value: Any) -> str:
    """The JSON name of a Python value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def fmt(value: Any) -> str:
    """Format a number the way users wrote it (no trailing .0 on integers)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def check_range(
    value: float,
    minimum: float | None,
    maximum: float | None,
    exclusive_minimum: bool = False,
    unit: str = "",
) -> list[str]:
    """Messages for a number outside [minimum, maximum]."""
    suffix = f" {unit}" if unit else ""
    if minimum is not None:
        if exclusive_minimum and value <= minimum:
            return [f"must be > {fmt(minimum)}{suffix}, got {fmt(value)}"]
        if not exclusive_minimum and value < minimum:
            return [f"must be >= {fmt(minimum)}{suffix}, got {fmt(value)}"]
    if maximum is not None and value > maximum:
        return [f"must be <= {fmt(maximum)}{suffix}, got {fmt(value)}"]
    return []


def _check_number(param: Param, value: Any) -> list[str]:
    if not is_number(value):
        return [f"must be a number, got {type_name(value)}"]
    return check_range(value, param.minimum, param.maximum, param.exclusive_minimum, param.unit)


def _check_int(param: Param, value: Any) -> list[str]:
    if not is_number(value) or (isinstance(value, float) and not value.is_integer()):
        return [f"must be an integer, got {fmt(value) if is_number(value) else type_name(value)}"]
    return check_range(value, param.minimum, param.maximum, param.exclusive_minimum, param.unit)


def _check_bool(param: Param, value: Any) -> list[str]:
    return [] if isinstance(value, bool) else [f"must be true or false, got {type_name(value)}"]


def _check_string(param: Param, value: Any) -> list[str]:
    if not isinstance(value, str):
        return [f"must be a string, got {type_name(value)}"]
    return [] if value else ["must not be empty"]


def _check_path(param: Param, value: Any) -> list[str]:
    problems = _check_string(param, value)
    if problems:
        return problems
    if any(not part for part in value.split(".")):
        return [f"must be a dotted field path such as 'detail.customer', got {value!r}"]
    return []


def _check_distribution(param: Param, value: Any) -> list[str]:
    from simulator.model.distributions import check_distribution

    return check_distribution(value)


def _check_load(param: Param, value: Any) -> list[str]:
    from simulator.model.loads import check_load

    return check_load(value)


def _check_events(param: Param, value: Any) -> list[str]:
    from simulator.model.templates import check_templates

    return check_templates(value)


def _check_choice(param: Param, value: Any) -> list[str]:
    if value in param.choices:
        return []
    return [f"must be one of {', '.join(param.choices)}, got {value!r}"]


def _check_definition(param: Param, value: Any) -> list[str]:
    from simulator.model.kinds.workflow import check_definition

    return check_definition(value)


def _check_tasks(param: Param, value: Any) -> list[str]:
    from simulator.model.kinds.workflow import check_tasks

    return check_tasks(value)


def _check_account(param: Param, value: Any) -> list[str]:
    from simulator.model.regions import check_account

    return check_account(value)


def _check_region(param: Param, value: Any) -> list[str]:
    from simulator.model.regions import check_region

    return check_region(value)


def _check_policy(param: Param, value: Any) -> list[str]:
    from simulator.model.policy import check_policy

    return check_policy(value)


def _check_archive(param: Param, value: Any) -> list[str]:
    from simulator.model.archive import check_archive

    return check_archive(value)


_CHECKERS = {
    "int": _check_int,
    "number": _check_number,
    "bool": _check_bool,
    "string": _check_string,
    "path": _check_path,
    "distribution": _check_distribution,
    "load": _check_load,
    "events": _check_events,
    "choice": _check_choice,
    "definition": _check_definition,
    "tasks": _check_tasks,
    "account": _check_account,
    "region": _check_region,
    "policy": _check_policy,
    "archive": _check_archive,
}

__all__ = ["Param", "check_range", "fmt", "is_number", "type_name"]
