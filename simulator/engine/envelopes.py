"""Envelope fields the engine assigns: event ids and EventBridge-style timestamps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from simulator.engine.rng import stable_key

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


class Timestamps:
    """ISO-8601 times (second resolution, as EventBridge writes them) of simulated seconds."""

    def __init__(self) -> None:
        self._second = -1
        self._text = ""
        self._day = -1
        self._date = ""

    def at(self, now: float) -> str:
        """The envelope `time` of simulated time `now` (cached per second)."""
        second = int(now)
        if second != self._second:
            self._second = second
            day, rest = divmod(second, 86400)
            if day != self._day:
                self._day = day
                self._date = (EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")
            hours, rest = divmod(rest, 3600)
            minutes, seconds = divmod(rest, 60)
            self._text = f"{self._date}T{hours:02d}:{minutes:02d}:{seconds:02d}Z"
        return self._text


def id_maker(component: str) -> Callable[[], str]:
    """Deterministic UUID-shaped event ids unique to `component`: prefix + a counter."""
    digest = f"{stable_key(component):016x}"
    prefix = f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-8{digest[1:4]}-"
    counter = iter(range(1, 1 << 48))

    def make() -> str:
        return f"{prefix}{next(counter):012x}"

    return make


def emitted(
    event: dict[str, Any], overrides: dict[str, Any], event_id: str, time: str
) -> dict[str, Any]:
    """A new envelope: `event` with `overrides` applied, a new id and the current time."""
    envelope = {**event, **overrides}
    envelope["id"] = event_id
    envelope["time"] = time
    return envelope
