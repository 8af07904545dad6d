"""SNS filter policies (sns=True): the same matching, with SNS's operator set and limits."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.patterns import PatternError, compile_pattern

PREFIX = "Invalid parameter: FilterPolicy: "


def sns_matches(policy: dict[str, Any], attributes: dict[str, Any]) -> bool:
    """Compile `policy` as an SNS filter policy and test the attributes/body dict."""
    return compile_pattern(policy, sns=True).matches(attributes)


def sns_error(policy: Any) -> str:
    """The PatternError message for a policy SNS rejects."""
    with pytest.raises(PatternError) as info:
        compile_pattern(policy, sns=True)
    return str(info.value)


def test_sns_policy_matches_like_eventbridge() -> None:
    """Exact, prefix, numeric, anything-but and exists behave as in event patterns."""
    policy = {
        "store": [{"prefix": "eu-"}],
        "price": [{"numeric": [">=", 100, "<", 200]}],
        "kind": [{"anything-but": ["test"]}],
        "coupon": [{"exists": False}],
    }
    assert sns_matches(policy, {"store": "eu-west", "price": 150, "kind": "order"})
    assert not sns_matches(policy, {"store": "eu-west", "price": 150, "kind": "test"})
    assert not sns_matches(policy, {"store": "eu-west", "price": 150, "kind": "x", "coupon": "y"})


def test_sns_supports_suffix_ignore_case_cidr_and_anything_but_prefix() -> None:
    """SNS has suffix, equals-ignore-case, cidr and anything-but with a prefix."""
    assert sns_matches({"f": [{"suffix": ".png"}]}, {"f": "a.png"})
    assert sns_matches({"f": [{"equals-ignore-case": "ABC"}]}, {"f": "abc"})
    assert sns_matches({"ip": [{"cidr": "10.0.0.0/8"}]}, {"ip": "10.2.3.4"})
    assert sns_matches({"s": [{"anything-but": {"prefix": "bas"}}]}, {"s": "rugby"})


def test_wildcard_is_rejected_for_sns() -> None:
    """SNS filter policies have no wildcard operator (EventBridge accepts the same pattern)."""
    policy = {"f": [{"wildcard": "*.png"}]}
    compile_pattern(policy)
    assert sns_error(policy).startswith(PREFIX + "f: Unrecognized match type wildcard")


@pytest.mark.parametrize("kind", ["suffix", "wildcard", "equals-ignore-case"])
def test_anything_but_variants_sns_lacks(kind: str) -> None:
    """SNS anything-but takes a value, a list or a prefix only."""
    assert f"Unsupported anything-but pattern: {kind}" in sns_error(
        {"f": [{"anything-but": {kind: "x"}}]}
    )


def test_more_than_five_keys_is_rejected() -> None:
    """At most five leaf keys (nested keys and $or alternatives counted) per policy."""
    five = {"a": [1], "b": [1], "c": [1], "d": {"e": [1], "f": [1]}}
    compile_pattern(five, sns=True)
    message = sns_error({**five, "g": [1]})
    assert message.startswith(PREFIX + "Filter policy can not have more than 5 keys")
    assert "d.e" in message
    with_or = {"a": [1], "$or": [{"b": [1], "c": [1]}, {"d": [1], "e": [1], "f": [1]}]}
    assert "more than 5 keys" in sns_error(with_or)


def test_more_than_150_combinations_is_rejected() -> None:
    """The product of the array lengths may not exceed 150 (10 x 15 passes, 10 x 16 fails)."""
    compile_pattern({"a": list(range(10)), "b": list(range(15))}, sns=True)
    message = sns_error({"a": list(range(10)), "b": list(range(16))})
    assert message.startswith(PREFIX + "Filter policy is too complex")
    assert "160" in message


def test_or_branches_add_up_their_combinations() -> None:
    """With $or, each alternative's product is summed: 100 + 51 is over the limit."""
    base = {"a": list(range(10)), "b": list(range(10))}
    compile_pattern({"$or": [base, {"c": list(range(50))}]}, sns=True)
    assert "too complex" in sns_error({"$or": [base, {"c": list(range(51))}]})


@pytest.mark.parametrize(
    ("condition", "fragment"),
    [
        ([">", 1_000_000_001], "Value must be between -1.0e+09 and 1.0e+09"),
        (["<", -2e9], "Value must be between -1.0e+09 and 1.0e+09"),
        (["=", 0.123456], "Only values up to 5 decimals are supported"),
    ],
)
def test_sns_numeric_range_and_precision(condition: list[Any], fragment: str) -> None:
    """SNS numbers must lie within +/-1e9 and have at most five decimal digits."""
    assert fragment in sns_error({"n": [{"numeric": condition}]})


def test_sns_accepts_numbers_at_its_limits() -> None:
    """Values of exactly +/-1e9 and five decimals are fine, and match numerically."""
    policy = {"n": [{"numeric": [">=", -1e9, "<=", 1e9]}], "m": [0.12345]}
    assert sns_matches(policy, {"n": 5, "m": 0.12345})
    assert "Value must be between" in sns_error({"n": [1e10]})


def test_eventbridge_allows_what_sns_limits() -> None:
    """The EventBridge mode has no key or combination limit and a wider numeric range."""
    compile_pattern({k: [1, 2] for k in "abcdefg"})
    compile_pattern({"n": [{"numeric": [">", 4e9]}]})


def test_malformed_or_is_an_ordinary_key_for_sns() -> None:
    """SNS reads "$or" as a plain attribute name unless it is an array of 2+ objects."""
    policy = {"$or": {"a": ["x"]}}
    assert sns_matches(policy, {"$or": {"a": "x"}})
    with pytest.raises(PatternError, match="It must be an Array"):
        compile_pattern(policy)  # EventBridge insists on a well-formed $or


def test_sns_or_works() -> None:
    """A well-formed $or is an OR relationship in SNS policies too."""
    policy = {"source": ["shop"], "$or": [{"tier": ["gold"]}, {"amount": [{"numeric": [">", 9]}]}]}
    assert sns_matches(policy, {"source": "shop", "amount": 10})
    assert not sns_matches(policy, {"source": "shop", "tier": "basic", "amount": 1})
