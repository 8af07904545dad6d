"""The presentation of the built-in node kinds: one `KindLook` per kind."""

from __future__ import annotations

from designer.look.badges import consumer_badge, producer_badge, queue_badge
from designer.look.cards import (
    consumer_lines,
    producer_lines,
    queue_lines,
    router_lines,
    topic_lines,
)
from designer.look.registry import Curve, KindLook, NodeSeries, register_look
from designer.workflow import card as workflow_card

register_look(
    "producer",
    KindLook(
        color="#2A9D8F",
        icon="producer",
        card=producer_lines,
        series=(NodeSeries("throughput", "produced/s"),),
        curves=frozenset({Curve.PRODUCED}),
        badge=producer_badge,
    ),
)
register_look(
    "router",
    KindLook(
        color="#7C5CFF",
        icon="router",
        card=router_lines,
        series=(NodeSeries("throughput", "routed/s"), NodeSeries("depth", "retrying", True)),
    ),
)
register_look(
    "topic",
    KindLook(
        color="#D6336C",
        icon="topic",
        card=topic_lines,
        series=(NodeSeries("throughput", "delivered/s"), NodeSeries("busy", "in delivery", True)),
    ),
)
register_look(
    "queue",
    KindLook(
        color="#E8590C",
        icon="queue",
        card=queue_lines,
        series=(
            NodeSeries("depth", "waiting"),
            NodeSeries("busy", "in flight", True),
            NodeSeries("throughput", "delivered/s"),
            NodeSeries("failures", "failed receives"),
        ),
        curves=frozenset({Curve.DEPTH}),
        compare=("depth",),
        compare_results=(("depth_max", "depth max"),),
        badge=queue_badge,
    ),
)
register_look(
    "consumer",
    KindLook(
        color="#1C7ED6",
        icon="consumer",
        card=consumer_lines,
        series=(
            NodeSeries("busy", "busy"),
            NodeSeries("depth", "backlog"),
            NodeSeries("instances", "instances", True),
            NodeSeries("throughput", "processed/s"),
            NodeSeries("failures", "failures"),
        ),
        curves=frozenset({Curve.BACKLOG, Curve.THROUGHPUT, Curve.INSTANCES, Curve.FAILED_TRIES}),
        compare=("busy", "depth", "throughput", "instances"),
        compare_results=(("utilization", "utilization"), ("wait_mean", "wait (s)")),
        utilization=True,
        badge=consumer_badge,
    ),
)
register_look(
    "workflow",
    KindLook(
        color=workflow_card.COLOR,
        icon="workflow",
        card=workflow_card.workflow_lines,
        series=(
            NodeSeries("busy", "executions running"),
            NodeSeries("throughput", "succeeded/s"),
            NodeSeries("failures", "failed", True),
        ),
        curves=frozenset({Curve.THROUGHPUT, Curve.FAILED_TRIES}),
        compare=("busy", "throughput"),
        badge=workflow_card.workflow_badge,
    ),
)
