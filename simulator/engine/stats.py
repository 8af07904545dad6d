"""Streaming statistics kept by nodes: time-weighted levels and warm-up baselines."""

from __future__ import annotations


class Level:
    """A time-weighted level such as queue depth or busy workers: mean and max over a window."""

    __slots__ = ("area", "peak", "start", "t", "value")

    def __init__(self, value: float = 0) -> None:
        self.value = value
        self.t = 0.0
        self.start = 0.0
        self.area = 0.0
        self.peak = value

    def add(self, delta: float, now: float) -> None:
        """Change the level by `delta` at time `now`."""
        self.area += self.value * (now - self.t)
        self.t = now
        self.value += delta
        if self.value > self.peak:
            self.peak = self.value

    def reset(self, now: float) -> None:
        """Start a new measurement window at `now` (warm-up ends)."""
        self.area = 0.0
        self.t = self.start = now
        self.peak = self.value

    def mean(self, now: float) -> float:
        """The time-average since the window started."""
        span = now - self.start
        if span <= 0:
            return float(self.value)
        return (self.area + self.value * (now - self.t)) / span
