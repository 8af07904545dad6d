"""Router: an event bus with rules (EventBridge)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.model.kinds.base import RECEIVERS, Diagram, NodeKind, zero_latency
from simulator.model.params import Param
from simulator.model.policy import POLICY_PARAM

if TYPE_CHECKING:
    from simulator.model.topology import Node


def may_fail(node: Node, duration: float) -> bool:
    """A rate limit throttles deliveries, retries can give up and a policy can deny."""
    return node.get("max_rate") is not None or node.get("policy") is not None


def summary(node: Node) -> str:
    """The rate limit, when there is one."""
    return f"max {node.get('max_rate'):g}/s" if node.get("max_rate") else ""


KIND = NodeKind(
    name="router",
    title="Router",
    aws="EventBridge event bus",
    doc="Delivers a copy of each event to every rule (outgoing edge) whose pattern matches.",
    params=(
        Param("latency", "distribution", 0, doc="Processing delay per event", unit="s"),
        Param(
            "max_rate",
            "number",
            None,
            minimum=0,
            exclusive_minimum=True,
            optional=True,
            unit="events/s",
            doc="Deliveries per second before throttling (none: unlimited)",
        ),
        Param(
            "retry_attempts",
            "int",
            185,
            minimum=0,
            maximum=185,
            doc="Delivery retries of a throttled event (RetryPolicy MaximumRetryAttempts)",
        ),
        Param(
            "retry_max_age",
            "number",
            86400,
            minimum=60,
            maximum=86400,
            unit="s",
            doc="Give up retrying after this age (RetryPolicy MaximumEventAgeInSeconds); "
            "then the router's dead-letter edge (the rule targets' DeadLetterConfig)",
        ),
        POLICY_PARAM,
        Param(
            "archive",
            "archive",
            None,
            optional=True,
            doc="Archive: keeps the events the bus receives that match `pattern` (all without "
            "one) for `retention` seconds (none: forever); scenario.replays re-send them",
        ),
    ),
    targets={"flow": RECEIVERS, "dead-letter": frozenset({"queue"})},
    edge_keys=frozenset({"pattern"}),
    may_fail=may_fail,
    instant=zero_latency,
    dead_end="router has no rules: every event it receives is unmatched",
    summary=summary,
    diagram=Diagram(('{{"', '"}}'), "hexagon", "#ede7f6"),
)
