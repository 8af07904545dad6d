"""A streaming histogram with logarithmic buckets (DDSketch-style).

Quantiles are within `rel_error` of the exact value: by default 0.05%, i.e. 3 significant
digits (as an HdrHistogram with 3 significant value digits) and never outside the exact
minimum and maximum, so a constant reports exactly itself. Memory depends on the range
of the values present (buckets are a sparse dict), never on how many were added. Mean,
min and max are exact.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

SMALLEST: Final = 1e-9  # values at or below this count as zero
PRECISION: Final = 0.0005  # relative error of a quantile: 3 significant digits


class LogHistogram:
    """Counts of values in buckets (gamma^(i-1), gamma^i], plus exact count, sum and max."""

    __slots__ = ("_gamma", "_inv_log_gamma", "count", "counts", "max", "min", "total", "zeros")

    def __init__(self, rel_error: float = PRECISION):
        self._gamma = (1.0 + rel_error) / (1.0 - rel_error)
        self._inv_log_gamma = 1.0 / math.log(self._gamma)
        self.counts: dict[int, int] = {}
        self.zeros = 0
        self.count = 0
        self.total = 0.0
        self.max = 0.0
        self.min = math.inf  # smallest positive value

    def add(self, value: float) -> None:
        """Record one value (negative values count as 0)."""
        self.count += 1
        if value <= SMALLEST:
            self.zeros += 1
            return
        self.total += value
        if value > self.max:
            self.max = value
        if value < self.min:
            self.min = value
        index = math.ceil(math.log(value) * self._inv_log_gamma)
        counts = self.counts
        counts[index] = counts.get(index, 0) + 1

    def add_many(self, values: list[float]) -> None:
        """Record many values at once (binned with numpy: much faster than `add` per value)."""
        if not values:
            return
        array = np.asarray(values, dtype=float)
        self.count += len(array)
        positive = array[array > SMALLEST]
        self.zeros += len(array) - len(positive)
        if not len(positive):
            return
        self.total += float(positive.sum())
        self.max = max(self.max, float(positive.max()))
        self.min = min(self.min, float(positive.min()))
        indexes, counts = np.unique(
            np.ceil(np.log(positive) * self._inv_log_gamma).astype(np.int64), return_counts=True
        )
        buckets = self.counts
        for index, n in zip(indexes.tolist(), counts.tolist(), strict=True):
            buckets[index] = buckets.get(index, 0) + n

    def merge(self, other: LogHistogram) -> None:
        """Add every value recorded in `other`."""
        for index, n in other.counts.items():
            self.counts[index] = self.counts.get(index, 0) + n
        self.zeros += other.zeros
        self.count += other.count
        self.total += other.total
        self.max = max(self.max, other.max)
        self.min = min(self.min, other.min)

    def clear(self) -> None:
        """Forget every value."""
        self.counts.clear()
        self.zeros = self.count = 0
        self.total = self.max = 0.0
        self.min = math.inf

    @property
    def mean(self) -> float:
        """The exact mean (0 when empty)."""
        return self.total / self.count if self.count else 0.0

    def quantile(self, q: float) -> float:
        """The q-quantile (nearest rank), within the relative error; 0 when empty."""
        return self.quantiles((q,))[0]

    def quantiles(self, qs: tuple[float, ...]) -> list[float]:
        """Several quantiles (ascending q) in one pass over the sorted buckets."""
        if not self.count:
            return [0.0] * len(qs)
        ranks = [max(1, math.ceil(q * self.count)) for q in qs]
        values: list[float] = []
        seen = self.zeros
        buckets = iter(sorted(self.counts.items()))
        last = 0
        for rank in ranks:
            while seen < rank:
                index, n = next(buckets, (None, 0))
                if index is None:
                    break
                seen += n
                last = index
            if seen < rank:
                values.append(self.max)
            elif seen == self.zeros and rank <= self.zeros:
                values.append(0.0)
            else:
                estimate = 2.0 * self._gamma**last / (self._gamma + 1.0)
                values.append(min(max(estimate, self.min), self.max))
        return values

    def summary(self) -> dict[str, float]:
        """mean, p50, p95, p99 and max."""
        p50, p95, p99 = self.quantiles((0.5, 0.95, 0.99))
        return {"mean": self.mean, "p50": p50, "p95": p95, "p99": p99, "max": self.max}
