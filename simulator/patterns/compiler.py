"""Pattern structure: nested objects, `$or` expansion into branches, and the SNS policy limits."""

from __future__ import annotations

import json
import math
from typing import Any

from simulator.patterns.errors import Context
from simulator.patterns.leaf import LeafSpec
from simulator.patterns.matcher import Matcher, build_root
from simulator.patterns.operators import OPERATORS, parse_leaf
from simulator.patterns.trie import Branch, Node, or_groups_are_independent, trie_from_branch

OR = "$or"
# Field names event-ruler refuses inside `$or` objects (operators and reserved words).
RESERVED_IN_OR = frozenset(
    (
        *OPERATORS,
        "exactly",
        "=",
        "<",
        "<=",
        ">",
        ">=",
        "regex",
        "not-wildcard",
        "not-equals-ignore-case",
        "date-after",
        "date-on-or-after",
        "date-before",
        "date-on-or-before",
        "in-date-range",
        "ip-address-in-range",
        "ip-address-not-in-range",
    )
)
MAX_DEPTH = 64  # field path segments plus nested `$or` groups (the simulator's safety limit)
MAX_BRANCHES = 1000  # EventBridge: cap on $or combinations (the simulator's safety limit)
SNS_MAX_KEYS = 5
SNS_MAX_COMBINATIONS = 150


def compile_pattern(pattern: object, *, sns: bool = False) -> Matcher:
    """Validate an EventBridge event pattern (or, with sns=True, an SNS filter policy).

    `pattern` is the parsed JSON object, or its JSON text. Raises PatternError.
    """
    ctx = Context(sns)
    if isinstance(pattern, str | bytes | bytearray):
        try:
            pattern = json.loads(pattern)
        except ValueError as exc:
            raise ctx.fail(f"Pattern is not valid JSON: {exc}") from None
    if not isinstance(pattern, dict):
        raise ctx.fail("Filter policy is not an object" if sns else "Filter is not an object")
    _check_depth(pattern, ctx)
    branches = _walk(pattern, (), [{}], ctx, [], inside_or=False)
    if sns:
        _check_sns_limits(branches, ctx)
    tree = Node()
    _grow(tree, pattern, ctx)
    if or_groups_are_independent(tree):  # evaluate `$or` in place: no repeated work
        return Matcher(pattern, [build_root(tree)], sns=sns)
    return Matcher(pattern, (build_root(trie_from_branch(b)) for b in branches), sns=sns)


def _check_depth(pattern: dict[Any, Any], ctx: Context) -> None:
    """Refuse patterns deeper than MAX_DEPTH (checked iteratively, before any recursion)."""
    stack: list[tuple[Any, int, list[str]]] = [(pattern, 0, [])]
    while stack:
        obj, depth, path = stack.pop()
        if not isinstance(obj, dict):
            continue
        for key, value in obj.items():
            name = str(key)
            if key == OR and isinstance(value, list):
                here = [*path, OR]
                stack.extend((alternative, depth + 1, here) for alternative in value)
                continue
            deeper = depth + (name.count(".") + 1)
            shown = name if len(name) <= 40 else f"{name[:37]}..."
            if deeper > MAX_DEPTH:
                raise ctx.fail(
                    f"Pattern is nested deeper than {MAX_DEPTH} levels "
                    "(field path segments and $or groups)",
                    [*path, shown],
                )
            stack.append((value, deeper, [*path, shown]))


def _leaf(values: list[Any], ctx: Context, path: list[str]) -> LeafSpec:
    """parse_leaf, once per value array per compile (the tree reuses the branches' specs)."""
    spec = ctx.leaves.get(id(values))
    if spec is None:
        spec = ctx.leaves[id(values)] = parse_leaf(values, ctx, path)
    return spec


def _grow(node: Node, obj: dict[str, Any], ctx: Context) -> None:
    """Build the `$or`-in-place trie of an already validated pattern object."""
    for key, value in obj.items():
        if key == OR and _is_or(value, ctx):
            group = []
            for alternative in value:
                group.append(Node())
                _grow(group[-1], alternative, ctx)
            node.ors.append(group)
            continue
        target = node.descend(key.split("."))
        if isinstance(value, dict):
            _grow(target, value, ctx)
        else:
            target.leaf = _leaf(value, ctx, [key])


def _walk(
    obj: dict[Any, Any],
    prefix: tuple[str, ...],
    branches: list[Branch],
    ctx: Context,
    path: list[str],
    *,
    inside_or: bool,
) -> list[Branch]:
    """Add the fields of one pattern object (at `prefix`) to every branch."""
    if not obj:
        raise ctx.fail("Empty objects are not allowed", path)
    for key, value in obj.items():
        here = [*path, str(key)]
        if not isinstance(key, str):
            raise ctx.fail("Field names must be strings", here)
        if key == OR and _is_or(value, ctx):
            branches = _expand_or(value, prefix, branches, ctx, path)
            continue
        if inside_or and not ctx.sns and key in RESERVED_IN_OR:
            raise ctx.fail(
                f"{key} is Ruler reserved fieldName which cannot be used inside {OR}.", here
            )
        segments = prefix + tuple(key.split("."))  # "a.b" and {"a": {"b": ...}} are the same
        if isinstance(value, dict):
            branches = _walk(value, segments, branches, ctx, here, inside_or=inside_or)
        elif isinstance(value, list):
            spec = _leaf(value, ctx, here)
            for branch in branches:
                branch[segments] = spec  # a repeated path overrides, as in event-ruler
        else:
            raise ctx.fail(f'"{key}" must be an object or an array', here)
    return branches


def _is_or(value: Any, ctx: Context) -> bool:
    """Whether a `$or` key means OR; SNS treats a malformed `$or` as an ordinary field name."""
    if not ctx.sns:
        return True
    return (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(item, dict) and not _uses_reserved(item) for item in value)
    )


def _uses_reserved(obj: dict[Any, Any]) -> bool:
    """True if a reserved keyword is used as a field name anywhere in `obj`."""
    for key, value in obj.items():
        if key in RESERVED_IN_OR:
            return True
        if isinstance(value, dict) and _uses_reserved(value):
            return True
    return False


def _expand_or(
    value: Any, prefix: tuple[str, ...], branches: list[Branch], ctx: Context, path: list[str]
) -> list[Branch]:
    """Fork every branch once per `$or` alternative (ANDed with the sibling fields)."""
    here = [*path, OR]
    if not isinstance(value, list):
        raise ctx.fail(f"It must be an Array followed with {OR}.", here)
    if not all(isinstance(item, dict) for item in value):
        raise ctx.fail(f"Only JSON object is allowed in array of {OR} relationship.", here)
    if len(value) < 2:
        raise ctx.fail(f"There must have at least 2 Objects in {OR} relationship.", here)
    limit = SNS_MAX_COMBINATIONS if ctx.sns else MAX_BRANCHES
    expanded: list[Branch] = []
    for index, alternative in enumerate(value):
        copies = [dict(branch) for branch in branches]
        alt_path = [*path, f"{OR}[{index}]"]
        expanded.extend(_walk(alternative, prefix, copies, ctx, alt_path, inside_or=True))
        if len(expanded) > limit:
            if ctx.sns:
                raise ctx.fail(f"Filter policy is too complex (limit {limit} combinations)")
            raise ctx.fail(f"Rule is too complex - more than {limit} {OR} combinations", here)
    return expanded


def _check_sns_limits(branches: list[Branch], ctx: Context) -> None:
    """SNS: at most 5 leaf keys, and at most 150 value combinations summed over $or branches."""
    keys = sorted({".".join(path) for branch in branches for path in branch})
    if len(keys) > SNS_MAX_KEYS:
        raise ctx.fail(
            f"Filter policy can not have more than {SNS_MAX_KEYS} keys "
            f"(found {len(keys)}: {', '.join(keys)})"
        )
    combinations = sum(math.prod(spec.count for spec in branch.values()) for branch in branches)
    if combinations > SNS_MAX_COMBINATIONS:
        raise ctx.fail(
            f"Filter policy is too complex ({combinations} value combinations, "
            f"limit {SNS_MAX_COMBINATIONS})"
        )
