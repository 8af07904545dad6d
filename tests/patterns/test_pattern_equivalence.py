"""Evaluating `$or` in place gives the same answers as trying each expanded alternative."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.patterns.compiler import _grow, _walk
from simulator.patterns.errors import Context
from simulator.patterns.matcher import build_root
from simulator.patterns.trie import Node, or_groups_are_independent, trie_from_branch

KEYS = ["a", "b", "c"]  # fields beside a `$or`
OR_KEYS = ["d", "e"]  # fields inside `$or` alternatives (mostly independent of KEYS)
LEAVES = st.sampled_from(
    [
        ["1"],
        [1, "2"],
        [None],
        [{"prefix": "1"}],
        [{"numeric": [">", 0]}],
        [{"anything-but": "1"}],
        [{"exists": True}],
        [{"exists": False}],
        [{"anything-but": ["1"]}, {"exists": False}],
    ]
)
SCALARS = st.sampled_from(["1", "2", 1, 0, None, True])


def _objects(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Pattern objects over KEYS, sometimes with a `$or` of two or three objects."""
    fields = st.dictionaries(st.sampled_from(KEYS), children, max_size=2)
    or_keys = st.sampled_from(OR_KEYS + KEYS[:1])
    alternative = st.dictionaries(or_keys, children, min_size=1, max_size=2)
    alternatives = st.lists(alternative, min_size=2, max_size=3)
    return st.builds(
        lambda base, alts: {**base, "$or": alts} if alts else base,
        fields,
        st.one_of(st.none(), alternatives),
    ).filter(bool)


PATTERNS = _objects(st.recursive(LEAVES, _objects, max_leaves=4))
EVENT_KEYS = st.sampled_from(KEYS + OR_KEYS)
EVENTS = st.dictionaries(
    EVENT_KEYS,
    st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.dictionaries(EVENT_KEYS, inner, max_size=4), st.lists(inner, max_size=3)
        ),
        max_leaves=8,
    ),
    max_size=4,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PATTERNS, EVENTS)
def test_in_place_or_equals_expanded_alternatives(pattern: dict[str, Any], event: dict) -> None:
    """Whenever the in-place form is used, it agrees with the one-branch-at-a-time form."""
    ctx = Context(sns=False)
    branches = _walk(pattern, (), [{}], ctx, [], inside_or=False)
    tree = Node()
    _grow(tree, pattern, ctx)
    expanded = any(build_root(trie_from_branch(branch))[1](event) for branch in branches)
    if or_groups_are_independent(tree):
        assert build_root(tree)[1](event) == expanded
