"""Nodes from resources: event buses, topics, queues, functions and state machines.

Each reader creates the node for one resource and sets the parameters its properties
state. What no template can state (work times, failure rates) is recorded as assumed;
a property left out whose AWS default differs from the model's default is set to the AWS
default and recorded as such.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.iac.cfn_refs import Unresolved
from simulator.iac.import_access import read_encryption
from simulator.iac.import_concurrency import read_reservation
from simulator.iac.import_context import Context
from simulator.model import KINDS

LAMBDA_TIMEOUT = 3  # s, AWS::Lambda::Function Timeout when left out
ASSUMED_CONSUMER = {
    "service_time": "no template states how long the code runs",
    "failure_rate": "no template states how often the code fails",
    "cold_start": "init time depends on code and runtime; none assumed",
}


def read_nodes(ctx: Context) -> None:
    """Create a node for every resource of a modelled type, in template order."""
    for logical_id, resource in ctx.resources.items():
        reader = NODE_READERS.get(resource["Type"])
        if reader is not None:
            reader(ctx, logical_id, ctx.props(logical_id))


def _literal_name(ctx: Context, properties: dict[str, Any], *keys: str) -> str:
    """The first literal name among `keys` (a label), or ''."""
    for key in keys:
        try:
            value = ctx.refs.literal(properties.get(key))
        except Unresolved:
            continue
        if isinstance(value, str) and value:
            return value
    return ""


def read_bus(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::Events::EventBus -> router."""
    label = _literal_name(ctx, properties, "Name")
    ctx.draft.add_node(logical_id, "router", label, ctx.origin(logical_id))
    if properties.get("DeadLetterConfig"):
        ctx.report.note(ctx.where(logical_id), "the bus's DeadLetterConfig is not modelled")


def read_topic(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::SNS::Topic -> topic (its inline subscriptions are wired later)."""
    label = _literal_name(ctx, properties, "TopicName", "DisplayName")
    node_id = ctx.draft.add_node(logical_id, "topic", label, ctx.origin(logical_id))
    read_encryption(ctx, node_id, properties, ctx.where(logical_id))
    if ctx.flag(properties.get("FifoTopic"), ctx.where(logical_id), "FifoTopic"):
        ctx.report.note(ctx.where(logical_id), "FIFO topic: ordering is not modelled")


QUEUE_PROPERTIES = (
    ("VisibilityTimeout", "visibility_timeout"),
    ("MessageRetentionPeriod", "retention"),
    ("DelaySeconds", "delay"),
)


def read_queue(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::SQS::Queue -> queue (its redrive edge is wired later)."""
    label = _literal_name(ctx, properties, "QueueName")
    node_id = ctx.draft.add_node(logical_id, "queue", label, ctx.origin(logical_id))
    where = ctx.where(logical_id)
    for prop, param in QUEUE_PROPERTIES:
        if prop in properties:
            value = ctx.number(properties[prop], where, prop)
            if value is not None:
                ctx.draft.set(node_id, param, value, where)
    read_encryption(ctx, node_id, properties, where)
    if ctx.flag(properties.get("FifoQueue"), where, "FifoQueue"):
        ctx.draft.set(node_id, "fifo", True, where)
        ctx.report.assume(
            node_id, "group_by", None, "senders choose MessageGroupId; none: one shared group"
        )


def read_function(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::Lambda::Function -> consumer."""
    label = _literal_name(ctx, properties, "FunctionName")
    node_id = ctx.draft.add_node(logical_id, "consumer", label, ctx.origin(logical_id))
    where = ctx.where(logical_id)
    timeout = ctx.number(properties.get("Timeout"), where, "Timeout")
    if timeout is None:
        ctx.draft.set(node_id, "timeout", LAMBDA_TIMEOUT, where)
        ctx.report.default(node_id, "timeout", LAMBDA_TIMEOUT, "Lambda's default Timeout")
    else:
        ctx.draft.set(node_id, "timeout", timeout, where)
    read_reservation(ctx, node_id, properties, where)
    memory = ctx.number(properties.get("MemorySize"), where, "MemorySize")
    if memory is not None:
        ctx.draft.set(node_id, "memory_mb", min(max(int(memory), 128), 10240), where)
    if properties.get("Architectures") == ["arm64"]:
        ctx.draft.set(node_id, "architecture", "arm64", where)
    for param, reason in ASSUMED_CONSUMER.items():
        value = KINDS["consumer"].defaults[param]
        if value is not None:
            ctx.draft.set(node_id, param, value, where)
        ctx.report.assume(node_id, param, value, reason)


def read_state_machine(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::StepFunctions::StateMachine -> workflow, when the model has workflows."""
    if "workflow" not in KINDS:
        ctx.report.skip(
            logical_id, ctx.type_of(logical_id), "state machines are not modelled (no workflow)"
        )
        return
    from simulator.iac import import_workflow

    import_workflow.read(ctx, logical_id, properties)


NODE_READERS: dict[str, Callable[[Context, str, dict[str, Any]], None]] = {
    "AWS::Events::EventBus": read_bus,
    "AWS::SNS::Topic": read_topic,
    "AWS::SQS::Queue": read_queue,
    "AWS::Lambda::Function": read_function,
    "AWS::StepFunctions::StateMachine": read_state_machine,
}
