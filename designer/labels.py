"""Short texts for the canvas: a node's key parameters and an edge's rule in a few words."""

from __future__ import annotations

import json
from typing import Any

from designer.look import look
from designer.look.cards import generic_lines
from simulator.model import Edge, Node, Topology, fmt
from simulator.model import describe_distribution as describe_dist

EDGE_LIMIT = 44


def node_lines(node: Node, topology: Topology) -> list[str]:
    """Up to two lines of key parameters for the node's card (its kind's `card` lines)."""
    try:
        return look(node.kind).card(node, topology)[:2]
    except (KeyError, TypeError, ValueError):  # a value the kind's lines do not expect
        return generic_lines(node, topology)


def edge_label(edge: Edge, topology: Topology) -> str:
    """The edge's rule in a few words: pattern, filter, emitted type, DLQ, latency."""
    parts: list[str] = []
    if edge.kind == "dead-letter":
        receives = _source_param(topology, edge.source, "max_receive_count")
        parts.append(f"dead-letter after {receives}" if receives else "dead-letter")
    elif edge.kind == "on-failure":
        parts.append("on failure")
    rule = edge.pattern if edge.pattern is not None else edge.filter
    if rule is not None:
        parts.append(rule_summary(rule))
    if edge.emits:
        parts.append(
            "emits " + str(edge.emits.get("detail-type") or edge.emits.get("source") or "event")
        )
    if edge.latency not in (None, 0):
        parts.append("latency " + describe_dist(edge.latency))
    return elide(" · ".join(p for p in parts if p), EDGE_LIMIT)


def _source_param(topology: Topology, node_id: str, name: str) -> Any:
    try:
        return topology.node(node_id).get(name)
    except KeyError:
        return None


def rule_summary(rule: dict[str, Any]) -> str:
    """`OrderPlaced|OrderCancelled, country = US, score ≥ 20` for a pattern or filter."""
    pairs = list(_flatten(rule))
    pairs.sort(key=lambda kv: kv[0] != "detail-type")
    return ", ".join(text for _key, text in pairs) if pairs else "all events"


def _flatten(rule: Any, key: str = "") -> list[tuple[str, str]]:
    """(field, condition text) for each field a rule tests."""
    if isinstance(rule, dict) and not (key and _is_operator(rule)):
        out: list[tuple[str, str]] = []
        for k, v in rule.items():
            if k == "$or" and isinstance(v, list):
                either = " or ".join(f"({rule_summary(x)})" for x in v if isinstance(x, dict))
                out.append(("$or", either))
            else:
                out += _flatten(v, str(k))
        return out
    values = rule if isinstance(rule, list) else [rule]
    if key == "detail-type" and all(isinstance(v, str) for v in values):
        return [(key, "|".join(values))]
    plain = [v for v in values if not (isinstance(v, dict) and _is_operator(v))]
    tests = [_condition(key, v) for v in values if v not in plain]
    if plain:
        tests.insert(0, f"{key} = {'|'.join(compact(v) for v in plain)}")
    return [(key, " or ".join(tests))]


def _is_operator(value: dict[str, Any]) -> bool:
    return len(value) == 1 and next(iter(value)) in _OPERATORS


_OPERATORS = {
    "prefix": "{k} = {v}*",
    "suffix": "{k} = *{v}",
    "anything-but": "{k} ≠ {v}",
    "equals-ignore-case": "{k} ≈ {v}",
    "wildcard": "{k} = {v}",
    "cidr": "{k} in {v}",
    "exists": "{k} exists",
    "numeric": "{k} {v}",
}
_COMPARE = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "=": "="}


def _condition(key: str, value: dict[str, Any]) -> str:
    """One operator test in words and symbols: `score ≥ 20`, `severity ≠ urgent`."""
    op, arg = next(iter(value.items()))
    if op == "exists":
        return f"{key} exists" if arg else f"{key} absent"
    if op == "numeric" and isinstance(arg, list):
        return _numeric(key, arg)
    if op == "anything-but" and isinstance(arg, dict) and _is_operator(arg):
        inner = _condition(key, arg)  # e.g. anything-but a prefix: `k ≠ x*`
        return inner.replace(" = ", " ≠ ", 1)
    text = "|".join(compact(a) for a in arg) if isinstance(arg, list) else compact(arg)
    return _OPERATORS[op].format(k=key, v=text)


def _numeric(key: str, arg: list[Any]) -> str:
    """`score ≥ 20`, or `0 < score ≤ 5` for a range."""
    pairs = [
        (_COMPARE.get(str(arg[i]), str(arg[i])), compact(arg[i + 1]))
        for i in range(0, len(arg) - 1, 2)
    ]
    if len(pairs) == 2 and pairs[0][0] in (">", "≥") and pairs[1][0] in ("<", "≤"):
        low = "<" if pairs[0][0] == ">" else "≤"
        return f"{pairs[0][1]} {low} {key} {pairs[1][0]} {pairs[1][1]}"
    return " and ".join(f"{key} {symbol} {number}" for symbol, number in pairs)


def compact(value: Any) -> str:
    """A value in a few characters: strings as they are, numbers formatted, else JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt(value)
    return json.dumps(value, separators=(",", ":"))


def elide(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
