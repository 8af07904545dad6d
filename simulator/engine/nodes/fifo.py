"""FIFO message groups: order within a group, a group blocked while a message is in flight."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterator
from typing import Any

from simulator.engine.copies import VISIBLE, Copy


def group_reader(path: str | None) -> Any:
    """A function giving a copy's message group from a dotted field path (None: one group)."""
    if not path:
        return lambda event: None
    keys = path.split(".")

    def group_of(event: dict[str, Any]) -> Hashable:
        value: Any = event
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value if isinstance(value, Hashable) else repr(value)

    return group_of


class FifoGroups:
    """Visible messages per group; groups with messages and nothing in flight are ready."""

    def __init__(self, group_by: str | None, owner: object):
        self._group_of = group_reader(group_by)
        self._owner = owner
        self._groups: dict[Hashable, deque[Copy]] = {}
        self._ready: deque[Hashable] = deque()
        self._ready_set: set[Hashable] = set()
        self._in_flight: dict[Hashable, int] = {}

    def push(self, copy: Copy, front: bool = False) -> None:
        """A message becomes visible (at the back, or at the front when it reappears)."""
        group = self._group_of(copy.event)
        messages = self._groups.get(group)
        if messages is None:
            messages = self._groups[group] = deque()
        if front:
            messages.appendleft(copy)
        else:
            messages.append(copy)
        self._mark_ready(group)

    def _mark_ready(self, group: Hashable) -> None:
        if group not in self._ready_set and not self._in_flight.get(group):
            self._ready.append(group)
            self._ready_set.add(group)

    def take(self, n: int) -> list[Copy]:
        """Up to `n` messages, in order, from the next ready group (which becomes blocked)."""
        owner = self._owner
        while self._ready:
            group = self._ready.popleft()
            self._ready_set.discard(group)
            messages = self._groups[group]
            batch: list[Copy] = []
            while messages and len(batch) < n:
                copy = messages.popleft()
                if copy.home is owner and copy.state == VISIBLE:
                    batch.append(copy)
            if not messages:
                del self._groups[group]
            if batch:
                self._in_flight[group] = self._in_flight.get(group, 0) + len(batch)
                return batch
        return []

    def release(self, copy: Copy) -> None:
        """A message left flight (deleted, reappeared, moved): maybe unblock its group."""
        group = self._group_of(copy.event)
        left = self._in_flight[group] - 1
        if left:
            self._in_flight[group] = left
            return
        del self._in_flight[group]
        if group in self._groups:
            self._mark_ready(group)

    def __iter__(self) -> Iterator[Copy]:
        for messages in self._groups.values():
            yield from messages
