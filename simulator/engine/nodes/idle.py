"""A queue's idle time and its readers' idle pollers (the cost model's empty receives).

While no message is visible, each reader's pollers long-poll the queue (one empty receive
per 20 s poll): they scale back from their count when the gap began at RAMP per second to
the mapping's idle floor. `IdleGaps` (a base of `Queue`) keeps the seconds without visible
messages and those poller-seconds; the queue opens a gap when its depth drops to 0
(`_gap_begins`) and closes it when a message shows (its `_show`, inline).
"""

from __future__ import annotations

from typing import ClassVar, Final

from simulator.engine.nodes.base import NodeSim, Reader
from simulator.engine.nodes.pollers import RAMP, START

MIN_POLLERS: Final = START  # an SQS event source mapping keeps 5 pollers polling, idle or not


def ramp_down_area(alive: float, seconds: float, floor: float = MIN_POLLERS) -> float:
    """Poller-seconds over `seconds` of an empty queue for a mapping with `alive` pollers
    at the start: they scale back at RAMP per second to `floor`, then stay."""
    if alive <= floor:
        return floor * seconds
    tau = (alive - floor) / RAMP
    if seconds <= tau:
        return alive * seconds - RAMP * seconds * seconds / 2
    return (alive + floor) / 2 * tau + floor * (seconds - tau)


def idle_floor(reader: Reader) -> int:
    """Pollers a mapping keeps on an idle queue: 5, or its `maximum_concurrency` when lower
    (2 to 4; the function's own concurrency does not stop the pollers polling)."""
    cap = reader.node.get("maximum_concurrency") if isinstance(reader, NodeSim) else None
    return min(MIN_POLLERS, int(cap)) if cap else MIN_POLLERS


class IdleGaps(NodeSim):
    """Gaps without visible messages: their seconds and their readers' poller-seconds."""

    FAST: ClassVar[bool] = True  # Queue.FAST: False switches the flat shortcut off too
    _fast: bool  # FAST when the run started (a field: compiled, a class variable is a lookup)
    _readers: list[Reader]

    def _start_gaps(self) -> None:
        self._empty_since: float | None = 0.0  # when the queue last ran out of visible messages
        self._idle = 0.0  # seconds without visible messages in the measured window
        self._gap_pollers: list[int] | None = None  # readers' pollers when the gap began
        self._poller_seconds = 0.0  # idle pollers x seconds without visible messages
        self._floors: list[int] | None = None  # each reader's idle pollers (`idle_floor`)
        self._flat = -1  # `_find_flat` (-1: not known yet)

    def reset_stats(self, now: float) -> None:
        """Warm-up ends: idle time is measured from now."""
        super().reset_stats(now)
        self._idle = self._poller_seconds = 0.0
        if self._empty_since is not None:
            self._gap_begins(now)

    def _gap_begins(self, now: float) -> None:
        """No message is visible from `now`: note the readers' pollers (they scale down)."""
        self._empty_since = now
        if (self._flat if self._flat >= 0 else self._find_flat()) > 0:
            return  # a constant count: nothing to note
        readers = self._readers
        self._gap_pollers = (
            [readers[0].pollers_alive(now)]
            if len(readers) == 1
            else [r.pollers_alive(now) for r in readers]
        )

    def _gap_area(self, now: float) -> float:
        """Poller-seconds of the gap so far: each reader's live pollers (at least its idle
        floor) scale back from their count at the gap's start at RAMP per second."""
        assert self._empty_since is not None
        seconds = now - self._empty_since
        flat = self._flat if self._flat >= 0 else self._find_flat()
        if flat:  # what the loop below gives for one reader whose pollers stay at the floor
            return flat * seconds
        alive = self._gap_pollers or [0] * len(self._readers)  # t = 0: the start count
        if self._floors is None:
            self._floors = [idle_floor(r) for r in self._readers]
        area = 0.0
        for pollers, floor in zip(alive, self._floors, strict=True):
            area += ramp_down_area(float(max(floor, pollers)), seconds, floor)
        return area

    def _find_flat(self) -> int:
        """The idle pollers of a queue read by one mapping that never scales and keeps at
        most its idle floor polling (the gaps' poller count is that floor throughout),
        else 0. Known once the readers have started: found at the first gap."""
        readers = self._readers
        steady = readers[0].steady_pollers() if len(readers) == 1 and self._fast else None
        floor = idle_floor(readers[0]) if steady is not None else 0
        self._flat = floor if steady is not None and steady <= floor else 0
        return self._flat

    def idle_seconds(self, now: float) -> float:
        """Seconds of the measured window during which no message was visible."""
        open_gap = now - self._empty_since if self._empty_since is not None else 0.0
        return self._idle + open_gap

    def poller_seconds(self, now: float) -> float:
        """Idle poller-seconds of the measured window, the open gap included."""
        open_gap = self._gap_area(now) if self._empty_since is not None else 0.0
        return self._poller_seconds + open_gap
