"""Matching semantics of every EventBridge pattern operator, including the edge cases."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.patterns import Matcher, compile_pattern


def matches(pattern: dict[str, Any], event: dict[str, Any]) -> bool:
    """Compile `pattern` as an EventBridge pattern and test `event`."""
    return compile_pattern(pattern).matches(event)


# --- exact values -----------------------------------------------------------------------


def test_exact_string_is_case_sensitive() -> None:
    """Exact strings match character for character, without case folding."""
    assert matches({"source": ["Shop"]}, {"source": "Shop"})
    assert not matches({"source": ["Shop"]}, {"source": "shop"})


def test_values_in_one_array_are_ored_fields_are_anded() -> None:
    """Any listed value may match; every named field must match."""
    pattern = {"source": ["a", "b"], "detail-type": ["T"]}
    assert matches(pattern, {"source": "b", "detail-type": "T"})
    assert not matches(pattern, {"source": "b", "detail-type": "U"})


def test_missing_field_never_matches_a_value() -> None:
    """An event must have every field the pattern names."""
    assert not matches({"source": ["a"], "account": ["1"]}, {"source": "a"})


def test_unnamed_event_fields_are_ignored() -> None:
    """Fields the pattern does not mention do not affect the result."""
    assert matches({"source": ["a"]}, {"source": "a", "other": {"deep": [1, 2]}})


def test_null_and_empty_string_are_distinct() -> None:
    """[null] matches only JSON null and [""] only the empty string."""
    assert matches({"f": [None]}, {"f": None})
    assert not matches({"f": [None]}, {"f": ""})
    assert matches({"f": [""]}, {"f": ""})
    assert not matches({"f": [""]}, {"f": None})
    assert not matches({"f": [None]}, {})


def test_numbers_match_by_numeric_equality() -> None:
    """Pattern 300 matches event 300.0 (and 300), but never the string "300"."""
    assert matches({"n": [300]}, {"n": 300.0})
    assert matches({"n": [300.0]}, {"n": 300})
    assert not matches({"n": [300]}, {"n": "300"})
    assert not matches({"n": ["300"]}, {"n": 300})


def test_booleans_are_not_numbers() -> None:
    """true/false match only JSON booleans, never 1/0, and vice versa."""
    assert matches({"b": [True]}, {"b": True})
    assert not matches({"b": [True]}, {"b": 1})
    assert not matches({"b": [1]}, {"b": True})
    assert not matches({"b": [False]}, {"b": 0})


def test_json_in_a_string_is_not_parsed() -> None:
    """A string holding JSON is just a string, not a nested object."""
    assert not matches({"detail": {"k": ["v"]}}, {"detail": '{"k": "v"}'})


# --- arrays and nesting -----------------------------------------------------------------


def test_event_array_matches_if_any_element_matches() -> None:
    """An array field matches when pattern and event arrays intersect."""
    pattern = {"resources": ["arn:b", "arn:c"]}
    assert matches(pattern, {"resources": ["arn:a", "arn:c"]})
    assert not matches(pattern, {"resources": ["arn:a"]})
    assert not matches(pattern, {"resources": []})


def test_nested_arrays_are_flattened() -> None:
    """Scalars inside nested arrays still count as values of the field."""
    assert matches({"tags": ["x"]}, {"tags": [["a"], ["b", ["x"]]]})


def test_objects_inside_event_arrays_are_flattened() -> None:
    """A pattern path reaches into objects held in event arrays."""
    event = {"detail": {"items": [{"sku": "a"}, {"sku": "b"}]}}
    assert matches({"detail": {"items": {"sku": ["b"]}}}, event)
    assert not matches({"detail": {"items": {"sku": ["c"]}}}, event)


def test_fields_under_an_array_must_match_in_the_same_element() -> None:
    """Array-consistent matching: fields from different elements do not combine."""
    event = {"people": [{"first": "Anna", "last": "Smith"}, {"first": "Peter", "last": "Jones"}]}
    assert matches({"people": {"first": ["Anna"], "last": ["Smith"]}}, event)
    assert not matches({"people": {"first": ["Anna"], "last": ["Jones"]}}, event)


def test_leaf_pattern_does_not_match_an_object() -> None:
    """Operators apply to leaf values; an object at that path is not a value."""
    assert not matches({"state": ["x"]}, {"state": {"name": "x"}})


def test_dotted_keys_equal_nesting() -> None:
    """As in event-ruler, "a.b" in a pattern or an event is the same path as nested a/b."""
    assert matches({"detail": {"state.status": ["on"]}}, {"detail": {"state": {"status": "on"}}})
    assert matches({"detail": {"state": {"status": ["on"]}}}, {"detail": {"state.status": "on"}})
    assert not matches({"detail": {"state": {"status": ["on"]}}}, {"detail": {"state.x": "on"}})


# --- prefix / suffix / equals-ignore-case -----------------------------------------------


def test_prefix_and_suffix_match_strings_only() -> None:
    """prefix/suffix test the start/end of strings; numbers never match them."""
    assert matches({"t": [{"prefix": "2024-"}]}, {"t": "2024-05-01"})
    assert not matches({"t": [{"prefix": "2024-"}]}, {"t": "2023-05-01"})
    assert matches({"f": [{"suffix": ".png"}]}, {"f": "a.png"})
    assert not matches({"f": [{"suffix": ".png"}]}, {"f": "a.PNG"})
    assert not matches({"n": [{"prefix": "1"}]}, {"n": 12})


def test_empty_prefix_matches_any_string() -> None:
    """An empty prefix matches every string (including ""), but not null."""
    assert matches({"s": [{"prefix": ""}]}, {"s": ""})
    assert not matches({"s": [{"prefix": ""}]}, {"s": None})


def test_prefix_and_suffix_ignoring_case() -> None:
    """{"prefix"|"suffix": {"equals-ignore-case": x}} compares without case."""
    assert matches({"s": [{"prefix": {"equals-ignore-case": "EventB"}}]}, {"s": "eventbridge"})
    assert matches({"f": [{"suffix": {"equals-ignore-case": ".png"}}]}, {"f": "A.PNG"})
    assert not matches({"f": [{"suffix": {"equals-ignore-case": ".png"}}]}, {"f": "a.jpg"})


def test_equals_ignore_case() -> None:
    """equals-ignore-case matches the whole string regardless of case."""
    assert matches({"n": [{"equals-ignore-case": "alice"}]}, {"n": "ALICE"})
    assert not matches({"n": [{"equals-ignore-case": "alice"}]}, {"n": "alicent"})


# --- wildcard ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wildcard", "value", "expected"),
    [
        ("*.png", "a.png", True),
        ("*.png", ".png", True),
        ("a*b*c", "abc", True),
        ("a*b*c", "aXbYc", True),
        ("a*b*c", "acb", False),
        ("a*a", "a", False),
        ("/Users/*/doc.txt", "/Users/me/x/y/doc.txt", True),
        ("", "", True),
        ("", "x", False),
        ("no-star", "no-star", True),
    ],
)
def test_wildcard_star_matches_zero_or_more_characters(
    wildcard: str, value: str, expected: bool
) -> None:
    """`*` stands for any run of characters, including none; the rest is literal."""
    assert matches({"f": [{"wildcard": wildcard}]}, {"f": value}) is expected


def test_wildcard_escapes() -> None:
    """`\\*` is a literal star and `\\\\` a literal backslash."""
    assert matches({"f": [{"wildcard": r"a\*b"}]}, {"f": "a*b"})
    assert not matches({"f": [{"wildcard": r"a\*b"}]}, {"f": "axb"})
    assert matches({"f": [{"wildcard": r"a\\*"}]}, {"f": "a\\anything"})


def test_wildcard_never_matches_non_strings() -> None:
    """A wildcard only tests string values."""
    assert not matches({"n": [{"wildcard": "*"}]}, {"n": 5})


# --- anything-but -----------------------------------------------------------------------


def test_anything_but_single_value() -> None:
    """anything-but matches every value except the one given."""
    assert matches({"s": [{"anything-but": "init"}]}, {"s": "running"})
    assert not matches({"s": [{"anything-but": "init"}]}, {"s": "init"})
    assert not matches({"n": [{"anything-but": 123}]}, {"n": 123.0})


def test_anything_but_missing_field_does_not_match_but_null_does() -> None:
    """A missing field never matches anything-but; null is a value and does match."""
    assert not matches({"s": [{"anything-but": "init"}]}, {})
    assert matches({"s": [{"anything-but": "init"}]}, {"s": None})


def test_anything_but_lists() -> None:
    """A list excludes all its values; strings and numbers are different types."""
    assert not matches({"s": [{"anything-but": ["a", "b"]}]}, {"s": "b"})
    assert matches({"s": [{"anything-but": ["a", "b"]}]}, {"s": "c"})
    assert matches({"s": [{"anything-but": ["1"]}]}, {"s": 1})
    assert not matches({"n": [{"anything-but": [100, 200]}]}, {"n": 200})
    assert matches({"n": [{"anything-but": [100, 200]}]}, {"n": "200"})


def test_anything_but_on_an_event_array_needs_one_other_element() -> None:
    """With an array, anything-but matches if any element is not excluded."""
    assert matches({"s": [{"anything-but": "a"}]}, {"s": ["a", "b"]})
    assert not matches({"s": [{"anything-but": "a"}]}, {"s": ["a", "a"]})


def test_anything_but_prefix_suffix_ignore_case_wildcard() -> None:
    """anything-but over prefix, suffix, equals-ignore-case and wildcard; non-strings pass."""
    assert not matches({"s": [{"anything-but": {"prefix": "init"}}]}, {"s": "init-1"})
    assert matches({"s": [{"anything-but": {"prefix": "init"}}]}, {"s": "post-init"})
    assert matches({"s": [{"anything-but": {"prefix": "init"}}]}, {"s": 12})
    assert not matches({"f": [{"anything-but": {"suffix": [".txt", ".md"]}}]}, {"f": "a.md"})
    assert not matches({"s": [{"anything-but": {"equals-ignore-case": "x"}}]}, {"s": "X"})
    assert matches({"s": [{"anything-but": {"equals-ignore-case": ["x", "y"]}}]}, {"s": "z"})
    assert not matches({"p": [{"anything-but": {"wildcard": "*/lib/*"}}]}, {"p": "a/lib/b"})
    assert matches({"p": [{"anything-but": {"wildcard": "*/lib/*"}}]}, {"p": "a/bin/b"})
    assert not matches({"p": [{"anything-but": {"wildcard": "*/lib/*"}}]}, {})


def test_anything_but_or_missing() -> None:
    """[anything-but x, exists false] matches other values and a missing field."""
    pattern = {"s": [{"anything-but": ["roses"]}, {"exists": False}]}
    assert matches(pattern, {"s": "tulips"})
    assert matches(pattern, {})
    assert not matches(pattern, {"s": "roses"})


# --- numeric ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "value", "expected"),
    [
        (["=", 301.8], 301.8, True),
        (["=", 300], 300.0, True),
        (["<", 10], 9.99, True),
        (["<", 10], 10, False),
        (["<=", 10], 10, True),
        ([">", 0], 0, False),
        ([">=", 0], 0, True),
        ([">", 0, "<=", 5], 5, True),
        ([">", 0, "<=", 5], 0, False),
        ([">=", 0, "<", 5], 5, False),
        ([">=", -5, "<", 5], -5, True),
        ([">", 1e9, "<", 5e9], 2e9, True),
    ],
)
def test_numeric_comparisons(condition: list[Any], value: float, expected: bool) -> None:
    """numeric supports =, <, <=, >, >= and two-sided ranges with the lower bound first."""
    assert matches({"n": [{"numeric": condition}]}, {"n": value}) is expected


def test_numeric_never_matches_strings_null_or_booleans() -> None:
    """Only JSON numbers take part in numeric matching."""
    pattern = {"n": [{"numeric": [">", 0]}]}
    assert not matches(pattern, {"n": "5"})
    assert not matches(pattern, {"n": None})
    assert not matches(pattern, {"n": True})
    assert matches(pattern, {"n": [-1, "7", 3]})


# --- cidr -------------------------------------------------------------------------------


def test_cidr_ipv4() -> None:
    """An IPv4 CIDR matches addresses in the block; invalid addresses never match."""
    pattern = {"ip": [{"cidr": "10.0.0.0/24"}]}
    assert matches(pattern, {"ip": "10.0.0.255"})
    assert not matches(pattern, {"ip": "10.0.1.0"})
    assert not matches(pattern, {"ip": "10.0.0.256"})
    assert not matches(pattern, {"ip": "not-an-ip"})


def test_cidr_ipv6() -> None:
    """An IPv6 CIDR matches any spelling of an address inside it, but no IPv4 address."""
    pattern = {"ip": [{"cidr": "2001:db8:1234:1a00::/64"}]}
    assert matches(pattern, {"ip": "2001:0db8:1234:1a00:0000:0000:0000:0001"})
    assert matches(pattern, {"ip": "2001:db8:1234:1a00:ffff::"})
    assert not matches(pattern, {"ip": "2001:db8:1234:1a01::"})
    assert not matches(pattern, {"ip": "10.0.0.1"})


def test_cidr_never_matches_non_strings() -> None:
    """Numbers (even an address as an integer) do not match cidr."""
    assert not matches({"ip": [{"cidr": "10.0.0.0/8"}]}, {"ip": 167772161})


def test_exact_ip_literal_matches_other_spellings() -> None:
    """An exact IP value matches the same address however it is written (event-ruler)."""
    assert matches({"ip": ["2001:db8::1"]}, {"ip": "2001:0db8:0000:0000:0000:0000:0000:0001"})
    assert not matches({"ip": ["2001:db8::1"]}, {"ip": "2001:db8::2"})


# --- exists -----------------------------------------------------------------------------


def test_exists_true_needs_a_leaf_value() -> None:
    """exists: true matches any leaf value, null included, but not objects or []."""
    pattern = {"f": [{"exists": True}]}
    assert matches(pattern, {"f": "x"})
    assert matches(pattern, {"f": None})
    assert not matches(pattern, {"f": {"inner": 1}})
    assert not matches(pattern, {"f": []})
    assert not matches(pattern, {})


def test_exists_false_means_no_leaf_value() -> None:
    """exists: false matches a missing field, an object there, or an empty array."""
    pattern = {"a": {"b": [{"exists": False}]}}
    assert matches(pattern, {})
    assert matches(pattern, {"a": {"c": 1}})
    assert matches(pattern, {"a": {"b": {"c": 1}}})
    assert not matches(pattern, {"a": {"b": None}})


def test_exists_false_under_an_array_checks_every_element() -> None:
    """With nothing else pinning an element, no element may hold the field."""
    pattern = {"items": {"discount": [{"exists": False}]}}
    assert matches(pattern, {"items": [{"sku": 1}, {"sku": 2}]})
    assert not matches(pattern, {"items": [{"sku": 1}, {"discount": 5}]})


# --- $or --------------------------------------------------------------------------------


def test_or_is_anded_with_sibling_fields() -> None:
    """$or needs one alternative to hold, in addition to the fields beside it."""
    pattern = {"source": ["s"], "$or": [{"a": [1]}, {"b": [2]}]}
    assert matches(pattern, {"source": "s", "b": 2})
    assert not matches(pattern, {"source": "x", "b": 2})
    assert not matches(pattern, {"source": "s", "a": 2, "b": 1})


def test_nested_or_inside_an_object_and_inside_an_alternative() -> None:
    """$or can sit inside nested objects and inside another $or alternative."""
    pattern = {
        "detail": {
            "$or": [
                {"c": [{"numeric": [">", 0, "<=", 5]}]},
                {"d": ["x"], "$or": [{"e": [1]}, {"f": [{"prefix": "p"}]}]},
            ]
        }
    }
    assert matches(pattern, {"detail": {"c": 3}})
    assert matches(pattern, {"detail": {"d": "x", "f": "pq"}})
    assert not matches(pattern, {"detail": {"d": "x", "f": "q"}})
    assert not matches(pattern, {"detail": {"c": 6, "e": 1}})


def test_or_alternatives_reading_the_same_array_stay_array_consistent() -> None:
    """When $or and a sibling read the same array, one element must satisfy both."""
    pattern = {"items": {"sku": ["a"]}, "$or": [{"items": {"qty": [1]}}, {"x": [1]}]}
    assert matches(pattern, {"items": [{"sku": "a", "qty": 1}]})
    assert not matches(pattern, {"items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 1}]})
    assert matches(pattern, {"items": [{"sku": "a"}], "x": 1})


def test_or_of_absences_under_an_array_uses_one_alternative_throughout() -> None:
    """Across array elements, absence must come from one $or alternative, not a mix."""
    pattern = {"a": {"$or": [{"d": [{"exists": False}]}, {"e": [{"exists": False}]}]}}
    assert not matches(pattern, {"a": [{"e": 1}, {"d": 1}]})
    assert matches(pattern, {"a": [{"e": 1}, {"e": 2}]})


# --- the Matcher ------------------------------------------------------------------------


def test_matcher_is_reusable_and_accepts_json_text() -> None:
    """A compiled Matcher gives the same answers every time; JSON text compiles too."""
    matcher = compile_pattern('{"source": ["a"]}')
    assert isinstance(matcher, Matcher)
    assert [matcher.matches({"source": s}) for s in ("a", "b", "a")] == [True, False, True]
    assert Matcher.matches(matcher, {"source": "a"})
