"""A consumer as `AWS::Serverless::Function`: settings, SQS events, async config, policies."""

from __future__ import annotations

import re
from typing import Any

from simulator.iac.cfn import whole
from simulator.iac.sam_build import SamBuild
from simulator.iac.sam_policies import publish_policy, target_reference
from simulator.model import Edge, Node

_CODE = """\
# Placeholder exported by Eventscape: replace with the real handler.
# It {what}.
def handler(event, context):
    return {result}
"""
_DESTINATION_TYPE = {"queue": "SQS", "topic": "SNS", "consumer": "Lambda", "router": "EventBridge"}


def function(build: SamBuild, node: Node) -> dict[str, Any]:
    """The function of a consumer node."""
    partial = bool(node.get("partial_batch"))
    code = _CODE.format(
        what=_duty(build, node),
        result='{"batchItemFailures": []}' if partial else "None",
    )
    concurrency = whole(node.get("concurrency"), 1, 10000)
    reserved = node.get("reserved_concurrency")
    props: dict[str, Any] = {
        "Description": f"{node.title} (placeholder code: replace InlineCode)"[:256],
        "Runtime": "python3.12",
        "Handler": "index.handler",
        "InlineCode": code,
        "MemorySize": int(node.get("memory_mb")),
        # AWS's reserved concurrency is the design's reserved_concurrency when it has one
        # (then concurrency stays in Metadata), else the function's own cap
        "ReservedConcurrentExecutions": concurrency if reserved is None else int(reserved),
    }
    if node.get("architecture") == "arm64":
        props["Architectures"] = ["arm64"]
    if reserved is None:
        build.recover(node, "concurrency", concurrency)
    provisioned = int(node.get("provisioned"))
    if provisioned:  # SAM publishes a version under an alias to provision it
        props["AutoPublishAlias"] = "live"
        props["ProvisionedConcurrencyConfig"] = {"ProvisionedConcurrentExecutions": provisioned}
    _timeout(build, node, props)
    if node.id in build.named:
        props["FunctionName"] = build.physical_name(node.id)
    events = _sqs_events(build, node)
    if events:
        props["Events"] = events
    props["EventInvokeConfig"] = _invoke_config(build, node)
    _publishing(build, node, props)
    return {"Type": "AWS::Serverless::Function", "Properties": props}


def _duty(build: SamBuild, node: Node) -> str:
    targets = [e.target for e in build.topology.edges_from(node.id, "flow")]
    if not targets:
        return "only returns (the design ends here)"
    return "should publish each result to " + ", ".join(targets) + " (see Environment)"


def _timeout(build: SamBuild, node: Node, props: dict[str, Any]) -> None:
    timeout = node.get("timeout")
    if timeout is not None:
        props["Timeout"] = whole(timeout, 1, 900, up=True)
    else:
        props["Timeout"] = _untimed(build, node)
    build.recover(node, "timeout", props["Timeout"])


def _untimed(build: SamBuild, node: Node) -> int:
    """A Timeout for a consumer without one: 900 s, or 1/6 of its queues' visibility."""
    queues = [build.topology.node(e.source) for e in build.topology.edges_to(node.id, "flow")]
    visibility = [q.get("visibility_timeout") for q in queues if q.kind == "queue"]
    if not visibility:
        return 900
    timeout = whole(min(visibility) // 6, 1, 900)
    build.note(
        f"consumer {node.id}: no timeout in the design; Timeout {timeout} s is written so that "
        "its queues' visibility timeout is at least 6x the function timeout"
    )
    return timeout


def _sqs_events(build: SamBuild, node: Node) -> dict[str, Any]:
    """One `SQS` event per queue feeding the consumer."""
    events: dict[str, Any] = {}
    batch_size = whole(node.get("batch_size"), 1, 10000)
    concurrency = whole(node.get("concurrency"), 1, 10000)
    cap = min(concurrency, int(node.get("maximum_concurrency") or 1000))  # 2-1,000 on AWS
    window = float(node.get("batch_window"))
    for edge in build.topology.edges_to(node.id, "flow"):
        queue = build.topology.node(edge.source)
        if queue.kind != "queue":
            continue
        spec: dict[str, Any] = {"Queue": build.arn(queue.id), "BatchSize": batch_size}
        if queue.get("fifo") and batch_size > 10:
            spec["BatchSize"] = 10
            build.note(
                f"consumer {node.id}: batch size {batch_size} is above the FIFO maximum of 10 "
                f"for queue {queue.id}; BatchSize 10 is written (the design value is in Metadata)"
            )
        elif window > 0:
            spec["MaximumBatchingWindowInSeconds"] = whole(window, 1, 300, up=True)
            if spec["MaximumBatchingWindowInSeconds"] == window:
                build.recover(node, "batch_window", node.get("batch_window"))
        elif batch_size > 10:
            spec["MaximumBatchingWindowInSeconds"] = 1
            build.note(
                f"consumer {node.id}: batch size {batch_size} > 10 needs a batching window; "
                "MaximumBatchingWindowInSeconds 1 is written (the design has none)"
            )
        if node.get("partial_batch"):
            spec["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
        if cap >= 2:
            spec["ScalingConfig"] = {"MaximumConcurrency": cap}
        events[_event_name(events, build.names[queue.id])] = {"Type": "SQS", "Properties": spec}
        build.recover(node, "batch_size", spec["BatchSize"])
        build.recover(node, "partial_batch", bool(node.get("partial_batch")))
        build.express(edge)
    return events


def _event_name(events: dict[str, Any], stem: str) -> str:
    name = f"{stem}Queue"
    i = 2
    while name in events:
        name, i = f"{stem}Queue{i}", i + 1
    return name


def _invoke_config(build: SamBuild, node: Node) -> dict[str, Any]:
    """Asynchronous invocation: retries and the on-failure destination."""
    config: dict[str, Any] = {"MaximumRetryAttempts": whole(node.get("retries"), 0, 2)}
    build.recover(node, "retries", config["MaximumRetryAttempts"])
    age = node.get("max_event_age")
    if age != 21600:  # AWS's default (6 h) is written only when the design changes it
        config["MaximumEventAgeInSeconds"] = whole(age, 60, 21600)
        if config["MaximumEventAgeInSeconds"] == age:
            build.recover(node, "max_event_age", age)
    failures: list[Edge] = build.topology.edges_from(node.id, "on-failure")
    for edge in [e for e in failures if build.topology.node(e.target).kind == "workflow"]:
        build.note(f"edge {edge.name}: Lambda destinations cannot start a state machine")
        failures.remove(edge)
    if failures:
        first = build.topology.node(failures[0].target)
        config["DestinationConfig"] = {
            "OnFailure": {"Type": _DESTINATION_TYPE[first.kind], "Destination": build.arn(first.id)}
        }
        build.express(failures[0])
    for extra in failures[1:]:
        build.note(f"edge {extra.name}: Lambda has one on-failure destination; Metadata only")
    return config


def _publishing(build: SamBuild, node: Node, props: dict[str, Any]) -> None:
    """Policies and environment variables for the targets the code publishes to."""
    policies: list[dict[str, Any]] = []
    variables: dict[str, Any] = {}
    for edge in build.topology.edges_from(node.id, "flow"):
        policy = publish_policy(build, edge.target)
        if policy not in policies:
            policies.append(policy)
        variables[_variable(edge.target)] = target_reference(build, edge.target)
    if policies:
        props["Policies"] = policies
        props["Environment"] = {"Variables": variables}


def _variable(node_id: str) -> str:
    """`orders-dlq` -> `TARGET_ORDERS_DLQ` (an environment variable name)."""
    return "TARGET_" + re.sub(r"[^A-Za-z0-9]+", "_", node_id).upper().strip("_")
