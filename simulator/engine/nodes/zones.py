"""Availability-zone failures (`az-failure` faults): work in a lost zone fails over.

The serverless services run in several Availability Zones of a Region; when one zone is
disrupted, they fail over and retry elsewhere, so transactions complete with higher latency
instead of failing (AWS, "Availability Zones" in the Lambda, SNS and EventBridge resilience
pages). While an `az-failure` fault with `share` s is active on a node, each piece of work
that starts there (a consumer's invocation or queue batch, a router's or topic's routing
of an arriving event) lands in the lost zone with probability s; it is retried in the
remaining zones after `FAILOVER_DELAY`. Overlapping faults combine as independent losses:
1 - prod(1 - s_i). Work already running when the zone fails is not disturbed.

`FAILOVER_DELAY` is 1 s: Lambda retries an invocation that met a service error (the 500
class a failed zone gives) with backoff that starts at 1 second (Lambda developer guide,
"Asynchronous invocation": throttles and system errors are retried from 1 s up to 5 min),
and the first retry is the one that lands in a healthy zone.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

from simulator.engine.rng import Sampler, uniform
from simulator.model import Fault

if TYPE_CHECKING:
    from simulator.engine.nodes.base import NodeSim

FAILOVER_DELAY: Final = 1.0  # seconds before work lost with its zone is retried in another zone


class ZoneLoss:
    """An active zone loss on one node: draws the failover delay of each piece of work."""

    __slots__ = ("rand", "share")

    def __init__(self, share: float, rand: Sampler):
        self.share = share
        self.rand = rand

    def delay(self) -> float:
        """FAILOVER_DELAY for work that landed in the lost zone, else 0."""
        return FAILOVER_DELAY if self.rand() < self.share else 0.0


def lost_share(active: list[Fault]) -> float:
    """The share of zones lost under the active faults (independent losses combine)."""
    kept = math.prod(1.0 - (f.share or 0.0) for f in active if f.kind == "az-failure")
    return 1.0 - kept


class ZoneFaults:
    """Keeps one random stream per node with zone faults and sets `node.zones`."""

    def __init__(self) -> None:
        self._rand: dict[str, Sampler] = {}

    def apply(self, node: NodeSim, active: list[Fault]) -> None:
        """Set the node's `zones` (a ZoneLoss, or None when no zone is lost).

        Only kinds that declare a `zones` attribute (consumers, routers, topics) fail over.
        """
        if not hasattr(node, "zones"):
            return
        share = lost_share(active)
        loss = None
        if share > 0.0:
            rand = self._rand.get(node.id)
            if rand is None:
                rand = self._rand[node.id] = uniform(node.ctx.stream(node.id, "zones"))
            loss = ZoneLoss(share, rand)
        setattr(node, "zones", loss)  # noqa: B010 (declared by the kinds that fail over)
