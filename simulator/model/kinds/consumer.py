"""Consumer: a function or service processing events (Lambda)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from simulator.model.cpu import time_factor
from simulator.model.distributions import Distribution, describe
from simulator.model.kinds.base import RECEIVERS, Diagram, NodeKind, Service
from simulator.model.params import Param

if TYPE_CHECKING:
    from simulator.model.topology import Node

# A function's environments at most: an account's concurrency quota can be raised to tens of
# thousands (the check scales one function to 30,000), so the cap leaves room.
MAX_ENVIRONMENTS = 100_000


def may_fail(node: Node, duration: float) -> bool:
    """A try can fail at random or run past the timeout."""
    return node.get("failure_rate") > 0 or node.get("timeout") is not None


def failure(node: Node) -> float:
    """Probability that one try fails: failure_rate, or running past the timeout."""
    fail, timeout = node.get("failure_rate"), node.get("timeout")
    if timeout is not None:
        import numpy as np  # deferred: keeps the designer's start-up fast

        service = Distribution.parse(node.get("service_time"))
        rng = np.random.default_rng(2)
        scale = time_factor(node)  # the service time at this memory size
        late = np.mean([service.sample(rng) * scale > timeout for _ in range(2000)])
        fail = 1.0 - (1.0 - fail) * (1.0 - late)
    return fail


def summary(node: Node) -> str:
    """Concurrency and service time."""
    return f"x{node.get('concurrency')}, {describe(node.get('service_time'))}"


def rules(params: Mapping[str, Any]) -> list[str]:
    """Provisioned environments count against the function's caps."""
    problems = []
    provisioned = params.get("provisioned", 0)
    for cap in ("concurrency", "reserved_concurrency"):
        limit = params.get(cap, 1 if cap == "concurrency" else None)
        if _num(provisioned) and _num(limit) and provisioned > limit:
            problems.append(f".provisioned: must be <= {cap} ({limit}), got {provisioned}")
    return problems


def _num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


SERVICE = Service(
    servers=lambda node: node.get("concurrency"),
    time=lambda node: Distribution.parse(node.get("service_time")).mean * time_factor(node),
    batch=lambda node: node.get("batch_size"),
    failure=failure,
    tries=lambda node: node.get("retries") + 1,
)

KIND = NodeKind(
    name="consumer",
    title="Consumer",
    aws="Lambda function",
    doc="Processes events with limited concurrency; on success publishes to its edges.",
    params=(
        Param(
            "concurrency",
            "int",
            1,
            minimum=1,
            maximum=MAX_ENVIRONMENTS,
            doc="Environments at most",
        ),
        Param("service_time", "distribution", 0.1, unit="s", doc="Time to process one event"),
        Param("failure_rate", "number", 0, minimum=0, maximum=1, doc="Probability a try fails"),
        Param(
            "error",
            "string",
            None,
            optional=True,
            doc="Error name of a failed try, as a workflow Task calling it sees it in Retry "
            "and Catch (none: States.TaskFailed)",
        ),
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
            maximum=MAX_ENVIRONMENTS,
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
        Param(
            "memory_mb",
            "int",
            128,
            minimum=128,
            maximum=10240,
            unit="MB",
            doc="Memory of an environment: duration is billed per GB-second of it, and CPU "
            "grows with it (see measured_at_mb)",
        ),
        Param(
            "measured_at_mb",
            "int",
            None,
            minimum=128,
            maximum=10240,
            optional=True,
            unit="MB",
            doc="Memory size service_time was measured at: at memory_mb its CPU share runs "
            "faster or slower, as Lambda gives CPU in proportion to memory (one vCPU at "
            "1,769 MB; single-threaded work gains nothing above that) (none: service_time "
            "holds at every memory size)",
        ),
        Param(
            "cpu_share",
            "number",
            1.0,
            minimum=0,
            maximum=1,
            doc="Share of service_time that is CPU work and scales with the CPU memory_mb "
            "gives (the rest, such as waiting on other services, does not); needs "
            "measured_at_mb",
        ),
        Param(
            "architecture",
            "choice",
            "x86_64",
            choices=("x86_64", "arm64"),
            doc="Instruction set: arm64 duration costs about 20% less per GB-second",
        ),
        Param(
            "reserved_concurrency",
            "int",
            None,
            minimum=0,
            maximum=MAX_ENVIRONMENTS,
            optional=True,
            doc="Account concurrency set aside for this function alone, and its cap there "
            "(none: share the unreserved pool)",
        ),
        Param(
            "provisioned",
            "int",
            0,
            minimum=0,
            maximum=MAX_ENVIRONMENTS,
            doc="Environments initialised before the run (never cold-start)",
        ),
        Param(
            "max_event_age",
            "number",
            21600,
            minimum=60,
            maximum=21600,
            unit="s",
            doc="Asynchronous invocation: a throttled event is retried until this age",
        ),
        Param(
            "maximum_concurrency",
            "int",
            None,
            minimum=2,
            maximum=1000,
            optional=True,
            doc="Reading a queue: concurrent batches at most (none: 1,000)",
        ),
        Param(
            "batch_window",
            "number",
            0,
            minimum=0,
            maximum=300,
            unit="s",
            doc="Reading a queue: wait up to this long to fill a batch",
        ),
    ),
    targets={"flow": RECEIVERS, "on-failure": RECEIVERS},
    edge_keys=frozenset({"emits"}),
    completes=True,
    may_fail=may_fail,
    service=SERVICE,
    rules=rules,
    summary=summary,
    diagram=Diagram(('["', '"]'), "box", "#fce4ec"),
)
