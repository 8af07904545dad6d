"""Compiled patterns: a field trie turned into nested closures, and the Matcher around them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from simulator.patterns.codegen import ChildCheck, generate_fields
from simulator.patterns.leaf import ABSENT, FAIL, MISSING, POS, LeafSpec, build_leaf
from simulator.patterns.trie import Node

NodeFn = Callable[[Any], int]


def _order(item: tuple[str, Node]) -> int:
    """Evaluate cheap, selective fields first: exact leaves, other leaves, objects, absences."""
    node = item[1]
    if node.children or node.ors or node.leaf is None:
        return 2
    leaf = node.leaf
    if leaf.absent:
        return 3
    plain = not (leaf.str_tests or leaf.num_tests or leaf.prefixes or leaf.suffixes)
    return 0 if plain else 1


def _exact_only(leaf: LeafSpec) -> frozenset[str] | None:
    """The allowed strings of a field that lists only exact strings (tested inline)."""
    if not leaf.strs or leaf.ip_ranges or leaf.any_str or leaf.str_tests:
        return None
    if leaf.prefixes or leaf.suffixes:
        return None
    if leaf.lower_equals or leaf.lower_prefixes or leaf.lower_suffixes:
        return None
    return frozenset(leaf.strs)


def _interior(
    children: Iterable[ChildCheck],
    ors: Iterable[tuple[tuple[NodeFn, NodeFn], ...]],
    *,
    root: bool = False,
) -> tuple[NodeFn, Callable[[Any], Any]]:
    """A node whose event value should be an object holding every child field.

    Each `$or` group must have one alternative (evaluated on the same object) that holds;
    alternatives come as their (node, object-only) closure pairs. Returns this node's pair;
    for the root, the second item is instead the `matches(event) -> bool` predicate.
    """
    checks = tuple(children)
    pairs = tuple(tuple(group) for group in ors)
    missing_r = ABSENT
    if any(check.node(MISSING) == FAIL for check in checks) or any(
        all(alt_node(MISSING) == FAIL for alt_node, _ in group) for group in pairs
    ):
        missing_r = FAIL
    alternatives = [[alt_fields for _, alt_fields in group] for group in pairs]
    fields = generate_fields(checks, alternatives)

    def node(value: Any) -> int:
        cls = value.__class__
        if cls is dict:
            return fields(value)
        if value is MISSING:
            return missing_r
        if cls is list or isinstance(value, list | tuple):
            # Array consistency: one element must satisfy every field below this point.
            # When none does, the fields may all be absent from every element instead.
            all_absent = True
            for element in value:
                result = fields(element) if element.__class__ is dict else node(element)
                if result == POS:
                    return POS
                if result == FAIL:
                    all_absent = False
            return ABSENT if all_absent and missing_r == ABSENT else FAIL
        if isinstance(value, Mapping):
            return fields(value)
        return missing_r  # a scalar has no nested fields

    if root:
        return node, generate_fields(checks, alternatives, predicate_for=node)
    return node, fields


def _combined(leaf: NodeFn, interior: NodeFn) -> NodeFn:
    """A path that is both a field (e.g. "a") and a parent of others (e.g. "a.b")."""

    def node(value: Any) -> int:
        first = leaf(value)
        if first == FAIL:
            return FAIL
        second = interior(value)
        if second == FAIL:
            return FAIL
        return POS if POS in (first, second) else ABSENT

    return node


def build_node(node: Node) -> NodeFn:
    """Compile a trie node (recursively) into `event value -> FAIL | ABSENT | POS`."""
    if not node.children and not node.ors:
        assert node.leaf is not None
        return build_leaf(node.leaf)[0]
    interior, _ = _build_interior(node)
    if node.leaf is None:
        return interior
    return _combined(build_leaf(node.leaf)[0], interior)


def _build_interior(node: Node, *, root: bool = False) -> tuple[NodeFn, Callable[[Any], Any]]:
    """The closures for a node's nested fields and `$or` groups (see `_interior`)."""
    children = []
    for segment, child in sorted(node.children.items(), key=_order):
        if child.leaf is None:  # a nested object: keep its object-only closure too
            child_node, child_fields = _build_interior(child)
            children.append(ChildCheck(segment, child_node, fields=child_fields))
        elif not child.children and not child.ors:
            leaf, str_test, num_test = build_leaf(child.leaf)
            exact = _exact_only(child.leaf)
            children.append(ChildCheck(segment, leaf, exact, str_test, num_test))
        else:
            children.append(ChildCheck(segment, build_node(child)))
    groups = (tuple(_build_interior(alt) for alt in group) for group in node.ors)
    return _interior(children, groups, root=root)


def build_root(node: Node) -> tuple[NodeFn, Callable[[Any], bool]]:
    """Compile a pattern's root (always an object): its node closure and match predicate."""
    return _build_interior(node, root=True)


class Matcher:
    """A validated, compiled event pattern (or SNS filter policy); reusable and thread-safe."""

    def __init__(
        self,
        pattern: Any,
        roots: Iterable[tuple[NodeFn, Callable[[Any], bool]]],
        *,
        sns: bool = False,
    ) -> None:
        self.pattern = pattern
        self.sns = sns
        pairs = tuple(roots)
        self._roots = tuple(node for node, _ in pairs)
        self._predicates = tuple(predicate for _, predicate in pairs)
        if len(self._predicates) == 1:
            # The generated predicate already is `matches`: bind it on the instance so a
            # call costs one Python frame instead of two (the method stays for the class).
            self.__dict__["matches"] = self._predicates[0]

    def matches(self, event: Mapping[str, Any]) -> bool:
        """True if the event (for SNS: the dict the policy applies to) matches the pattern."""
        return any(predicate(event) for predicate in self._predicates)

    def __repr__(self) -> str:
        kind = "SNS filter policy" if self.sns else "event pattern"
        return f"<Matcher {kind} with {len(self._roots)} alternative(s)>"
