"""Numbers in patterns: what counts as one, and the range and precision each service allows."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from simulator.patterns.errors import Context

# EventBridge (event-ruler ComparableNumber): -5e9..5e9, six digits after the decimal point.
EVENTBRIDGE_LIMIT = 5e9
EVENTBRIDGE_DECIMALS = 6
# SNS filter policies: -1e9..1e9, five digits after the decimal point.
SNS_LIMIT = 1e9
SNS_DECIMALS = 5


def is_number(value: Any) -> bool:
    """True for JSON numbers (int or float), never for booleans."""
    cls = value.__class__
    return cls is int or cls is float or (isinstance(value, int | float) and cls is not bool)


def decimal_places(value: int | float) -> int:
    """Digits after the decimal point in the shortest text form of `value`."""
    if isinstance(value, int):
        return 0
    try:
        exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    except InvalidOperation:  # pragma: no cover - repr of a finite float always parses
        return 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_comparable(value: int | float, ctx: Context, path: list[str]) -> None:
    """Reject numbers outside the service's numeric-matching range or precision."""
    limit = SNS_LIMIT if ctx.sns else EVENTBRIDGE_LIMIT
    decimals = SNS_DECIMALS if ctx.sns else EVENTBRIDGE_DECIMALS
    if isinstance(value, float) and not math.isfinite(value):
        raise ctx.fail(f"Numeric value {value!r} is not a finite number", path)
    if not -limit <= value <= limit:
        raise ctx.fail(
            f"Value must be between {-limit:.1e} and {limit:.1e}, inclusive (got {value!r})", path
        )
    if decimal_places(value) > decimals:
        raise ctx.fail(f"Only values up to {decimals} decimals are supported (got {value!r})", path)
