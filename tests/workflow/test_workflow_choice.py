"""Choice rules: every comparison operator, the type tests, And/Or/Not."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.workflow.choice import OPERATORS, compile_rule
from simulator.workflow.errors import StatesError

DATA = {
    "n": 5,
    "m": 7,
    "s": "beta",
    "t": "2024-01-01T10:00:00Z",
    "u": "2024-01-01T12:00:00+02:00",
    "b": True,
    "z": None,
    "f": 2.5,
}


def rule(**fields: Any) -> bool:
    return compile_rule(fields)(DATA, None)


@pytest.mark.parametrize(
    ("variable", "operator", "operand", "expected"),
    [
        ("$.n", "NumericEquals", 5, True),
        ("$.n", "NumericLessThan", 5, False),
        ("$.n", "NumericLessThanEquals", 5, True),
        ("$.n", "NumericGreaterThan", 4.5, True),
        ("$.n", "NumericGreaterThanEquals", 6, False),
        ("$.s", "StringEquals", "beta", True),
        ("$.s", "StringLessThan", "alpha", False),
        ("$.s", "StringGreaterThan", "alpha", True),
        ("$.s", "StringLessThanEquals", "beta", True),
        ("$.s", "StringGreaterThanEquals", "gamma", False),
        ("$.s", "StringMatches", "b*a", True),
        ("$.s", "StringMatches", "b\\*", False),
        ("$.b", "BooleanEquals", True, True),
        ("$.t", "TimestampEquals", "2024-01-01T10:00:00+00:00", True),
        ("$.t", "TimestampLessThan", "2024-01-01T09:00:00Z", False),
        ("$.u", "TimestampEquals", "2024-01-01T10:00:00Z", True),
        ("$.t", "TimestampGreaterThanEquals", "2024-01-01T10:00:00Z", True),
        ("$.n", "NumericEqualsPath", "$.m", False),
        ("$.n", "NumericLessThanPath", "$.m", True),
        ("$.s", "StringEqualsPath", "$.s", True),
        ("$.t", "TimestampLessThanPath", "$.u", False),
        ("$.n", "StringEquals", "5", False),  # a number never equals a string
        ("$.s", "NumericEquals", 5, False),
        ("$.b", "NumericEquals", 1, False),  # booleans are not numbers
    ],
)
def test_comparisons(variable: str, operator: str, operand: Any, expected: bool) -> None:
    """Each comparison operator compares values of its own type; other types never match."""
    assert rule(Variable=variable, **{operator: operand}) is expected


@pytest.mark.parametrize(
    ("variable", "test", "expected"),
    [
        ("$.z", "IsNull", True),
        ("$.n", "IsNull", False),
        ("$.n", "IsPresent", True),
        ("$.missing", "IsPresent", False),
        ("$.f", "IsNumeric", True),
        ("$.s", "IsNumeric", False),
        ("$.s", "IsString", True),
        ("$.b", "IsBoolean", True),
        ("$.t", "IsTimestamp", True),
        ("$.s", "IsTimestamp", False),
    ],
)
def test_type_tests(variable: str, test: str, expected: bool) -> None:
    """IsNull, IsPresent, IsNumeric, IsString, IsBoolean and IsTimestamp test the value."""
    assert rule(Variable=variable, **{test: True}) is expected
    assert rule(Variable=variable, **{test: False}) is (not expected)


def test_and_or_not() -> None:
    """And needs every rule, Or one of them, Not inverts; they nest."""
    five = {"Variable": "$.n", "NumericEquals": 5}
    beta = {"Variable": "$.s", "StringEquals": "beta"}
    no = {"Variable": "$.s", "StringEquals": "no"}
    assert rule(And=[five, beta]) is True
    assert rule(And=[five, no]) is False
    assert rule(Or=[no, five]) is True
    assert rule(Not=no) is True
    assert rule(Not={"Or": [no, {"Not": five}]}) is True


def test_comparing_a_missing_path_is_a_runtime_error() -> None:
    """As in Step Functions, a comparison on a path the input lacks fails with States.Runtime."""
    with pytest.raises(StatesError) as info:
        rule(Variable="$.missing", NumericEquals=1)
    assert info.value.error == "States.Runtime"


def test_every_operator_is_known() -> None:
    """The operator list covers the ASL's: String, Numeric, Timestamp (5 relations each) and
    BooleanEquals, each also as ...Path (32), StringMatches and the 6 type tests."""
    assert len(OPERATORS) == 32 + 1 + 6
    assert {"TimestampGreaterThanEqualsPath", "BooleanEqualsPath", "StringMatches"} <= OPERATORS
