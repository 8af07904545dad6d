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


def add_entries(ctx: Context) -> None:
    """Callers from permissions, inferred publishing, then sources for unfed nodes."""
    _callers(ctx)
    _publishing(ctx)
    _sources(ctx)


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


def _publishing(ctx: Context) -> None:
    """Flow edges from each function to what its role may send to."""
    for logical_id, node_id in list(ctx.draft.node_of.items()):
        if ctx.type_of(logical_id) != "AWS::Lambda::Function":
            continue
        role = ctx.refs.target(ctx.props(logical_id).get("Role"))
        where = ctx.where(logical_id)
        for target in _send_targets(ctx, role):
            target_id = ctx.draft.node(target)
            if target_id is None or target_id == node_id:
                continue
            if any(e.source == node_id and e.target == target_id for e in ctx.draft.edges.values()):
                continue
            if ctx.draft.add_edge(node_id, target_id, where):
                _emits(ctx, node_id, target_id, where)


def _emits(ctx: Context, node_id: str, target_id: str, where: str) -> None:
    """What an inferred publish sends: an event the target's routes pass, when known."""
    templates = events_for(ctx.draft, target_id)
    edge = ctx.draft.edges[(node_id, target_id, "flow")]
    if templates:
        edge.emits = templates[0]
    what = f"emits {templates[0]} (assumed)" if templates else "forwards the event it got"
    ctx.report.note(where, f"publishes to {target_id}: inferred from its permissions; {what}")


def _send_targets(ctx: Context, role: str | None) -> list[str]:
    """Logical ids a role's policies allow sending to, in order."""
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
                found += ctx.refs.all_targets(statement.get("Resource"))
    return list(dict.fromkeys(found))


def _sends(actions: Any) -> bool:
    names = actions if isinstance(actions, list) else [actions]
    return any(isinstance(a, str) and a.lower() in SEND_ACTIONS for a in names)


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
        events = events_for(ctx.draft, node_id)
        if events:
            ctx.draft.set(producer, "events", events, ctx.report.source)
            ctx.report.assume(producer, "events", events, "made to pass the routes' patterns")
        else:
            ctx.report.assume(producer, "events", None, "one generic event")
        ctx.draft.add_edge(producer, node_id, ctx.report.source)


def _assume_load(ctx: Context, producer: str, reason: str) -> None:
    ctx.draft.set(producer, "load", dict(ASSUMED_LOAD), ctx.report.source)
    ctx.report.assume(producer, "load", dict(ASSUMED_LOAD), reason)
