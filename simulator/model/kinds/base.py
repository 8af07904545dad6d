"""What a node kind is: its parameters, its wiring rules and how it is shown."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.model.params import Param

EDGE_KINDS = ("flow", "dead-letter", "on-failure")
EDGE_KEYS = ("pattern", "filter", "emits", "latency")


@dataclass(frozen=True)
class NodeKind:
    """A node kind: parameters plus the edges it may start.

    `targets` maps an edge kind to the node kinds it may point at; `edge_keys` names the
    optional edge keys (`pattern`, `filter`, `emits`) allowed on edges leaving this kind.
    """

    name: str
    title: str
    aws: str
    doc: str
    params: tuple[Param, ...]
    targets: dict[str, frozenset[str]] = field(default_factory=dict)
    edge_keys: frozenset[str] = frozenset()
    receives: bool = True

    def param(self, name: str) -> Param | None:
        """The parameter called `name`, or None."""
        return next((p for p in self.params if p.name == name), None)

    def may_target(self, edge_kind: str, target: NodeKind) -> bool:
        """True when an edge of `edge_kind` may go from this kind to `target`."""
        allowed = self.targets.get(edge_kind, frozenset())
        return target.receives and ("*" in allowed or target.name in allowed)

    @property
    def defaults(self) -> dict[str, object]:
        """Every parameter's default value."""
        return {p.name: p.default for p in self.params}


# In `targets`: any kind that receives events.
RECEIVERS = frozenset({"*"})
