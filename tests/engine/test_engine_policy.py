"""Access policies of routers and topics in a run (issue 16): outcome `denied`."""

from __future__ import annotations

import math
from typing import Any

from engine_topologies import consumer, edge, node, producer, topology

from simulator.engine import AuditCollector, run

PARTNER, STRANGER = "111122223333", "444455556666"


def _bus(policy: list[dict[str, Any]] | None, *producers: Any, kind: str = "router") -> Any:
    """Producers publishing to one router (or topic) with `policy`, read by one consumer."""
    bus = node("bus", kind, **({"policy": policy} if policy is not None else {}))
    nodes = [*producers, bus, consumer("c")]
    edges = [edge(p.id, "bus") for p in producers] + [edge("bus", "c")]
    return topology(nodes, edges, 600, seed=7)


def test_denied_share_equals_the_share_of_events_from_refused_principals() -> None:
    """A partner's events are 30% `kind: bad` (weights 3:7), denied by a conditional Deny;
    the denied share of its events is 0.3 within 4 standard errors (binomial, n ~ 6000:
    sd = sqrt(0.3 * 0.7 / n) ~ 0.006, so |share - 0.3| < 0.024)."""
    templates = [{"weight": 3, "detail": {"kind": "bad"}}, {"weight": 7, "detail": {"kind": "ok"}}]
    policy: list[dict[str, Any]] = [
        {"effect": "Allow", "principals": [PARTNER], "actions": ["publish"]},
        {
            "effect": "Deny",
            "principals": [PARTNER],
            "actions": ["publish"],
            "condition": {"detail": {"kind": ["bad"]}},
        },
    ]
    topo = _bus(policy, producer("p", 10, account=PARTNER, events=templates))
    result = run(topo)
    produced, denied = result.events["produced"], result.events["denied"]
    assert produced > 5000
    assert abs(denied / produced - 0.3) < 4 * math.sqrt(0.3 * 0.7 / produced)
    assert result.nodes["bus"]["denied"] == denied
    assert result.events["completed"] == produced - denied


def test_cross_account_needs_an_allow_same_account_needs_none() -> None:
    """Three publishers: the bus's own account (no statement: allowed), an allowed partner
    and a stranger no statement names (implicitly denied: every event of it)."""
    policy = [{"effect": "Allow", "principals": [PARTNER], "actions": ["publish"]}]
    own = producer("own", 1, "constant")
    partner = producer("partner", 2, "constant", account=PARTNER)
    stranger = producer("stranger", 3, "constant", account=STRANGER)
    result = run(_bus(policy, own, partner, stranger))
    assert (
        result.events["denied"] == result.nodes["stranger"]["processed"] == 1799
    )  # times 1/3 .. 599.67
    assert result.nodes["c"]["processed"] == 599 + 1199


def test_an_explicit_deny_wins_over_an_allow() -> None:
    """Allow "*" and Deny the partner: every partner event is denied, the rest pass."""
    policy = [
        {"effect": "Allow", "principals": ["*"], "actions": ["publish"]},
        {"effect": "Deny", "principals": [PARTNER], "actions": ["publish"]},
    ]
    partner = producer("partner", 2, "constant", account=PARTNER)
    other = producer("other", 1, "constant", account=STRANGER)
    result = run(_bus(policy, partner, other, kind="topic"))
    assert result.events["denied"] == result.nodes["partner"]["processed"]
    assert result.nodes["c"]["processed"] == result.nodes["other"]["processed"]


def test_a_bus_without_policy_refuses_other_accounts() -> None:
    """No policy: only the owner's account may publish (IAM's default for resources)."""
    result = run(_bus(None, producer("x", 1, "constant", account=STRANGER)))
    assert result.events["denied"] == result.events["produced"] == 599
    assert result.nodes["bus"]["denied"] == 599


def test_ledger_balances_and_traces_show_denied() -> None:
    """Every copy ends in one outcome with `denied` counted; a denied event's trace ends
    at the bus with `denied`, and the audit names the deciding statement and the refused
    account (so an audit read or filtered by decision shows whose publish was refused)."""
    policy = [{"effect": "Deny", "principals": [PARTNER], "actions": ["publish"]}]
    topo = _bus(policy, producer("p", 1, "constant", account=PARTNER))
    audit = AuditCollector()
    result = run(topo, audit=audit)
    events = result.events
    ended = sum(v for k, v in events.items() if k not in ("produced", "in_flight", "replayed"))
    assert result.ledger["balanced"] and ended + events["in_flight"] == result.ledger["created"]
    trace = next(t for t in result.traces if t["reason"] == "failed")
    assert trace["hops"][-1]["node"] == "bus" and trace["hops"][-1]["what"] == "denied"
    denies = [r for r in audit.records if r["action"] == "deny"]
    assert len(denies) == events["denied"] == 599
    refused = f"policy bus statement 0 (Deny) refuses publish by account {PARTNER}"
    assert denies[0]["decided_by"] == refused


def test_rule_to_a_bus_in_another_account_is_published_by_the_senders_account() -> None:
    """Cross-account replication: bus A (default account) forwards to bus B of another
    account; B's policy admits A's account, so every event arrives; without it, all are
    denied at B."""

    def replicate(admit: bool) -> Any:
        policy = [{"effect": "Allow", "principals": ["123456789012"], "actions": ["publish"]}]
        b_params: dict[str, Any] = {"account": PARTNER, "policy": policy if admit else []}
        nodes = [
            producer("p", 1, "constant"),
            node("a", "router"),
            node("b", "router", **b_params),
            consumer("c", account=PARTNER),
        ]
        edges = [edge("p", "a"), edge("a", "b"), edge("b", "c")]
        return run(topology(nodes, edges, 100))

    assert replicate(True).nodes["c"]["processed"] == 99
    refused = replicate(False)
    assert refused.nodes["b"]["denied"] == refused.events["denied"] == 99


def test_every_denied_event_is_traced() -> None:
    """A bus with a policy may deny, so every root is traced and each denied event keeps
    its failed trace (599 denied, under the cap of 1000)."""
    policy = [{"effect": "Deny", "principals": ["*"], "actions": ["publish"]}]
    bus = node("bus", "topic", policy=policy)
    nodes = [producer("p", 1, "constant"), bus, node("q", "queue")]
    result = run(topology(nodes, [edge("p", "bus"), edge("bus", "q")], 600))
    failed = [t for t in result.traces if t["reason"] == "failed"]
    assert result.events["denied"] == len(failed) == 599
