"""Shared behaviour of routers and topics: latency, matching and copying to targets."""

from __future__ import annotations

from typing import ClassVar

from simulator.engine.copies import Copy, chunks
from simulator.engine.core import Call
from simulator.engine.figures import NodeLive
from simulator.engine.links import Link
from simulator.engine.nodes.base import NodeSim
from simulator.engine.nodes.zones import ZoneLoss
from simulator.engine.rng import sampler
from simulator.model.distributions import Distribution


class Fanout(NodeSim):
    """Delivers a copy of each event to every outgoing edge whose test matches it.

    `published` counts the billed publishes (PutEvents entries, SNS Publish calls): one per
    arriving event and 64 KB chunk; deliveries and retries to targets are not billed.
    """

    extra_counters: ClassVar[tuple[str, ...]] = ("published",)
    billing = ("published",)

    def start(self) -> None:
        """Prepare the processing latency sampler."""
        latency = Distribution.parse(self.node.get("latency"))
        self._latency = (
            None if latency.is_zero else sampler(latency, self.ctx.stream(self.id, "latency"))
        )
        self._held: list[Copy] = []  # arrivals during an outage
        self.published = 0
        self._processing = 0
        word = "subscription" if self.kind == "topic" else "rule"  # audit: `rule bus->orders`
        self._rule_names = {link: f"{word} {self.id}->{link.target.id}" for link in self.links}
        self.zones: ZoneLoss | None = None  # an az-failure: routing there fails over

    def receive(self, copy: Copy) -> None:
        """An event arrives: route it now or after the processing latency."""
        self.arrivals += 1
        self.published += chunks(copy)
        root = copy.root
        if root is not None and root.hops is not None:
            root.hops.append((self.clock.now, self.id, "received", copy.no))
        if self.down:
            self._held.append(copy)
            self.depth.add(1, self.clock.now)
        elif self._latency is None and self.zones is None:
            self.route(copy)
        else:
            delay = 0.0 if self._latency is None else self._latency() * self.slow
            if self.zones is not None:
                delay += self.zones.delay()  # lost with its zone: retried in another one
            self._processing += 1
            self.env.later(delay, self._after_latency, copy)

    def _after_latency(self, call: Call) -> None:
        self._processing -= 1
        self.route(call._value)

    def route(self, copy: Copy, only: frozenset[str] | None = None) -> None:
        """Copy the event to every matching edge (the first match keeps the original copy);
        `only`: to the edges to these targets only (a router's replay with `rules`)."""
        self.processed += 1
        event = copy.event
        audit = self.ledger.audit
        first = True
        for link in self.links:
            if only is not None and link.target.id not in only:
                continue
            match = link.match
            if match is not None and not match(event):
                continue
            out = copy if first else self.ledger.spawn(copy)
            first = False
            if audit is not None:
                self.audit_delivery(out, link)
            self.deliver(out, link)
        if first:
            self.ledger.end(copy, "unmatched", self.id)

    def deliver(self, copy: Copy, link: Link) -> None:
        """Hand a copy to one edge."""
        link.send(copy)

    def audit_delivery(self, copy: Copy, link: Link) -> None:
        """Record the copy's delivery over `link` (an audited run; `deliver` sends it now)."""
        assert self.ledger.audit is not None
        self.ledger.audit.copy(self.id, copy, "deliver", self._rule_names[link])

    def resume(self) -> None:
        """The outage ended: route what arrived meanwhile."""
        held, self._held = self._held, []
        self.depth.add(-len(held), self.clock.now)
        for copy in held:
            self.arrivals -= 1
            self.receive(copy)

    def held(self) -> int:
        """Events held during an outage."""
        return len(self._held)

    def live(self) -> NodeLive:
        """Live figures, plus events inside the processing latency."""
        figures = super().live()
        figures["processing"] = float(self._processing)
        return figures
