"""What a consumer's parts share: the state `Consumer.start` sets up and the steps
`Consumer` implements, declared once for the type checker.

`AsyncInvocations` (invoking.py) and `QueueReader` (reading.py) are the two ways a
consumer (Lambda) is invoked; both build on `FunctionState`, and `Consumer` completes it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from simulator.engine.copies import Copy
from simulator.engine.core import Call
from simulator.engine.links import Link
from simulator.engine.nodes.base import MessageSource, NodeSim
from simulator.engine.nodes.idempotency import SeenIds
from simulator.engine.nodes.instances import Instance, Instances
from simulator.engine.nodes.scaling import Concurrency
from simulator.engine.nodes.zones import ZoneLoss


class FunctionState(NodeSim):
    """A function's environments, admission, sampling and publishing (set by `Consumer`)."""

    # The fast paths (`_run_one`, the queue's); False forces the general code.
    FAST: ClassVar[bool] = True
    _fast: bool  # FAST when the run started (a field: compiled, a class variable is a lookup)

    # Set by Consumer.wire/start.
    sources: list[MessageSource]
    limit: int
    invocations: int
    billed_ms: int
    throttles: int
    duplicates: int
    provisioned_used: int
    zones: ZoneLoss | None
    _backlog: deque[Copy]
    _envs: int
    _provisioned: int
    _pool: Instances | None
    _seen: SeenIds | None
    _conc: Concurrency
    _service: Callable[[], float]
    _rand: Callable[[], float]
    _p: float
    _timeout: float
    _forward: Link | None
    _events: list[tuple[float, int, int, Any]]
    _eids: Iterator[int]
    # The completion callbacks, bound once (compiled, a bound method made per call allocates)
    _on_message_done: Callable[[Call], None]
    _on_one_done: Callable[[Call], None]
    _on_one_failed: Callable[[Call], None]

    def _pump(self) -> None:
        raise NotImplementedError

    def _admit(self, now: float) -> bool:
        raise NotImplementedError

    def _take(self, now: float, instance: Instance | None) -> None:
        raise NotImplementedError

    def _release(self, instance: Instance | None) -> None:
        raise NotImplementedError

    def publish(self, copy: Copy) -> None:
        """Success: hand the copy on (Consumer.publish)."""
        raise NotImplementedError
