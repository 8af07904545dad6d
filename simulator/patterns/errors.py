"""The error raised for invalid event patterns and filter policies, worded like the services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

EVENTBRIDGE_PREFIX = "Event pattern is not valid. Reason: "
SNS_PREFIX = "Invalid parameter: FilterPolicy: "


class PatternError(ValueError):
    """An event pattern or SNS filter policy that the service would reject."""

    def __init__(self, reason: str, path: Sequence[str] = (), *, sns: bool = False) -> None:
        self.reason = reason
        self.path = ".".join(path)
        self.sns = sns
        where = f"{self.path}: " if self.path else ""
        super().__init__(f"{SNS_PREFIX if sns else EVENTBRIDGE_PREFIX}{where}{reason}")


class Context:
    """Compile-time settings, error factory and per-compile cache shared by the validators."""

    __slots__ = ("leaves", "sns")

    def __init__(self, sns: bool) -> None:
        self.sns = sns
        self.leaves: dict[int, Any] = {}  # id(value array) -> its parsed LeafSpec

    def fail(self, reason: str, path: Sequence[str] = ()) -> PatternError:
        """Build (not raise) a PatternError for `path`; callers write `raise ctx.fail(...)`."""
        return PatternError(reason, path, sns=self.sns)
