"""Topic: pub/sub fan-out (SNS)."""

from simulator.model.kinds.base import RECEIVERS, Diagram, NodeKind, zero_latency
from simulator.model.params import Param

KIND = NodeKind(
    name="topic",
    title="Topic",
    aws="SNS topic",
    doc="Delivers a copy of each event to every subscription whose filter policy matches.",
    params=(
        Param("latency", "distribution", 0, doc="Delivery delay per event", unit="s"),
        Param(
            "policy",
            "policy",
            None,
            optional=True,
            doc="Resource policy: statements {effect, principals, actions, condition} on who "
            "may publish and subscribe (none: only its own account)",
        ),
    ),
    targets={"flow": RECEIVERS},
    edge_keys=frozenset({"filter"}),
    instant=zero_latency,
    diagram=Diagram(('(("', '"))'), "circle", "#fff3e0"),
)
