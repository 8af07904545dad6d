"""Reading queues: a consumer's event source mapping (SQS -> Lambda).

`QueueReader` is the part of `Consumer` (consumer.py) that polls the queues feeding it:
pollers receive batches (`pollers.py`), a batch runs on one environment, and at its end
the successes are deleted and published while failures return to their queue after the
visibility timeout. The common case has fast paths, each the general code unrolled with
the same random draws and figures (`FAST = False` switches them off;
tests/engine/test_engine_queue_fast.py checks both ways give the same runs, to the bit).
"""

from __future__ import annotations

import itertools
import math
from heapq import heappush
from typing import Any

from simulator.engine.copies import MOVING, Copy
from simulator.engine.core import NORMAL, Call
from simulator.engine.nodes.base import MessageSource
from simulator.engine.nodes.function import FunctionState
from simulator.engine.nodes.jobs import Batch
from simulator.engine.nodes.pollers import THROTTLE_PAUSE, Pollers


def billed_ms(seconds: float) -> int:
    """Lambda's billed duration of one invocation: milliseconds rounded up, at least 1."""
    return max(1, math.ceil(seconds * 1000.0 - 1e-6))


class QueueReader(FunctionState):
    """Polls the queues in `sources` (the consumer's state, set up by `Consumer.start`).

    Its fast paths: `_run_batch`, `_message_done`, one-message `_batch_done`, one-source
    `_poll`, fixed pollers, the hand-over (`ready`, `run_message`)."""

    # Set by Consumer.start (declared here for the type checker).
    _pollers: Pollers | None
    _batch_size: int
    _window: float
    _window_since: float | None
    _ramp_armed: bool
    _rr: int
    _partial: bool
    _single: bool  # one standard queue, batches of one, no window, cold starts or ids
    _direct_ok: bool  # the same, any batch size: the queue may hand messages over

    def publish_again(self, copy: Copy) -> None:
        """Work finished on a lapsed message (Consumer.publish_again)."""
        raise NotImplementedError

    def offer(self) -> None:
        """A queue this consumer reads has visible messages."""
        pollers = self._pollers
        if pollers is None:
            return
        if pollers.fixed and self._fast:  # at most 5 pollers, no scaling: a free one receives
            if pollers.used < pollers.static:
                if self._backlog:
                    self._pump()
                else:  # what _pump does with no backlog: _poll_all's fixed-poller loop
                    now = self.clock.now
                    while pollers.used < pollers.static and self._poll(now):
                        pass
        elif pollers.used < pollers.alive:
            self._pump()
        elif not self._ramp_armed and pollers.alive < pollers.cap:
            self._poll_all()  # every poller is busy: start adding pollers

    def ready(self) -> bool:
        """True when a message that arrives alone at the queue now would be received by a
        free poller and run on a free warm environment: what `offer` would do, one step at
        a time, decided at once (the queue then hands it over: `run_message`)."""
        pollers: Pollers = self._pollers  # type: ignore[assignment]  # a reader has pollers
        if not self._direct_ok or self._backlog:
            return False
        if pollers.fixed:
            free = pollers.used < pollers.static
        else:  # `offer` pumps, and `_poll_all` lets a poller receive
            used = pollers.used
            free = used < pollers.alive and used < pollers.allowed(self.clock.now)
        return free and self._runs_at_once()

    def _runs_at_once(self) -> bool:
        """A batch received now would run on a free warm environment at once: what
        `_start_batch` checks for its fast path (and `_poll` that nothing audits it)."""
        busy = self.busy
        return (
            busy.value < self._envs
            and busy.value < self.limit
            and not self.down
            and self.ledger.audit is None
            and self._conc.room()
        )

    def run_message(self, queue: MessageSource, copy: Copy, now: float) -> None:
        """The queue handed over a message received now (`ready` was True): what `_poll`
        and `_start_batch` do next for it, then what `_poll_all` does with the queue empty
        (a mapping that scales steers its pollers)."""
        self._window_since = None
        self._run_batch(queue, [copy], now)
        pollers: Pollers = self._pollers  # type: ignore[assignment]  # a reader has pollers
        if not pollers.fixed:
            pollers.steer(now, False, True)  # nothing waits: no ramp to arm

    def _poll_all(self) -> None:
        """Every poller without a batch receives one; then steer the poller count."""
        pollers = self._pollers
        assert pollers is not None
        now = self.clock.now
        if pollers.fixed and self._fast:  # at most 5 pollers: a constant count, no scaling
            allowed = pollers.static
            while pollers.used < allowed and self._poll(now):
                pass
            return
        allowed = pollers.allowed(now)
        depth = self.sources[0].depth if self._single else None  # `_poll`'s first check
        while pollers.used < allowed and (depth is None or depth.value) and self._poll(now):
            pass
        if pollers.fixed:
            return  # at most 5 pollers: there is nothing to scale
        sources = self.sources
        waiting = bool(
            sources[0].depth.value if len(sources) == 1 else any(s.depth.value for s in sources)
        )
        delay = pollers.steer(now, waiting and pollers.used >= allowed, not waiting)
        if delay is not None and not self._ramp_armed:
            self._ramp_armed = True
            self.env.later(delay, self._ramp)

    def _ramp(self, call: Call) -> None:
        self._ramp_armed = False
        self._pump()

    def _poll(self, now: float) -> bool:
        sources = self.sources
        n = len(sources)
        if n == 1 and self._fast:  # one queue (the common case): no round robin
            queue = sources[0]
            if not queue.depth.value or (self._window and not self._window_ready(queue, now)):
                return False
            if self._single and not queue.down and self._runs_at_once():
                self._window_since = None  # take and _start_batch, unrolled
                self._run_batch(queue, [queue.take_first()], now)
                return True
            copies = queue.take(self._batch_size)
            if not copies:
                return False
            if self.ledger.audit is not None:
                self.ledger.audit.delivered(queue.id, copies, f"poller {queue.id}->{self.id}")
            self._window_since = None
            self._start_batch(queue, copies)
            return True
        for i in range(n):
            queue = sources[(self._rr + i) % n]
            if not queue.depth.value or not self._window_ready(queue, now):
                continue
            copies = queue.take(self._batch_size)
            if copies:
                if self.ledger.audit is not None:
                    self.ledger.audit.delivered(queue.id, copies, f"poller {queue.id}->{self.id}")
                self._rr = (self._rr + i + 1) % n
                self._window_since = None
                self._start_batch(queue, copies)
                return True
        return False

    def _window_ready(self, queue: MessageSource, now: float) -> bool:
        """`batch_window`: a poller waits up to the window for a full batch."""
        if not self._window or queue.fifo or queue.depth.value >= self._batch_size:
            return True
        if self._window_since is None:
            self._window_since = now
            self.env.later(self._window, self._ramp)
            return False
        return now - self._window_since >= self._window - 1e-9

    def _start_batch(self, queue: MessageSource, copies: list[Copy]) -> None:
        now = self.clock.now
        busy = self.busy
        if (
            self._fast
            and busy.value < self._envs
            and busy.value < self.limit
            and self._pool is None
            and self._seen is None
            and not self.down
            and self._conc.room()
        ):  # a warm environment is free (what _admit checks first), no ids to check
            self._run_batch(queue, copies, now)
            return
        self.arrivals += len(copies)  # messages received (redeliveries included)
        pollers = self._pollers
        assert pollers is not None
        pollers.used += 1
        if not self.down and (busy.value >= self.limit or not self._admit(now)):
            self._throttle_batch(copies, now)  # the messages stay in flight and lapse
            return
        self.invocations += 1
        if self._seen is not None:
            copies = self._drop_seen(queue, copies, now)
            if not copies:
                self.billed_ms += 1  # the function runs and finds only seen ids
                queue.deletes += 1
                pollers.used -= 1
                return
        service = self._service
        single = len(copies) == 1
        work = (service() if single else sum(service() for _ in copies)) * self.slow
        p = self._p
        fails = None
        if p:
            rand = self._rand
            fails = [rand() < p for _ in copies]
        timed_out = work > self._timeout
        if timed_out:
            work = self._timeout
        if self.down:  # an outage: every invocation fails at once
            work, fails = 0.0, [True] * len(copies)
        batch = Batch(queue, copies, fails, timed_out)
        if single:
            root = copies[0].root
            if root is not None and root.hops is not None:
                root.hops.append((now, self.id, "received", copies[0].no))
        else:
            for copy in copies:
                root = copy.root
                if root is not None and root.hops is not None:
                    root.hops.append((now, self.id, "received", copy.no))
        instance = None
        if self._pool is not None and not self.down:
            instance, cold = self._pool.acquire(now)
            self._wait_sum += cold  # a queue-fed consumer waits only for its cold start
            work += cold
        self.billed_ms += billed_ms(work)
        if self.zones is not None:
            work += self.zones.delay()  # lost with its zone: retried in another one
        self._wait_n += 1
        self._take(now, instance)
        call = Call(self._batch_done, batch, instance)
        heappush(self._events, (now + work, NORMAL, next(self._eids), call))

    def _run_batch(self, queue: MessageSource, copies: list[Copy], now: float) -> None:
        """`_start_batch` once admitted on a free warm environment, no outage, no cold
        starts, no idempotency: the same steps and random draws, fewer branches."""
        self.arrivals += len(copies)  # messages received (redeliveries included)
        pollers = self._pollers
        assert pollers is not None  # a reader has pollers (narrowed: a native field access)
        pollers.used += 1
        self.invocations += 1
        service = self._service
        if len(copies) == 1:
            work = service() * self.slow
            copy = copies[0]
            fails = None
            p = self._p
            if p:
                fails = [self._rand() < p]
            root = copy.root
            if root is not None and root.hops is not None:
                root.hops.append((now, self.id, "received", copy.no))
        else:
            work = sum(service() for _ in copies) * self.slow
            p, rand = self._p, self._rand
            fails = [rand() < p for _ in copies] if p else None
            for copy in copies:
                root = copy.root
                if root is not None and root.hops is not None:
                    root.hops.append((now, self.id, "received", copy.no))
        timed_out = work > self._timeout
        if timed_out:
            work = self._timeout
        ms = math.ceil(work * 1000.0 - 1e-6)  # billed_ms(work), inlined
        self.billed_ms += ms if ms > 1 else 1
        if self.zones is not None:
            work += self.zones.delay()  # lost with its zone: retried in another one
        self._wait_n += 1
        busy = self.busy  # _take(now, None), inlined
        if busy.value < self._provisioned:
            self.provisioned_used += 1
        busy.area += busy.value * (now - busy.t)
        busy.t = now
        busy.value += 1
        if busy.value > busy.peak:
            busy.peak = busy.value
        self._conc.take()
        if fails is None and not timed_out and len(copies) == 1:  # no Batch to build
            call = Call(self._on_message_done, copies[0], copies[0].lease)
        else:
            call = Call(self._batch_done, Batch(queue, copies, fails, timed_out), None)
        heappush(self._events, (now + work, NORMAL, next(self._eids), call))

    def _message_done(self, call: Call) -> None:
        """A one-message batch that cannot fail ended (from `_run_batch`): what
        `_batch_done` does for it, the message and its lease carried by the call.
        While the lease holds, the message is in flight at the queue that gave it."""
        copy: Copy = call._value  # typed: compiled, its fields are read directly
        lease: int = call.aux
        now = self.clock.now
        busy = self.busy  # _release(None), inlined (no pool on this path)
        busy.area += busy.value * (now - busy.t)
        busy.t = now
        busy.value -= 1
        self._conc.give()
        pollers: Pollers = self._pollers  # type: ignore[assignment]  # a reader has pollers
        pollers.used -= 1
        self.processed += 1
        queue = copy.home
        if copy.lease == lease and queue is not None and queue.delete(copy, lease):
            queue.deletes += 1  # one DeleteMessageBatch
            forward = self._forward
            root = copy.root  # None only for parked dead letters, never received
            if forward is not None and root is not None and root.hops is None:
                copy.state = MOVING  # the common case of `publish`, inlined
                forward.send(copy)
            else:
                self.publish(copy)
        else:
            self.publish_again(copy)
        if self._backlog:
            self._pump()
        elif pollers.fixed:  # what _pump does with no backlog: _poll_all's fixed-poller loop
            while pollers.used < pollers.static and self._poll(now):
                pass
        else:
            self._poll_all()  # what _pump does with no backlog

    def _throttle_batch(self, copies: list[Copy], now: float) -> None:
        """The function cannot run the batch: it returns after the visibility timeout (with
        one more receive counted) and the poller backs off before polling again."""
        self.throttles += 1
        for copy in copies:
            self.hop(copy, "throttled")
        self.env.later(THROTTLE_PAUSE, self._poller_back)

    def _poller_back(self, call: Call) -> None:
        assert self._pollers is not None
        self._pollers.used -= 1
        self._pump()

    def _drop_seen(self, queue: MessageSource, copies: list[Copy], now: float) -> list[Copy]:
        keep = []
        seen = self._seen
        assert seen is not None
        for copy in copies:
            event_id = copy.event["id"]
            if not seen.known(event_id, now):
                seen.claim(event_id)
                keep.append(copy)
            elif queue.delete(copy, copy.lease):
                self.duplicates += 1
                self.ledger.end(copy, "duplicate", self.id)
        return keep

    def _batch_done(self, call: Call) -> None:
        batch: Batch = call._value
        self._release(call.aux)
        assert self._pollers is not None
        self._pollers.used -= 1
        queue = batch.queue
        if batch.fails is None and not batch.timed_out:
            oks: Any = itertools.repeat(True)
        else:
            oks = batch.successes(self._partial, queue.fifo)
        deleted = False
        seen, now = self._seen, self.clock.now
        for copy, lease, ok in zip(batch.copies, batch.leases, oks, strict=False):
            if not ok:
                self.failures += 1
                if seen is not None:
                    seen.release(copy.event["id"])
                if copy.lease == lease:
                    self.hop(copy, "failed")
                continue
            self.processed += 1
            if seen is not None:
                seen.done(copy.event["id"], now)
            if queue.delete(copy, lease):
                deleted = True
                self.publish(copy)
            else:
                self.publish_again(copy)
        if deleted:
            queue.deletes += 1  # one DeleteMessageBatch for the batch's successes
        self._pump()
