"""Router: an EventBridge-style bus; rules match events, `max_rate` throttles deliveries.

Failed deliveries: a target in an outage refuses the delivery (`delivery.py`); it is
retried like a throttled one (below), with the same attempts and age.

Throttling: deliveries take tokens from a bucket refilled at `max_rate` per second that
holds at most max(1, max_rate) tokens (one second of burst). A delivery finding no
token is retried with exponential backoff and full jitter (attempt k waits
U(0, min(BACKOFF_CAP, BACKOFF_BASE * 2^(k-1))) seconds), at most `retry_attempts` times
and while the copy is younger than `retry_max_age` (measured from its arrival at the
router). Then it goes over the router's own `dead-letter` edge (on AWS each rule target
has its own dead-letter queue, separate from the target queue's redrive policy; outcome
`dead_lettered`), otherwise it ends `throttled`.
"""

from __future__ import annotations

from typing import Final

from simulator.engine.copies import Copy
from simulator.engine.core import Call
from simulator.engine.figures import NodeLive, NodeStats
from simulator.engine.links import Link, envelope_bytes
from simulator.engine.nodes.delivery import refuses
from simulator.engine.nodes.fanout import Fanout
from simulator.engine.replay import REPLAY_NAME, Archive
from simulator.engine.rng import uniform
from simulator.patterns import compile_pattern

BACKOFF_BASE: Final = 1.0
BACKOFF_CAP: Final = 60.0


class TokenBucket:
    """Allows `rate` takes per second on average with a burst of max(1, rate)."""

    __slots__ = ("burst", "rate", "t", "tokens")

    def __init__(self, rate: float):
        self.rate = rate
        self.burst = max(1.0, rate)
        self.tokens = self.burst
        self.t = 0.0

    def take(self, now: float) -> bool:
        """Take a token if one is available at `now`."""
        tokens = min(self.burst, self.tokens + (now - self.t) * self.rate)
        self.t = now
        if tokens >= 1.0:
            self.tokens = tokens - 1.0
            return True
        self.tokens = tokens
        return False


class Router(Fanout):
    """Delivers a copy to every rule whose pattern matches; throttles above `max_rate`.

    With an `archive` it keeps the events it routes that match the archive's pattern, for
    scenario replays (`replay.py`); `archived` and `replayed` count them.
    """

    kind = "router"
    extra_counters = ("published", "archived", "replayed", "archived_bytes")

    def start(self) -> None:
        """Compile rule patterns; set up the token bucket and retry policy."""
        super().start()
        for link in self.links:
            if link.edge.pattern is not None:
                link.match = compile_pattern(link.edge.pattern).matches
        max_rate = self.node.get("max_rate")
        self._bucket = TokenBucket(float(max_rate)) if max_rate else None
        self.capacity = float(max_rate or 0.0)
        self._attempts = int(self.node.get("retry_attempts"))
        self._max_age = float(self.node.get("retry_max_age"))
        self._jitter = uniform(self.ctx.stream(self.id, "retry"))
        self._waiting = 0  # throttled copies waiting to retry
        self._delivered = 0
        self._delivered_base = 0
        spec = self.node.get("archive")
        self.archive = Archive(spec, self.ctx.duration) if spec is not None else None
        self.archived = 0  # events the archive kept
        self.archived_bytes = 0  # their payload bytes (EventBridge bills archive processing)
        self.replayed = 0  # replayed events received (replay.py injects them)
        # Replays with `rules` (FilterArns): replay name -> the rules' targets (replay.py).
        self.replay_rules: dict[str, frozenset[str]] = {}

    def route(self, copy: Copy, only: frozenset[str] | None = None) -> None:
        """Archive the event if the archive takes it, then copy it to the matching rules
        (a replay's events to the replay's `rules` only, when it names them)."""
        if self.replay_rules and REPLAY_NAME in copy.event:
            only = self.replay_rules.get(copy.event[REPLAY_NAME])
        archive = self.archive
        if archive is not None:
            root = copy.root
            correlation = root.id if root is not None else str(copy.event.get("id"))
            size = root.size if root is not None else 0
            if archive.keep(self.clock.now, copy.event, correlation, size):
                self.archived += 1
                stored = size or envelope_bytes(copy.event)
                self.archived_bytes += stored
                archive.storage.add(self.clock.now, stored)
                if self.ledger.audit is not None:
                    self.ledger.audit.copy(self.id, copy, "archive", f"archive {self.id}")
        super().route(copy, only)

    def deliver(self, copy: Copy, link: Link) -> None:
        """Deliver if the target accepts and the rate allows, otherwise schedule a retry."""
        if self._bucket is None and not link.target.down:
            link.send(copy)
            return
        copy.t = self.clock.now
        copy.attempt = 0
        self._try(copy, link)

    def audit_delivery(self, copy: Copy, link: Link) -> None:
        """Record a delivery when it is sent: one that waits for tokens or for its target
        is recorded when a try succeeds (a refused one ends dead-lettered or throttled)."""
        if self._bucket is None and not link.target.down:
            super().audit_delivery(copy, link)

    def _try(self, copy: Copy, link: Link) -> None:
        now = self.clock.now
        refused = refuses(link.target)  # an outage: the delivery fails and is retried
        if not refused and (self._bucket is None or self._bucket.take(now)):
            self._delivered += 1
            if self.ledger.audit is not None:
                super().audit_delivery(copy, link)
            link.send(copy)
            return
        copy.attempt += 1
        delay = self._jitter() * min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** (copy.attempt - 1))
        if copy.attempt > self._attempts or now + delay - copy.t > self._max_age:
            self._give_up(copy, link)
            return
        self.retries += 1
        self._waiting += 1
        self.depth.add(1, now)
        self.hop(copy, "refused-retry" if refused else "throttled-retry")
        self.env.later(delay, self._retry, copy, link)

    def _retry(self, call: Call) -> None:
        self._waiting -= 1
        self.depth.add(-1, self.clock.now)
        self._try(call._value, call.aux)

    def wire(self, outgoing: list[Link], incoming: list[Link]) -> None:
        """Find the rule targets' dead-letter edge."""
        super().wire(outgoing, incoming)
        self.dead_letter_link = next((e for e in outgoing if e.kind == "dead-letter"), None)

    def _give_up(self, copy: Copy, link: Link) -> None:
        self.throttled += 1
        dead_letter = self.dead_letter_link
        if dead_letter is not None:
            self.ctx.dead_letter(copy, dead_letter, self.id)
        else:
            self.ledger.end(copy, "throttled", self.id)

    def stats(self, now: float) -> NodeStats:
        """Utilization of a rate-limited router: deliveries per second over `max_rate`.

        The one-second burst lets a short window exceed the rate; the figure is capped at 1.
        """
        figures = super().stats(now)
        window = now - self.busy.start
        if self.capacity and window > 0:
            used = self._delivered_in_window / (self.capacity * window)
            figures["utilization"] = min(1.0, used)
        if self.archive is not None:
            figures["archived"] = self.count("archived")
            figures["replayed"] = self.count("replayed")
        return figures

    def reset_stats(self, now: float) -> None:
        """Warm-up ends."""
        super().reset_stats(now)
        self._delivered_base = self._delivered
        if self.archive is not None:
            self.archive.storage.reset(now)

    def usage(self, now: float) -> dict[str, float]:
        """Events published, plus with an archive its bytes archived and byte-seconds held."""
        figures = super().usage(now)
        if self.archive is not None:
            figures["archived_bytes"] = float(self.count("archived_bytes"))
            figures["archive_byte_seconds"] = self.archive.storage.byte_seconds(now)
        return figures

    @property
    def _delivered_in_window(self) -> int:
        return self._delivered - self._delivered_base

    def live(self) -> NodeLive:
        """Live figures, plus throttled copies waiting to retry."""
        figures = super().live()
        figures["retrying"] = float(self._waiting)
        return figures
