"""The `numeric` operator: `["=", n]`, one-sided comparisons and `[">", lo, "<=", hi]` ranges."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from simulator.patterns.errors import Context
from simulator.patterns.numbers import check_comparable, is_number

NumTest = Callable[[Any], bool]
_LOWER = {">": operator.gt, ">=": operator.ge}
_UPPER = {"<": operator.lt, "<=": operator.le}


def parse_numeric(operand: Any, ctx: Context, path: list[str]) -> tuple[NumTest, float | None]:
    """Validate a numeric expression; return its test, or the value for `["=", n]`."""
    if not isinstance(operand, list):
        raise ctx.fail("Value of numeric must be an array.", path)
    if not operand or not isinstance(operand[0], str):
        shown = operand[0] if operand else "]"
        raise ctx.fail(f"Invalid member in numeric match: {shown}", path)
    op = operand[0]
    if op not in ("=", *_LOWER, *_UPPER):
        raise ctx.fail(f"Unrecognized numeric range operator: {op}", path)
    value = _number_after(operand, 1, "equals" if op == "=" else op, ctx, path)
    if op == "=":
        _expect_end(operand, 2, "Too many elements in numeric expression", ctx, path)
        return (lambda candidate: candidate == value), value
    if op in _UPPER:
        _expect_end(
            operand,
            2,
            "Too many elements in numeric expression (a range must give its lower bound "
            'first, e.g. [">", 0, "<=", 5])',
            ctx,
            path,
        )
        return _one_sided(_UPPER[op], value), None
    if len(operand) == 2:
        return _one_sided(_LOWER[op], value), None
    upper_op = operand[2]
    if not isinstance(upper_op, str):
        raise ctx.fail(f"Bad value in numeric range: {upper_op}", path)
    if upper_op not in _UPPER:
        raise ctx.fail(f"Bad numeric range operator: {upper_op}", path)
    top = _number_after(operand, 3, upper_op, ctx, path)
    _expect_end(operand, 4, "Too many terms in numeric range expression", ctx, path)
    if not value < top:
        raise ctx.fail(f"Bottom must be less than top (got {value!r} and {top!r})", path)
    return _range(op == ">", value, upper_op == "<", top), None


def _number_after(
    operand: list[Any], index: int, op: str, ctx: Context, path: list[str]
) -> int | float:
    """The number at `operand[index]`, validated for the service's numeric range."""
    if index >= len(operand) or not is_number(operand[index]):
        raise ctx.fail(f"Value of {op} must be numeric", path)
    value = operand[index]
    check_comparable(value, ctx, path)
    return value


def _expect_end(
    operand: list[Any], length: int, reason: str, ctx: Context, path: list[str]
) -> None:
    """Reject trailing elements after a complete numeric expression."""
    if len(operand) > length:
        raise ctx.fail(reason, path)


def _one_sided(compare: Callable[[Any, Any], bool], bound: float) -> NumTest:
    """`value <op> bound` for one of <, <=, >, >=."""
    if compare is operator.gt:
        return lambda value: value > bound
    if compare is operator.ge:
        return lambda value: value >= bound
    if compare is operator.lt:
        return lambda value: value < bound
    return lambda value: value <= bound


def _range(open_low: bool, low: float, open_high: bool, high: float) -> NumTest:
    """A two-sided range test with each end open or closed."""
    if open_low and open_high:
        return lambda value: low < value < high
    if open_low:
        return lambda value: low < value <= high
    if open_high:
        return lambda value: low <= value < high
    return lambda value: low <= value <= high
