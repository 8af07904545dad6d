"""Producer: an application publishing events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.model.kinds.base import RECEIVERS, Diagram, NodeKind
from simulator.model.loads import describe
from simulator.model.params import Param

if TYPE_CHECKING:
    from simulator.model.topology import Node


def summary(node: Node) -> str:
    """The load profile in a few words."""
    return describe(node.get("load"))


KIND = NodeKind(
    name="producer",
    title="Producer",
    aws="application (PutEvents / Publish / SendMessage)",
    doc="Emits events at the rate of its load profile; each is published to every target.",
    params=(
        Param("load", "load", {"profile": "poisson", "rate": 1}, doc="Arrival process"),
        Param(
            "events",
            "events",
            None,
            optional=True,
            doc="Weighted event templates (default: one 'Event' from this producer)",
        ),
    ),
    targets={"flow": RECEIVERS},
    receives=False,
    source=True,
    summary=summary,
    diagram=Diagram(('(["', '"])'), "ellipse", "#e3f2fd"),
)
