"""Archives and replays at run time (EventBridge archive and StartReplay; issue 16).

A router with an `archive` keeps each event it routes that matches the archive's
pattern, with the time it routed it (`Archive.keep`). Replayed events carry a
`replay-name` and are not archived again. Only events inside some replay's window are
stored (the rest are counted), so an archive nobody replays costs no memory.

A replay `{router, from, to, at}` re-sends, from time `at`, the events archived in
[from, to) that the archive still holds at `at` (archived less than `retention` seconds
before). As StartReplay does, it goes through the window in one-minute slices of archive
time, the first minute first: slice k (events archived in [from + 60k, from + 60(k+1)))
is re-sent during [at + 60k, at + 60(k+1)), its events evenly spaced in an order drawn
from the replay's own random stream (order within a slice is not guaranteed). So a replay
re-sends at about the rate the events were archived, and takes as long as its window.

Each replayed event is a new copy (a new root with the original correlation id): a copy
of the archived envelope plus `replay-name`, counted in `created` and `events.replayed`,
then received by the router like any event (its rules match it; it ends like any copy).
"""

from __future__ import annotations

import math
from collections import deque
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from simulator.engine.core import Call, Env
from simulator.engine.ledger import Ledger
from simulator.model.archive import Replay
from simulator.patterns import compile_pattern
from simulator.problems import Problem, TopologyError

if TYPE_CHECKING:
    from simulator.engine.nodes.base import NodeSim
    from simulator.engine.nodes.router import Router

SLICE: Final = 60.0  # seconds of archive time per replay slice (StartReplay's one-minute intervals)
REPLAY_NAME = "replay-name"  # the envelope field EventBridge adds to replayed events

Entry = tuple[float, dict[str, Any], str, int]  # (archive time, envelope, correlation, bytes)


class Archive:
    """A router's archive: which events it keeps, for how long, and the kept ones."""

    __slots__ = ("archived", "entries", "match", "retention", "storage", "windows")

    def __init__(self, spec: dict[str, Any], end: float = math.inf):
        pattern = spec.get("pattern")
        self.match = compile_pattern(pattern).matches if pattern is not None else None
        retention = spec.get("retention")
        self.retention = float(retention) if retention is not None else math.inf
        self.windows: list[tuple[float, float]] = []  # replay windows: what must be stored
        self.entries: list[Entry] = []  # in archive-time order
        self.archived = 0
        self.storage = Storage(self.retention, end)  # bytes x seconds held (the router adds)

    def keep(self, now: float, event: dict[str, Any], correlation_id: str, size: int) -> bool:
        """Archive `event` (`size` payload bytes) if it matches (replayed events never are);
        True when kept."""
        if REPLAY_NAME in event or (self.match is not None and not self.match(event)):
            return False
        self.archived += 1
        if any(start <= now < end for start, end in self.windows):
            self.entries.append((now, event, correlation_id, size))
        return True

    def window(self, start: float, end: float, now: float) -> list[Entry]:
        """Events archived in [start, end) and still retained at `now`, oldest first."""
        oldest = max(start, now - self.retention)
        return [entry for entry in self.entries if oldest <= entry[0] < end]


class Storage:
    """Byte-seconds an archive holds over the measured window, in O(1) memory for events
    kept past the run's `end` (only events whose retention lapses during the run wait in a
    deque): an event of s bytes archived at t is held over [t, t + retention)."""

    __slots__ = ("_closed", "_end", "_lapsing", "_sum", "_w0", "_weighted", "retention")

    def __init__(self, retention: float, end: float):
        self.retention = retention
        self._end = end
        self._w0 = 0.0  # start of the measured window (warm-up end)
        self._sum = 0.0  # bytes held (not lapsed by the last look)
        self._weighted = 0.0  # sum of bytes x max(t, w0) of those
        self._closed = 0.0  # byte-seconds in the window of lapsed events
        self._lapsing: deque[tuple[float, float]] = deque()  # (t, bytes) lapsing in the run

    def add(self, t: float, size: float) -> None:
        """`size` bytes archived at `t` (not before the window's start)."""
        self._sum += size
        self._weighted += size * max(t, self._w0)
        if t + self.retention < self._end:
            self._lapsing.append((t, size))

    def reset(self, w0: float) -> None:
        """The measured window starts at `w0` (what was held before counts from w0)."""
        self._lapse(w0)
        self._w0 = w0
        self._closed = 0.0
        self._weighted = self._sum * w0

    def byte_seconds(self, now: float) -> float:
        """Bytes x seconds held from the window's start to `now`."""
        self._lapse(now)
        return self._closed + now * self._sum - self._weighted

    def _lapse(self, now: float) -> None:
        lapsing = self._lapsing
        while lapsing and lapsing[0][0] + self.retention <= now:
            t, size = lapsing.popleft()
            start = max(t, self._w0)
            self._sum -= size
            self._weighted -= size * start
            self._closed += size * max(0.0, t + self.retention - start)


class Replays:
    """Schedules a run's replays and injects their events into the routers."""

    def __init__(
        self,
        env: Env,
        ledger: Ledger,
        nodes: dict[str, NodeSim],
        replays: list[Replay],
        stream: Any,
    ):
        self.env = env
        self.ledger = ledger
        self.routers: dict[str, Router] = {}
        for index, replay in enumerate(replays):
            router: Any = nodes.get(replay.router)
            archive = getattr(router, "archive", None)
            if archive is None:  # validation refuses this; a topology built in code may not
                reason = f"router {replay.router!r} has no archive to replay from"
                raise TopologyError([Problem(reason, f"scenario.replays[{index}].router")])
            archive.windows.append((float(replay.start), float(replay.end)))
            if replay.rules is not None:  # FilterArns: these rules only
                router.replay_rules[replay.label(index)] = frozenset(replay.rules)
            self.routers[replay.router] = router
            rng = stream(f"replay:{replay.label(index)}", "order")
            env.at(float(replay.at), self._start, (replay, replay.label(index), rng))

    def _start(self, call: Call) -> None:
        replay, name, rng = call._value
        router = self.routers[replay.router]
        assert router.archive is not None
        entries = router.archive.window(float(replay.start), float(replay.end), self.env.now)
        slices: dict[int, list[Entry]] = {}
        for entry in entries:
            slices.setdefault(int((entry[0] - replay.start) // SLICE), []).append(entry)
        for k, batch in sorted(slices.items()):
            self.env.at(self.env.now + k * SLICE, self._slice, (router, name, batch, rng))

    def _slice(self, call: Call) -> None:
        router, name, batch, rng = call._value
        order = np.asarray(rng.permutation(len(batch)))
        gap = SLICE / len(batch)
        start = self.env.now
        for j, i in enumerate(order.tolist()):
            self.env.at(start + j * gap, self._inject, (router, name, batch[i]))

    def _inject(self, call: Call) -> None:
        router, name, (_, event, correlation_id, size) = call._value
        replayed = {**event, REPLAY_NAME: name}
        copy = self.ledger.replay(replayed, correlation_id, router.id)
        copy.root.size = size  # type: ignore[union-attr]  # a replayed copy has its own root
        router.replayed += 1
        audit = self.ledger.audit
        if audit is not None:
            audit.copy(router.id, copy, "replay", f"replay {name}")
        router.receive(copy)
