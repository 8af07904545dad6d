"""What a template implies but does not wire: who calls in, and where functions publish.

- A Lambda permission for a service other than EventBridge or SNS (API Gateway, S3, ...)
  means that service calls the function: it becomes a producer to fill in.
- A function allowed to send (`sns:Publish`, `events:PutEvents`, `sqs:SendMessage`,
  `states:StartExecution`, `lambda:InvokeFunction`) to a modelled resource publishes
  there: a flow edge, reported as inferred.
- Any other node that nothing feeds gets an external source producer, so the design runs.
Producers' events are derived from the patterns and filters they must pass.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from simulator.iac.cfn_refs import Unresolved
from simulator.iac.import_context import Context
from simulator.iac.import_events import events_for
from simulator.model import KINDS

SEND_ACTIONS = (
    "sns:publish",
    "events:putevents",
    "sqs:sendmessage",
    "sqs:sendmessagebatch",
    "states:startexecution",
    "states:startsyncexecution",
    "lambda:invokefunction",
    "lambda:invokeasync",
)
WIRED_PRINCIPALS = ("events.amazonaws.com", "sns.amazonaws.com")
ASSUMED_LOAD = {"profile": "poisson", "rate": 1}


CALLER_SERVICES = ("apigateway", "appsync", "iot")  # roles they assume: they send for callers


def add_entries(ctx: Context) -> None:
    """Callers from permissions and API roles, inferred publishing, sources for unfed nodes."""
    _callers(ctx)
    _api_roles(ctx)
    _publishing(ctx)
    _sources(ctx)


def _api_roles(ctx: Context) -> None:
    """A role API Gateway (AppSync, IoT) assumes to send somewhere: a producer feeding it."""
    for logical_id, resource in ctx.resources.items():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        service = _trusted_service(ctx.props(logical_id).get("AssumeRolePolicyDocument"))
        targets = _send_targets(ctx, logical_id) if service else []
        if not targets:
            continue
        label = f"{service} calls, sent with role {logical_id} (fill in)"
        origin = f"AWS::IAM::Role {logical_id}: {service} may send with it"
        producer = ctx.draft.add_node(
            f"caller:{logical_id}", "producer", label, origin, stem=f"{logical_id}-{service}"
        )
        _assume_load(ctx, producer, f"{service} sends for its callers; the template has no rate")
        for target in targets:
            ctx.draft.add_edge(producer, target, ctx.where(logical_id))
        _assume_events(ctx, producer, targets[0])


def _trusted_service(document: Any) -> str | None:
    """The first caller service a trust policy lets assume the role, or None."""
    statements = document.get("Statement") if isinstance(document, dict) else None
    for statement in _list(statements):
        principal = statement.get("Principal")
        services = principal.get("Service") if isinstance(principal, dict) else None
        for service in services if isinstance(services, list) else [services]:
            name = service.split(".", 1)[0] if isinstance(service, str) else ""
            if name in CALLER_SERVICES:
                return name
    return None


def _callers(ctx: Context) -> None:
    """Lambda permissions for other services: one producer per (function, service)."""
    for logical_id, resource in ctx.resources.items():
        if resource["Type"] != "AWS::Lambda::Permission":
            continue
        properties = ctx.props(logical_id)
        function = ctx.draft.node(ctx.function_of(properties.get("FunctionName")))
        try:
            principal = ctx.refs.literal(properties.get("Principal"))
        except Unresolved:
            principal = None
        if function is None or not isinstance(principal, str) or principal in WIRED_PRINCIPALS:
            continue
        service = principal.split(".", 1)[0] or "caller"
        key = f"caller:{function}:{service}"
        if ctx.draft.node(key):
            continue
        label = f"{service} calls {ctx.draft.nodes[function].title} (fill in)"
        origin = f"AWS::Lambda::Permission {logical_id}: {principal} may invoke {function}"
        producer = ctx.draft.add_node(key, "producer", label, origin, stem=f"{function}-{service}")
        _assume_load(ctx, producer, f"{principal} calls the function; the template has no rate")
        ctx.draft.add_edge(producer, function, ctx.where(logical_id))
        _assume_events(ctx, producer, function)


def _publishing(ctx: Context) -> None:
    """Flow edges from each function to what its role may send to."""
    for logical_id, node_id in list(ctx.draft.node_of.items()):
        if ctx.type_of(logical_id) != "AWS::Lambda::Function":
            continue
        role = ctx.refs.target(ctx.props(logical_id).get("Role"))
        where = ctx.where(logical_id)
        for target_id in _send_targets(ctx, role):
            if target_id == node_id or _linked(ctx, node_id, target_id, where):
                continue
            if ctx.draft.add_edge(node_id, target_id, where):
                _emits(ctx, node_id, target_id, where)


def _linked(ctx: Context, node_id: str, target_id: str, where: str) -> bool:
    """An edge already joins the two (a destination, or the source it reads: noted)."""
    edges = ctx.draft.edges.values()
    if any(e.source == node_id and e.target == target_id for e in edges):
        return True
    if any(e.source == target_id and e.target == node_id for e in edges):
        ctx.report.note(where, f"may also send to {target_id}, which feeds it: not drawn")
        return True
    return False


def _emits(ctx: Context, node_id: str, target_id: str, where: str) -> None:
    """What an inferred publish sends: an event the target's routes pass, when known."""
    templates = events_for(ctx.draft, target_id)
    edge = ctx.draft.edges[(node_id, target_id, "flow")]
    if templates:
        edge.emits = templates[0]
    what = f"emits {templates[0]} (assumed)" if templates else "forwards the event it got"
    ctx.report.note(where, f"publishes to {target_id}: inferred from its permissions; {what}")


def _send_targets(ctx: Context, role: str | None) -> list[str]:
    """Nodes a role's policies allow sending to, in order."""
    if not role or ctx.type_of(role) != "AWS::IAM::Role":
        return []
    documents = [p.get("PolicyDocument") for p in _list(ctx.props(role).get("Policies"))]
    for logical_id, resource in ctx.resources.items():
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            roles = ctx.refs.all_targets(ctx.props(logical_id).get("Roles"))
            if role in roles:
                documents.append(ctx.props(logical_id).get("PolicyDocument"))
    found: list[str] = []
    for document in documents:
        statements = document.get("Statement") if isinstance(document, dict) else None
        for statement in _list(statements):
            if statement.get("Effect") == "Allow" and _sends(statement.get("Action")):
                found += _resource_nodes(ctx, statement.get("Resource"))
    return list(dict.fromkeys(found))


def _resource_nodes(ctx: Context, resource: Any) -> list[str]:
    """The nodes a policy's Resource names (the default bus by its ARN too)."""
    found = [n for t in ctx.refs.all_targets(resource) if (n := ctx.draft.node(t))]
    for item in resource if isinstance(resource, list) else [resource]:
        try:
            text = ctx.refs.literal(item)
        except Unresolved:
            continue
        if isinstance(text, str) and text.endswith(":event-bus/default"):
            found.append(ctx.bus_node(None, ""))
    return found


def _sends(actions: Any) -> bool:
    """True when an action (wildcards too: `sqs:SendMessage*`, `sns:*`) sends."""
    names = actions if isinstance(actions, list) else [actions]
    patterns = [a.lower() for a in names if isinstance(a, str)]
    return any(fnmatch.fnmatchcase(send, p) for p in patterns for send in SEND_ACTIONS)


def _list(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def _sources(ctx: Context) -> None:
    """An external source producer for every node nothing feeds."""
    fed = {e.target for e in ctx.draft.edges.values()}
    for node_id, node in list(ctx.draft.nodes.items()):
        if node_id in fed or node_id in ctx.draft.sinks or not KINDS[node.kind].receives:
            continue
        label = f"source of {node.title} (fill in)"
        producer = ctx.draft.add_node(
            f"source:{node_id}", "producer", label, "outside the template", stem=f"{node_id}-source"
        )
        _assume_load(ctx, producer, f"whatever feeds {node_id} is outside the template")
        _assume_events(ctx, producer, node_id)
        ctx.draft.add_edge(producer, node_id, ctx.report.source)


def _assume_events(ctx: Context, producer: str, target: str) -> None:
    """An invented producer's events: ones that pass the target's routes, when it has any."""
    events = events_for(ctx.draft, target)
    if events:
        ctx.draft.set(producer, "events", events, ctx.report.source)
        ctx.report.assume(producer, "events", events, f"made to pass {target}'s routes")
    else:
        ctx.report.assume(producer, "events", None, "one generic event")


def _assume_load(ctx: Context, producer: str, reason: str) -> None:
    ctx.draft.set(producer, "load", dict(ASSUMED_LOAD), ctx.report.source)
    ctx.report.assume(producer, "load", dict(ASSUMED_LOAD), reason)
