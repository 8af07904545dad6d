"""Producer: an application publishing events."""

from simulator.model.kinds.base import RECEIVERS, NodeKind
from simulator.model.params import Param

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
)
