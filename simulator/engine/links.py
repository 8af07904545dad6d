"""Edges at run time: where a copy goes, after which latency, if it matches."""

from __future__ import annotations

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
        "edge",
        "emits",
        "env",
        "in_transit",
        "kind",
        "latency",
        "match",
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
        self.send: Callable[[Copy], None] = target.receive

    @property
    def name(self) -> str:
        """`source -> target` for messages."""
        return self.edge.name

    def set_latency(self, latency: Sampler | None) -> None:
        """Deliver after a sampled delay (None: immediately, no scheduled event)."""
        self.latency = latency
        self.send = self.target.receive if latency is None else self._send_later

    def _send_later(self, copy: Copy) -> None:
        self.in_transit += 1
        assert self.latency is not None
        self.env.later(self.latency(), self._arrive, copy)

    def _arrive(self, call: Call) -> None:
        self.in_transit -= 1
        self.target.receive(call._value)
