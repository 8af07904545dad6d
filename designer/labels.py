"""Short texts for the canvas: a node's key parameters and an edge's rule in a few words."""

from __future__ import annotations

import json
from typing import Any

from simulator.model import Edge, Node, Topology
from simulator.model.distributions import describe as describe_dist
from simulator.model.loads import describe as describe_load
from simulator.model.params import fmt

EDGE_LIMIT = 36


def node_lines(node: Node, topology: Topology) -> list[str]:
    """Up to two lines of key parameters for the node's card."""
    try:
        describer = _DESCRIBERS.get(node.kind, _generic)
        return describer(node, topology)[:2]
    except (KeyError, TypeError, ValueError):  # a value the describer does not expect
        return _generic(node, topology)


def _producer(node: Node, topology: Topology) -> list[str]:
    events = node.get("events") or []
    types = [str(e.get("detail-type", "Event")) for e in events if isinstance(e, dict)]
    return [describe_load(node.get("load")), "events: " + (", ".join(types) or "Event")]


def _router(node: Node, topology: Topology) -> list[str]:
    rules = len(topology.edges_from(node.id, "flow"))
    throttle = node.get("max_rate")
    first = f"{rules} rule{'s' * (rules != 1)}" + (f" · max {fmt(throttle)}/s" if throttle else "")
    return [first, f"latency {describe_dist(node.get('latency'))}"]


def _topic(node: Node, topology: Topology) -> list[str]:
    subs = len(topology.edges_from(node.id, "flow"))
    return [
        f"{subs} subscription{'s' * (subs != 1)}",
        f"latency {describe_dist(node.get('latency'))}",
    ]


def _queue(node: Node, topology: Topology) -> list[str]:
    first = f"visibility {fmt(node.get('visibility_timeout'))}s"
    if node.get("fifo"):
        first = "FIFO · " + first
    dlq = topology.edges_from(node.id, "dead-letter")
    receives = node.get("max_receive_count")
    feeds = topology.edges_to(node.id, "dead-letter")
    if dlq:
        second = f"DLQ {dlq[0].target}" + (f" after {receives}" if receives else "")
    elif feeds:
        second = f"dead letters of {feeds[0].source}"
    else:
        second = "no DLQ"
    return [first, second]


def _consumer(node: Node, topology: Topology) -> list[str]:
    first = f"concurrency {node.get('concurrency')}"
    failure = node.get("failure_rate")
    if failure:
        first += f" · {failure * 100:g}% fail"
    return [first, f"service {describe_dist(node.get('service_time'))}"]


def _generic(node: Node, topology: Topology) -> list[str]:
    """For kinds without a describer: the explicitly set parameters, name and value."""
    return [f"{name} {_compact(value)}" for name, value in list(node.params.items())[:2]]


_DESCRIBERS = {
    "producer": _producer,
    "router": _router,
    "topic": _topic,
    "queue": _queue,
    "consumer": _consumer,
}


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
            arg = _compact(arg)
        return _OPERATORS[op].format(fmt(arg) if not isinstance(arg, str) else arg)
    if isinstance(value, str):
        return value
    return _compact(value)


def _compact(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt(value)
    return json.dumps(value, separators=(",", ":"))


def elide(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
