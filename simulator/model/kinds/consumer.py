"""Consumer: a function or service processing events (Lambda)."""

from simulator.model.kinds.base import RECEIVERS, NodeKind
from simulator.model.params import Param

KIND = NodeKind(
    name="consumer",
    title="Consumer",
    aws="Lambda function",
    doc="Processes events with limited concurrency; on success publishes to its edges.",
    params=(
        Param("concurrency", "int", 1, minimum=1, maximum=10000, doc="Environments at most"),
        Param("service_time", "distribution", 0.1, unit="s", doc="Time to process one event"),
        Param("failure_rate", "number", 0, minimum=0, maximum=1, doc="Probability a try fails"),
        Param(
            "timeout",
            "number",
            None,
            minimum=0,
            maximum=900,
            exclusive_minimum=True,
            optional=True,
            unit="s",
            doc="Work running longer fails (none: no limit)",
        ),
        Param(
            "cold_start",
            "distribution",
            None,
            optional=True,
            unit="s",
            doc="Init time of a new environment (none: no cold starts)",
        ),
        Param(
            "keep_alive",
            "number",
            600,
            minimum=0,
            unit="s",
            doc="An idle environment stays warm this long",
        ),
        Param(
            "batch_size",
            "int",
            1,
            minimum=1,
            maximum=10000,
            doc="Messages per invocation when reading a queue",
        ),
        Param(
            "partial_batch",
            "bool",
            False,
            doc="Report batch item failures: only failed messages return to the queue",
        ),
        Param(
            "retries",
            "int",
            2,
            minimum=0,
            maximum=2,
            doc="Asynchronous invocation: retries of a failed event",
        ),
        Param(
            "retry_delay",
            "number",
            60,
            minimum=0,
            unit="s",
            doc="Asynchronous invocation: delay before the first retry (doubles after)",
        ),
        Param("idempotent", "bool", False, doc="Discard duplicates of an event id seen before"),
    ),
    targets={"flow": RECEIVERS, "on-failure": RECEIVERS},
    edge_keys=frozenset({"emits"}),
)
