"""The event ids an idempotent consumer has seen, as idempotency libraries keep them.

An id is claimed when work on it starts (an in-progress marker), so a copy arriving while
the first is still running is a duplicate too; a failed try releases the claim (the
retry may run); a success keeps the id for `TTL` seconds.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Final

TTL: Final = 3600.0  # seconds an idempotent consumer remembers a processed event id


class SeenIds:
    """Claimed (in progress, time inf) and processed (time done) event ids."""

    __slots__ = ("_ids", "_order")

    def __init__(self) -> None:
        self._ids: dict[str, float] = {}
        self._order: deque[tuple[float, str]] = deque()

    def known(self, event_id: str, now: float) -> bool:
        """True when the id is in progress or was processed within the last hour."""
        done = self._ids.get(event_id)
        return done is not None and (done == math.inf or done >= now - TTL)

    def claim(self, event_id: str) -> None:
        """Work on the id starts: mark it in progress."""
        self._ids[event_id] = math.inf

    def release(self, event_id: str) -> None:
        """The try failed: forget the in-progress marker so a retry may run."""
        if self._ids.get(event_id) == math.inf:
            del self._ids[event_id]

    def done(self, event_id: str, now: float) -> None:
        """The id was processed: remember it for an hour (older ids are dropped)."""
        self._ids[event_id] = now
        order = self._order
        order.append((now, event_id))
        while order and order[0][0] < now - TTL:
            t, old = order.popleft()
            if self._ids.get(old) == t:
                del self._ids[old]
