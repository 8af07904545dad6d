"""Queue: an SQS-style buffer read by consumers.

A received message is in flight until its consumer deletes it; if that has not happened
when `visibility_timeout` runs out it becomes visible again (the lapse bumps the copy's
lease, so a consumer still working on it no longer owns it). After `max_receive_count`
receives a lapsing message is moved over the dead-letter edge (outcome `dead_lettered`;
without a dead-letter edge: `failed`). Visible or delayed messages older than `retention`
expire. `capacity` bounds the messages held (delayed + visible + in flight); a full queue
rejects. Depth is the number of visible messages.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from simulator.engine.copies import CHUNK, DELAYED, GONE, IN_FLIGHT, PARKED, VISIBLE, Copy
from simulator.engine.core import Call
from simulator.engine.figures import NodeLive, NodeStats
from simulator.engine.links import Link
from simulator.engine.nodes.base import MessageSource, Reader
from simulator.engine.nodes.fifo import FifoGroups
from simulator.engine.nodes.idle import IdleGaps
from simulator.engine.rng import uniform
from simulator.model import Node

if TYPE_CHECKING:
    from simulator.engine.context import RunContext


class Queue(IdleGaps, MessageSource):
    """Holds messages until a consumer receives and deletes them (a `MessageSource`)."""

    kind = "queue"
    extra_counters = ("dead_lettered", "rejected", "duplicates", "sends", "receives", "deletes")
    billing = ("sends", "receives", "deletes")
    gauges = ("in_flight",)
    # Take single messages by `take_first` (an unrolled `take`); False forces the general
    # loop (tests/engine/test_engine_queue_fast.py checks both give the same runs).
    FAST: ClassVar[bool] = True

    def __init__(self, ctx: RunContext, node: Node):
        super().__init__(ctx, node)
        self._readers: list[Reader] = []  # consumers register with add_reader when wired
        self.on_receive: Callable[[float], None] | None = None  # an encrypted queue's KMS
        self._fifo = bool(node.get("fifo"))

    def wire(self, outgoing: list[Link], incoming: list[Link]) -> None:
        """Find the dead-letter edge."""
        super().wire(outgoing, incoming)
        self.dead_letter_link = next((e for e in outgoing if e.kind == "dead-letter"), None)

    def start(self) -> None:
        """Read the parameters and set up the message structures."""
        get = self.node.get
        self._fast = self.FAST
        self._visibility = float(get("visibility_timeout"))
        self._max_receives = get("max_receive_count")
        self._retention = float(get("retention"))
        self._delay = float(get("delay"))
        self._limit = get("capacity")
        fifo = self._fifo
        self._dup_rate = 0.0 if fifo else float(get("duplicate_rate"))
        self._rand = uniform(self.ctx.stream(self.id, "duplicates"))
        self._visible: deque[Copy] = deque()
        self._groups = FifoGroups(get("group_by"), self) if fifo else None
        self._leases: deque[tuple[float, Copy, int]] = deque()  # in receive order
        # Their busiest methods, bound once (compiled, a deque method is looked up per call)
        self._show_next: Callable[[Copy], None] = self._visible.append
        self._next_visible: Callable[[], Copy] = self._visible.popleft
        self._lease: Callable[[tuple[float, Copy, int]], None] = self._leases.append
        self._watch_at = math.inf  # when the visibility watcher fires next (inf: not armed)
        # (sent, copy) in send order, which is expiry order: retention is the same for all.
        self._expiry: deque[tuple[float, Copy]] | None = None
        if self._retention < self.ctx.duration:
            self._expiry = deque()
        self._expiry_armed = False
        self.stored = 0  # delayed + visible + in flight (tracked or parked)
        self.in_flight = 0
        self.dead_lettered = self.rejected = self.duplicates = 0
        # SQS API requests as billed (one per 64 KB chunk): SendMessage, ReceiveMessage
        # returning messages, DeleteMessageBatch (counted by the reader, one per batch).
        self.sends = self.receives = self.deletes = 0
        self._start_gaps()
        # The only reader, when it may receive a message the moment it arrives at an empty
        # queue (`_show`); its `ready` says whether it can right now.
        readers = self._readers
        direct = len(readers) == 1 and self._groups is None and not self._delay and self._fast
        self._direct = readers[0] if direct else None

    # --- the protocol readers use -----------------------------------------------------------
    @property
    def sink(self) -> bool:
        """True when no consumer reads this queue (dead letters are parked here)."""
        return not self._readers

    def as_source(self) -> MessageSource:
        """Readers pull messages from a queue."""
        return self

    def add_reader(self, reader: Reader) -> None:
        """Register a consumer reading this queue; it is offered visible messages."""
        self._readers.append(reader)

    @property
    def fifo(self) -> bool:
        """True for a FIFO queue (order per message group); known before `start`."""
        return self._fifo

    # --- arrivals --------------------------------------------------------------------------
    def receive(self, copy: Copy) -> None:
        """A message is sent to the queue."""
        self.arrivals += 1
        root = copy.root
        if root is not None:
            size = root.size  # chunks(copy), inlined
            self.sends += 1 if size <= CHUNK else -(-size // CHUNK)
            if root.hops is not None:
                root.hops.append((self.clock.now, self.id, "received", copy.no))
        else:
            self.sends += 1
        if self._limit is not None and self.stored >= self._limit:
            self.rejected += 1
            self.ledger.end(copy, "rejected", self.id)
            return
        if self._dup_rate and self._rand() < self._dup_rate:
            self.duplicates += 1
            self._accept(copy)
            self.receive(self.ledger.spawn(copy))
            return
        self._accept(copy)

    def park(self, event: dict[str, Any], sends: int = 1) -> None:
        """Keep a dead letter that no consumer will read (outside the ledger); `sends`: the
        SendMessage requests it is billed as (its payload's 64 KB chunks), as in `receive`."""
        self.arrivals += 1
        self.sends += sends
        if self._limit is not None and self.stored >= self._limit:
            self.rejected += 1
            return
        self._accept(Copy(event, None, 0, self.clock.now))

    def resume(self) -> None:
        """The outage ended: readers may receive again."""
        self._offer()

    def _accept(self, copy: Copy) -> None:
        now = self.clock.now
        self.stored += 1
        copy.home = self
        copy.sent = now
        copy.receives = 0
        expiry = self._expiry
        if expiry is not None:
            while expiry and (expiry[0][1].home is not self or expiry[0][1].sent != expiry[0][0]):
                expiry.popleft()  # gone already: keep the deque as short as the queue
            expiry.append((now, copy))
            self._arm_expiry()
        if self._delay:
            copy.state = DELAYED
            self.env.later(self._delay, self._undelay, copy)
        else:
            self._show(copy)

    def _undelay(self, call: Call) -> None:
        copy: Copy = call._value
        if copy.home is self and copy.state == DELAYED:
            self._show(copy)

    def _show(self, copy: Copy, front: bool = False) -> None:
        """The message becomes visible; offer it to the readers."""
        now = self.clock.now
        copy.state = VISIBLE if copy.root is not None else PARKED
        copy.t = now
        depth = self.depth  # inlined Level.add(1, now)
        if not depth.value and self._empty_since is not None:
            self._idle += now - self._empty_since
            self._poller_seconds += self._gap_area(now)
            self._empty_since = None
        depth.area += depth.value * (now - depth.t)
        depth.t = now
        depth.value += 1
        if depth.value > depth.peak:
            depth.peak = depth.value
        if self._groups is not None:
            self._groups.push(copy, front)
        else:
            self._show_next(copy)
        if self.down:
            return
        direct = self._direct
        if direct is not None and depth.value == 1 and not front and direct.ready():
            # the hand-over: the only reader receives and runs it at once, no offer/poll
            direct.run_message(self, self.take_first(), now)
            return
        for reader in self._readers:
            reader.offer()
            if not depth.value:
                break

    # --- receiving and deleting ------------------------------------------------------------
    def take(self, n: int) -> list[Copy]:
        """Receive up to `n` visible messages (their leases are the copies' `lease` now)."""
        if self.down or not self.depth.value:
            return []
        if n == 1 and self._groups is None and self._fast:
            return [self.take_first()]
        if self._groups is not None:
            batch = self._groups.take(n)
        else:
            batch = []
            visible = self._visible
            while visible and len(batch) < n:
                copy = visible.popleft()
                if copy.home is self and copy.state == VISIBLE:
                    batch.append(copy)
        now = self.clock.now
        deadline = now + self._visibility
        leases = self._leases
        waited = 0.0
        size = 0
        for copy in batch:
            waited += now - copy.t
            root = copy.root
            if root is not None:
                size += root.size
            copy.state = IN_FLIGHT
            lease = copy.lease = copy.lease + 1
            receives = copy.receives = copy.receives + 1
            if receives > 1:
                self.retries += 1
            leases.append((deadline, copy, lease))
        taken = len(batch)
        self._wait_sum += waited
        self._wait_n += taken
        depth = self.depth  # inlined Level.add(-taken, now)
        depth.area += depth.value * (now - depth.t)
        depth.t = now
        depth.value -= taken
        if not depth.value:
            self._gap_begins(now)
        if taken:
            self.receives += 1 if size <= CHUNK else -(-size // CHUNK)
            if self.on_receive is not None:
                self.on_receive(now)
        self.in_flight += taken
        if taken and self._watch_at == math.inf:
            self._watch(deadline)
        return batch

    def take_first(self) -> Copy:
        """`take(1)` of a standard queue that is up with messages visible: the loop of
        `take` unrolled (the same figures, to the bit; tests/engine/test_engine_queue_fast.py)."""
        next_visible = self._next_visible
        while True:  # depth > 0: a visible message is in the deque (stale entries first)
            copy = next_visible()
            if copy.home is self and copy.state == VISIBLE:
                break
        now = self.clock.now
        deadline = now + self._visibility
        copy.state = IN_FLIGHT
        lease = copy.lease = copy.lease + 1
        receives = copy.receives = copy.receives + 1
        if receives > 1:
            self.retries += 1
        self._lease((deadline, copy, lease))
        self._wait_sum += now - copy.t
        self._wait_n += 1
        depth = self.depth  # inlined Level.add(-1, now)
        depth.area += depth.value * (now - depth.t)
        depth.t = now
        depth.value -= 1
        if not depth.value:
            self._gap_begins(now)
        root = copy.root
        size = root.size if root is not None else 0
        self.receives += 1 if size <= CHUNK else -(-size // CHUNK)
        if self.on_receive is not None:
            self.on_receive(now)
        self.in_flight += 1
        if self._watch_at == math.inf:
            self._watch(deadline)
        return copy

    def _watch(self, at: float) -> None:
        self._watch_at = at
        self.env.at(at, self._lapse_due, None, at)

    def delete(self, copy: Copy, lease: int) -> bool:
        """Delete a received message; False when the lease lapsed (it is not ours any more)."""
        if copy.lease != lease or copy.home is not self or copy.state != IN_FLIGHT:
            return False
        copy.state = GONE
        copy.home = None
        self.stored -= 1
        self.in_flight -= 1
        self.processed += 1
        if self._groups is not None:
            self._groups.release(copy)
            self._offer()
        return True

    def _offer(self) -> None:
        if not self.down and self.depth.value:
            for reader in self._readers:
                reader.offer()

    # --- visibility timeout ----------------------------------------------------------------
    def _lapse_due(self, call: Call) -> None:
        if call.aux == self._watch_at:
            self._watch_at = math.inf
        now = self.clock.now
        leases = self._leases
        due: list[Copy] = []
        while leases:
            deadline, copy, lease = leases[0]
            if copy.lease != lease or copy.home is not self or copy.state != IN_FLIGHT:
                leases.popleft()
            elif deadline <= now:
                leases.popleft()
                due.append(copy)
            else:
                break
        for copy in reversed(due) if self._groups is not None else due:
            self._lapse(copy, now)
        if leases and leases[0][0] < self._watch_at:
            self._watch(leases[0][0])

    def _lapse(self, copy: Copy, now: float) -> None:
        """The visibility timeout ran out before the message was deleted."""
        self.in_flight -= 1
        self.failures += 1
        copy.lease += 1
        if self._groups is not None:
            self._groups.release(copy)
        if now - copy.sent >= self._retention:
            self._expire(copy)
        elif self._max_receives is not None and copy.receives >= self._max_receives:
            self._redrive(copy)
        else:
            self.hop(copy, "visible-again")
            self._show(copy, front=True)

    def _redrive(self, copy: Copy) -> None:
        self.stored -= 1
        self.dead_lettered += 1
        copy.home = None
        if self.dead_letter_link is not None:
            self.ctx.dead_letter(copy, self.dead_letter_link, self.id)
        else:
            self.ledger.end(copy, "failed", self.id)

    # --- retention -------------------------------------------------------------------------
    def _arm_expiry(self) -> None:
        if not self._expiry_armed and self._expiry:
            self._expiry_armed = True
            self.env.at(self._expiry[0][0] + self._retention, self._expire_due)

    def _expire_due(self, call: Call) -> None:
        self._expiry_armed = False
        now = self.clock.now
        expiry = self._expiry
        assert expiry is not None
        while expiry and expiry[0][0] + self._retention <= now:
            sent, copy = expiry.popleft()
            if copy.home is self and copy.sent == sent and copy.state in (VISIBLE, DELAYED, PARKED):
                self._expire(copy)
        self._arm_expiry()

    def _expire(self, copy: Copy) -> None:
        if copy.state in (VISIBLE, PARKED):
            self.depth.add(-1, self.clock.now)
            if not self.depth.value:
                self._gap_begins(self.clock.now)
        self.stored -= 1
        self.expired += 1
        copy.home = None
        if copy.root is None:
            copy.state = GONE
        else:
            self.ledger.end(copy, "expired", self.id)

    # --- figures ---------------------------------------------------------------------------
    def held(self) -> int:
        """Tracked messages visible or in flight here (delayed ones sit in scheduled events)."""
        messages = self._groups if self._groups is not None else self._visible
        visible = sum(1 for c in messages if c.home is self and c.state == VISIBLE)
        flying = sum(
            1
            for _, c, lease in self._leases
            if c.lease == lease and c.home is self and c.state == IN_FLIGHT and c.root is not None
        )
        return visible + flying

    def gauge(self, name: str) -> float:
        """`in_flight`: messages received and not deleted yet."""
        if name == "in_flight":
            return float(self.in_flight)
        return super().gauge(name)

    def usage(self, now: float) -> dict[str, float]:
        """SQS requests, plus what the poller model gives: readers (event source mappings),
        seconds without visible messages and idle poller-seconds (each idle poller makes
        one empty receive per 20 s long poll)."""
        figures = super().usage(now)
        figures["readers"] = float(len(self._readers))
        figures["idle_seconds"] = self.idle_seconds(now)
        figures["poller_seconds"] = self.poller_seconds(now)
        return figures

    def stats(self, now: float) -> NodeStats:
        """Queue figures, plus messages dead-lettered, rejected and duplicated."""
        figures = super().stats(now)
        figures["dead_lettered"] = self.count("dead_lettered")
        figures["rejected"] = self.count("rejected")
        figures["duplicates"] = self.count("duplicates")
        return figures

    def live(self) -> NodeLive:
        """Live figures, plus messages in flight and held in total."""
        figures = super().live()
        figures["in_flight"] = float(self.in_flight)
        figures["stored"] = float(self.stored)
        return figures
