"""Validation of accounts, Regions, policies and region-outage faults (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.files import loads as load_text
from simulator.files.write import dumps as dump_text
from simulator.model import TopologyError

HEAD = "format: eventscape/topology\nversion: 1\n"


def _problems(text: str) -> list[str]:
    """The reader's problems of a YAML topology, as `path: message` lines."""
    with pytest.raises(TopologyError) as caught:
        load_text(HEAD + text)
    return [str(p) for p in caught.value.problems]


def _doc(policy: Any, queue_account: str = "999999999999") -> str:
    return f"""
nodes:
  - {{id: p, kind: producer}}
  - {{id: bus, kind: router, policy: {policy}}}
  - {{id: q, kind: queue, account: "{queue_account}"}}
edges:
  - {{from: p, to: bus}}
  - {{from: bus, to: q}}
"""


def test_a_refused_rule_target_names_the_edge_and_the_statement() -> None:
    """A Deny on subscribe for the target's account is an error at that edge, naming the
    statement that denies it."""
    policy = '[{effect: Allow, principals: ["*"], actions: [subscribe]}, ' + (
        '{effect: Deny, principals: ["999999999999"], actions: [subscribe]}]'
    )
    (problem,) = _problems(_doc(policy))
    assert problem.startswith("edges[1] (bus -> q)")
    assert "refuses subscribe by q (account 999999999999): statement 1 (Deny)" in problem


def test_a_cross_account_target_without_an_allow_is_refused() -> None:
    """Another account needs an Allow to subscribe; the message says none allows it."""
    (problem,) = _problems(_doc("[]"))
    assert "edges[1] (bus -> q)" in problem and "no statement allows it" in problem


def test_an_allowed_cross_account_target_is_valid() -> None:
    """An Allow for the target's account makes the edge valid."""
    policy = '[{effect: Allow, principals: ["999999999999"], actions: [subscribe]}]'
    topo = load_text(HEAD + _doc(policy))
    assert topo.account_of("q") == "999999999999" and topo.account_of("bus") == "123456789012"


def test_bad_statements_are_named_by_path() -> None:
    """Effect, principal, action and a condition on subscribe are each reported at their
    path inside the node's policy."""
    policy = (
        '[{effect: Permit, principals: ["12345"], actions: [publish, read]}, '
        '{effect: Allow, principals: ["*"], actions: [subscribe], condition: {source: [x]}}]'
    )
    found = "\n".join(_problems(_doc(policy, "123456789012")))
    assert "nodes[1] (bus).policy[0].effect: must be Allow or Deny, got 'Permit'" in found
    assert "nodes[1] (bus).policy[0].principals[0]: must be a 12-digit account id" in found
    assert "nodes[1] (bus).policy[0].actions[1]: must be publish or subscribe" in found
    assert "nodes[1] (bus).policy[1].condition: " in found


@pytest.mark.parametrize(
    "policy",
    [
        "[{effect: Allow}]",
        "[5]",
        '[{effect: Allow, principals: "*", actions: subscribe}]',
        "{effect: Allow}",
    ],
)
def test_a_malformed_policy_on_a_bus_with_rules_is_an_error_not_a_crash(policy: str) -> None:
    """A statement without principals or actions (or a policy that is no list) on a bus
    with a rule target is reported at the node's policy; the subscription check does not
    read it (it raised KeyError/TypeError: a traceback instead of the file's problems)."""
    found = _problems(_doc(policy))
    assert found
    assert all("nodes[1] (bus).policy" in line for line in found)


def test_a_malformed_policy_leaves_the_designers_checks_working() -> None:
    """The designer validates unsaved designs with problems() and check(): a statement
    without principals on a bus others publish to is one error at its path, no 'validation
    failed' or 'graph checks could not run'."""
    from simulator.checks import check
    from simulator.model import Edge, Node, Topology
    from simulator.model.validation import problems

    topology = Topology(
        nodes=[
            Node("p", "producer", params={"account": "999999999999"}),
            Node("bus", "router", params={"policy": [{"effect": "Allow"}]}),
            Node("q", "queue"),
        ],
        edges=[Edge("p", "bus"), Edge("bus", "q")],
    )
    found = [str(p) for p in problems(topology)]
    assert found and all("nodes[1] (bus).policy[0]" in line for line in found)
    check(topology)  # raises KeyError when a check reads the malformed statement


def test_unknown_regions_and_bad_accounts_are_errors() -> None:
    """A node's or the scenario's Region must be a known code; an account 12 digits or a
    name."""
    found = "\n".join(
        _problems(
            "scenario: {region: mars-north-1, account: '42'}\n"
            "nodes:\n  - {id: q, kind: queue, region: us-east-9, account: 1-bad}\n"
        )
    )
    assert "scenario.region: must be an AWS Region code" in found
    assert "scenario.account: must be a 12-digit account id or a name" in found
    assert "nodes[0] (q).region: must be an AWS Region code" in found
    assert "nodes[0] (q).account: must be a 12-digit account id or a name" in found


def test_region_outage_faults_are_checked_and_named() -> None:
    """A region-outage needs a known Region and no node; other faults have no Region."""
    found = "\n".join(
        _problems(
            "scenario:\n  faults:\n"
            "    - {kind: region-outage, start: 0, duration: 5}\n"
            "    - {kind: region-outage, region: nowhere-1, node: q, start: 0, duration: 5}\n"
            "    - {kind: outage, node: q, region: us-east-1, start: 0, duration: 5}\n"
            "nodes:\n  - {id: q, kind: queue}\n"
        )
    )
    assert "scenario.faults[0]: a region-outage fault needs 'region'" in found
    assert "scenario.faults[1].node: a region-outage fault has no node" in found
    assert "scenario.faults[1].region: must be an AWS Region code" in found
    assert "scenario.faults[2].region: only region-outage faults have 'region'" in found


def test_queues_are_read_and_redriven_within_their_region() -> None:
    """A consumer in another Region cannot read a queue; a dead-letter queue must be in
    the source queue's account and Region."""
    found = "\n".join(
        _problems(
            "nodes:\n"
            "  - {id: q, kind: queue}\n"
            "  - {id: dlq, kind: queue, region: eu-west-1}\n"
            "  - {id: c, kind: consumer, region: eu-west-1}\n"
            "edges:\n"
            "  - {from: q, to: c}\n"
            "  - {from: q, to: dlq, kind: dead-letter}\n"
        )
    )
    assert "edges[0] (q -> c): c (eu-west-1) cannot read queue q (us-east-1)" in found
    assert "edges[1] (q -> dlq): dead-letter queue dlq must be in the account and Region" in found


def test_placement_policy_and_region_outage_survive_save_and_load() -> None:
    """Written and read back, the new keys are unchanged (defaults stay implicit)."""
    text = (
        "scenario:\n  account: central\n  region: eu-central-1\n  faults:\n"
        "    - {kind: region-outage, region: eu-central-1, start: 10, duration: 20}\n"
        "nodes:\n  - {id: p, kind: producer, account: partner, region: us-west-2}\n"
        "  - id: bus\n    kind: topic\n    policy:\n"
        "      - {effect: Allow, principals: [partner], actions: [publish],"
        " condition: {detail-type: [Order]}}\n"
        "edges:\n  - {from: p, to: bus}\n"
    )
    topo = load_text(HEAD + text)
    again = load_text(dump_text(topo))
    assert again == topo
    assert again.region_of("p") == "us-west-2" and again.region_of("bus") == "eu-central-1"
    assert again.scenario.faults[0].region == "eu-central-1"
    assert "region: us-east-1" not in dump_text(load_text(HEAD + "nodes: []\n"))


def test_kms_settings_need_encryption() -> None:
    """kms_latency and kms_data_key_reuse on an unencrypted queue or topic are errors."""
    found = "\n".join(
        _problems(
            "nodes:\n  - {id: q, kind: queue, kms_data_key_reuse: 60}\n"
            "  - {id: t, kind: topic, kms_latency: 0.01}\n"
        )
    )
    assert "nodes[0] (q).kms_data_key_reuse: only encrypted queues and topics" in found
    assert "nodes[1] (t).kms_latency: only encrypted queues and topics" in found
