"""The ledger: every copy created ends in exactly one outcome or is still in flight.

Outcomes are counted here and only here (`end`); `created` counts every copy. The
number in flight is not derived from these counters: the simulation walks its live
state at the end of a run and the ledger is balanced only if
created == sum(outcomes) + in_flight.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

from simulator.engine.copies import GONE, Copy, Hop, Root
from simulator.engine.core import Env
from simulator.engine.histogram import LogHistogram

if TYPE_CHECKING:
    from simulator.engine.audit import Auditor

OUTCOMES = (
    "completed",  # a consumer with no outgoing flow edge finished it
    "failed",  # a consumer gave up on it (no on-failure edge, no dead-letter queue)
    "dead_lettered",  # moved over a dead-letter or on-failure edge
    "unmatched",  # no rule or subscription matched it
    "throttled",  # a router gave up delivering it (max_rate, retries exhausted)
    "expired",  # a queue's retention ran out
    "rejected",  # a full queue (capacity) refused it
    "duplicate",  # an idempotent consumer discarded a repeat of an event id
    "denied",  # a router's or topic's access policy refused the publish
)
BAD_OUTCOMES = frozenset({"failed", "dead_lettered", "throttled", "expired", "rejected", "denied"})


class Tracer:
    """Keeps the hop lists of failed or dead-lettered roots (up to a cap) and a 1-in-N sample."""

    def __init__(self, sample_every: int = 100, cap: int = 1000, record_all: bool = True):
        self.sample_every = max(1, sample_every)
        self.cap = cap
        self.record_all = record_all
        self.bad: list[dict[str, Any]] = []
        self.sampled: list[dict[str, Any]] = []

    def in_sample(self, serial: int) -> bool:
        """True when the `serial`-th root belongs to the 1-in-N sample."""
        return serial % self.sample_every == 0

    def keep(self, root: Root) -> None:
        """Store the trace of a finished root if it failed somewhere or is sampled."""
        if root.hops is None:
            return
        if root.bad and len(self.bad) < self.cap:
            self.bad.append(_trace_dict(root, "failed"))
        elif root.sampled and len(self.sampled) < self.cap:
            self.sampled.append(_trace_dict(root, "sample"))

    @property
    def traces(self) -> list[dict[str, Any]]:
        """Every kept trace, failed ones first."""
        return self.bad + self.sampled


def _trace_dict(root: Root, reason: str) -> dict[str, Any]:
    hops = [
        {"t": round(t, 6), "node": node, "what": what, "copy": no}
        for t, node, what, no in root.hops or ()
    ]
    return {
        "correlation_id": root.id,
        "created": round(root.born, 6),
        "reason": reason,
        "hops": hops,
    }


class Latency:
    """End-to-end latencies: new values, the current interval and the measured window.

    `pending`, `interval` and `total` are the latencies of delivered roots (a copy
    completed, none failed): the headline figures. Roots that failed (a copy failed, was
    dead-lettered, throttled, expired or rejected) go to `failed_pending` and `failed`
    (measured window only); roots that were only unmatched have no latency.

    New values are appended to `pending` (a plain list: the hot path); `flush` bins them
    into the interval histogram (for the time series) and, after warm-up, into `total`.
    The list is flushed whenever it holds PENDING_MAX values, so memory stays bounded.
    """

    PENDING_MAX: ClassVar[int] = 1 << 16

    def __init__(self, warmup: float):
        self.warmup = warmup
        self.pending: list[float] = []
        self.interval = LogHistogram()
        self.total = LogHistogram()
        self._staged = LogHistogram()
        self.failed_pending: list[float] = []
        self.failed = LogHistogram()

    def record(self, value: float) -> None:
        """Remember one latency (slow path: the ledger appends to `pending` directly)."""
        self.pending.append(value)

    def summary(self, now: float) -> dict[str, float]:
        """The measured window's figures so far, without changing any state.

        Flushing at snapshot times would make float sums depend on where slices end, so
        a snapshot bins a copy instead (the run's own flushes happen at fixed times).
        """
        view = LogHistogram()
        view.merge(self.total)
        if now > self.warmup:
            view.add_many(self.pending)
        return view.summary()

    def failed_summary(self) -> dict[str, float]:
        """The measured window's latencies of failed roots (after the last flush)."""
        return self.failed.summary()

    def flush(self, now: float) -> None:
        """Account for the values recorded since the last flush (which ended at `now`)."""
        if self.failed_pending:
            if now > self.warmup:
                self.failed.add_many(self.failed_pending)
            self.failed_pending.clear()
        if not self.pending:
            return
        staged = self._staged
        staged.clear()
        staged.add_many(self.pending)
        self.pending.clear()
        self.interval.merge(staged)
        if now > self.warmup:
            self.total.merge(staged)


class OverBudget(Exception):
    """More copies in flight than the run's memory budget holds."""

    def __init__(self, in_flight: int, limit: int):
        super().__init__(f"{in_flight:,} copies in flight, more than the {limit:,} it holds")
        self.in_flight = in_flight
        self.limit = limit


class Ledger:
    """Counts copies created and outcomes; closes roots when their last copy ends.

    With a `limit`, creating a copy while more than `limit` are in flight raises OverBudget
    (checked every BUDGET_EVERY creations, so the hot path pays one comparison).
    """

    BUDGET_EVERY: ClassVar[int] = 4096

    def __init__(self, env: Env, latency: Latency, tracer: Tracer, limit: int | None = None):
        self.env = env
        self.limit = limit
        self._check_at: float = float(self.BUDGET_EVERY) if limit is not None else math.inf
        self.latency = latency
        self.tracer = tracer
        self.created = 0
        self.produced = 0
        self.replayed = 0  # copies a replay re-sent from an archive (created, not produced)
        self.audit: Auditor | None = None  # the run's audit records (None: no audit work)
        self.outcomes: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        self._pending = latency.pending
        self._sample_every = tracer.sample_every
        self._record_all = tracer.record_all

    def new_root(self, event: dict[str, Any], node: str) -> Copy:
        """A copy of a freshly produced event (a new root)."""
        if self.created >= self._check_at:
            self._check_budget()
        now = self.env.now
        serial = self.produced
        self.produced += 1
        self.created += 1
        sampled = serial % self._sample_every == 0
        hops: list[Hop] | None = [] if sampled or self._record_all else None
        root = Root(event["id"], now, hops, sampled)
        if hops is not None:
            hops.append((now, node, "created", 0))
        copy = Copy(event, root, 0, now)
        if self.audit is not None:
            self.audit.copy(node, copy, "publish")
        return copy

    def replay(self, event: dict[str, Any], correlation_id: str, node: str) -> Copy:
        """A copy an archive replay re-sends: a new root (its latency runs from now) with
        the original correlation id; counted in `created` and `replayed`, not `produced`."""
        if self.created >= self._check_at:
            self._check_budget()
        now = self.env.now
        self.created += 1
        self.replayed += 1
        hops: list[Hop] | None = [] if self._record_all else None
        root = Root(correlation_id, now, hops, False)
        if hops is not None:
            hops.append((now, node, "replayed", 0))
        return Copy(event, root, 0, now)

    def spawn(self, copy: Copy) -> Copy:
        """Another copy of the same event (fan-out, duplicate delivery, redrive)."""
        root = copy.root
        assert root is not None
        if self.created >= self._check_at:
            self._check_budget()
        self.created += 1
        root.open += 1
        no = root.copies
        root.copies = no + 1
        return Copy(copy.event, root, no, self.env.now)

    def end(self, copy: Copy, outcome: str, node: str, why: str | None = None) -> None:
        """Record the one outcome of `copy`; `why` names what decided it for the audit
        (a policy statement, a rule), else the node's setting for that outcome is named."""
        self.outcomes[outcome] += 1
        if self.audit is not None:
            self.audit.ended(copy, outcome, node, why)
        copy.state = GONE
        copy.home = None
        root = copy.root
        assert root is not None
        hops = root.hops
        if hops is not None:
            hops.append((self.env.now, node, outcome, copy.no))
        if outcome in BAD_OUTCOMES:
            root.bad = True
        elif outcome == "completed":
            root.delivered = True
        root.open -= 1
        if not root.open and not root.done:
            root.done = True
            if root.bad:  # failed roots are reported apart; unmatched ones have no latency
                pending = self.latency.failed_pending
            elif root.delivered:
                pending = self._pending
            else:
                pending = None
            if pending is not None:
                pending.append(self.env.now - root.born)
                if len(pending) >= Latency.PENDING_MAX:
                    self.latency.flush(self.env.now)
            if hops is not None:
                self.tracer.keep(root)

    def _check_budget(self) -> None:
        """Raise OverBudget when more copies than the limit are in flight."""
        assert self.limit is not None
        in_flight = self.created - self.ended
        if in_flight > self.limit:
            raise OverBudget(in_flight, self.limit)
        self._check_at = float(self.created + self.BUDGET_EVERY)

    @property
    def ended(self) -> int:
        """Copies that reached an outcome."""
        return sum(self.outcomes.values())
