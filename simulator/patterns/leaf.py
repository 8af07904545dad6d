"""What one pattern field accepts (LeafSpec) and its compilation into a fast value test."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import methodcaller
from typing import Any

from simulator.patterns.netaddr import IpRange, ip_in_ranges
from simulator.patterns.wildcard import Token

# Results of evaluating part of a pattern against part of an event.
FAIL = 0  # a condition is not met
ABSENT = 1  # every condition is met, only through `exists: false` (fields absent)
POS = 2  # every condition is met and at least one field value matched

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()  # no such field

StrTest = Callable[[str], bool]
NumTest = Callable[[Any], bool]


@dataclass
class LeafSpec:
    """The alternatives listed for one field; the field matches if any alternative does."""

    count: int = 0  # values in the pattern array (SNS counts these for its complexity limit)
    strs: set[str] = field(default_factory=set)
    nums: set[int | float] = field(default_factory=set)
    null: bool = False
    true: bool = False
    false: bool = False
    prefixes: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)
    lower_equals: set[str] = field(default_factory=set)
    lower_prefixes: list[str] = field(default_factory=list)
    lower_suffixes: list[str] = field(default_factory=list)
    str_tests: list[StrTest] = field(default_factory=list)  # wildcard, anything-but on strings
    num_tests: list[NumTest] = field(default_factory=list)  # numeric ranges, anything-but numbers
    ip_ranges: list[IpRange] = field(default_factory=list)
    any_str: bool = False  # every string matches (anything-but of numbers, exists: true)
    any_num: bool = False  # every number matches (anything-but of strings, exists: true)
    any_other: bool = False  # null and booleans match (anything-but, exists: true)
    absent: bool = False  # `exists: false` - the field may be missing
    wildcards: list[list[Token]] = field(default_factory=list)  # for the complexity check


def _str_test(spec: LeafSpec) -> StrTest:
    """Combine every string alternative into one `str -> bool` function."""
    if spec.any_str:
        return lambda value: True
    tests: list[StrTest] = []
    if spec.prefixes:  # methodcaller runs str.startswith without a Python frame
        tests.append(methodcaller("startswith", tuple(spec.prefixes)))
    if spec.suffixes:
        tests.append(methodcaller("endswith", tuple(spec.suffixes)))
    if spec.lower_equals or spec.lower_prefixes or spec.lower_suffixes:
        equals = frozenset(spec.lower_equals)
        lower_prefixes, lower_suffixes = tuple(spec.lower_prefixes), tuple(spec.lower_suffixes)

        def ignore_case(value: str) -> bool:
            lowered = value.lower()
            return (
                lowered in equals
                or (bool(lower_prefixes) and lowered.startswith(lower_prefixes))
                or (bool(lower_suffixes) and lowered.endswith(lower_suffixes))
            )

        tests.append(ignore_case)
    if spec.ip_ranges:
        ranges = tuple(spec.ip_ranges)
        tests.append(lambda value: ip_in_ranges(value, ranges))
    tests.extend(spec.str_tests)
    return _any_of(frozenset(spec.strs), tests)


def _num_test(spec: LeafSpec) -> NumTest:
    """Combine every numeric alternative into one `number -> bool` function."""
    if spec.any_num:
        return lambda value: True
    return _any_of(frozenset(spec.nums), spec.num_tests)


def _any_of(exact: frozenset[Any], tests: list[Callable[[Any], bool]]) -> Callable[[Any], bool]:
    """`value in exact or any(test(value))`, specialised for the common small cases."""
    if not tests:
        return exact.__contains__  # a C method: no Python frame per test
    if not exact and len(tests) == 1:
        return tests[0]
    checks = tuple(tests)

    def test(value: Any) -> bool:
        if value in exact:
            return True
        return any(check(value) for check in checks)

    return test


def build_leaf(spec: LeafSpec) -> tuple[Callable[[Any], int], StrTest, NumTest]:
    """Compile a LeafSpec into `event value -> FAIL | ABSENT | POS` (arrays: any element).

    Also returns the string and number tests, which callers may apply inline to a
    `str` or an `int`/`float` value (for those the leaf's answer is POS exactly when true).
    """
    str_test, num_test = _str_test(spec), _num_test(spec)
    null_r = POS if spec.null or spec.any_other else FAIL
    true_r = POS if spec.true or spec.any_other else FAIL
    false_r = POS if spec.false or spec.any_other else FAIL
    missing_r = ABSENT if spec.absent else FAIL

    def scalar(value: Any) -> int | None:
        """Result for one scalar value, or None when `value` is not a scalar."""
        cls = value.__class__
        if cls is str:
            return POS if str_test(value) else FAIL
        if cls is int or cls is float:
            return POS if num_test(value) else FAIL
        if value is None:
            return null_r
        if cls is bool:
            return true_r if value else false_r
        if isinstance(value, str):
            return POS if str_test(value) else FAIL
        if isinstance(value, int | float):
            return POS if num_test(value) else FAIL
        return None

    def values(value: Any) -> int:
        """Arrays (any scalar element matches), objects and missing fields."""
        if value is MISSING or isinstance(value, Mapping):
            return missing_r
        if isinstance(value, list | tuple):
            found = False
            stack = [value]
            while stack:
                for item in stack.pop():
                    if isinstance(item, list | tuple):
                        stack.append(item)
                        continue
                    result = scalar(item)
                    if result is None:
                        continue  # objects inside arrays belong to deeper fields
                    if result == POS:
                        return POS
                    found = True
            return FAIL if found else missing_r
        return FAIL

    def leaf(value: Any) -> int:
        cls = value.__class__
        if cls is str:
            return POS if str_test(value) else FAIL
        if cls is int or cls is float:
            return POS if num_test(value) else FAIL
        result = scalar(value)
        return values(value) if result is None else result

    return leaf, str_test, num_test
