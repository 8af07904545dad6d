"""Card lines: a node's key parameters in up to two short lines, per kind."""

from __future__ import annotations

from simulator.model import Node, Topology, describe_load, fmt
from simulator.model import describe_distribution as describe_dist


def producer_lines(node: Node, topology: Topology) -> list[str]:
    """Load profile and the detail-types it emits."""
    events = node.get("events") or []
    types = [str(e.get("detail-type", "Event")) for e in events if isinstance(e, dict)]
    return [describe_load(node.get("load")), "events: " + (", ".join(types) or "Event")]


def router_lines(node: Node, topology: Topology) -> list[str]:
    """Rules, throttle and latency."""
    rules = len(topology.edges_from(node.id, "flow"))
    throttle = node.get("max_rate")
    first = f"{rules} rule{'s' * (rules != 1)}" + (f" · max {fmt(throttle)}/s" if throttle else "")
    return [first, f"latency {describe_dist(node.get('latency'))}"]


def topic_lines(node: Node, topology: Topology) -> list[str]:
    """Subscriptions and latency."""
    subs = len(topology.edges_from(node.id, "flow"))
    return [
        f"{subs} subscription{'s' * (subs != 1)}",
        f"latency {describe_dist(node.get('latency'))}",
    ]


def queue_lines(node: Node, topology: Topology) -> list[str]:
    """FIFO, visibility timeout and its dead-letter wiring."""
    first = f"visibility {fmt(node.get('visibility_timeout'))}s"
    if node.get("fifo"):
        first = "FIFO · " + first
    dlq = topology.edges_from(node.id, "dead-letter")
    receives = node.get("max_receive_count")
    feeds = topology.edges_to(node.id, "dead-letter")
    if dlq:
        second = f"DLQ {dlq[0].target}" + (f" after {receives}" if receives else "")
    elif feeds:
        second = f"dead letters of {feeds[0].source}"
    else:
        second = "no DLQ"
    return [first, second]


def consumer_lines(node: Node, topology: Topology) -> list[str]:
    """Concurrency, failure rate and service time."""
    first = f"concurrency {node.get('concurrency')}"
    failure = node.get("failure_rate")
    if failure:
        first += f" · {failure * 100:g}% fail"
    return [first, f"service {describe_dist(node.get('service_time'))}"]


def generic_lines(node: Node, topology: Topology) -> list[str]:
    """For kinds without their own lines: the explicitly set parameters, name and value."""
    from designer.labels import compact

    return [f"{name} {compact(value)}" for name, value in list(node.params.items())[:2]]
