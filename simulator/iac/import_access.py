"""Issue 16's resources back to node parameters: bus and topic policies, archives, KMS.

The inverse of `sam_access` for any template: `AWS::Events::EventBusPolicy` (the
`Statement` form and the older `Action`/`Principal` form) and the account statements of
`AWS::SNS::TopicPolicy` become the router's or topic's `policy` (statements for services
are the plumbing deliveries need and are skipped; statements IAM-specific in a way the
model cannot follow, such as organisation conditions or role principals, are reported and
left out); `AWS::Events::Archive` becomes the router's `archive`; a queue's or topic's
`KmsMasterKeyId` makes it `encrypted` (SSE-SQS, `SqsManagedSseEnabled`, uses keys SQS owns
and calls no KMS: not `encrypted`).
"""

from __future__ import annotations

import re
from typing import Any

from simulator.iac.cfn_refs import Unresolved
from simulator.iac.import_context import Context
from simulator.iac.sam_access import DAY, eventscape_statement


def _add_statement(ctx: Context, node_id: str, statement: dict[str, Any], where: str) -> None:
    """Append a statement to the node's policy (checked as a whole by `Draft.set`)."""
    policy = list(ctx.draft.nodes[node_id].params.get("policy") or [])
    ctx.draft.set(node_id, "policy", [*policy, statement], where)


def read_bus_policy(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::Events::EventBusPolicy -> a statement of the router's `policy`."""
    where = ctx.where(logical_id)
    bus = ctx.bus_node(properties.get("EventBusName"), where)
    raw = properties.get("Statement")
    if not isinstance(raw, dict):  # the older form: one account (or "*") may put events
        if properties.get("Condition") is not None:
            ctx.report.note(where, "a Condition (organisation) the model has not: not imported")
            return
        principal = ctx.refs.literal(properties.get("Principal"))
        raw = {
            "Effect": "Allow",
            "Principal": "*" if principal == "*" else {"AWS": principal},
            "Action": properties.get("Action"),
        }
    statement = eventscape_statement("router", _literal(ctx, raw))
    if statement is None:
        ctx.report.note(
            where,
            "a statement the model cannot state (principals, actions or condition): not imported",
        )
        return
    _add_statement(ctx, bus, statement, where)


def read_topic_policy(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::SNS::TopicPolicy -> the account statements of each topic's `policy`."""
    where = ctx.where(logical_id)
    document = properties.get("PolicyDocument")
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    topics = properties.get("Topics")
    topics = topics if isinstance(topics, list) else []
    nodes = [n for n in (ctx.draft.node(ctx.refs.target(t)) for t in topics) if n]
    for index, raw in enumerate(statements if isinstance(statements, list) else []):
        if _for_service(raw):
            continue  # plumbing: a service delivering to the topic
        statement = eventscape_statement("topic", _literal(ctx, raw))
        if statement is None:
            ctx.report.note(
                f"{where} Statement[{index}]",
                "not an account publishing or subscribing as the model states it: not imported",
            )
            continue
        for node_id in nodes:
            _add_statement(ctx, node_id, statement, where)


def _for_service(raw: Any) -> bool:
    principal = raw.get("Principal") if isinstance(raw, dict) else None
    return isinstance(principal, dict) and "Service" in principal


def _literal(ctx: Context, raw: Any) -> Any:
    """A statement with its parts resolved (account ids may be parameters); its Resource
    (the bus or topic itself) is not read."""
    if not isinstance(raw, dict):
        return raw
    resolved = dict(raw)
    for key in ("Effect", "Principal", "Action", "Condition"):
        try:
            resolved[key] = ctx.refs.literal(raw.get(key))
        except Unresolved:
            resolved[key] = {"unresolved": True}  # read as no account statement
    return resolved


def read_archive(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::Events::Archive -> the router's `archive` (RetentionDays 0: indefinitely)."""
    where = ctx.where(logical_id)
    bus = ctx.draft.node(ctx.refs.target(properties.get("SourceArn")))
    if bus is None:
        ctx.report.note(where, "its SourceArn is no event bus of the template: not imported")
        return
    value: dict[str, Any] = {}
    try:
        pattern = ctx.refs.mapping(properties.get("EventPattern"))
    except Unresolved as exc:
        ctx.report.note(where, f"EventPattern cannot be read ({exc}); the archive keeps all")
        pattern = None
    if isinstance(pattern, dict):
        value["pattern"] = pattern
    days = ctx.number(properties.get("RetentionDays"), where, "RetentionDays")
    if days:
        value["retention"] = int(days) * DAY
    ctx.draft.set(bus, "archive", value, where)


def read_encryption(ctx: Context, node_id: str, properties: dict[str, Any], where: str) -> None:
    """A queue's or topic's KMS settings (SSE-SQS is not KMS: no `encrypted`)."""
    if properties.get("KmsMasterKeyId") is None:
        if properties.get("SqsManagedSseEnabled") is not None:
            ctx.report.note(where, "SSE-SQS uses keys SQS owns and calls no KMS: not encrypted")
        return
    ctx.draft.set(node_id, "encrypted", True, where)
    if "KmsDataKeyReusePeriodSeconds" in properties:
        value = properties["KmsDataKeyReusePeriodSeconds"]
        reuse = ctx.number(value, where, "KmsDataKeyReusePeriodSeconds")
        if reuse is not None:
            ctx.draft.set(node_id, "kms_data_key_reuse", reuse, where)


BUS_ARN = re.compile(r"^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):event-bus/([.\-_/A-Za-z0-9]+)$")


def outside_bus(ctx: Context, value: Any, where: str) -> str | None:
    """The router for a rule target that is an event bus ARN not defined in the template
    (another stack's, account's or Region's bus); "" when an export's metadata holds that
    edge; None when the target is no such ARN. The bus's Region is set from the ARN; its
    account is reported, not set: which account this template deploys to is unknown, and
    the model would then ask the bus's policy to admit the other account."""
    if ctx.refs.target(value) is not None:
        return None
    try:
        literal = ctx.refs.literal(value)
    except Unresolved:
        return None
    match = BUS_ARN.match(literal) if isinstance(literal, str) else None
    if match is None:
        return None
    if ctx.eventscape:
        return ""  # a bus elsewhere: the design entry keeps the node and the edge
    region, account, name = match.groups()
    key = f"bus-arn:{literal}"
    existing = ctx.draft.node(key)
    if existing:
        return existing
    label = f"event bus {name} ({account}, {region})"
    origin = f"{label}: a rule target outside the template"
    node_id = ctx.draft.add_node(key, "router", label=label, origin=origin, stem=name)
    ctx.draft.set(node_id, "region", region, where)
    ctx.report.note(
        where,
        f"target bus {name} is in account {account}: the account is not set on the node "
        "(the template does not say which account it deploys to); set it, with the "
        "policies that admit the accounts, to simulate the cross-account path",
    )
    return node_id
