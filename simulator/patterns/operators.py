"""Validation of one field's value array (exact values and operator objects) into a LeafSpec."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.patterns.errors import Context
from simulator.patterns.leaf import LeafSpec
from simulator.patterns.netaddr import parse_cidr, parse_ip
from simulator.patterns.numbers import check_comparable, is_number
from simulator.patterns.numeric import parse_numeric
from simulator.patterns.wildcard import check_complexity, parse_wildcard, wildcard_matcher

OPERATORS = (
    "prefix",
    "suffix",
    "equals-ignore-case",
    "wildcard",
    "anything-but",
    "numeric",
    "cidr",
    "exists",
)
SNS_UNSUPPORTED = {"wildcard"}
SNS_UNSUPPORTED_ANYTHING_BUT = {"suffix", "equals-ignore-case", "wildcard"}


def parse_leaf(values: list[Any], ctx: Context, path: list[str]) -> LeafSpec:
    """Validate a field's array of allowed values and collect them into a LeafSpec."""
    if not values:
        raise ctx.fail("Empty arrays are not allowed", path)
    spec = LeafSpec(count=len(values))
    for value in values:
        if isinstance(value, str):
            spec.strs.add(value)
            address = parse_ip(value)
            if address is not None:  # IP literals match any spelling of the same address
                spec.ip_ranges.append((address[0], address[1], address[1]))
        elif is_number(value):
            if ctx.sns:
                check_comparable(value, ctx, path)
            spec.nums.add(value)
        elif value is None:
            spec.null = True
        elif value is True:
            spec.true = True
        elif value is False:
            spec.false = True
        elif isinstance(value, dict):
            _parse_operator(value, spec, ctx, path)
        else:
            raise ctx.fail("Match value must be String, number, true, false, or null", path)
    check_complexity(spec.wildcards, ctx, path)
    return spec


def _parse_operator(
    expression: dict[str, Any], spec: LeafSpec, ctx: Context, path: list[str]
) -> None:
    """Validate one `{operator: operand}` object and add it to the spec."""
    if not expression:
        raise ctx.fail("Match expression name not found", path)
    if len(expression) > 1:
        raise ctx.fail("Only one key allowed in match expression", path)
    name, operand = next(iter(expression.items()))
    if name not in OPERATORS or (ctx.sns and name in SNS_UNSUPPORTED):
        hint = " (SNS filter policies do not support it)" if name in OPERATORS else ""
        raise ctx.fail(f"Unrecognized match type {name}{hint}", path)
    if name in ("prefix", "suffix"):
        _parse_affix(name, operand, spec, ctx, path)
    elif name == "equals-ignore-case":
        if not isinstance(operand, str):
            raise ctx.fail("equals-ignore-case match pattern must be a string", path)
        spec.lower_equals.add(operand.lower())
    elif name == "wildcard":
        if not isinstance(operand, str):
            raise ctx.fail("wildcard match pattern must be a string", path)
        tokens = parse_wildcard(operand, ctx, path)
        spec.wildcards.append(tokens)
        spec.str_tests.append(wildcard_matcher(tokens))
    elif name == "numeric":
        test, equals = parse_numeric(operand, ctx, path)
        if equals is not None:
            spec.nums.add(equals)
        else:
            spec.num_tests.append(test)
    elif name == "cidr":
        if not isinstance(operand, str):
            raise ctx.fail("cidr match pattern must be a string", path)
        spec.ip_ranges.append(parse_cidr(operand, ctx, path))
    elif name == "exists":
        if operand is True:
            spec.any_str = spec.any_num = spec.any_other = True
        elif operand is False:
            spec.absent = True
        else:
            raise ctx.fail("exists match pattern must be either true or false.", path)
    else:
        _parse_anything_but(operand, spec, ctx, path)


def _parse_affix(name: str, operand: Any, spec: LeafSpec, ctx: Context, path: list[str]) -> None:
    """`prefix` / `suffix` with a string or `{"equals-ignore-case": string}`."""
    if isinstance(operand, dict):
        if len(operand) != 1:
            raise ctx.fail("Only one key allowed in match expression", path)
        inner, text = next(iter(operand.items()))
        if inner != "equals-ignore-case":
            raise ctx.fail(f"Unsupported {name} pattern: {inner}", path)
        if not isinstance(text, str):
            raise ctx.fail("equals-ignore-case match pattern must be a string", path)
        target = spec.lower_prefixes if name == "prefix" else spec.lower_suffixes
        target.append(text.lower())
        return
    if not isinstance(operand, str):
        raise ctx.fail(f"{name} match pattern must be a string", path)
    (spec.prefixes if name == "prefix" else spec.suffixes).append(operand)


def _parse_anything_but(operand: Any, spec: LeafSpec, ctx: Context, path: list[str]) -> None:
    """`anything-but`: a value, a list, or {prefix|suffix|equals-ignore-case|wildcard: ...}."""
    if isinstance(operand, dict):
        _parse_anything_but_object(operand, spec, ctx, path)
        return
    if isinstance(operand, str) or is_number(operand):
        operand = [operand]
    elif not isinstance(operand, list):
        raise ctx.fail(
            "Value of anything-but must be an array or single string/number value.", path
        )
    if not operand:
        raise ctx.fail("Empty arrays are not allowed", path)
    if any(not (isinstance(item, str) or is_number(item)) for item in operand):
        raise ctx.fail("Inside anything but list, start|null|boolean is not supported.", path)
    if all(isinstance(item, str) for item in operand):
        excluded_strs = frozenset(operand)
        spec.str_tests.append(lambda value: value not in excluded_strs)
        spec.any_num = spec.any_other = True
        return
    if any(isinstance(item, str) for item in operand):
        raise ctx.fail(
            "Inside anything but list, either all values are number or string, "
            "mixed type is not supported",
            path,
        )
    for number in operand:
        check_comparable(number, ctx, path)
    excluded_nums = frozenset(operand)
    spec.num_tests.append(lambda value: value not in excluded_nums)
    spec.any_str = spec.any_other = True


def _parse_anything_but_object(
    operand: dict[str, Any], spec: LeafSpec, ctx: Context, path: list[str]
) -> None:
    """anything-but applied to prefix, suffix, equals-ignore-case or wildcard."""
    if not operand:
        raise ctx.fail("Anything-But expression name not found", path)
    if len(operand) > 1:
        raise ctx.fail("Only one key allowed in match expression", path)
    kind, values = next(iter(operand.items()))
    allowed = ("prefix", "suffix", "equals-ignore-case", "wildcard")
    if kind not in allowed or (ctx.sns and kind in SNS_UNSUPPORTED_ANYTHING_BUT):
        hint = " (SNS filter policies do not support it)" if kind in allowed else ""
        raise ctx.fail(f"Unsupported anything-but pattern: {kind}{hint}", path)
    if isinstance(values, str) or is_number(values):
        values = [values]
    elif not isinstance(values, list):
        raise ctx.fail(
            "Value of anything-but must be an array or single string/number value.", path
        )
    if not values:
        raise ctx.fail("Empty arrays are not allowed", path)
    for value in values:
        if not isinstance(value, str):
            if kind == "equals-ignore-case":
                raise ctx.fail(
                    "Inside anything-but/equals-ignore-case list, "
                    "number|start|null|boolean is not supported.",
                    path,
                )
            raise ctx.fail(
                f"{'wildcard' if kind == 'wildcard' else 'prefix/suffix'} "
                "match pattern must be a string",
                path,
            )
        if kind in ("prefix", "suffix") and not value:
            raise ctx.fail("Null prefix/suffix not allowed", path)
    spec.str_tests.append(_excluding(kind, values, spec, ctx, path))
    spec.any_num = spec.any_other = True


def _excluding(
    kind: str, values: list[str], spec: LeafSpec, ctx: Context, path: list[str]
) -> Callable[[str], bool]:
    """A string test that is true when no value of the anything-but object matches."""
    if kind == "prefix":
        prefixes = tuple(values)
        return lambda value: not value.startswith(prefixes)
    if kind == "suffix":
        suffixes = tuple(values)
        return lambda value: not value.endswith(suffixes)
    if kind == "equals-ignore-case":
        lowered = frozenset(value.lower() for value in values)
        return lambda value: value.lower() not in lowered
    parsed = [parse_wildcard(value, ctx, path) for value in values]
    spec.wildcards.extend(parsed)
    matchers = tuple(wildcard_matcher(tokens) for tokens in parsed)
    return lambda value: not any(match(value) for match in matchers)
