"""List every resource of a type the import does not model, with the reason."""

from __future__ import annotations

from simulator.iac import DESIGN_ID
from simulator.iac.import_context import Context
from simulator.iac.import_nodes import NODE_READERS
from simulator.iac.import_wiring import WIRING_READERS

PLUMBING = (
    "AWS::IAM::",
    "AWS::Lambda::Permission",
    "AWS::Lambda::Version",
    "AWS::Lambda::Alias",
    "AWS::Lambda::LayerVersion",
    "AWS::SQS::QueuePolicy",
    "AWS::SNS::TopicPolicy",
    "AWS::Events::EventBusPolicy",
    "AWS::Logs::",
    "AWS::CloudWatch::",
    "AWS::KMS::",
    "AWS::SSM::",
    "AWS::XRay::",
    "AWS::CDK::",
)
API = ("AWS::ApiGateway::", "AWS::ApiGatewayV2::", "AWS::AppSync::")


def report_unmodelled(ctx: Context) -> None:
    """Add a `skipped` entry for each resource whose type no reader handles."""
    handled = set(NODE_READERS) | set(WIRING_READERS)
    already = {s.logical_id for s in ctx.report.skipped} | ctx.draft.read
    for logical_id, resource in ctx.resources.items():
        type_ = resource["Type"]
        if type_ in handled or logical_id in already:
            continue
        ctx.report.skip(logical_id, type_, _reason(ctx, logical_id, type_))


def _reason(ctx: Context, logical_id: str, type_: str) -> str:
    if ctx.eventscape and logical_id == DESIGN_ID:
        return "holds the Eventscape design metadata (read back), creates nothing"
    parent = ctx.parent(logical_id)
    made_by = (
        f" (made by the SAM transform from {parent})" if parent != logical_id and parent else ""
    )
    if type_.startswith(PLUMBING):
        return f"permissions, logging or packaging: no effect on the event flow{made_by}"
    if type_.startswith(API):
        callers = ctx.eventscape is False and any(
            n.kind == "producer" for n in ctx.draft.nodes.values()
        )
        note = " its calls are a producer to fill in" if callers else " not modelled"
        return f"an API:{note}{made_by}"
    if type_.startswith("AWS::Serverless::"):
        return f"a SAM resource the transform did not expand{made_by}"
    return f"not modelled{made_by}"
