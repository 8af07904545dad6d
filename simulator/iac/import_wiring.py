"""Edges from resources: rules, subscriptions, redrive, event source mappings, destinations.

Each reader resolves the references of one resource to the nodes made by
`import_nodes` and adds the edges the model has for them; a reference to something not
modelled is reported with the resource that makes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.iac.cfn_refs import Unresolved, flag
from simulator.iac.import_access import (
    outside_bus,
    read_archive,
    read_bus_policy,
    read_topic_policy,
)
from simulator.iac.import_concurrency import source_cap
from simulator.iac.import_context import Context
from simulator.iac.import_schedule import read_schedule, read_scheduler_schedule
from simulator.model import KINDS

SQS_BATCH_SIZE = 10  # AWS default BatchSize of an SQS event source
RULE_TARGET_EXTRAS = {
    "Input": "the target receives a constant instead of the event",
    "InputPath": "the target receives part of the event",
    "InputTransformer": "the target receives a transformed event",
}


def target_node(ctx: Context, value: Any, where: str, what: str) -> str | None:
    """The node a target ARN refers to, or None with a note naming what it is."""
    logical_id = ctx.function_of(value) or ctx.refs.target(value)
    node_id = ctx.draft.node(logical_id)
    if node_id is None:
        type_ = ctx.type_of(logical_id)
        thing = f"{logical_id} ({type_})" if logical_id else _show(ctx, value)
        ctx.report.note(where, f"{what} {thing} is not modelled; no edge")
    return node_id


def _show(ctx: Context, value: Any) -> str:
    try:
        literal = ctx.refs.literal(value)
    except Unresolved:
        literal = value
    return repr(literal)[:120]


def read_rule(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::Events::Rule: an edge per target with the pattern, or a schedule producer."""
    where = ctx.where(logical_id)
    state = properties.get("State", "ENABLED")
    if isinstance(state, str) and state.upper() == "DISABLED":
        ctx.report.note(where, "the rule is DISABLED; its targets get no edges")
        return
    targets = properties.get("Targets") or []
    if not isinstance(targets, list):
        ctx.report.note(where, "Targets is not a list; no edges")
        return
    if "ScheduleExpression" in properties:
        read_schedule(ctx, logical_id, properties, targets)
        return
    try:
        pattern = ctx.refs.mapping(properties.get("EventPattern"))
    except Unresolved as exc:
        ctx.report.note(where, f"EventPattern cannot be read ({exc}); no edges")
        return
    if not isinstance(pattern, dict):
        ctx.report.note(where, "no EventPattern or ScheduleExpression; no edges")
        return
    bus = ctx.bus_node(properties.get("EventBusName"), where)
    for index, target in enumerate(targets):
        _rule_target(ctx, bus, pattern, target, f"{where} Targets[{index}]")


def _rule_target(ctx: Context, bus: str, pattern: Any, target: Any, where: str) -> None:
    if not isinstance(target, dict):
        ctx.report.note(where, "a target must be a mapping")
        return
    node_id = outside_bus(ctx, target.get("Arn"), where)
    if node_id is None:
        node_id = target_node(ctx, target.get("Arn"), where, "target")
    if not node_id:
        return
    if ctx.draft.add_edge(bus, node_id, where, pattern=pattern):
        _retry_policy(ctx, bus, target.get("RetryPolicy"), where)
    for key, message in RULE_TARGET_EXTRAS.items():
        if target.get(key) is not None:
            ctx.report.note(where, f"{key}: {message}")
    _rule_dead_letter(ctx, bus, target.get("DeadLetterConfig"), where)


def _rule_dead_letter(ctx: Context, bus: str, config: Any, where: str) -> None:
    """A target's DeadLetterConfig: the bus's dead-letter edge, where the model has one."""
    if not isinstance(config, dict):
        return
    router = KINDS["router"]
    dlq = ctx.draft.node(ctx.refs.target(config.get("Arn")))
    if dlq is not None and router.may_target("dead-letter", KINDS[ctx.draft.nodes[dlq].kind]):
        ctx.draft.add_edge(bus, dlq, where, kind="dead-letter")
        return
    ctx.report.note(where, "DeadLetterConfig: a rule target's dead-letter queue is not modelled")
    mark_sink(ctx, config, "Arn")


def mark_sink(ctx: Context, config: Any, key: str) -> None:
    """Remember a dead-letter queue of an unmodelled route: something does feed it."""
    if isinstance(config, dict):
        node_id = ctx.draft.node(ctx.refs.target(config.get(key)))
        if node_id is not None:
            ctx.draft.sinks.add(node_id)


def _retry_policy(ctx: Context, bus: str, policy: Any, where: str) -> None:
    """A target's RetryPolicy sets the bus's retries (the model has them per bus)."""
    if not isinstance(policy, dict):
        return
    for key, param in (
        ("MaximumRetryAttempts", "retry_attempts"),
        ("MaximumEventAgeInSeconds", "retry_max_age"),
    ):
        value = ctx.number(policy.get(key), where, key) if key in policy else None
        if value is None:
            continue
        params = ctx.draft.nodes[bus].params
        if param in params and params[param] != value:
            ctx.report.note(
                where, f"{key} {value} differs from another target's; kept {params[param]}"
            )
            continue
        ctx.draft.set(bus, param, value, where)


def read_subscription(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::SNS::Subscription -> topic edge with the filter policy."""
    where = ctx.where(logical_id)
    topic = ctx.draft.node(ctx.refs.target(properties.get("TopicArn")))
    if topic is None:
        ctx.report.note(where, "its topic is not in the template; no edge")
        return
    subscribe(ctx, topic, properties, where)


def subscribe(ctx: Context, topic: str, subscription: dict[str, Any], where: str) -> None:
    """One subscription (resource or inline block) -> edge with the filter."""
    protocol = str(subscription.get("Protocol", "")).lower()
    if protocol not in ("sqs", "lambda"):
        ctx.report.note(where, f"a {protocol or 'no'}-protocol endpoint is not modelled; no edge")
        return
    node_id = target_node(ctx, subscription.get("Endpoint"), where, "endpoint")
    if node_id is None:
        return
    try:
        policy = ctx.refs.mapping(subscription.get("FilterPolicy"))
    except Unresolved as exc:
        ctx.report.note(where, f"FilterPolicy cannot be read ({exc}); no edge")
        return
    if policy is not None and not isinstance(policy, dict):
        ctx.report.note(where, "FilterPolicy is not an object; no edge")
        return
    scope = subscription.get("FilterPolicyScope", "MessageAttributes")
    if policy and scope != "MessageBody":
        ctx.report.note(
            where, "the filter policy tests message attributes; the model tests event detail"
        )
    if subscription.get("RedrivePolicy"):
        _subscription_dead_letter(ctx, topic, subscription["RedrivePolicy"], where)
    ctx.draft.add_edge(topic, node_id, where, filter=policy or None)


def _subscription_dead_letter(ctx: Context, topic: str, policy: Any, where: str) -> None:
    """A subscription's RedrivePolicy: the topic's dead-letter edge (one per topic)."""
    config = policy
    if not isinstance(policy, dict):  # a JSON string
        try:
            config = ctx.refs.mapping(policy)
        except Unresolved:
            config = None
    dlq = None
    if isinstance(config, dict):
        dlq = ctx.draft.node(ctx.refs.target(config.get("deadLetterTargetArn")))
    existing = [
        e.target for e in ctx.draft.edges.values() if e.source == topic and e.kind == "dead-letter"
    ]
    if dlq is not None and (not existing or existing == [dlq]):
        if ctx.draft.add_edge(topic, dlq, where, kind="dead-letter"):
            return
    elif dlq is not None:
        ctx.report.note(
            where,
            f"the subscription's dead-letter queue {dlq} is not modelled: the topic's "
            f"dead-letter edge (one for all subscriptions) goes to {existing[0]}",
        )
    else:
        ctx.report.note(where, "the subscription's dead-letter queue is not modelled")
    mark_sink(ctx, config, "deadLetterTargetArn")


def read_topic_subscriptions(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """The `Subscription` blocks inside an AWS::SNS::Topic."""
    topic = ctx.draft.node(logical_id)
    blocks = properties.get("Subscription") or []
    if topic is None or not isinstance(blocks, list):
        return
    for index, block in enumerate(blocks):
        if isinstance(block, dict):
            subscribe(ctx, topic, block, f"{ctx.where(logical_id)} Subscription[{index}]")


def read_redrive(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """A queue's RedrivePolicy -> max_receive_count and a dead-letter edge."""
    queue = ctx.draft.node(logical_id)
    where = ctx.where(logical_id)
    if queue is None or properties.get("RedrivePolicy") is None:
        return
    try:
        policy = ctx.refs.mapping(properties["RedrivePolicy"])
    except Unresolved:
        policy = properties["RedrivePolicy"]
    if not isinstance(policy, dict):
        ctx.report.note(where, "RedrivePolicy is not an object")
        return
    count = ctx.number(policy.get("maxReceiveCount"), where, "maxReceiveCount")
    if count is not None:
        ctx.draft.set(queue, "max_receive_count", count, where)
    dlq = target_node(ctx, policy.get("deadLetterTargetArn"), where, "dead-letter target")
    if dlq is not None:
        ctx.draft.add_edge(queue, dlq, where, kind="dead-letter")


def read_event_source(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::Lambda::EventSourceMapping: a queue -> function edge and its batch settings."""
    where = ctx.where(logical_id)
    function = ctx.draft.node(ctx.function_of(properties.get("FunctionName")))
    source_id = ctx.refs.target(properties.get("EventSourceArn"))
    queue = ctx.draft.node(source_id)
    if function is None or queue is None or ctx.draft.nodes[queue].kind != "queue":
        what = f"{source_id} ({ctx.type_of(source_id)})" if source_id else "its source"
        ctx.report.skip(
            logical_id, "AWS::Lambda::EventSourceMapping", f"{what} is not a modelled queue"
        )
        return
    if flag(properties.get("Enabled", True)) is False:
        ctx.report.note(where, "the mapping is disabled; no edge")
        return
    ctx.draft.add_edge(queue, function, where)
    _batch_settings(ctx, function, properties, where)


def _batch_settings(ctx: Context, function: str, properties: dict[str, Any], where: str) -> None:
    node = ctx.draft.nodes[function]
    size = ctx.number(properties.get("BatchSize"), where, "BatchSize")
    if size is None:
        size = SQS_BATCH_SIZE
        ctx.report.default(function, "batch_size", size, "SQS event sources' default BatchSize")
    if node.params.get("batch_size", size) != size:
        ctx.report.note(
            where, f"BatchSize {size} differs from another source's; the larger is used"
        )
    ctx.draft.set(function, "batch_size", max(size, node.params.get("batch_size", 1)), where)
    types = properties.get("FunctionResponseTypes") or []
    if isinstance(types, list) and "ReportBatchItemFailures" in types:
        ctx.draft.set(function, "partial_batch", True, where)
    source_cap(ctx, function, properties.get("ScalingConfig"), where)
    if properties.get("FilterCriteria"):
        ctx.report.note(where, "FilterCriteria is not modelled")
    window = properties.get("MaximumBatchingWindowInSeconds")
    if window is not None:
        seconds = ctx.number(window, where, "MaximumBatchingWindowInSeconds")
        if seconds is not None:
            ctx.draft.set(function, "batch_window", seconds, where)


def read_invoke_config(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::Lambda::EventInvokeConfig: async retries and on-success/on-failure edges."""
    where = ctx.where(logical_id)
    function = ctx.draft.node(ctx.function_of(properties.get("FunctionName")))
    if function is None:
        ctx.report.skip(logical_id, ctx.type_of(logical_id), "its function is not in the template")
        return
    retries = ctx.number(properties.get("MaximumRetryAttempts"), where, "MaximumRetryAttempts")
    if retries is not None:
        ctx.draft.set(function, "retries", retries, where)
    age = properties.get("MaximumEventAgeInSeconds")
    if age is not None:
        seconds = ctx.number(age, where, "MaximumEventAgeInSeconds")
        if seconds is not None:
            ctx.draft.set(function, "max_event_age", seconds, where)
    destinations = properties.get("DestinationConfig") or {}
    if not isinstance(destinations, dict):
        return
    for key, kind in (("OnFailure", "on-failure"), ("OnSuccess", "flow")):
        destination = destinations.get(key)
        if isinstance(destination, dict):
            node_id = target_node(ctx, destination.get("Destination"), where, f"{key} destination")
            if node_id is not None:
                ctx.draft.add_edge(function, node_id, where, kind=kind)


def read_function_dlq(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """A function's DeadLetterConfig (async failures) -> on-failure edge."""
    config = properties.get("DeadLetterConfig")
    function = ctx.draft.node(logical_id)
    if function is None or not isinstance(config, dict) or "TargetArn" not in config:
        return
    where = ctx.where(logical_id)
    node_id = target_node(ctx, config["TargetArn"], where, "DeadLetterConfig target")
    if node_id is not None:
        ctx.draft.add_edge(function, node_id, where, kind="on-failure")


WIRING_READERS: dict[str, tuple[Callable[[Context, str, dict[str, Any]], None], ...]] = {
    "AWS::Events::Rule": (read_rule,),
    "AWS::Scheduler::Schedule": (read_scheduler_schedule,),
    "AWS::SNS::Subscription": (read_subscription,),
    "AWS::SNS::Topic": (read_topic_subscriptions,),
    "AWS::SQS::Queue": (read_redrive,),
    "AWS::Lambda::EventSourceMapping": (read_event_source,),
    "AWS::Lambda::EventInvokeConfig": (read_invoke_config,),
    "AWS::Lambda::Function": (read_function_dlq,),
    "AWS::Events::EventBusPolicy": (read_bus_policy,),
    "AWS::SNS::TopicPolicy": (read_topic_policy,),
    "AWS::Events::Archive": (read_archive,),
}


def read_wiring(ctx: Context) -> None:
    """Add the edges of every resource, in template order."""
    for logical_id, resource in ctx.resources.items():
        for reader in WIRING_READERS.get(resource["Type"], ()):
            reader(ctx, logical_id, ctx.props(logical_id))
