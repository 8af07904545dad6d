"""Choice rules: comparisons on paths, `And`/`Or`/`Not`, and the type tests.

Each rule compiles to a predicate `(data, context) -> bool`. Comparing a value of the
wrong type is false (a string never equals a number). A comparison on a path the input
lacks is the error `States.Runtime`, as in Step Functions; `IsPresent` is the way to ask.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from simulator.workflow.errors import RUNTIME, StatesError
from simulator.workflow.paths import Getter, PathMissing, compile_path

Predicate = Callable[[Any, Any], bool]

_ORDER = {
    "Equals": operator.eq,
    "LessThan": operator.lt,
    "GreaterThan": operator.gt,
    "LessThanEquals": operator.le,
    "GreaterThanEquals": operator.ge,
}
TESTS = ("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def timestamp(value: Any) -> datetime | None:
    """An RFC 3339 timestamp string as a datetime (None when it is not one)."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


# type name -> (is this a value of the type, convert for comparison)
_TYPES: dict[str, tuple[Callable[[Any], bool], Callable[[Any], Any]]] = {
    "String": (lambda v: isinstance(v, str), lambda v: v),
    "Numeric": (_is_number, lambda v: v),
    "Boolean": (lambda v: isinstance(v, bool), lambda v: v),
    "Timestamp": (lambda v: timestamp(v) is not None, timestamp),
}


def operators() -> list[str]:
    """Every comparison operator name, e.g. `NumericLessThanEqualsPath`."""
    names = [f"{t}{o}" for t in _TYPES for o in _ORDER if not (t == "Boolean" and o != "Equals")]
    return [*names, *(f"{n}Path" for n in names), "StringMatches", *TESTS]


OPERATORS = frozenset(operators())


def compile_rule(rule: dict[str, Any]) -> Predicate:
    """Compile one (possibly nested) rule; raise ValueError for a malformed one."""
    if "And" in rule or "Or" in rule:
        key = "And" if "And" in rule else "Or"
        parts = [compile_rule(r) for r in rule[key]]
        if key == "And":
            return lambda data, ctx: all(p(data, ctx) for p in parts)
        return lambda data, ctx: any(p(data, ctx) for p in parts)
    if "Not" in rule:
        inner = compile_rule(rule["Not"])
        return lambda data, ctx: not inner(data, ctx)
    names = [k for k in rule if k in OPERATORS]
    if len(names) != 1 or "Variable" not in rule:
        raise ValueError("a rule needs a Variable and exactly one comparison operator")
    return _comparison(compile_path(rule["Variable"]), rule["Variable"], names[0], rule[names[0]])


def _comparison(get: Getter, variable: str, name: str, operand: Any) -> Predicate:
    if name in TESTS:
        return _test(get, name, bool(operand))
    if name == "StringMatches":
        pattern = _wildcard(operand)
        return _compare(get, variable, lambda v: isinstance(v, str) and bool(pattern(v)))
    by_path = name.endswith("Path")
    base = name[:-4] if by_path else name
    kind = next(t for t in _TYPES if base.startswith(t))
    relation = _ORDER[base[len(kind) :]]
    is_type, convert = _TYPES[kind]
    if by_path:
        other = compile_path(operand)

        def test_path(data: Any, ctx: Any) -> bool:
            value, right = _read(get, variable, data, ctx), _read(other, operand, data, ctx)
            if not (is_type(value) and is_type(right)):
                return False
            return bool(relation(convert(value), convert(right)))

        return test_path
    if not is_type(operand):
        raise ValueError(f"{name} needs a {kind.lower()} value, got {operand!r}")
    fixed = convert(operand)
    if kind == "Numeric":  # the hot case: one closure, no conversion
        return _numeric(get, variable, relation, fixed)
    return _compare(get, variable, lambda v: is_type(v) and relation(convert(v), fixed))


def _numeric(get: Getter, variable: str, relation: Any, fixed: Any) -> Predicate:
    number = (int, float)

    def test(data: Any, ctx: Any) -> bool:
        try:
            value = get(data, ctx)
        except PathMissing:
            return bool(_read(get, variable, data, ctx))  # raises States.Runtime
        return type(value) in number and bool(relation(value, fixed))

    return test


def _read(get: Getter, variable: str, data: Any, ctx: Any) -> Any:
    try:
        return get(data, ctx)
    except PathMissing:
        raise StatesError(
            RUNTIME,
            f"Invalid path {variable!r}: the choice state's condition "
            "path references an invalid value",
        ) from None


def _compare(get: Getter, variable: str, check: Callable[[Any], bool]) -> Predicate:
    def test(data: Any, ctx: Any) -> bool:
        return bool(check(_read(get, variable, data, ctx)))

    return test


def _test(get: Getter, name: str, expected: bool) -> Predicate:
    checks: dict[str, Callable[[Any], bool]] = {
        "IsNull": lambda v: v is None,
        "IsNumeric": lambda v: _is_number(v) and math.isfinite(v),
        "IsString": lambda v: isinstance(v, str),
        "IsBoolean": lambda v: isinstance(v, bool),
        "IsTimestamp": lambda v: timestamp(v) is not None,
    }

    def test(data: Any, ctx: Any) -> bool:
        try:
            value = get(data, ctx)
        except PathMissing:
            return not expected if name == "IsPresent" else False
        if name == "IsPresent":
            return expected
        return checks[name](value) == expected

    return test


def _wildcard(pattern: Any) -> Callable[[str], Any]:
    """`StringMatches`: `*` matches any run of characters; `\\*` is a literal star."""
    if not isinstance(pattern, str):
        raise ValueError(f"StringMatches needs a string, got {pattern!r}")
    parts = re.split(r"(\\\\|\\\*|\*)", pattern)
    regex = "".join(
        ".*" if p == "*" else re.escape(p[1]) if p in ("\\*", "\\\\") else re.escape(p)
        for p in parts
    )
    return re.compile(f"{regex}\\Z", re.DOTALL).match
