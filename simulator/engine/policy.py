"""Access policies at run time (issue 16): each publish into a router or topic is checked.

The principal of a publish is the account of the node sending it (the link's source); the
owner is the router's or topic's account. `simulator.model.policy.decide` evaluates the
statements as IAM does. A link whose answer cannot depend on the event (no statement that
names its principal has a `condition`) is decided once: allowed links are left untouched
(no cost per event), refused ones deny every copy. Otherwise each copy is evaluated, its
statements' conditions matched as EventBridge patterns on the whole envelope. A refused
copy ends `denied` at the router or topic (its `denied` figure), with the deciding
statement named for the audit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.model.policy import POLICY_KINDS, Statement, decide, statements
from simulator.patterns import compile_pattern

if TYPE_CHECKING:
    from simulator.engine.copies import Copy
    from simulator.engine.links import Link
    from simulator.engine.nodes.base import NodeSim


def guard_inputs(node: NodeSim) -> None:
    """Put the node's policy in front of every edge publishing into it (routers, topics).

    Nodes that guard anything report `denied`; a node with only same-account publishers
    and no statements about them is left as it was.
    """
    if node.node.kind not in POLICY_KINDS:
        return
    policy = statements(node.node.params.get("policy"))
    guarded = bool(policy)
    for link in node.inputs:
        if link.kind == "dead-letter":
            continue
        principal = link.source.account
        named = [s for s in policy if s.names(principal, "publish")]
        if not named and principal == node.account:
            continue  # same account, nothing about it: always allowed
        check = _check(node, principal, named, link.receive)
        if check is not None:
            link.guard(check)
            guarded = True
    if guarded and "denied" not in node.reported:
        node.reported = (*node.reported, "denied")


def _check(
    node: NodeSim, principal: str, named: list[Statement], receive: Callable[[Copy], None]
) -> Callable[[Copy], None] | None:
    """The arrival check of one publishing link in front of `receive` (None: every copy
    is allowed)."""
    owner = node.account
    if all(s.condition is None for s in named):
        decision = decide(named, node.id, owner, principal, "publish")
        if decision.allowed:
            return None
        reason = _reason(decision.reason, decision.statement, principal)
        return lambda copy: deny(node, copy, reason)
    matchers = {s.index: _matcher(s.condition) for s in named if s.condition is not None}

    def check(copy: Copy) -> None:
        event = copy.event

        def holds(s: Statement) -> bool:
            return s.condition is None or matchers[s.index](event)

        decision = decide(named, node.id, owner, principal, "publish", holds)
        if decision.allowed:
            receive(copy)
        else:
            deny(node, copy, _reason(decision.reason, decision.statement, principal))

    return check


def _reason(reason: str, statement: Statement | None, principal: str) -> str:
    """What denied a publish, naming the refused account (a Deny statement's label does
    not; "no statement allows account ..." does already)."""
    return f"{reason} refuses publish by account {principal}" if statement else reason


def _matcher(condition: Any) -> Callable[[dict[str, Any]], bool]:
    matches: Callable[[dict[str, Any]], bool] = compile_pattern(condition).matches
    return matches


def deny(node: NodeSim, copy: Copy, reason: str) -> None:
    """End `copy` as denied at `node`: the policy refused its publish."""
    node.denied += 1
    node.ledger.end(copy, "denied", node.id, reason)


def guard_all(nodes: dict[str, NodeSim], links: list[Link]) -> None:
    """Guard every router and topic (after wiring)."""
    for node in nodes.values():
        guard_inputs(node)


__all__ = ["deny", "guard_all", "guard_inputs"]
