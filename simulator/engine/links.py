"""Edges at run time: where a copy goes, after which latency, if it matches.

A link hands arriving copies to `receive` (the target's `receive`, or an access policy's
check in front of it, `guard`); a link between Regions counts the bytes it carries on its
source node (`count_crossing`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.engine.copies import Copy
from simulator.engine.core import Call, Env
from simulator.engine.rng import Sampler
from simulator.model import Edge

if TYPE_CHECKING:
    from simulator.engine.nodes.base import NodeSim

Matcher = Callable[[dict[str, Any]], bool]


class Link:
    """One edge of the topology, bound to its source and target node simulations."""

    __slots__ = (
        "_forward",
        "crossing",
        "edge",
        "emits",
        "env",
        "in_transit",
        "kind",
        "latency",
        "match",
        "receive",
        "send",
        "source",
        "target",
    )

    def __init__(self, edge: Edge, source: NodeSim, target: NodeSim, env: Env):
        self.edge = edge
        self.kind = edge.kind
        self.source = source
        self.target = target
        self.env = env
        self.match: Matcher | None = None
        self.emits: Callable[[], dict[str, Any]] | None = None
        self.latency: Sampler | None = None
        self.in_transit = 0
        self.receive: Callable[[Copy], None] = target.receive  # where arriving copies go
        self.crossing = False  # between Regions: the source counts `cross_region_bytes`
        self._forward: Callable[[Copy], None] = target.receive
        self.send: Callable[[Copy], None] = target.receive

    @property
    def name(self) -> str:
        """`source -> target` for messages."""
        return self.edge.name

    def set_latency(self, latency: Sampler | None) -> None:
        """Deliver after a sampled delay (None: immediately, no scheduled event)."""
        self.latency = latency
        self._bind()

    def guard(self, check: Callable[[Copy], None]) -> None:
        """Hand arriving copies to `check` (an access policy) instead of the target."""
        self.receive = check
        self._bind()

    def count_crossing(self) -> None:
        """Count each copy's envelope bytes on the source node (a cross-Region edge)."""
        self.crossing = True
        self._bind()

    def _bind(self) -> None:
        self._forward = self.receive if self.latency is None else self._send_later
        self.send = self._send_counted if self.crossing else self._forward

    def _send_counted(self, copy: Copy) -> None:
        self.source.cross_region_bytes += envelope_bytes(copy.event)
        self._forward(copy)

    def _send_later(self, copy: Copy) -> None:
        self.in_transit += 1
        assert self.latency is not None
        self.env.later(self.latency(), self._arrive, copy)

    def _arrive(self, call: Call) -> None:
        self.in_transit -= 1
        self.receive(call._value)


def envelope_bytes(event: dict[str, Any]) -> int:
    """Bytes of an envelope as compact JSON (UTF-8): what crosses between Regions."""
    text = json.dumps(event, separators=(",", ":"), ensure_ascii=False, default=str)
    return len(text.encode("utf-8"))
