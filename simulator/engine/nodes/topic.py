"""Topic: SNS-style fan-out to every subscription whose filter policy matches.

A subscription whose endpoint (queue or function) refuses the delivery (an outage,
`delivery.py`) is retried on SNS's delivery policy for AWS-managed endpoints: 3 tries
without delay, 2 more 1 s apart, 10 with backoff from 1 to 20 s, then every 20 s up to
100,015 tries (23 days). Then the copy goes over the topic's own `dead-letter` edge (the
subscriptions' redrive policy: a dead-letter queue), else it ends `throttled`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.engine.copies import Copy
from simulator.engine.core import Call
from simulator.engine.figures import NodeLive
from simulator.engine.links import Link
from simulator.engine.nodes.delivery import refuses, sns_delay
from simulator.engine.nodes.fanout import Fanout
from simulator.patterns import compile_pattern


class Topic(Fanout):
    """A copy to every subscription whose filter matches the event's detail (none: unmatched)."""

    kind = "topic"

    def wire(self, outgoing: list[Link], incoming: list[Link]) -> None:
        """Find the subscriptions' dead-letter edge."""
        super().wire(outgoing, incoming)
        self.dead_letter_link = next((e for e in outgoing if e.kind == "dead-letter"), None)

    def start(self) -> None:
        """Compile each subscription's filter policy once."""
        super().start()
        for link in self.links:
            if link.edge.filter is not None:
                link.match = detail_matcher(compile_pattern(link.edge.filter, sns=True).matches)
        self._waiting = 0  # refused deliveries waiting to retry

    def deliver(self, copy: Copy, link: Link) -> None:
        """Deliver to one subscription; a refused delivery is retried (SNS policy)."""
        if not link.target.down:
            link.send(copy)
            return
        copy.attempt = 0
        self._refused(copy, link)

    def _refused(self, copy: Copy, link: Link) -> None:
        copy.attempt += 1
        delay = sns_delay(copy.attempt)
        if delay is None:
            self._give_up(copy)
            return
        self.retries += 1
        self._waiting += 1
        self.depth.add(1, self.clock.now)
        self.hop(copy, "refused-retry")
        self.env.later(delay, self._retry, copy, link)

    def _retry(self, call: Call) -> None:
        self._waiting -= 1
        self.depth.add(-1, self.clock.now)
        copy: Copy = call._value
        link: Link = call.aux
        if refuses(link.target):
            self._refused(copy, link)
        else:
            link.send(copy)

    def _give_up(self, copy: Copy) -> None:
        self.throttled += 1
        dead_letter = self.dead_letter_link
        if dead_letter is not None:
            self.ctx.dead_letter(copy, dead_letter, self.id)
        else:
            self.ledger.end(copy, "throttled", self.id)

    def live(self) -> NodeLive:
        """Live figures, plus refused deliveries waiting to retry."""
        figures = super().live()
        figures["retrying"] = float(self._waiting)
        return figures


def detail_matcher(matches: Callable[[Any], bool]) -> Callable[[dict[str, Any]], bool]:
    """Apply a filter policy to the event's `detail` object."""

    def match(event: dict[str, Any]) -> bool:
        detail = event.get("detail")
        return matches(detail if isinstance(detail, dict) else {})

    return match
