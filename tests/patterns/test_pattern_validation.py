"""Patterns EventBridge rejects are rejected, with the service's reason and the field path."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.patterns import PatternError, compile_pattern

PREFIX = "Event pattern is not valid. Reason: "


def reason_for(pattern: Any) -> str:
    """The PatternError message for an invalid pattern (fails the test if it compiles)."""
    with pytest.raises(PatternError) as info:
        compile_pattern(pattern)
    assert isinstance(info.value, ValueError)
    return str(info.value)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ({"source": "shop"}, 'source: "source" must be an object or an array'),
        ({"detail": {"n": 4}}, 'detail.n: "n" must be an object or an array'),
        ({"resources": []}, "resources: Empty arrays are not allowed"),
        ({}, "Empty objects are not allowed"),
        ({"detail": {}}, "detail: Empty objects are not allowed"),
        ({"a": [["nested"]]}, "a: Match value must be String, number, true, false, or null"),
        ({"a": [{}]}, "a: Match expression name not found"),
        ({"a": [{"prefix": "x", "suffix": "y"}]}, "a: Only one key allowed in match expression"),
        ({"a": [{"EXISTS": True}]}, "a: Unrecognized match type EXISTS"),
        ({"a": [{"Prefix": "x"}]}, "a: Unrecognized match type Prefix"),
        ({"a": [{"exists": "yes"}]}, "a: exists match pattern must be either true or false."),
        ({"a": [{"prefix": 1}]}, "a: prefix match pattern must be a string"),
        ({"a": [{"suffix": ["x"]}]}, "a: suffix match pattern must be a string"),
        (
            {"a": [{"equals-ignore-case": 1}]},
            "a: equals-ignore-case match pattern must be a string",
        ),
    ],
)
def test_structure_errors(pattern: Any, message: str) -> None:
    """Malformed structure or operators are rejected naming the field at fault."""
    assert reason_for(pattern) == PREFIX + message


def test_pattern_must_be_an_object() -> None:
    """A pattern that is not a JSON object is rejected."""
    assert reason_for(["source"]) == PREFIX + "Filter is not an object"
    assert reason_for("[1]") == PREFIX + "Filter is not an object"
    assert "not valid JSON" in reason_for("{oops")


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (10, "Value of numeric must be an array."),
        ([">", 5, "<", 1], "Bottom must be less than top (got 5 and 1)"),
        ([">=", 5, "<=", 5], "Bottom must be less than top (got 5 and 5)"),
        ([">", 0, ">", 0], "Bad numeric range operator: >"),
        ([">", 0, "<"], "Value of < must be numeric"),
        (["=", "5"], "Value of equals must be numeric"),
        (["<", True], "Value of < must be numeric"),
        (["!=", 5], "Unrecognized numeric range operator: !="),
        (["=", 5, 6], "Too many elements in numeric expression"),
        ([">", 0, "<", 5, 6], "Too many terms in numeric range expression"),
        ([">", 6e9], "Value must be between -5.0e+09 and 5.0e+09, inclusive (got 6000000000.0)"),
        ([">", 0.1234567], "Only values up to 6 decimals are supported (got 0.1234567)"),
    ],
)
def test_numeric_errors(condition: Any, message: str) -> None:
    """Bad numeric expressions (including reversed bounds) are rejected."""
    assert reason_for({"n": [{"numeric": condition}]}) == PREFIX + "n: " + message


def test_numeric_upper_bound_first_is_rejected_with_a_hint() -> None:
    """A range written upper bound first is an error that says to give the lower bound first."""
    message = reason_for({"n": [{"numeric": ["<", 5, ">", 1]}]})
    assert "Too many elements in numeric expression" in message
    assert "lower bound" in message


@pytest.mark.parametrize(
    ("operand", "message"),
    [
        (None, "Value of anything-but must be an array or single string/number value."),
        (True, "Value of anything-but must be an array or single string/number value."),
        (["a", None], "Inside anything but list, start|null|boolean is not supported."),
        (
            ["a", 1],
            "Inside anything but list, either all values are number or string, "
            "mixed type is not supported",
        ),
        ([], "Empty arrays are not allowed"),
        ({"prefix": ""}, "Null prefix/suffix not allowed"),
        ({"suffix": [".txt", ""]}, "Null prefix/suffix not allowed"),
        ({"prefix": 5}, "prefix/suffix match pattern must be a string"),
        (
            {"equals-ignore-case": [1]},
            "Inside anything-but/equals-ignore-case list, "
            "number|start|null|boolean is not supported.",
        ),
        ({"wildcard": 1}, "wildcard match pattern must be a string"),
        ({"numeric": [">", 1]}, "Unsupported anything-but pattern: numeric"),
        (
            {"prefix": {"equals-ignore-case": "x"}},
            "Value of anything-but must be an array or single string/number value.",
        ),
    ],
)
def test_anything_but_errors(operand: Any, message: str) -> None:
    """anything-but: null, mixed lists and empty prefixes/suffixes are rejected."""
    assert reason_for({"s": [{"anything-but": operand}]}) == PREFIX + "s: " + message


@pytest.mark.parametrize(
    ("cidr", "message"),
    [
        ("10.0.0.0", "Malformed CIDR, one '/' required"),
        ("10.0.0.0/8/1", "Malformed CIDR, one '/' required"),
        ("10.0.0.0/x", "Malformed CIDR, mask bits must be an integer"),
        ("10.0.0.0/-1", "Malformed CIDR, mask bits must not be negative"),
        ("xx.11.xx/8", "Nonstandard IP address: xx.11.xx"),
        ("10.0.0.300/8", "Invalid IP address: 10.0.0.300"),
        ("10.0.0.0/32", "IPv4 mask bits must be < 32"),
        ("2001:db8::/128", "IPv6 mask bits must be < 128"),
    ],
)
def test_malformed_cidr(cidr: str, message: str) -> None:
    """Malformed CIDR blocks are rejected (bounds as in event-ruler)."""
    assert reason_for({"ip": [{"cidr": cidr}]}) == PREFIX + "ip: " + message


def test_cidr_must_be_a_string() -> None:
    """A non-string cidr operand is rejected."""
    assert reason_for({"ip": [{"cidr": ["10.0.0.0/8"]}]}) == (
        PREFIX + "ip: cidr match pattern must be a string"
    )


@pytest.mark.parametrize(
    ("wildcard", "message"),
    [
        ("a**b", "Consecutive wildcard characters at pos 2"),
        ("arn:aws:events:us-east-1:**:event-bus/*", "Consecutive wildcard characters at pos 26"),
        ("a\\b", "Invalid escape character at pos 2"),
        (
            "*:*:*:*:*:event-bus/*",
            "Rule is too complex - try using fewer wildcard characters "
            "or fewer repeating character sequences after a wildcard character",
        ),
    ],
)
def test_wildcard_errors(wildcard: str, message: str) -> None:
    """Consecutive stars, bad escapes and too-complex wildcards are rejected."""
    assert reason_for({"f": [{"wildcard": wildcard}]}) == PREFIX + "f: " + message


def test_wildcard_complexity_counts_every_wildcard_of_a_field() -> None:
    """Several simple wildcards on one field can add up to a too-complex rule."""
    compile_pattern({"f": [{"wildcard": "*.bif"}, {"wildcard": "*.tiff"}]})
    many = [{"wildcard": suffix} for suffix in ("*.bif", "*.tiff", "*.tif", "*.svs")]
    assert "Rule is too complex" in reason_for({"f": many})


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ({"$or": [{"a": [1]}]}, "$or: There must have at least 2 Objects in $or relationship."),
        ({"$or": {"a": [1]}}, "$or: It must be an Array followed with $or."),
        (
            {"$or": [{"a": [1]}, ["b"]]},
            "$or: Only JSON object is allowed in array of $or relationship.",
        ),
        ({"$or": [{"a": [1]}, {}]}, "$or[1]: Empty objects are not allowed"),
        (
            {"$or": [{"prefix": ["x"]}, {"b": [1]}]},
            "$or[0].prefix: prefix is Ruler reserved fieldName which cannot be used inside $or.",
        ),
        ({"d": {"$or": [{"a": [1]}, {"b": []}]}}, "d.$or[1].b: Empty arrays are not allowed"),
    ],
)
def test_or_errors(pattern: Any, message: str) -> None:
    """Malformed $or (not an array of two or more objects) is rejected."""
    assert reason_for(pattern) == PREFIX + message


def test_too_many_or_combinations() -> None:
    """Nested $or that expands past 1000 combinations is rejected as too complex."""
    level: dict[str, Any] = {"z": [0]}
    for depth in range(11):  # 2**11 = 2048 combinations
        level = {"$or": [{f"a{depth}": [1], **level}, {f"b{depth}": [2], **level}]}
    assert "$or combinations" in reason_for(level)


def test_error_carries_reason_and_path() -> None:
    """PatternError exposes the bare reason and the dotted path separately."""
    with pytest.raises(PatternError) as info:
        compile_pattern({"detail": {"amount": [{"numeric": [">", "x"]}]}})
    assert info.value.reason == "Value of > must be numeric"
    assert info.value.path == "detail.amount"
