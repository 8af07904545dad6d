"""Lambda concurrency: the account pool, reserved concurrency and burst scaling.

- The account has `scenario.account_concurrency` environments (default 1,000) running at
  once across every function. A function's `reserved_concurrency` sets that many aside
  for it alone and caps it there; the others share the unreserved rest (AWS keeps at
  least 100 unreserved; validation enforces it).
- `concurrency` stays the function's own cap: below it, asynchronous invocations wait in
  the function's event queue (the backlog) and queue readers poll; the pool, the
  reservation and burst scaling are what *throttle* an invocation.
- Burst scaling: each function adds at most 1,000 new environments per 10 s, an
  allowance refilling continuously (100/s) that never holds more than 1,000.
- The quota is per account and Region: consumers in different accounts or Regions have
  pools of their own (`pools_for`). A function without a reservation claims its
  `provisioned` environments from the shared pool for good (busy or not, as AWS counts
  allocated provisioned concurrency); its executions beyond them use the shared rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from simulator.model.concurrency import claims, consumer_placements

if TYPE_CHECKING:
    from simulator.model import Topology

BURST: Final = 1000.0  # new environments a function may add at once
BURST_REFILL: Final = 100.0  # per second: 1,000 per 10 s
DEFAULT_ACCOUNT: Final = 1000
UNRESERVED_MIN: Final = 100


class AccountPool:
    """Concurrent executions of one run's account: reserved slices and the shared rest."""

    __slots__ = ("total", "unreserved", "used")

    def __init__(self, total: int, reserved: int, provisioned: int = 0):
        self.total = total
        # shared by functions without a reservation, less what they keep provisioned
        self.unreserved = max(0, total - reserved - provisioned)
        self.used = 0  # executions running on the unreserved pool


class Concurrency:
    """One function's admission: its reservation or the shared pool, and its burst allowance."""

    __slots__ = ("_burst_t", "_own", "_pool", "_reserved", "_tokens", "running")

    def __init__(self, pool: AccountPool, reserved: int | None, provisioned: int = 0):
        self._pool = pool
        self._reserved = reserved
        self._own = provisioned if reserved is None else 0  # claimed from the pool for good
        self._tokens = BURST
        self._burst_t = 0.0
        self.running = 0  # executions of this function counted against its pool

    def room(self) -> bool:
        """True when the account (reservation or shared pool) lets one more execution run."""
        if self._reserved is not None:
            return self.running < self._reserved
        return self.running < self._own or self._pool.used < self._pool.unreserved

    def take(self) -> None:
        """One execution starts."""
        self.running += 1
        if self._reserved is None and self.running > self._own:
            self._pool.used += 1

    def give(self) -> None:
        """One execution ends."""
        if self._reserved is None and self.running > self._own:
            self._pool.used -= 1
        self.running -= 1

    def may_scale(self, now: float) -> bool:
        """Take one new-environment token if the burst allowance has one at `now`."""
        tokens = min(BURST, self._tokens + (now - self._burst_t) * BURST_REFILL)
        self._burst_t = now
        if tokens >= 1.0:
            self._tokens = tokens - 1.0
            return True
        self._tokens = tokens
        return False

    def next_token(self, now: float) -> float:
        """Seconds until the burst allowance holds a token again."""
        tokens = min(BURST, self._tokens + (now - self._burst_t) * BURST_REFILL)
        return max(0.0, (1.0 - tokens) / BURST_REFILL)


def pools_for(topology: Topology) -> dict[str, AccountPool]:
    """Each consumer's pool: one per account and Region, of `scenario.account_concurrency`
    less what that placement's functions reserve or keep provisioned."""
    total = int(topology.scenario.account_concurrency)
    pools: dict[str, AccountPool] = {}
    for nodes in consumer_placements(topology).values():
        pool = AccountPool(total, *claims(nodes))
        pools.update((node.id, pool) for node in nodes)
    return pools
