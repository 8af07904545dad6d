"""Topic: SNS-style fan-out to every subscription whose filter policy matches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.engine.nodes.fanout import Fanout
from simulator.patterns import compile_pattern


class Topic(Fanout):
    """A copy to every subscription whose filter matches the event's detail (none: unmatched)."""

    kind = "topic"

    def start(self) -> None:
        """Compile each subscription's filter policy once."""
        super().start()
        for link in self.links:
            if link.edge.filter is not None:
                link.match = detail_matcher(compile_pattern(link.edge.filter, sns=True).matches)


def detail_matcher(matches: Callable[[Any], bool]) -> Callable[[dict[str, Any]], bool]:
    """Apply a filter policy to the event's `detail` object."""

    def match(event: dict[str, Any]) -> bool:
        detail = event.get("detail")
        return matches(detail if isinstance(detail, dict) else {})

    return match
