"""A batch of queue messages being processed by one consumer invocation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.copies import Copy

if TYPE_CHECKING:
    from simulator.engine.nodes.base import MessageSource


class Batch:
    """Messages received together: their leases, which tries fail, whether it timed out."""

    __slots__ = ("copies", "fails", "leases", "queue", "timed_out")

    def __init__(
        self, queue: MessageSource, copies: list[Copy], fails: list[bool] | None, timed_out: bool
    ):
        self.queue = queue
        self.copies = copies
        self.leases = [copies[0].lease] if len(copies) == 1 else [c.lease for c in copies]
        self.fails = fails
        self.timed_out = timed_out

    def successes(self, partial: bool, fifo: bool) -> list[bool]:
        """Which messages count as processed.

        A timeout or any failure fails the whole batch, unless `partial` (report batch item
        failures): then only failed messages return, and on FIFO queues also every message
        after the first failure (order within a group must hold).
        """
        n = len(self.copies)
        if self.timed_out:
            return [False] * n
        fails = self.fails
        if fails is None or not any(fails):
            return [True] * n
        if not partial:
            return [False] * n
        if fifo:
            first = fails.index(True)
            return [i < first for i in range(n)]
        return [not failed for failed in fails]
