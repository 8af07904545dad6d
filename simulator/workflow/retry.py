"""Retry and Catch: which retrier takes an error, the delay before each retry, catchers.

Retry n (n = 1, 2, ...) of a retrier waits min(IntervalSeconds x BackoffRate^(n-1),
MaxDelaySeconds); with `JitterStrategy: FULL` a uniform draw from 0 to that. The first
retrier whose `ErrorEquals` covers the error decides: while its own count of retries is
below `MaxAttempts` the state runs again, otherwise the error goes to the catchers.
Counts start afresh every time the state is entered.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulator.workflow.errors import matches

DEFAULT_INTERVAL = 1.0
DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF = 2.0


@dataclass(frozen=True)
class Retrier:
    """One entry of a state's `Retry` list."""

    errors: tuple[str, ...]
    interval: float = DEFAULT_INTERVAL
    max_attempts: int = DEFAULT_ATTEMPTS
    backoff: float = DEFAULT_BACKOFF
    max_delay: float = math.inf
    full_jitter: bool = False

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Retrier:
        """From the ASL object (statelint has checked the types)."""
        return cls(
            errors=tuple(raw.get("ErrorEquals", ())),
            interval=float(raw.get("IntervalSeconds", DEFAULT_INTERVAL)),
            max_attempts=int(raw.get("MaxAttempts", DEFAULT_ATTEMPTS)),
            backoff=float(raw.get("BackoffRate", DEFAULT_BACKOFF)),
            max_delay=float(raw.get("MaxDelaySeconds", math.inf)),
            full_jitter=raw.get("JitterStrategy", "NONE") == "FULL",
        )

    def ceiling(self, n: int) -> float:
        """The delay before retry `n` without jitter (the upper bound with FULL jitter)."""
        return min(self.interval * self.backoff ** (n - 1), self.max_delay)

    def delay(self, n: int, uniform: Callable[[], float]) -> float:
        """The delay before retry `n`; `uniform` draws from U(0, 1) for FULL jitter."""
        ceiling = self.ceiling(n)
        return ceiling * uniform() if self.full_jitter else ceiling

    def mean_delay(self, n: int) -> float:
        """The expected delay before retry `n`."""
        return self.ceiling(n) / 2 if self.full_jitter else self.ceiling(n)


@dataclass(frozen=True)
class Catcher:
    """One entry of a state's `Catch` list."""

    errors: tuple[str, ...]
    next: Any  # the State to go to
    result_path: Any  # a Putter placing the error output in the state's input (None: `$`)

    def covers(self, error: str) -> bool:
        """True when this catcher takes `error`."""
        return matches(self.errors, error)


def find_retrier(retriers: tuple[Retrier, ...], error: str) -> int:
    """Index of the first retrier covering `error`, or -1."""
    for i, retrier in enumerate(retriers):
        if matches(retrier.errors, error):
            return i
    return -1
