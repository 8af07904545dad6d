"""Short texts for the canvas: a node's key parameters and an edge's rule in a few words."""

from __future__ import annotations

import json
from typing import Any

from designer.look import look
from designer.look.cards import generic_lines
from simulator.model import Edge, Node, Topology, fmt
from simulator.model import describe_distribution as describe_dist

EDGE_LIMIT = 36


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
    """`OrderPlaced|OrderCancelled, country=US` for a pattern or filter policy."""
    pairs = list(_flatten(rule))
    pairs.sort(key=lambda kv: kv[0] != "detail-type")
    texts = [v if k == "detail-type" else f"{k}={v}" for k, v in pairs]
    return ", ".join(texts) if texts else "all events"


def _flatten(rule: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(rule, dict) and not (key and _is_operator(rule)):
        out: list[tuple[str, str]] = []
        for k, v in rule.items():
            if k in ("$or",) and isinstance(v, list):
                out.append(("", " or ".join(rule_summary(x) for x in v if isinstance(x, dict))))
            else:
                out += _flatten(v, str(k))
        return out
    if isinstance(rule, list):
        return [(key, "|".join(_value(v) for v in rule))]
    return [(key, _value(rule))]


def _is_operator(value: dict[str, Any]) -> bool:
    return len(value) == 1 and next(iter(value)) in _OPERATORS


_OPERATORS = {
    "prefix": "{}*",
    "suffix": "*{}",
    "anything-but": "≠{}",
    "equals-ignore-case": "~{}",
    "wildcard": "{}",
    "cidr": "{}",
    "exists": "exists:{}",
    "numeric": "{}",
}


def _value(value: Any) -> str:
    if isinstance(value, dict) and _is_operator(value):
        op, arg = next(iter(value.items()))
        if op == "numeric" and isinstance(arg, list):
            arg = " ".join(fmt(a) for a in arg)
        elif isinstance(arg, list):
            arg = "|".join(_value(a) for a in arg)
        elif isinstance(arg, dict):
            arg = compact(arg)
        return _OPERATORS[op].format(fmt(arg) if not isinstance(arg, str) else arg)
    if isinstance(value, str):
        return value
    return compact(value)


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
