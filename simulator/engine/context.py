"""What a node sees of its run: the clock, the ledger, random streams and dead letters.

Nodes get a `RunContext`, not the whole `Simulation`: the context holds exactly what
node code uses, so a node cannot reach the other nodes, the series or the faults.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from simulator.engine.copies import Copy, chunks
from simulator.engine.core import Env
from simulator.engine.envelopes import Timestamps
from simulator.engine.ledger import Ledger
from simulator.engine.nodes.scaling import DEFAULT_ACCOUNT, AccountPool
from simulator.engine.rng import stream

if TYPE_CHECKING:
    from simulator.engine.links import Link


class RunContext:
    """One run as its nodes see it.

    env: the SimPy environment (clock and scheduler); ledger: where copies are created
    and end; duration: simulated seconds the run lasts; base_dir: the topology file's
    folder (relative trace files); timestamps: simulated time -> envelope `time`;
    pools: each consumer's Lambda concurrency pool (one per account and Region; a consumer
    without one gets a default pool of its own).
    """

    __slots__ = ("base_dir", "duration", "env", "ledger", "pools", "seed", "timestamps")

    def __init__(
        self,
        env: Env,
        ledger: Ledger,
        *,
        seed: int,
        duration: float,
        base_dir: Path | None,
        pools: dict[str, AccountPool] | None = None,
    ):
        self.env = env
        self.ledger = ledger
        self.seed = seed
        self.duration = duration
        self.base_dir = base_dir
        self.timestamps = Timestamps()
        self.pools = pools or {}  # Lambda concurrency, by consumer id

    def pool(self, node_id: str) -> AccountPool:
        """The concurrency pool consumer `node_id` draws from."""
        pool = self.pools.get(node_id)
        if pool is None:
            pool = self.pools[node_id] = AccountPool(DEFAULT_ACCOUNT, 0)
        return pool

    def stream(self, component: str, purpose: str = "") -> np.random.Generator:
        """The random generator of `component` for `purpose` in this run."""
        return stream(self.seed, component, purpose)

    def dead_letter(self, copy: Copy, link: Link, node_id: str) -> None:
        """End `copy` as dead-lettered at `node_id` and hand the message to the edge's target.

        A target that is a sink (a queue nobody reads) parks it: outside the ledger, its
        depth and expiry show on that node, and it is billed the SendMessage a read queue
        would be. Any other target gets a new copy of the same correlation id.
        """
        target = link.target
        if target.sink:
            target.park(copy.event, chunks(copy))
            self.ledger.end(copy, "dead_lettered", node_id)
            return
        fresh = self.ledger.spawn(copy)
        self.ledger.end(copy, "dead_lettered", node_id)
        link.send(fresh)
