"""What every node simulation has: identity, links, counters, fault state and statistics.

The protocol between the run and a node kind is declared here, as methods a kind
overrides (like SimPy's `_do_put`/`_do_get` hooks of a resource). Facts known before a
run (whether a node may fail, whether it forwards in zero time) are the model's:
`node.spec` (`simulator.model.kinds.NodeKind`).

- life cycle: `wire`, `start`, `receive` (a copy arrives), `held` (copies it holds);
- faults: `on_faults_changed`, `resume`;
- dead letters: `sink` (parks dead letters outside the ledger) and `park`;
  `dead_letter_link` (where this node's own dead letters go);
- pulled messages: `as_source()` gives a `MessageSource` that readers (`Reader`) take
  messages from and delete them in (a reader may be handed a message as it arrives:
  `Reader.ready`); nodes that push return None;
- figures: `stats`, `usage` (billable counts for the cost model), `live`, `instances`,
  `instances_mean`, `gauge_names`/`gauge` (extra time-series columns), `reset_stats`.

Nodes see the run only through their `RunContext` (`self.ctx`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from mypy_extensions import mypyc_attr, trait

from simulator.engine.copies import Copy
from simulator.engine.figures import NodeLive, NodeStats
from simulator.engine.stats import Level
from simulator.model import Fault, Node
from simulator.model.templates import DEFAULT_ACCOUNT, DEFAULT_REGION

if TYPE_CHECKING:
    from simulator.engine.context import RunContext
    from simulator.engine.links import Link

COUNTERS = ("arrivals", "processed", "failures", "retries", "throttled", "expired", "cold_starts")


@trait
class Reader:
    """A node that takes messages from a `MessageSource` (a queue-fed consumer).

    `Reader` and `MessageSource` are mypyc traits (interfaces a class lists among its
    bases): compiled, calls through them are direct, where a `Protocol`'s are lookups."""

    def offer(self) -> None:
        """The source has visible messages: take some now if there is room."""
        raise NotImplementedError

    def pollers_alive(self, now: float) -> int:
        """Pollers of this reader's event source mapping alive at `now` (no side effects)."""
        raise NotImplementedError

    def steady_pollers(self) -> int | None:
        """The pollers alive at every moment when the mapping never scales, else None."""
        raise NotImplementedError

    def ready(self) -> bool:
        """True when a message now visible alone would be received and run at once: the
        queue then hands it over (`run_message`, the fast path in `Queue._show`)."""
        raise NotImplementedError

    def run_message(self, queue: MessageSource, copy: Copy, now: float) -> None:
        """Run `copy`, just received from `queue` (one message)."""
        raise NotImplementedError


@trait
class MessageSource:
    """A node whose messages are pulled by readers (a queue), not pushed to them.

    `depth.value` is the number of visible messages; `fifo` tells whether order within a
    message group must hold when a batch partly fails.
    """

    id: str
    depth: Level
    deletes: int  # DeleteMessageBatch requests (a reader adds one per batch it deletes from)
    down: bool  # in an outage: nothing can be received
    on_receive: Callable[[float], None] | None  # told the time of each receive (kms.py)

    @property
    def fifo(self) -> bool:
        """True when messages are delivered in order per message group."""
        raise NotImplementedError

    def add_reader(self, reader: Reader) -> None:
        """Register `reader`: it is offered messages whenever some become visible."""
        raise NotImplementedError

    def take(self, n: int) -> list[Copy]:
        """Receive up to `n` visible messages (each copy's `lease` is its lease now)."""
        raise NotImplementedError

    def take_first(self) -> Copy:
        """`take(1)` of a standard queue that is up with a message visible: that message."""
        raise NotImplementedError

    def delete(self, copy: Copy, lease: int) -> bool:
        """Delete a received message; False when the lease lapsed."""
        raise NotImplementedError


@mypyc_attr(allow_interpreted_subclasses=True)  # a kind added at run time subclasses it
class NodeSim:
    """Base of the per-kind simulations; subclasses implement `receive` and friends."""

    kind: ClassVar[str] = ""
    extra_counters: ClassVar[tuple[str, ...]] = ()  # kind-specific counters, also baselined
    gauges: ClassVar[tuple[str, ...]] = ()  # extra time-series columns `<id>.<name>`: gauge()
    billing: ClassVar[tuple[str, ...]] = ()  # counters the cost model prices (see `usage`)

    def __init__(self, ctx: RunContext, node: Node):
        self.ctx = ctx
        self.id = node.id
        self.node = node
        self.env = ctx.env
        self.clock = ctx.env.clock  # the time (`clock.now`): read on every event
        self.ledger = ctx.ledger
        self.links: list[Link] = []  # outgoing flow edges
        self.inputs: list[Link] = []  # incoming edges of any kind
        self.dead_letter_link: Link | None = None  # where this node moves its dead letters
        self.account = DEFAULT_ACCOUNT  # the account owning it and its Region (set by build)
        self.region = DEFAULT_REGION
        self.denied = 0  # publishes its access policy refused (routers, topics)
        self.cross_region_bytes = 0  # envelope bytes it sent to other Regions
        self.kms_requests = 0  # KMS requests of an encrypted queue or topic
        self.reported: tuple[str, ...] = ()  # which of those three it reports (issue 16)
        self.arrivals = 0
        self.processed = 0
        self.failures = 0
        self.retries = 0
        self.throttled = 0
        self.expired = 0
        self.cold_starts = 0
        self.depth: Level = Level()  # waiting work
        self.busy = Level()  # work in progress
        self.capacity = 0.0  # busy units available (utilization denominator); 0: none
        self.down: bool = False
        self.slow = 1.0
        self.error_rate: float | None = None
        self._base: dict[str, int] = {}
        self._wait_sum = 0.0
        self._wait_n = 0

    # --- wiring and life cycle -------------------------------------------------------------
    def wire(self, outgoing: list[Link], incoming: list[Link]) -> None:
        """Receive the node's edges once every node exists."""
        self.links = [link for link in outgoing if link.kind == "flow"]
        self.inputs = incoming

    def start(self) -> None:
        """Schedule initial activity (producers)."""

    def receive(self, copy: Copy) -> None:
        """A copy arrives at this node."""
        raise NotImplementedError

    def held(self) -> int:
        """Ledger copies held in this node's own structures (not in scheduled events)."""
        return 0

    # --- dead letters and pulled messages --------------------------------------------------
    @property
    def sink(self) -> bool:
        """True when dead letters sent here are parked (kept outside the ledger)."""
        return False

    def park(self, event: dict[str, Any], sends: int = 1) -> None:
        """Keep a dead letter outside the ledger (only called when `sink` is True)."""
        raise TypeError(f"node {self.id} ({self.kind}) does not park dead letters")

    def as_source(self) -> MessageSource | None:
        """This node as a source readers pull messages from, or None (it pushes)."""
        return None

    # --- faults ----------------------------------------------------------------------------
    def apply_faults(self, active: list[Fault]) -> None:
        """Set the fault state from the faults active now; resume work after an outage."""
        was_down = self.down
        self.down = any(f.kind == "outage" for f in active)
        self.slow = math.prod(f.factor or 1.0 for f in active if f.kind == "slowdown")
        rates = [f.failure_rate or 0.0 for f in active if f.kind == "errors"]
        self.error_rate = max(rates) if rates else None
        self.on_faults_changed()
        if was_down and not self.down:
            self.resume()

    def on_faults_changed(self) -> None:
        """Hook: fault state changed."""

    def resume(self) -> None:
        """Hook: an outage ended; restart held work."""

    # --- statistics ------------------------------------------------------------------------
    def hop(self, copy: Copy, what: str) -> None:
        """Append a hop to the copy's trace when its root is traced."""
        root = copy.root
        if root is not None and root.hops is not None:
            root.hops.append((self.clock.now, self.id, what, copy.no))

    def note_wait(self, waited: float) -> None:
        """Record one wait (time from arrival to the start of service or receipt)."""
        self._wait_sum += waited
        self._wait_n += 1

    def reset_stats(self, now: float) -> None:
        """Warm-up ends: start measuring from `now`."""
        names = (*COUNTERS, *self.extra_counters, *self.reported)
        self._base = {name: getattr(self, name) for name in names}
        self._wait_sum = 0.0
        self._wait_n = 0
        self.depth.reset(now)
        self.busy.reset(now)

    def count(self, name: str) -> int:
        """Counter `name` since the end of warm-up."""
        return int(getattr(self, name) - self._base.get(name, 0))

    def instances(self) -> float:
        """Environments alive now (consumers)."""
        return 0.0

    def instances_mean(self, now: float) -> float:
        """Time-averaged environments (consumers)."""
        return 0.0

    def gauge_names(self) -> tuple[str, ...]:
        """The extra time-series columns this node fills (`gauges`, or per-node names)."""
        return self.gauges

    def gauge(self, name: str) -> float:
        """The current value of the extra time-series column `name` (one of `gauge_names`)."""
        raise KeyError(name)

    def stats(self, now: float) -> NodeStats:
        """The node's figures over the measured window, for the run report."""
        utilization = self.busy.mean(now) / self.capacity if self.capacity else 0.0
        figures: NodeStats = {
            "kind": self.kind,
            "arrivals": self.count("arrivals"),
            "processed": self.count("processed"),
            "failures": self.count("failures"),
            "retries": self.count("retries"),
            "throttled": self.count("throttled"),
            "expired": self.count("expired"),
            "utilization": utilization,
            "wait_mean": self._wait_sum / self._wait_n if self._wait_n else 0.0,
            "depth_mean": self.depth.mean(now),
            "depth_max": int(self.depth.peak),
            "cold_starts": self.count("cold_starts"),
            "instances_mean": self.instances_mean(now),
        }
        for name in self.reported:  # denied, cross_region_bytes, kms_requests where they apply
            figures[name] = self.count(name)  # type: ignore[literal-required]
        return figures

    def usage(self, now: float) -> dict[str, float]:
        """Billable quantities over the measured window (`simulator.cost` prices them).

        Not part of the contract JSON's node figures; the `cost` object reports them.
        """
        return {name: float(self.count(name)) for name in self.billing}

    def live(self) -> NodeLive:
        """Figures for a live view: depth, busy, instances, processed, failures."""
        return {
            "depth": float(self.depth.value),
            "busy": float(self.busy.value),
            "instances": float(self.instances()),
            "processed": float(self.processed),
            "failures": float(self.failures),
        }
