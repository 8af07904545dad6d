"""Topic: pub/sub fan-out (SNS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.model.encryption import TOPIC_PARAMS, encryption_rules
from simulator.model.kinds.base import RECEIVERS, Diagram, NodeKind, zero_latency
from simulator.model.params import Param
from simulator.model.policy import POLICY_PARAM

if TYPE_CHECKING:
    from simulator.model.topology import Node


def may_fail(node: Node, duration: float) -> bool:
    """A policy can deny publishes (deliveries to targets in an outage are faults')."""
    return node.get("policy") is not None


KIND = NodeKind(
    name="topic",
    title="Topic",
    aws="SNS topic",
    doc="Delivers a copy of each event to every subscription whose filter policy matches; "
    "deliveries refused by an endpoint in an outage are retried (SNS policy: 100,015 tries "
    "over 23 days), then go over the dead-letter edge (the subscriptions' DLQ).",
    params=(
        Param("latency", "distribution", 0, doc="Delivery delay per event", unit="s"),
        POLICY_PARAM,
        *TOPIC_PARAMS,
    ),
    targets={"flow": RECEIVERS, "dead-letter": frozenset({"queue"})},
    edge_keys=frozenset({"filter"}),
    instant=zero_latency,
    may_fail=may_fail,
    rules=encryption_rules,
    diagram=Diagram(('(("', '"))'), "circle", "#fff3e0"),
)
