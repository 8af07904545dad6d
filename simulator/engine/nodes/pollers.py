"""The pollers of a queue-fed consumer (Lambda's SQS event source mapping).

The mapping starts with 5 pollers (concurrent batches), adds up to 300 a minute (5 a
second, continuously) while messages wait and every poller is busy, up to
`maximum_concurrency` (default 1,000, never above the function's `concurrency`), and
scales back at the same rate toward 5 while the queue is empty. Pollers without a batch
keep long-polling the queue (their empty receives count for cost). `allowed` is the
number of pollers now; a poller that receives a batch the function cannot run (a
throttle) backs off for `THROTTLE_PAUSE` seconds before polling again.
"""

from __future__ import annotations

from typing import Final

from simulator.engine.stats import Level

START: Final = 5  # concurrent batches a mapping starts with
RAMP: Final = 300.0 / 60.0  # pollers added (or removed) per second
DEFAULT_MAX: Final = 1000
EPS: Final = 1e-9  # float slack: a poller due at t exists at t
THROTTLE_PAUSE: Final = 1.0  # seconds a throttled poller waits before polling again


class Pollers:
    """How many batches may be in flight at once, and how many are."""

    __slots__ = (
        "_allow", "_dir", "_t", "alive", "base", "cap", "fixed", "level", "static", "used",
    )  # fmt: skip

    def __init__(self, cap: int):
        self.cap = float(max(1, cap))
        self.base = min(float(START), self.cap)
        self.fixed = self.cap <= self.base  # never scales (a cap of 5 or fewer)
        self.static = int(self.cap)  # when fixed: what `allowed` always gives (the cap)
        self._allow = self.base
        self.alive = int(self._allow + EPS)  # pollers alive as of the last steer
        self._t = 0.0
        self._dir = 0  # +1 ramping up (messages wait), -1 scaling down (queue empty)
        self.used = 0  # pollers with a batch in flight or backing off after a throttle
        self.level = Level()  # pollers alive (time-weighted for the figures)
        self.level.add(int(self.base), 0.0)

    def allowed(self, now: float) -> int:
        """Pollers alive at `now`: a pure function of the last steer (so looking at the
        figures never changes a run)."""
        if not self._dir:  # steady: `_allow` is already within [base, cap]
            return int(self._allow + EPS)
        allow = self._allow + self._dir * RAMP * (now - self._t)
        return int(min(self.cap, max(self.base, allow)) + EPS)

    def peek(self, now: float) -> int:
        """Pollers alive at `now`, changing nothing (the cost model's look at idle pollers)."""
        allow = self._allow + self._dir * RAMP * (now - self._t) if self._dir else self._allow
        return int(min(self.cap, max(self.base, allow)) + EPS)

    def steer(self, now: float, waiting: bool, empty: bool) -> float | None:
        """After a pump: ramp up while messages wait for a poller, down while the queue is
        empty; returns the delay until one more poller exists when ramping (else None)."""
        allow = self._allow + self._dir * RAMP * (now - self._t)
        self._allow = min(self.cap, max(self.base, allow))
        self._t = now
        alive = self.alive = int(self._allow + EPS)
        if alive != self.level.value:
            self.level.add(alive - self.level.value, now)
        if waiting and self._allow < self.cap:
            self._dir = 1
            return (alive + 1 - self._allow) / RAMP + EPS
        self._dir = -1 if empty and self._allow > self.base else 0
        return None
