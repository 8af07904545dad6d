"""The field trie a pattern compiles to: nested path segments, field tests and `$or` groups."""

from __future__ import annotations

from collections.abc import Iterable

from simulator.patterns.leaf import LeafSpec

Branch = dict[tuple[str, ...], LeafSpec]  # one `$or`-free alternative: path -> field test


class Node:
    """A position in the pattern: an optional field test, deeper segments, `$or` groups.

    Each `$or` group is a list of alternative Nodes rooted at this same position.
    """

    __slots__ = ("children", "leaf", "ors")

    def __init__(self) -> None:
        self.leaf: LeafSpec | None = None
        self.children: dict[str, Node] = {}
        self.ors: list[list[Node]] = []

    def descend(self, segments: Iterable[str]) -> Node:
        """The node at `segments` below this one, created on demand."""
        node = self
        for segment in segments:
            node = node.children.setdefault(segment, Node())
        return node


def trie_from_branch(branch: Branch) -> Node:
    """A trie without `$or` groups for one expanded alternative."""
    root = Node()
    for path, spec in branch.items():
        root.descend(path).leaf = spec
    return root


def _first_segments(node: Node) -> set[str]:
    """The event keys a node reads directly, including through its `$or` alternatives."""
    segments = set(node.children)
    for group in node.ors:
        for alternative in group:
            segments |= _first_segments(alternative)
    return segments


def _may_be_absent(node: Node) -> bool:
    """True if the node holds when all its fields are missing (only `exists: false`)."""
    if node.leaf is not None and not node.leaf.absent:
        return False
    if not all(_may_be_absent(child) for child in node.children.values()):
        return False
    return all(any(_may_be_absent(alt) for alt in group) for group in node.ors)


def or_groups_are_independent(node: Node) -> bool:
    """True if every `$or` reads keys that no sibling (or other `$or`) at its level reads.

    Then evaluating `$or` in place equals evaluating the expanded alternatives one by one,
    even when the event holds arrays of objects (array-consistent matching): an element
    pinned by one alternative can never be needed by a sibling field as well. Alternatives
    that can hold through absence alone are excluded: across array elements, "every element
    lacks the fields of some alternative" differs from "of one alternative".
    """
    taken = set(node.children)
    for group in node.ors:
        reads: set[str] = set()
        for alternative in group:
            if _may_be_absent(alternative):
                return False
            reads |= _first_segments(alternative)
        if reads & taken:
            return False
        taken |= reads
    children = node.children.values()
    alternatives = (alternative for group in node.ors for alternative in group)
    return all(or_groups_are_independent(child) for child in children) and all(
        or_groups_are_independent(alternative) for alternative in alternatives
    )
