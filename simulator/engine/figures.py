"""Typed per-node figures: the report's `NodeStats` and a snapshot's `NodeLive`.

Both are plain dicts at run time (so the JSON output is unchanged); the TypedDicts let
mypy check the code that reads them by key. Keys marked NotRequired appear only for
some kinds, as noted.
"""

from typing import NotRequired, TypedDict


class NodeStats(TypedDict):
    """A node's figures over the measured window (`Result.nodes[id]`, the contract JSON).

    Counters count since the end of warm-up. utilization: busy units over capacity (for a
    rate-limited router: deliveries per second over `max_rate`, at most 1); wait_mean:
    seconds from arrival to service or receipt; depth_mean/depth_max: waiting work;
    instances_mean: environments alive (consumers).
    """

    kind: str
    arrivals: int
    processed: int
    failures: int
    retries: int
    throttled: int
    expired: int
    utilization: float
    wait_mean: float
    depth_mean: float
    depth_max: int
    cold_starts: int
    instances_mean: float
    dead_lettered: NotRequired[int]  # queues: messages moved over the dead-letter edge
    rejected: NotRequired[int]  # queues: refused at capacity
    duplicates: NotRequired[int]  # queues: duplicate deliveries; consumers: discarded repeats
    throttles: NotRequired[int]  # consumers: invocations refused by concurrency (all kinds)
    instances_max: NotRequired[int]  # consumers: environments alive at most (busy without
    # cold starts)
    provisioned_used: NotRequired[int]  # consumers: starts on a provisioned environment
    pollers_mean: NotRequired[float]  # queue-fed consumers: pollers alive (time-weighted)
    pollers_max: NotRequired[int]  # queue-fed consumers: pollers alive at most
    archived: NotRequired[int]  # routers with an archive: events it kept
    replayed: NotRequired[int]  # routers with an archive: replayed events received
    executions: NotRequired[int]  # workflows: executions started
    succeeded: NotRequired[int]  # workflows: executions that succeeded
    failed: NotRequired[int]  # workflows: executions that failed (timed out included)
    timed_out: NotRequired[int]  # workflows: executions past the Express/Standard limit
    transitions: NotRequired[int]  # workflows: state transitions as billed (retries included)
    callbacks: NotRequired[int]  # workflows: events that brought a task token back
    states: NotRequired[dict[str, dict[str, float]]]  # workflows: per-state figures
    denied: NotRequired[int]  # routers, topics guarding publishes: refused by the policy
    cross_region_bytes: NotRequired[int]  # senders over a cross-Region edge: envelope bytes
    kms_requests: NotRequired[int]  # encrypted queues and topics: KMS requests


class NodeLive(TypedDict):
    """A node's figures right now, for a live view (`Snapshot.nodes[id]`).

    depth: waiting work; busy: work in progress; instances: consumer environments;
    processed and failures: cumulative counts (as floats).
    """

    depth: float
    busy: float
    instances: float
    processed: float
    failures: float
    in_flight: NotRequired[float]  # queues: received, not yet deleted
    stored: NotRequired[float]  # queues: delayed + visible + in flight
    produced: NotRequired[float]  # producers: events produced so far
    processing: NotRequired[float]  # routers and topics: inside the processing latency
    retrying: NotRequired[float]  # routers: throttled copies waiting to retry
    throttles: NotRequired[float]  # consumers: throttled invocations so far
    pollers: NotRequired[float]  # queue-fed consumers: pollers alive (each long-polls)
    states: NotRequired[dict[str, dict[str, float]]]  # workflows: per state active, entered, ...


__all__ = ["NodeLive", "NodeStats"]
