"""A function's concurrency keys from a template, as the deployment behaves (issue 15).

- `ReservedConcurrentExecutions` -> `reserved_concurrency` (set aside from the account's
  pool and the function's cap there), and `concurrency` the same figure (the function
  can never run more; `read_reservation`);
- `ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions` of the function's
  `AWS::Lambda::Alias` and `AWS::Lambda::Version` resources (SAM: the alias its
  `AutoPublishAlias` makes) -> `provisioned`, summed over them;
- `ScalingConfig.MaximumConcurrency` of its SQS event sources -> `maximum_concurrency`;
- a function without a reservation has no cap of its own: `concurrency` is the account's
  quota (assumed 1,000, AWS's default; raised when the template reserves and provisions
  more than AWS would allow under it, since AWS keeps 100 unreserved).
"""

from __future__ import annotations

from typing import Any

from simulator.iac.import_context import Context
from simulator.model import Topology
from simulator.model.concurrency import claims, consumer_placements
from simulator.model.validation import UNRESERVED_MIN

ACCOUNT_CONCURRENCY = 1000  # AWS's default regional quota, shared by unreserved functions
MAX_CONCURRENCY = 1000  # an SQS event source without ScalingConfig: up to 1,000 batches
QUALIFIERS = ("AWS::Lambda::Alias", "AWS::Lambda::Version")


def read_reservation(ctx: Context, node_id: str, properties: dict[str, Any], where: str) -> None:
    """ReservedConcurrentExecutions -> reserved_concurrency, and concurrency the same."""
    reserved = ctx.number(
        properties.get("ReservedConcurrentExecutions"), where, "ReservedConcurrentExecutions"
    )
    if reserved is None or not ctx.draft.set(node_id, "reserved_concurrency", reserved, where):
        return
    if reserved == 0:
        ctx.report.note(
            where,
            "ReservedConcurrentExecutions 0 throttles every invocation, as on AWS "
            "(concurrency 1, the model's least, is never reached)",
        )
    ctx.draft.set(node_id, "concurrency", max(int(reserved), 1), where)


def source_cap(ctx: Context, function: str, scaling: Any, where: str) -> None:
    """Remember an SQS event source's MaximumConcurrency (None: none, up to 1,000)."""
    cap = None
    if isinstance(scaling, dict) and scaling.get("MaximumConcurrency") is not None:
        cap = ctx.number(scaling["MaximumConcurrency"], where, "MaximumConcurrency")
    ctx.draft.source_caps.setdefault(function, []).append((cap, where))


def settle_concurrency(ctx: Context) -> None:
    """Provisioned environments, the event sources' caps, then what reservations leave."""
    _read_provisioned(ctx)
    for function, caps in ctx.draft.source_caps.items():
        _maximum_concurrency(ctx, function, caps)
    account = ACCOUNT_CONCURRENCY if ctx.eventscape else _account(ctx)
    for logical_id, node_id in list(ctx.draft.node_of.items()):
        node = ctx.draft.nodes[node_id]
        if node.kind != "consumer" or "concurrency" in node.params:
            continue
        if ctx.type_of(logical_id) != "AWS::Lambda::Function":
            continue
        ctx.draft.set(node_id, "concurrency", account, ctx.where(logical_id))
        ctx.report.assume(
            node_id,
            "concurrency",
            account,
            "no reserved concurrency: no cap of its own; it shares the account's unreserved "
            "pool with other functions",
        )


def _read_provisioned(ctx: Context) -> None:
    """Sum the provisioned concurrency of each function's aliases and versions."""
    found: dict[str, list[str]] = {}
    for logical_id, resource in ctx.resources.items():
        if resource["Type"] not in QUALIFIERS:
            continue
        properties = ctx.props(logical_id)
        config = properties.get("ProvisionedConcurrencyConfig")
        if not isinstance(config, dict):
            continue
        where = ctx.where(logical_id)
        ctx.draft.read.add(logical_id)
        function = ctx.draft.node(ctx.function_of(properties.get("FunctionName")))
        count = ctx.number(
            config.get("ProvisionedConcurrentExecutions"), where, "ProvisionedConcurrentExecutions"
        )
        if function is None:
            ctx.report.note(where, "ProvisionedConcurrencyConfig: its function is not modelled")
        elif count is not None and count > 0:
            total = ctx.draft.nodes[function].params.get("provisioned", 0) + count
            if ctx.draft.set(function, "provisioned", total, where):
                found.setdefault(function, []).append(logical_id)
    for function, holders in found.items():
        _fit_reservation(ctx, function)
        if len(holders) > 1:
            ctx.report.note(
                function,
                f"provisioned {ctx.draft.nodes[function].params.get('provisioned')}: the sum "
                f"of {', '.join(holders)} (the model keeps one count per function)",
            )


def _fit_reservation(ctx: Context, function: str) -> None:
    """AWS refuses provisioned concurrency above the function's reservation: cut it there."""
    params = ctx.draft.nodes[function].params
    reserved = params.get("reserved_concurrency")
    if reserved is not None and params["provisioned"] > reserved:
        ctx.report.note(
            function,
            f"provisioned {params['provisioned']} exceeds its reserved concurrency {reserved} "
            f"(AWS refuses that); {int(reserved)} is used",
        )
        params["provisioned"] = int(reserved)


def _maximum_concurrency(ctx: Context, function: str, caps: list[tuple[Any, str]]) -> None:
    """One cap for all of a function's queues (AWS caps each event source mapping)."""
    values = {MAX_CONCURRENCY if cap is None else cap for cap, _ in caps}
    where = caps[-1][1]
    if len(caps) > 1 and values != {MAX_CONCURRENCY}:
        ctx.report.note(
            where,
            "MaximumConcurrency caps each event source on AWS; the model caps the batches of "
            f"all {len(caps)} queues of {function} together, at {_shown(max(values))}",
        )
    cap = max(values)
    if cap != MAX_CONCURRENCY or any(c == MAX_CONCURRENCY for c, _ in caps):
        ctx.draft.set(function, "maximum_concurrency", cap, where)


def _shown(cap: Any) -> str:
    return f"{cap} (the largest)" if cap != MAX_CONCURRENCY else "1,000 (a source has no cap)"


def _account(ctx: Context) -> int:
    """The account quota the template needs: 1,000, or what its claims leave 100 of."""
    draft = Topology(nodes=list(ctx.draft.nodes.values()))
    needed = max((sum(claims(nodes)) for nodes in consumer_placements(draft).values()), default=0)
    if needed + UNRESERVED_MIN <= ACCOUNT_CONCURRENCY:
        return ACCOUNT_CONCURRENCY
    account = needed + UNRESERVED_MIN
    ctx.draft.account_concurrency = account
    ctx.report.assume(
        "scenario",
        "account_concurrency",
        account,
        f"the functions reserve and provision {needed}; AWS keeps {UNRESERVED_MIN} unreserved, "
        f"so the account's quota must be at least {account} (AWS's default: 1,000)",
    )
    return account
