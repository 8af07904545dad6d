"""What a node kind is: its parameters, its wiring rules and how it behaves and is shown.

Code outside this package asks a kind (`node.spec`) what it does instead of comparing kind
names: whether it may fail, forwards in zero time, starts or completes paths, and how the
analytic check sizes it. A new kind states these facts in its own module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from simulator.model.distributions import Distribution
from simulator.model.params import Param

if TYPE_CHECKING:
    from simulator.model.topology import Edge, Node

EDGE_KINDS = ("flow", "dead-letter", "on-failure")
EDGE_KEYS = ("pattern", "filter", "emits", "latency")


def never_fails(node: Node, duration: float) -> bool:
    """Default `may_fail`: nothing of this kind fails, expires, throttles or rejects."""
    return False


def never_instant(node: Node) -> bool:
    """Default `instant`: the kind takes time (or holds events) before passing them on."""
    return False


def zero_latency(node: Node) -> bool:
    """`instant` for kinds whose only delay is their `latency` parameter."""
    return Distribution.parse(node.get("latency")).is_zero


def no_rules(params: Mapping[str, Any]) -> list[str]:
    """Default `rules`: the parameters are independent of each other."""
    return []


def no_wiring_rules(node: Node, nodes: list[Node], edges: list[Edge]) -> list[str]:
    """Default `wiring_rules`: nothing depends on the node's edges beyond the wiring table."""
    return []


def no_summary(node: Node) -> str:
    """Default `summary`: nothing worth a diagram label."""
    return ""


@dataclass(frozen=True)
class Diagram:
    """How diagrams draw a kind: Mermaid brackets, Graphviz shape and fill colour.

    `colour` None: the diagram's default fill (no Mermaid class of its own).
    """

    mermaid: tuple[str, str] = ('["', '"]')
    dot: str = "box"
    colour: str | None = None


@dataclass(frozen=True)
class Service:
    """How the analytic check sizes a kind that serves events with limited capacity.

    Utilization = arrivals/s x tries per event x `time` / `servers` / `batch`.
    """

    servers: Callable[[Node], float]  # events served at once (concurrency)
    time: Callable[[Node], float]  # mean seconds one try takes
    batch: Callable[[Node], int]  # events served per try
    failure: Callable[[Node], float]  # probability that one try fails
    tries: Callable[[Node], int | None]  # tries per pushed event at most (None: no limit)


@dataclass(frozen=True)
class NodeKind:
    """A node kind: parameters, the edges it may start and its behaviour facts.

    `targets` maps an edge kind to the node kinds it may point at; `edge_keys` names the
    optional edge keys (`pattern`, `filter`, `emits`) allowed on edges leaving this kind.
    Behaviour: `receives` (events can be sent to it), `source` (it emits events of its
    own: a path starts here), `completes` (it processes events: a path may end here),
    `may_fail(node, duration)` (some copy could fail, expire, be throttled, rejected or
    dead-lettered in a run that long), `instant(node)` (it forwards in zero time, so a loop
    of such nodes never ends), `service` (how its utilization and capacity are estimated;
    None: not sized) and `reader_tries` (set for kinds that readers poll, such as a queue:
    the tries a reader gets at one message, None meaning unlimited).
    `routes(node, event, targets, failure)` (kinds that decide per event where it goes and
    how often, such as a workflow; None: every matching flow edge gets it once) gives
    `(target, count, event, follow)` tuples for the analytic estimate; `targets` maps the
    flow-edge targets to their kinds, `failure(id)` is a consumer's failure probability per
    try; `count` is expected events (tries, for a synchronous call) per arrival; `follow`
    False means the target is called and does not pass the event on (None: not known).
    Validation: `rules(params)` checks parameters against each other (messages may start
    with a sub-path such as `.group_by: `); `wiring_rules(node, nodes, edges)` checks what
    needs the rest of the topology. Checks: `dead_end` is the warning for a node of this
    kind that no flow edge leaves (None: that is fine). Shown: `summary(node)` (key settings
    in a few words) and `diagram`.
    """

    name: str
    title: str
    aws: str
    doc: str
    params: tuple[Param, ...]
    targets: dict[str, frozenset[str]] = field(default_factory=dict)
    edge_keys: frozenset[str] = frozenset()
    receives: bool = True
    source: bool = False
    completes: bool = False
    may_fail: Callable[[Node, float], bool] = never_fails
    instant: Callable[[Node], bool] = never_instant
    service: Service | None = None
    reader_tries: Callable[[Node], int | None] | None = None
    rules: Callable[[Mapping[str, Any]], list[str]] = no_rules
    wiring_rules: Callable[[Node, list[Node], list[Edge]], list[str]] = no_wiring_rules
    routes: (
        Callable[
            [Node, dict[str, Any], dict[str, str], Callable[[str], float]],
            list[tuple[str, float, dict[str, Any], bool]] | None,
        ]
        | None
    ) = None
    dead_end: str | None = None
    summary: Callable[[Node], str] = no_summary
    diagram: Diagram = Diagram()

    def param(self, name: str) -> Param | None:
        """The parameter called `name`, or None."""
        return next((p for p in self.params if p.name == name), None)

    def may_target(self, edge_kind: str, target: NodeKind) -> bool:
        """True when an edge of `edge_kind` may go from this kind to `target`."""
        allowed = self.targets.get(edge_kind, frozenset())
        return target.receives and ("*" in allowed or target.name in allowed)

    @property
    def polled(self) -> bool:
        """True when readers poll this kind (it holds events until they are received)."""
        return self.reader_tries is not None

    @property
    def defaults(self) -> dict[str, object]:
        """Every parameter's default value."""
        return {p.name: p.default for p in self.params}


# In `targets`: any kind that receives events.
RECEIVERS = frozenset({"*"})


# Every kind's placement (issue 16): the account owning the node and the Region it runs in.
# Unset, a node is in the scenario's account and Region (`Topology.account_of/region_of`).
PLACEMENT = (
    Param(
        "account",
        "account",
        None,
        optional=True,
        doc="AWS account owning it: a 12-digit id or a name (none: the scenario's account)",
    ),
    Param(
        "region",
        "region",
        None,
        optional=True,
        doc="AWS Region it runs in, such as us-east-1 (none: the scenario's Region)",
    ),
)


def placed(kind: NodeKind) -> NodeKind:
    """`kind` with the placement parameters (`account`, `region`) after its own."""
    names = {p.name for p in kind.params}
    extra = tuple(p for p in PLACEMENT if p.name not in names)
    return replace(kind, params=kind.params + extra) if extra else kind
