"""Consumer: a function or service (Lambda) invoked asynchronously or reading queues.

Asynchronous invocations (from producers, routers, topics) wait in the consumer's own
backlog while all `concurrency` environments are busy; a failed try is retried `retries`
times after `retry_delay` seconds (doubling), then goes over the `on-failure` edge
(outcome `dead_lettered`) or ends `failed`. Queue messages are received in batches of up
to `batch_size`; a failure returns the whole batch to its queue (visibility timeout)
unless `partial_batch`. Work longer than `timeout` fails when the timeout is reached.
On success each message is published to every outgoing flow edge (`emits` makes a new
event with the same correlation id) or, with no such edge, ends `completed`. During an
`outage` fault every invocation fails at once (like a function that errors on start):
queue messages come back after their visibility timeout, async invocations are retried.

Lambda concurrency (`scaling.py`): a start needs room in the account pool (or the
function's `reserved_concurrency`) and, for a new environment, a burst token. Without
them the invocation is throttled: an asynchronous one is retried from the event queue
with backoff (1 s doubling to 5 min, jittered) until `max_event_age`, then goes over
`on-failure` or ends `expired`; a queue batch stays in flight and returns after the
visibility timeout; a synchronous call gets `Lambda.TooManyRequestsException`. Queue
reading follows the event source mapping's pollers (`pollers.py`).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import Any

from simulator.engine.copies import MOVING, Copy
from simulator.engine.core import Call
from simulator.engine.envelopes import IdMaker, emitted
from simulator.engine.figures import NodeLive, NodeStats
from simulator.engine.links import Link
from simulator.engine.nodes.base import MessageSource, Reader
from simulator.engine.nodes.idempotency import SeenIds
from simulator.engine.nodes.instances import Instance, Instances
from simulator.engine.nodes.invoking import AsyncInvocations
from simulator.engine.nodes.pollers import DEFAULT_MAX, Pollers
from simulator.engine.nodes.reading import billed_ms
from simulator.engine.nodes.scaling import Concurrency
from simulator.engine.nodes.zones import ZoneLoss
from simulator.engine.rng import sampler, uniform
from simulator.model.cpu import time_factor
from simulator.model.distributions import Distribution
from simulator.model.templates import compile_value


class Consumer(AsyncInvocations, Reader):
    """Processes events with at most `concurrency` environments."""

    kind = "consumer"
    extra_counters = ("duplicates", "invocations", "billed_ms", "throttles", "provisioned_used")
    gauges = ("throttles", "pollers")
    billing = ("invocations", "billed_ms")

    def wire(self, outgoing: list[Link], incoming: list[Link]) -> None:
        """Register as a reader of the sources (queues) feeding this consumer."""
        super().wire(outgoing, incoming)
        self.failure_link = next((e for e in outgoing if e.kind == "on-failure"), None)
        self.sources: list[MessageSource] = []
        for link in incoming:
            source = link.source.as_source() if link.kind == "flow" else None
            if source is not None:
                self.sources.append(source)
                source.add_reader(self)

    def start(self) -> None:
        """Read the parameters and prepare samplers, environments and emitters."""
        get, ctx = self.node.get, self.ctx
        self._fast = self.FAST
        self.limit = int(get("concurrency"))
        self.capacity = float(self.limit)
        self._service = sampler(  # at this memory size (measured_at_mb, cpu_share)
            Distribution.parse(get("service_time")),
            ctx.stream(self.id, "service"),
            time_factor(self.node),
        )
        self._rand = uniform(ctx.stream(self.id, "failures"))
        self._base_failure = float(get("failure_rate"))
        self._p = self._base_failure
        self._error = str(get("error") or "States.TaskFailed")  # a workflow's Task sees it
        self._timeout = float(get("timeout") or math.inf)
        self._batch_size = int(get("batch_size"))
        self._partial = bool(get("partial_batch"))
        self._retries, self._retry_delay = int(get("retries")), float(get("retry_delay"))
        self._backlog: deque[Copy] = deque()
        self._events, self._eids = self.env.heap, self.env.ids  # to schedule inline
        self._on_message_done = self._message_done
        self._on_one_done, self._on_one_failed = self._one_done, self._one_failed
        self._rr = 0
        self._provisioned = int(get("provisioned"))
        reserved = get("reserved_concurrency")
        reserved = None if reserved is None else int(reserved)
        self._conc = Concurrency(ctx.pool(self.id), reserved, self._provisioned)
        self._envs = self._provisioned  # warm environments when cold starts are not modelled
        self._max_age = float(get("max_event_age"))
        self._jitter = uniform(ctx.stream(self.id, "throttle"))
        cold = get("cold_start")
        self._pool: Instances | None = None
        if cold is not None:
            cold_sampler = sampler(Distribution.parse(cold), ctx.stream(self.id, "cold_start"))
            keep_alive = float(get("keep_alive"))
            self._pool = Instances(self, self.env, cold_sampler, keep_alive, self._provisioned)
        self._seen = SeenIds() if get("idempotent") else None
        self.zones: ZoneLoss | None = None  # an az-failure: work there fails over (zones.py)
        self.duplicates = self.throttles = self.provisioned_used = 0
        self._throttles_read = 0
        cap = min(self.limit, int(get("maximum_concurrency") or DEFAULT_MAX))
        self._pollers = Pollers(cap) if self.sources else None
        self._window = float(get("batch_window"))  # FIFO sources take none (_window_ready)
        self._window_since: float | None = None
        plain = (  # one standard queue read at once, no cold starts or ids to check
            self.FAST
            and len(self.sources) == 1
            and not self.sources[0].fifo
            and not self._window
            and self._pool is None
            and self._seen is None
        )
        self._single = plain and self._batch_size == 1
        self._direct_ok = plain and self._pollers is not None
        self._ramp_armed = False
        # Lambda bills each invocation (retries included) and its duration, init (cold
        # start) included, rounded up to 1 ms: counted when the work starts.
        self.invocations = self.billed_ms = 0
        self._new_id = IdMaker(self.id)
        for link in self.links:
            if link.edge.emits is not None:
                link.emits = compile_value(link.edge.emits, ctx.stream(link.name, "emits"))
        single = len(self.links) == 1 and self.links[0].emits is None
        self._forward = self.links[0] if single else None  # the common case: forward as is

    def on_faults_changed(self) -> None:
        """An `errors` fault overrides the failure rate while it lasts."""
        self._p = self._base_failure if self.error_rate is None else self.error_rate

    def _admit(self, now: float) -> bool:
        """Room in the account (or reservation) and, for a new environment, a burst token."""
        conc = self._conc
        if not conc.room():
            return False
        pool = self._pool
        if pool is not None:
            return pool.has_idle() or conc.may_scale(now)
        if self.busy.value < self._envs:
            return True
        if conc.may_scale(now):
            self._envs += 1
            return True
        return False

    def _take(self, now: float, instance: Instance | None) -> None:
        """One execution starts (busy, account pool, provisioned use)."""
        busy = self.busy  # inlined Level.add(1, now): this is the hot path
        if instance is None:
            if busy.value < self._provisioned:
                self.provisioned_used += 1
        elif instance.serial <= self._provisioned:
            self.provisioned_used += 1
        busy.area += busy.value * (now - busy.t)
        busy.t = now
        busy.value += 1
        if busy.value > busy.peak:
            busy.peak = busy.value
        self._conc.take()

    # --- synchronous invocation (a workflow Task) ------------------------------------------
    def invoke(self, done: Callable[[Any, Any, str], None], value: Any, aux: Any) -> bool:
        """Run one try now for a synchronous caller; False (throttled) when no environment
        is free (no backlog: Lambda returns TooManyRequestsException to such callers).

        When the try ends, `done(value, aux, error)` runs; `error` is "" on success,
        the consumer's `error` (default `States.TaskFailed`) on a failure,
        `States.TaskFailed` in an outage, `Sandbox.Timedout` past `timeout`.
        """
        now = self.clock.now
        if self.busy.value >= self.limit or not self._admit(now):
            self.throttled += 1
            self.throttles += 1
            return False
        self.arrivals += 1
        work = self._service() * self.slow
        error = self._error if self._p and self._rand() < self._p else ""
        if work > self._timeout:
            work, error = self._timeout, "Sandbox.Timedout"
        instance, cold = None, 0.0
        if self.down:
            work, error = 0.0, "States.TaskFailed"
        elif self._pool is not None:
            instance, cold = self._pool.acquire(now)
            work += cold
        self.note_wait(cold)  # a synchronous call never queues; it may wait for a cold start
        self.invocations += 1
        self.billed_ms += billed_ms(work)
        if self.zones is not None:
            work += self.zones.delay()  # lost with its zone: retried in another one
        self.busy.add(1, now)
        self.env.later(work, self._invoked, (done, value, aux, error), instance)
        return True

    def _invoked(self, call: Call) -> None:
        done, value, aux, error = call._value
        self._release(call.aux)
        if error:
            self.failures += 1
        else:
            self.processed += 1
        done(value, aux, error)
        if self._backlog or self.sources:
            self._pump()

    # --- queues (the reading itself: reading.py) -----------------------------------------
    def _pump(self) -> None:
        """Start async work while environments are free; let idle pollers receive."""
        backlog, busy, depth = self._backlog, self.busy, self.depth
        while backlog and busy.value < self.limit:
            now = self.clock.now  # inlined depth.add(-1, now)
            depth.area += depth.value * (now - depth.t)
            depth.t = now
            depth.value -= 1
            self._start_one(backlog.popleft(), now)
        if self._pollers is not None:
            self._poll_all()

    # --- shared ----------------------------------------------------------------------------
    def _release(self, instance: Instance | None) -> None:
        now = self.clock.now
        busy = self.busy  # inlined Level.add(-1, now)
        busy.area += busy.value * (now - busy.t)
        busy.t = now
        busy.value -= 1
        self._conc.give()
        if instance is not None:
            assert self._pool is not None
            self._pool.release(instance, now)

    def publish(self, copy: Copy) -> None:
        """Success: hand the copy to every outgoing flow edge, or complete it."""
        root = copy.root
        if root is not None and root.hops is not None:
            root.hops.append((self.clock.now, self.id, "processed", copy.no))
        if self._forward is not None:
            copy.state = MOVING
            self._forward.send(copy)
            return
        links = self.links
        if not links:
            self.ledger.end(copy, "completed", self.id)
            return
        event = copy.event
        for i, link in enumerate(links):
            out = copy if i == 0 else self.ledger.spawn(copy)
            out.event = event if link.emits is None else self._emit(event, link)
            out.state = MOVING
            link.send(out)

    def publish_again(self, copy: Copy) -> None:
        """Work finished on a message whose lease lapsed: its results are new copies."""
        event = copy.event
        for link in self.links:
            out = self.ledger.spawn(copy)
            out.event = event if link.emits is None else self._emit(event, link)
            link.send(out)

    def _emit(self, event: dict[str, Any], link: Link) -> dict[str, Any]:
        assert link.emits is not None
        now = self.clock.now
        stamp = self.ctx.timestamps.at(now)
        return emitted(event, link.emits(), self._new_id(), stamp, (self.account, self.region))

    # --- figures ---------------------------------------------------------------------------
    def held(self) -> int:
        """Invocations waiting in the backlog."""
        return len(self._backlog)

    def reset_stats(self, now: float) -> None:
        """Warm-up ends."""
        super().reset_stats(now)
        if self._pool is not None:
            self._pool.level.reset(now)
        if self._pollers is not None:
            self._pollers.level.reset(now)

    def instances(self) -> float:
        """Environments alive (with cold starts) or busy (without)."""
        return float(self._pool.level.value if self._pool is not None else self.busy.value)

    def instances_mean(self, now: float) -> float:
        """Time-averaged environments alive (with cold starts) or busy (without)."""
        return self._pool.level.mean(now) if self._pool is not None else self.busy.mean(now)

    def gauge(self, name: str) -> float:
        """`throttles`: throttled invocations since the previous row; `pollers`: queue
        pollers alive now (0 for a consumer no queue feeds)."""
        if name == "throttles":
            fresh = self.throttles - self._throttles_read
            self._throttles_read = self.throttles
            return float(fresh)
        if name == "pollers":
            return float(self.pollers)
        return super().gauge(name)

    @property
    def pollers(self) -> int:
        """Pollers of the queue event source alive now (each long-polls when idle)."""
        if self._pollers is None:
            return 0
        return self._pollers.allowed(self.clock.now)

    def pollers_alive(self, now: float) -> int:
        """Pollers alive at `now` without updating the poller model (for the cost model)."""
        pollers = self._pollers
        if pollers is None:
            return 0
        return pollers.static if pollers.fixed and self._fast else pollers.peek(now)

    def steady_pollers(self) -> int | None:
        """The pollers alive throughout when the mapping never scales (at most 5), else None."""
        pollers = self._pollers
        return pollers.static if pollers is not None and pollers.fixed and self._fast else None

    def stats(self, now: float) -> NodeStats:
        """Consumer figures, plus duplicates discarded, throttles, peak environments,
        starts on provisioned environments and (queue-fed) pollers."""
        figures = super().stats(now)
        figures["duplicates"] = self.count("duplicates")
        figures["throttles"] = self.count("throttles")
        level = self._pool.level if self._pool is not None else self.busy
        figures["instances_max"] = int(level.peak)
        figures["provisioned_used"] = self.count("provisioned_used")
        if self._pollers is not None:
            figures["pollers_mean"] = self._pollers.level.mean(now)
            figures["pollers_max"] = int(self._pollers.level.peak)
        return figures

    def live(self) -> NodeLive:
        """Live figures, plus throttles so far and (queue-fed) pollers alive."""
        figures = super().live()
        figures["throttles"] = float(self.throttles)
        if self._pollers is not None:
            figures["pollers"] = float(self.pollers)
        return figures
