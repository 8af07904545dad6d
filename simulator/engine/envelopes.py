"""Envelope fields the engine assigns: event ids and EventBridge-style timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from simulator.engine.rng import stable_key

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


SECONDS = [f"{s:02d}Z" for s in range(60)]  # the envelope time's last field


class Timestamps:
    """ISO-8601 times (second resolution, as EventBridge writes them) of simulated seconds."""

    def __init__(self) -> None:
        self._second = -1
        self._text = ""
        self._minute = -1
        self._prefix = ""  # "YYYY-MM-DDTHH:MM:" of the cached minute

    def at(self, now: float) -> str:
        """The envelope `time` of simulated time `now` (cached per second and minute)."""
        second = int(now)
        if second != self._second:
            self._second = second
            minute, seconds = divmod(second, 60)
            if minute != self._minute:
                self._minute = minute
                day, rest = divmod(minute, 1440)
                date = (EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")
                self._prefix = f"{date}T{rest // 60:02d}:{rest % 60:02d}:"
            self._text = self._prefix + SECONDS[seconds]
        return self._text


class IdMaker:
    """Deterministic UUID-shaped event ids unique to a component: prefix + a counter.

    Calling it gives the next id (the counter starts at 1)."""

    __slots__ = ("_n", "_prefix")

    def __init__(self, component: str):
        digest = f"{stable_key(component):016x}"
        self._prefix = f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-8{digest[1:4]}-"
        self._n = 0

    def __call__(self) -> str:
        self._n += 1
        return self._prefix + format(self._n, "012x")


def emitted(
    event: dict[str, Any],
    overrides: dict[str, Any],
    event_id: str,
    time: str,
    place: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """A new envelope: `event` with `overrides` applied, a new id and the current time.

    `place` is the (account, Region) of the node publishing it: PutEvents stamps the
    caller's account and Region on the event, so they replace the incoming event's unless
    `overrides` sets them (issue 16: events carry their producer's account and region)."""
    envelope = {**event, **overrides}
    if place is not None:
        if "account" not in overrides:
            envelope["account"] = place[0]
        if "region" not in overrides:
            envelope["region"] = place[1]
    envelope["id"] = event_id
    envelope["time"] = time
    return envelope
