"""Producer: emits root events at the times its load profile dictates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from simulator.engine.core import Call
from simulator.engine.envelopes import IdMaker
from simulator.engine.figures import NodeLive
from simulator.engine.nodes.base import NodeSim
from simulator.engine.rng import exponential, uniform
from simulator.model.loads import LoadProfile
from simulator.model.templates import DEFAULT_ACCOUNT, DEFAULT_REGION, GENERATORS, EventFactory


class Producer(NodeSim):
    """Creates events (root copies) and publishes each to every outgoing edge."""

    kind = "producer"

    def start(self) -> None:
        """Build the arrival times and the event factory; schedule the first arrival."""
        ctx = self.ctx
        profile = LoadProfile.parse(self.node.get("load"), ctx.base_dir)
        self._times = arrival_times(profile, ctx.stream(self.id, "arrivals"), ctx.duration)
        events, rng = self.node.get("events"), ctx.stream(self.id, "events")
        self._make = envelope_maker(events, self.id, rng, self.account, self.region)
        self._new_id = IdMaker(self.id)
        self._at, self._stamp = self.env.at, ctx.timestamps.at
        self._new_root = self.ledger.new_root
        self._on_emit = self._emit  # bound once: scheduled for every arrival
        self._single = self.links[0] if len(self.links) == 1 else None
        self._schedule_next()

    def _schedule_next(self) -> None:
        at = next(self._times, None)
        if at is not None:
            self.env.at(at, self._emit)

    def _emit(self, call: Call) -> None:
        at = next(self._times, None)
        if at is not None:
            self._at(at, self._on_emit)
        if self.down:
            return
        event, size = self._make()
        event["id"] = self._new_id()
        event["time"] = self._stamp(self.clock.now)
        copy = self._new_root(event, self.id)
        copy.root.size = size  # type: ignore[union-attr]  # a new root always has one
        self.arrivals += 1
        self.processed += 1
        if self._single is not None:
            self._single.send(copy)
        elif not self.links:
            self.ledger.end(copy, "unmatched", self.id)
        else:
            for i, link in enumerate(self.links):
                link.send(copy if i == 0 else self.ledger.spawn(copy))

    def live(self) -> NodeLive:
        """Live figures: events produced so far."""
        figures = super().live()
        figures["produced"] = float(self.processed)
        return figures


def arrival_times(profile: LoadProfile, rng: Any, duration: float) -> Iterator[float]:
    """Arrival times in [0, duration): evenly spaced, replayed, Poisson or thinned Poisson."""
    if profile.timestamps:
        return (t for t in profile.timestamps if 0 <= t < duration)
    if profile.peak <= 0:
        return iter(())
    if profile.evenly_spaced:
        gap = 1.0 / profile.peak
        return (i * gap for i in _count_until(duration * profile.peak))
    return _thinned(profile, rng, duration)


def _count_until(n: float) -> Iterator[int]:
    i = 1
    while i < n:
        yield i
        i += 1


def _thinned(profile: LoadProfile, rng: Any, duration: float) -> Iterator[float]:
    gaps = exponential(rng, 1.0 / profile.peak)
    rate, peak = profile.rate, profile.peak
    constant = profile.name == "poisson"
    accept = uniform(rng)
    t = gaps()
    while t < duration:
        if constant or accept() * peak <= rate(t):
            yield t
        t += gaps()


def envelope_maker(
    templates: Any,
    source: str,
    rng: Any,
    account: str = DEFAULT_ACCOUNT,
    region: str = DEFAULT_REGION,
) -> Callable[[], tuple[dict[str, Any], int]]:
    """A function returning new envelopes (without id and time) and their sizes in bytes;
    envelopes carry the producer's `account` and `region` unless a template sets them."""
    templates = templates or [{"source": source, "detail-type": "Event"}]
    factory = EventFactory(templates, source, rng, account, region)
    if len(templates) == 1 and not _has_generator(templates[0]):
        base, size = factory.make_sized()
        return lambda: (base.copy(), size)
    return factory.make_sized


def _has_generator(value: Any) -> bool:
    if isinstance(value, dict):
        return any(k in GENERATORS for k in value) or any(_has_generator(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_generator(v) for v in value)
    return False
