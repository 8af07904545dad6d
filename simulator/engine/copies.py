"""What travels through a run: root events and the copies made of them.

A `Root` is one event a producer created; its id is the correlation id. Every delivery
of it (fan-out copies, forwarded and emitted events) is a `Copy` that shares the root
and, unless modified, the envelope dict. A root counts its open copies, so its
end-to-end latency is known in O(1) when the last one ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from simulator.engine.nodes.base import MessageSource

# Copy states (where a copy is, as far as a queue is concerned).
MOVING: Final = 0  # travelling or held by a router, topic or consumer
DELAYED: Final = 1  # in a queue, not yet visible (delivery delay)
VISIBLE: Final = 2  # in a queue, can be received
IN_FLIGHT: Final = 3  # received from a queue, not deleted yet
PARKED: Final = 4  # in a dead-letter queue nobody reads: outside the ledger
GONE: Final = 5  # ended (outcome recorded) or handed on

Hop = tuple[float, str, str, int]


class Root:
    """One produced event: correlation id, creation time, open copies and trace."""

    __slots__ = (
        "bad", "born", "copies", "delivered", "done", "hops", "id", "open", "sampled", "size",
    )  # fmt: skip

    def __init__(self, event_id: str, born: float, hops: list[Hop] | None, sampled: bool):
        self.id = event_id
        self.sampled = sampled
        self.born = born
        self.open = 1
        self.copies = 1
        self.hops = hops
        self.bad = False  # a copy failed or was dead-lettered
        self.delivered = False  # a copy completed
        self.done = False  # latency recorded
        self.size = 0  # payload bytes of the event (its copies are billed by it; 0: small)


CHUNK: Final = 65536  # bytes: SQS, SNS and EventBridge bill each 64 KB chunk of a payload


def chunks(copy: Copy) -> int:
    """Billed requests for one copy's payload: one per started 64 KB chunk (at least one)."""
    root = copy.root
    size = root.size if root is not None else 0
    return 1 if size <= CHUNK else -(-size // CHUNK)


class Copy:
    """One delivery of an event; `event` is the envelope dict (shared until modified)."""

    __slots__ = (
        "attempt",
        "event",
        "home",
        "lease",
        "no",
        "receives",
        "root",
        "sent",
        "state",
        "t",
    )

    def __init__(self, event: dict[str, Any], root: Root | None, no: int, t: float):
        self.event = event
        self.root = root
        self.no = no  # copy number within the root (0 = the original)
        self.t = t  # when it arrived where it is now (waits are measured from here)
        self.sent = t  # when it entered its current queue (retention)
        self.state = MOVING
        self.lease = 0  # bumped on each receive and each visibility lapse
        self.receives = 0
        self.attempt = 0
        self.home: MessageSource | None = None  # the queue holding it

    def __repr__(self) -> str:
        root = self.root.id if self.root else "parked"
        return f"<Copy {root}#{self.no} state={self.state}>"
