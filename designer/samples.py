"""Sample events for the pattern tester: what actually reaches an edge's source node."""

from __future__ import annotations

import copy
from collections import deque
from typing import Any

from simulator.model import KINDS, EventFactory, Topology, compile_value
from simulator.patterns import PatternError, compile_pattern

MAX_CANDIDATES = 120


def candidates(topology: Topology, node_id: str) -> list[dict[str, Any]]:
    """Events that can arrive at `node_id`: producers' templates and consumers' emits upstream."""
    events: list[dict[str, Any]] = []
    emits: list[dict[str, Any]] = []
    seen = {node_id}
    queue = deque([node_id])
    while queue and len(events) < MAX_CANDIDATES:
        current = queue.popleft()
        for edge in topology.edges_to(current):
            if edge.emits:
                emits.append(edge.emits)
            if edge.source in seen:
                continue
            seen.add(edge.source)
            queue.append(edge.source)
            source = topology.node(edge.source)
            kind = KINDS.get(source.kind)
            if kind is not None and kind.source:
                events += _from_producer(source.id, source.get("events") or [{}])
    base = events[0] if events else _envelope({"source": "sample.app", "detail-type": "Event"})
    events += [_apply(base, e) for e in emits]
    return events or [base]


def sample_for(topology: Topology, source: str, pattern: Any, sns: bool) -> dict[str, Any]:
    """A candidate event the pattern matches, else the first candidate."""
    events = candidates(topology, source)
    try:
        matcher = compile_pattern(pattern, sns=sns) if pattern is not None else None
    except PatternError:
        matcher = None
    if matcher is not None:
        for event in events:
            subject = event.get("detail", {}) if sns else event
            if matcher.matches(subject):
                return event
    return events[0]


def _from_producer(
    producer: str, templates: list[dict[str, Any]], draws: int = 6
) -> list[dict[str, Any]]:
    """A few draws of each template (generators such as $choice vary between draws)."""
    out = []
    for template in templates:
        factory = EventFactory([template], producer, _rng())
        out += [_envelope(factory.make()) for _ in range(draws)]
    return out


def _envelope(fields: dict[str, Any]) -> dict[str, Any]:
    event = {
        "version": "0",
        "id": "00000000-0000-0000-0000-000000000001",
        "detail-type": fields.get("detail-type", "Event"),
        "source": fields.get("source", "sample.app"),
        "account": fields.get("account", "123456789012"),
        "time": "2024-01-01T00:00:00Z",
        "region": fields.get("region", "us-east-1"),
        "resources": fields.get("resources", []),
        "detail": fields.get("detail", {}),
    }
    return event


def _apply(base: dict[str, Any], emits: dict[str, Any]) -> dict[str, Any]:
    event = copy.deepcopy(base)
    event.update(compile_value(emits, _rng())())
    return event


def _rng():
    """A fixed-seed generator, so sample events are the same each time."""
    import numpy as np

    return np.random.default_rng(1)
