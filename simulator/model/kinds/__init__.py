"""The registry of node kinds. A new kind is one module here plus one line below."""

from simulator.model.kinds import consumer, producer, queue, router, topic, workflow
from simulator.model.kinds.base import (
    EDGE_KEYS,
    EDGE_KINDS,
    PLACEMENT,
    RECEIVERS,
    NodeKind,
    Service,
    placed,
)

KINDS: dict[str, NodeKind] = {
    module.KIND.name: placed(module.KIND)
    for module in (producer, router, topic, queue, consumer, workflow)
}


def register(kind: NodeKind) -> None:
    """Add a node kind (used by extensions and tests); it gets `account` and `region` too."""
    KINDS[kind.name] = placed(kind)


__all__ = [
    "EDGE_KEYS",
    "EDGE_KINDS",
    "KINDS",
    "PLACEMENT",
    "RECEIVERS",
    "NodeKind",
    "Service",
    "register",
]
