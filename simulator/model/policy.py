"""Resource policies of routers and topics (issue 16): who may publish to them and subscribe.

A `policy` is a list of statements `{effect: Allow|Deny, principals: [account or "*"],
actions: [publish, subscribe], condition: <EventBridge pattern on the event>}` evaluated as
IAM evaluates a resource policy: an explicit Deny that applies wins; otherwise a principal
of the owner's own account is allowed, and a principal of another account needs an Allow
that applies. A statement applies when it names the principal (or "*") and the action, and
(publish only) its `condition` matches the event. Subscriptions are checked when a design is
validated; publishing is checked per event by the engine (`simulator.engine.policy`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.model.params import Param, type_name
from simulator.model.regions import check_account

POLICY_PARAM = Param(  # routers and topics
    "policy",
    "policy",
    None,
    optional=True,
    doc="Resource policy: statements {effect, principals, actions, condition} on who "
    "may publish and subscribe (none: only its own account)",
)

if TYPE_CHECKING:
    from simulator.model.problems import Problem
    from simulator.model.topology import Topology

EFFECTS = ("Allow", "Deny")
ACTIONS = ("publish", "subscribe")
STATEMENT_KEYS = ("effect", "principals", "actions", "condition")
POLICY_KINDS = ("router", "topic")  # kinds that have a `policy`


@dataclass(frozen=True)
class Statement:
    """One checked statement; `index` is its position in the policy (for messages)."""

    index: int
    effect: str
    principals: tuple[str, ...]
    actions: tuple[str, ...]
    condition: dict[str, Any] | None

    def names(self, principal: str, action: str) -> bool:
        """True when the statement is about `principal` doing `action`."""
        return action in self.actions and ("*" in self.principals or principal in self.principals)

    def label(self, owner: str) -> str:
        """`policy bus statement 2 (Deny)`: what decided, for audits and messages."""
        return f"policy {owner} statement {self.index} ({self.effect})"


def check_policy(value: Any) -> list[str]:
    """Problems of a policy value; messages start with the statement's sub-path."""
    if not isinstance(value, list):
        return [f"must be a list of statements, got {type_name(value)}"]
    problems: list[str] = []
    for i, statement in enumerate(value):
        problems += [f"[{i}]{m}" for m in _check_statement(statement)]
    return problems


def _check_statement(raw: Any) -> list[str]:
    if not isinstance(raw, dict):
        return [f": must be an object with effect, principals and actions, got {type_name(raw)}"]
    problems = [
        f".{k}: unknown key (allowed: {', '.join(STATEMENT_KEYS)})"
        for k in raw
        if k not in STATEMENT_KEYS
    ]
    if raw.get("effect") not in EFFECTS:
        problems.append(f".effect: must be Allow or Deny, got {raw.get('effect')!r}")
    problems += _check_list(raw.get("principals"), "principals", _principal_problem)
    problems += _check_list(raw.get("actions"), "actions", _action_problem)
    condition = raw.get("condition")
    if condition is not None:
        from simulator.model.validation import pattern_problems

        if not isinstance(condition, dict):
            got = type_name(condition)
            problems.append(f".condition: must be an event pattern object, got {got}")
        else:
            problems += [f".condition: {m}" for m in pattern_problems(condition, sns=False)]
        actions = raw.get("actions")
        if isinstance(actions, list) and "subscribe" in actions:
            problems.append(
                ".condition: a condition is a pattern on published events; "
                "subscribe statements cannot have one (split the statement)"
            )
    return problems


def _check_list(value: Any, key: str, item_problem: Callable[[Any], str | None]) -> list[str]:
    if not isinstance(value, list) or not value:
        return [f".{key}: must be a non-empty list, got {type_name(value)}"]
    return [f".{key}[{i}]: {m}" for i, v in enumerate(value) if (m := item_problem(v))]


def _principal_problem(value: Any) -> str | None:
    if value == "*":
        return None
    problems = check_account(value)
    return f'{problems[0]} (or "*": every account)' if problems else None


def _action_problem(value: Any) -> str | None:
    return None if value in ACTIONS else f"must be publish or subscribe, got {value!r}"


def statements(value: Any) -> list[Statement]:
    """A valid policy value as statements (None or an empty list: no statements)."""
    return [
        Statement(
            i,
            raw["effect"],
            tuple(raw["principals"]),
            tuple(raw["actions"]),
            raw.get("condition"),
        )
        for i, raw in enumerate(value or [])
    ]


@dataclass(frozen=True)
class Decision:
    """Whether a principal may do an action, and what decided it (None: the owner's own
    account with nothing denying it)."""

    allowed: bool
    statement: Statement | None
    reason: str


def decide(
    policy: list[Statement],
    owner_node: str,
    owner_account: str,
    principal: str,
    action: str,
    matches: Callable[[Statement], bool] = lambda s: s.condition is None,
) -> Decision:
    """IAM evaluation of one request; `matches(statement)` says whether a statement's
    condition holds (by default: statements with a condition do not apply)."""
    named = [s for s in policy if s.names(principal, action) and matches(s)]
    deny = next((s for s in named if s.effect == "Deny"), None)
    if deny is not None:
        return Decision(False, deny, deny.label(owner_node))
    allow = next((s for s in named if s.effect == "Allow"), None)
    if principal == owner_account:
        return Decision(True, allow, allow.label(owner_node) if allow else "same account")
    if allow is not None:
        return Decision(True, allow, allow.label(owner_node))
    reason = f"policy {owner_node}: no statement allows account {principal} to {action}"
    return Decision(False, None, reason)


def subscription_problems(topology: Topology) -> list[tuple[int, str]]:
    """Rule targets and subscriptions a router's or topic's policy refuses: (edge index,
    message). The subscriber is the target node's account; without a policy only the
    owner's own account may subscribe."""
    out: list[tuple[int, str]] = []
    for i, edge in enumerate(topology.edges):
        if edge.kind != "flow" or not topology.has_node(edge.source):
            continue
        source = topology.node(edge.source)
        if source.kind not in POLICY_KINDS:
            continue
        if not topology.has_node(edge.target):
            continue
        raw = source.params.get("policy")
        if raw is not None and check_policy(raw):  # its node reports what is wrong with it
            continue
        owner = topology.account_of(edge.source)
        principal = topology.account_of(edge.target)
        policy = statements(raw)
        decision = decide(policy, source.id, owner, principal, "subscribe")
        if decision.allowed:
            continue
        where = (
            f"statement {decision.statement.index} (Deny) denies it"
            if decision.statement is not None
            else "no statement allows it (another account needs an Allow)"
        )
        out.append(
            (
                i,
                f"the policy of {source.id} refuses subscribe by {edge.target} "
                f"(account {principal}): {where}",
            )
        )
    return out


def edge_access_problems(topology: Topology) -> list[tuple[int, str]]:
    """Every edge the accounts, Regions and policies forbid: (edge index, message)."""
    from simulator.model.regions import placement_problems

    return sorted(placement_problems(topology) + subscription_problems(topology))


def access_warnings(topology: Topology) -> list[Problem]:
    """Designs that run but lose everything on the way, likely by mistake: a publishing edge
    whose every event the router's or topic's policy refuses for want of an Allow (an
    explicit Deny is deliberate: no warning), and a region-outage of a Region no node
    runs in."""
    from simulator.model.problems import Problem

    found: list[Problem] = []
    ids = {node.id: node for node in topology.nodes}
    for i, edge in enumerate(topology.edges):
        target = ids.get(edge.target)
        if edge.kind == "dead-letter" or edge.source not in ids or target is None:
            continue
        raw = target.params.get("policy")
        if target.kind not in POLICY_KINDS or (raw is not None and check_policy(raw)):
            continue  # a malformed policy is an error of its node
        principal = topology.account_of(edge.source)
        named = [s for s in statements(raw) if s.names(principal, "publish")]
        if any(s.condition is not None for s in named):
            continue  # depends on the event
        owner = topology.account_of(target.id)
        decision = decide(named, target.id, owner, principal, "publish")
        if not decision.allowed and decision.statement is None:
            message = f"every event {edge.source} publishes is denied: {decision.reason}"
            found.append(Problem(message, f"edges[{i}] ({edge.name})", "warning", edge=i))
    regions = {topology.region_of(node.id) for node in topology.nodes}
    for i, fault in enumerate(topology.scenario.faults):
        if fault.kind == "region-outage" and fault.region not in regions:
            message = f"no node runs in {fault.region}: this region-outage stops nothing"
            found.append(Problem(message, f"scenario.faults[{i}]", "warning"))
    return found


def policy_schema() -> dict[str, Any]:
    """The JSON Schema of a policy value."""
    statement = {
        "type": "object",
        "required": ["effect", "principals", "actions"],
        "properties": {
            "effect": {"enum": list(EFFECTS)},
            "principals": {
                "type": "array",
                "minItems": 1,
                "items": {"anyOf": [{"const": "*"}, {"$ref": "#/$defs/account"}]},
            },
            "actions": {"type": "array", "minItems": 1, "items": {"enum": list(ACTIONS)}},
            "condition": {"type": "object", "description": "EventBridge pattern (publish)"},
        },
        "additionalProperties": False,
    }
    return {"type": "array", "items": statement}


__all__ = [
    "ACTIONS",
    "EFFECTS",
    "POLICY_KINDS",
    "POLICY_PARAM",
    "Decision",
    "Statement",
    "access_warnings",
    "check_policy",
    "decide",
    "edge_access_problems",
    "policy_schema",
    "statements",
    "subscription_problems",
]
