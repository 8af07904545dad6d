"""A consumer's asynchronous invocations (from producers, routers and topics).

`AsyncInvocations` is the part of `Consumer` (consumer.py) that Lambda's asynchronous
invocation gives: invocations wait in the function's own backlog while every environment
is busy; a failed try is retried `retries` times after `retry_delay` seconds (doubling),
then goes over the `on-failure` edge or ends `failed`; an invocation that finds no
capacity in the account (a throttle) is retried from the event queue with backoff (1 s
doubling to 5 minutes, jittered) until `max_event_age`, then goes over `on-failure` or
ends `expired`. `_run_one` is the common case unrolled (`Consumer.FAST`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from heapq import heappush
from typing import Final

from simulator.engine.copies import MOVING, Copy
from simulator.engine.core import NORMAL, Call
from simulator.engine.links import Link
from simulator.engine.nodes.reading import QueueReader, billed_ms

THROTTLE_BACKOFF_CAP: Final = 300.0  # async throttles: backoff from 1 s up to 5 minutes


class AsyncInvocations(QueueReader):
    """Runs asynchronous invocations (the consumer's state, set up by `Consumer.start`);
    `_run_one` is the fast path."""

    # Set by Consumer.wire/start (declared here for the type checker).
    failure_link: Link | None
    _jitter: Callable[[], float]
    _retries: int
    _retry_delay: float
    _max_age: float

    def receive(self, copy: Copy) -> None:
        """An asynchronous invocation arrives."""
        self.arrivals += 1
        root = copy.root
        if root is not None and root.hops is not None:
            root.hops.append((self.clock.now, self.id, "received", copy.no))
        copy.state = MOVING
        copy.attempt = 0
        copy.receives = 0  # throttles of this invocation (a queue resets it on arrival)
        now = copy.sent = copy.t = self.clock.now  # sent: when the invocation was made (age)
        if self.busy.value < self.limit and not self._backlog:
            self._start_one(copy, now)
        else:
            self._enqueue(copy)

    def _enqueue(self, copy: Copy) -> None:
        now = copy.t = self.clock.now
        if self.busy.value < self.limit and not self._backlog:
            self._start_one(copy, now)
            return
        self._backlog.append(copy)
        depth = self.depth  # inlined Level.add(1, now)
        depth.area += depth.value * (now - depth.t)
        depth.t = now
        depth.value += 1
        if depth.value > depth.peak:
            depth.peak = depth.value

    def _start_one(self, copy: Copy, now: float) -> None:
        seen = self._seen
        busy = self.busy
        if (
            self._fast
            and seen is None
            and self._pool is None
            and self.zones is None
            and not self.down
            and busy.value < self._envs
            and self._conc.room()
        ):  # a warm environment is free (what _admit checks first), no ids to check
            self._run_one(copy, now)
            return
        if seen is not None and seen.known(copy.event["id"], now):
            self.invocations += 1
            self.duplicates += 1
            self.billed_ms += 1  # the function runs and finds the id: the minimum billed
            self.ledger.end(copy, "duplicate", self.id)
            return
        if not self._admit(now):
            self._throttle(copy, now)
            return
        self._wait_sum += now - copy.t
        self._wait_n += 1
        self.invocations += 1
        if seen is not None:
            seen.claim(copy.event["id"])  # in progress: a copy arriving now is a duplicate
        work = self._service() * self.slow
        p = self._p
        failed = p and self._rand() < p
        if work > self._timeout:
            work, failed = self._timeout, True
        instance = None
        if self.down:  # an outage: every invocation fails at once
            work, failed = 0.0, True
        elif self._pool is not None:
            instance, cold = self._pool.acquire(now)
            work += cold
        self.billed_ms += billed_ms(work)
        if self.zones is not None:
            work += self.zones.delay()  # lost with its zone: retried in another one
        self._take(now, instance)
        done = self._on_one_failed if failed else self._on_one_done
        call = Call(done, copy, instance)
        heappush(self._events, (now + work, NORMAL, next(self._eids), call))

    def _run_one(self, copy: Copy, now: float) -> None:
        """`_start_one` once admitted on a free warm environment, no outage, no cold starts,
        no zones, no idempotency: the same steps and random draws, fewer calls."""
        self._wait_sum += now - copy.t
        self._wait_n += 1
        self.invocations += 1
        work = self._service() * self.slow
        p = self._p
        failed = p and self._rand() < p
        if work > self._timeout:
            work, failed = self._timeout, True
        ms = math.ceil(work * 1000.0 - 1e-6)  # billed_ms(work), inlined
        self.billed_ms += ms if ms > 1 else 1
        busy = self.busy  # _take(now, None), inlined
        if busy.value < self._provisioned:
            self.provisioned_used += 1
        busy.area += busy.value * (now - busy.t)
        busy.t = now
        busy.value += 1
        if busy.value > busy.peak:
            busy.peak = busy.value
        self._conc.take()
        call = Call(self._on_one_failed if failed else self._on_one_done, copy, None)
        heappush(self._events, (now + work, NORMAL, next(self._eids), call))

    def _one_done(self, call: Call) -> None:
        copy: Copy = call._value
        self._release(call.aux)
        self.processed += 1
        if self._seen is not None:
            self._seen.done(copy.event["id"], self.clock.now)
        forward = self._forward
        root = copy.root  # None only for parked dead letters, never invoked
        if forward is not None and root is not None and root.hops is None:
            forward.send(copy)  # the common case of `publish`, inlined
        else:
            self.publish(copy)
        if self._backlog or self.sources:
            self._pump()

    def _one_failed(self, call: Call) -> None:
        copy: Copy = call._value
        self._release(call.aux)
        self.failures += 1
        self.hop(copy, "failed")
        if self._seen is not None:
            self._seen.release(copy.event["id"])
        if copy.attempt < self._retries:
            copy.attempt += 1
            self.retries += 1
            delay = self._retry_delay * 2.0 ** (copy.attempt - 1)
            self.env.later(delay, self._retry, copy)
        elif self.failure_link is not None:
            self.ctx.dead_letter(copy, self.failure_link, self.id)
        else:
            self.ledger.end(copy, "failed", self.id)
        self._pump()

    def _retry(self, call: Call) -> None:
        self._enqueue(call._value)

    def _throttle(self, copy: Copy, now: float) -> None:
        """No capacity for an async invocation: retry with backoff until `max_event_age`."""
        self.throttles += 1
        copy.receives += 1
        delay = min(THROTTLE_BACKOFF_CAP, 2.0 ** (copy.receives - 1))
        delay *= 0.5 + 0.5 * self._jitter()
        if now + delay - copy.sent > self._max_age:  # no try left before the age runs out:
            left = copy.sent + self._max_age - now  # it waits in the event queue until then
            if left > 0:
                self.hop(copy, "throttled")
                self.env.later(left, self._expire, copy)
            else:
                self._expire_now(copy)
            return
        self.hop(copy, "throttled")
        self.env.later(delay, self._retry, copy)

    def _expire(self, call: Call) -> None:
        self._expire_now(call._value)

    def _expire_now(self, copy: Copy) -> None:
        """The event reached `max_event_age` throttled: on-failure, else `expired`."""
        self.expired += 1
        self.hop(copy, "throttled-expired")
        if self.failure_link is not None:
            self.ctx.dead_letter(copy, self.failure_link, self.id)
        else:
            self.ledger.end(copy, "expired", self.id)
