"""Issue 16's keys through SAM export and import: scenario, policies, archives, KMS, placement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.files import load, to_dict
from simulator.files.validate import build_topology
from simulator.iac.cfn_decode import decode_template
from simulator.iac.lint import cfn_lint
from simulator.iac.sam_export import export_sam, to_sam
from simulator.iac.sam_import import import_text
from simulator.model import Topology
from simulator.problems import TopologyError
from tests.topology_strategies import topologies


def _round_trip(topology: Topology) -> Topology:
    return import_text(to_sam(topology), "exported.yaml").topology


def _design(
    scenario: dict[str, Any],
    bus: dict[str, Any] | None = None,
    extra_nodes: list[dict[str, Any]] | None = None,
    edges: list[dict[str, Any]] | None = None,
) -> Topology:
    """A small valid design: a producer -> bus -> queue -> function, plus `extra_nodes`;
    `bus` adds parameters to the bus."""
    data = {
        "format": "eventscape/topology",
        "version": 1,
        "name": "issue 16",
        "scenario": {"duration": 600, "warmup": 0, "seed": 3, **scenario},
        "nodes": [
            {"id": "app", "kind": "producer", "load": {"profile": "poisson", "rate": 1}},
            {"id": "bus", "kind": "router", **(bus or {})},
            {"id": "jobs", "kind": "queue"},
            {"id": "work", "kind": "consumer"},
            *(extra_nodes or []),
        ],
        "edges": [
            {"from": "app", "to": "bus"},
            {"from": "bus", "to": "jobs"},
            {"from": "jobs", "to": "work"},
            *(edges or []),
        ],
    }
    return build_topology(data)


def test_scenario_with_every_fault_kind_and_replays_round_trips() -> None:
    """Faults of every kind (a region-outage has a Region and no node, an az-failure a
    share), replays, pricing, the account quota and the default account and Region come
    back from the export's metadata unchanged."""
    topology = _design(
        {
            "account": "444455556666",
            "region": "eu-west-1",
            "account_concurrency": 2000,
            "faults": [
                {"node": "work", "kind": "outage", "start": 10, "duration": 5},
                {"node": "work", "kind": "slowdown", "start": 20, "duration": 5, "factor": 3},
                {"node": "work", "kind": "errors", "start": 30, "duration": 5, "failure_rate": 0.5},
                {"node": "work", "kind": "az-failure", "start": 40, "duration": 5, "share": 0.5},
                {"kind": "region-outage", "region": "eu-west-1", "start": 50, "duration": 9},
            ],
            "replays": [{"router": "bus", "from": 0, "to": 60, "at": 300, "name": "again"}],
        },
        bus={"archive": {"retention": 86400}},
    )
    assert to_dict(_round_trip(topology)) == to_dict(topology)


EXAMPLE = Path(__file__).parents[2] / "assets" / "examples" / "cross-account-replay.yaml"


def _resources(topology: Topology, type_: str) -> dict[str, dict[str, Any]]:
    data = decode_template(to_sam(topology)).data["Resources"]
    return {k: v["Properties"] for k, v in data.items() if v["Type"] == type_}


def _errors(topology: Topology) -> list[str]:
    return [str(f) for f in cfn_lint(to_sam(topology)) if f.severity == "error"]


def test_router_policy_becomes_one_event_bus_policy_per_statement() -> None:
    """The central bus's Allow (publish, subscribe) and Deny (publish) statements become two
    EventBusPolicy resources with the accounts as AWS principals: publish is
    events:PutEvents, subscribe the rule-management actions; the partner bus's archive (in
    the partner's template) is an Archive of one day with its pattern; cfn-lint finds no
    error."""
    topology = load(EXAMPLE)
    policies = _resources(topology, "AWS::Events::EventBusPolicy")
    allow = policies["CentralBusEventBusEventscape0Policy"]["Statement"]
    deny = policies["CentralBusEventBusEventscape1Policy"]["Statement"]
    assert allow["Effect"] == "Allow" and allow["Principal"] == {"AWS": ["222222222222"]}
    assert allow["Action"][0] == "events:PutEvents" and "events:PutRule" in allow["Action"]
    assert deny["Effect"] == "Deny" and deny["Action"] == "events:PutEvents"
    assert deny["Principal"] == {"AWS": ["333333333333"]}
    partner = decode_template(export_sam(topology, "222222222222", "us-west-2").text)
    archive = partner.data["Resources"]["PartnerBusEventBusArchive"]["Properties"]
    assert archive["RetentionDays"] == 1
    assert archive["EventPattern"] == {"source": ["partner.app"]}
    assert archive["SourceArn"] == {"Fn::GetAtt": ["PartnerBusEventBus", "Arn"]}
    assert _errors(topology) == []


def test_encrypted_queue_and_topic_use_kms_keys_and_come_back() -> None:
    """An encrypted queue gets KmsMasterKeyId alias/aws/sqs and its data key reuse period,
    an encrypted topic alias/aws/sns; a plain queue no key; all of it round-trips, and the
    export says that EventBridge needs a customer managed key to deliver to the queue."""
    topology = _design(
        {},
        extra_nodes=[
            {"id": "alerts", "kind": "topic", "encrypted": True, "kms_latency": 0.01},
            {"id": "plain", "kind": "queue"},
        ],
        edges=[{"from": "app", "to": "alerts"}, {"from": "alerts", "to": "plain"}],
    )
    topology.node("jobs").params.update(encrypted=True, kms_data_key_reuse=600)
    topology = build_topology(to_dict(topology))
    queues = _resources(topology, "AWS::SQS::Queue")
    assert queues["JobsQueue"]["KmsMasterKeyId"] == "alias/aws/sqs"
    assert queues["JobsQueue"]["KmsDataKeyReusePeriodSeconds"] == 600
    assert "KmsMasterKeyId" not in queues["PlainQueue"]
    topics = _resources(topology, "AWS::SNS::Topic")
    assert topics["AlertsTopic"]["KmsMasterKeyId"] == "alias/aws/sns"
    assert any("customer managed key" in n for n in export_sam(topology).notes)
    assert to_dict(_round_trip(topology)) == to_dict(topology)
    assert _errors(topology) == []


def test_topic_policy_joins_the_service_statements_and_round_trips() -> None:
    """A topic's policy (publish for one account, subscribe for everyone) is written as
    sns:Publish / sns:Subscribe statements in the topic's TopicPolicy beside nothing else
    when no service delivers to it, and is read back from them."""
    topology = _design(
        {},
        extra_nodes=[
            {
                "id": "alerts",
                "kind": "topic",
                "policy": [
                    {"effect": "Allow", "principals": ["222222222222"], "actions": ["publish"]},
                    {"effect": "Allow", "principals": ["*"], "actions": ["subscribe"]},
                ],
            },
            {"id": "inbox", "kind": "queue"},
        ],
        edges=[{"from": "bus", "to": "alerts"}, {"from": "alerts", "to": "inbox"}],
    )
    document = _resources(topology, "AWS::SNS::TopicPolicy")["AlertsTopicPolicy"]
    statements = document["PolicyDocument"]["Statement"]
    accounts = [s for s in statements if "Service" not in s["Principal"]]
    assert [s["Action"] for s in accounts] == ["sns:Publish", "sns:Subscribe"]
    assert accounts[1]["Principal"] == "*"
    assert any(s["Principal"] == {"Service": "events.amazonaws.com"} for s in statements)
    imported = _round_trip(topology)
    assert imported.node("alerts").params["policy"] == topology.node("alerts").params["policy"]
    assert to_dict(imported) == to_dict(topology)


def test_conditions_iam_cannot_state_stay_in_metadata_with_a_note() -> None:
    """A statement conditioned on the detail has no IAM form: it is not written (a note
    says so) and the policy still comes back whole; a source condition is written as the
    events:source condition key."""
    policy = [
        {
            "effect": "Allow",
            "principals": ["222222222222"],
            "actions": ["publish"],
            "condition": {"source": ["partner.app"]},
        },
        {
            "effect": "Deny",
            "principals": ["*"],
            "actions": ["publish"],
            "condition": {"detail": {"amount": [{"numeric": [">", 100]}]}},
        },
    ]
    topology = _design({}, bus={"policy": policy})
    written = _resources(topology, "AWS::Events::EventBusPolicy")
    assert list(written) == ["BusEventBusEventscape0Policy"]
    condition = written["BusEventBusEventscape0Policy"]["Statement"]["Condition"]
    assert condition == {"StringEquals": {"events:source": ["partner.app"]}}
    assert any("statement 1 has no IAM form" in n for n in export_sam(topology).notes)
    assert to_dict(_round_trip(topology)) == to_dict(topology)


def test_archive_retention_rounds_up_to_days_and_round_trips() -> None:
    """A 25-hour archive is kept 2 days by AWS (noted); an archive without retention is
    RetentionDays 0 (indefinitely); both come back as designed."""
    for archive, days in (({"retention": 90000}, 2), ({}, 0)):
        topology = _design({}, bus={"archive": archive})
        written = _resources(topology, "AWS::Events::Archive")["BusEventBusArchive"]
        assert written["RetentionDays"] == days
        assert "EventPattern" not in written
        assert to_dict(_round_trip(topology)) == to_dict(topology)
    assert any(
        "2 days" in n for n in export_sam(_design({}, bus={"archive": {"retention": 90000}})).notes
    )


FOREIGN = """
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  PartnerAccount: {Type: String, Default: '222222222222'}
Resources:
  Bus: {Type: AWS::Events::EventBus, Properties: {Name: orders}}
  OldStyle:
    Type: AWS::Events::EventBusPolicy
    Properties: {EventBusName: !Ref Bus, StatementId: a, Action: events:PutEvents,
                 Principal: !Ref PartnerAccount}
  NewStyle:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref Bus
      StatementId: b
      Statement:
        Effect: Deny
        Principal: {AWS: 'arn:aws:iam::333333333333:root'}
        Action: events:PutEvents
        Resource: !GetAtt Bus.Arn
  OrgOnly:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref Bus
      StatementId: c
      Statement:
        Effect: Allow
        Principal: '*'
        Action: events:PutEvents
        Resource: !GetAtt Bus.Arn
        Condition: {StringEquals: {'aws:PrincipalOrgID': o-123}}
  Keep:
    Type: AWS::Events::Archive
    Properties: {SourceArn: !GetAtt Bus.Arn, RetentionDays: 7,
                 EventPattern: {source: [shop]}}
  Key: {Type: AWS::KMS::Key, Properties: {KeyPolicy: {}}}
  Secret: {Type: AWS::SQS::Queue, Properties: {KmsMasterKeyId: !Ref Key,
                                               KmsDataKeyReusePeriodSeconds: 3600}}
  Owned: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: true}}
  Topic: {Type: AWS::SNS::Topic, Properties: {KmsMasterKeyId: alias/aws/sns}}
  TopicAccess:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: events.amazonaws.com}, Action: sns:Publish,
             Resource: !Ref Topic}
          - {Effect: Allow, Principal: {AWS: ['444455556666']}, Action: ['sns:Publish'],
             Resource: !Ref Topic}
  ToSecret:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref Bus
      EventPattern: {source: [shop]}
      Targets: [{Id: q, Arn: !GetAtt Secret.Arn}]
"""


def test_a_foreign_template_gives_policies_archive_and_encryption() -> None:
    """From a hand-written template: both EventBusPolicy forms become the bus's policy (a
    parameter resolved, a root ARN read as its account), an organisation condition is
    reported and left out, the Archive is 7 days with its pattern, any KmsMasterKeyId
    makes a queue or topic encrypted (SSE-SQS does not, and is reported), and the topic's
    account statement is its policy while the service statement is plumbing."""
    result = import_text(FOREIGN, "foreign.yaml")
    nodes = {n.label or n.id: n for n in result.topology.nodes}
    bus = nodes["orders"].params
    assert bus["policy"] == [
        {"effect": "Allow", "principals": ["222222222222"], "actions": ["publish"]},
        {"effect": "Deny", "principals": ["333333333333"], "actions": ["publish"]},
    ]
    assert bus["archive"] == {"pattern": {"source": ["shop"]}, "retention": 7 * 86400}
    queues = {n.id: n.params for n in result.topology.nodes if n.kind == "queue"}
    secret = next(p for p in queues.values() if p.get("encrypted"))
    assert secret["kms_data_key_reuse"] == 3600
    assert sum(1 for p in queues.values() if p.get("encrypted")) == 1
    topic = next(n for n in result.topology.nodes if n.kind == "topic").params
    assert topic["encrypted"] is True
    assert topic["policy"] == [
        {"effect": "Allow", "principals": ["444455556666"], "actions": ["publish"]}
    ]
    notes = " ".join(f"{n.where} {n.message}" for n in result.report.notes)
    assert "OrgOnly" in notes and "SSE-SQS" in notes


def test_a_template_holds_the_home_account_and_region_only() -> None:
    """The example's template creates only the central account's us-east-1 resources; the
    partner's bus, queues and function are not resources (they are in another account and
    Region) but come back from the metadata with every edge touching them."""
    topology = load(EXAMPLE)
    data = decode_template(to_sam(topology)).data
    logical = set(data["Resources"])
    assert {"CentralBusEventBus", "OrdersQueue", "FulfilFunction"} <= logical
    assert not {"PartnerBusEventBus", "PartnerLedgerQueue", "LedgerFnFunction"} & logical
    elsewhere = data["Resources"]["EventscapeDesign"]["Metadata"]["Eventscape"]["elsewhere"]
    assert [n["id"] for n in elsewhere["nodes"]] == [
        "partner-bus",
        "partner-to-central-dlq",
        "partner-ledger",
        "ledger-fn",
    ]
    assert to_dict(_round_trip(topology)) == to_dict(topology)


def test_a_rule_to_a_bus_elsewhere_targets_its_arn_with_a_role() -> None:
    """The central bus's replication rule targets the partner bus's ARN, built from the
    partner's account and Region, with the router's retry policy and a role allowed
    events:PutEvents on that ARN only."""
    topology = load(EXAMPLE)
    rules = _resources(topology, "AWS::Events::Rule")
    target = rules["CentralBusPartnerBusRule"]["Targets"][0]
    arn = target["Arn"]["Fn::Sub"]
    assert arn.startswith("arn:${AWS::Partition}:events:us-west-2:222222222222:event-bus/")
    assert target["RetryPolicy"]["MaximumRetryAttempts"] == 185
    role = _resources(topology, "AWS::IAM::Role")["CentralBusPartnerBusRuleRole"]
    statement = role["Policies"][0]["PolicyDocument"]["Statement"][0]
    assert statement["Action"] == "events:PutEvents"
    assert statement["Resource"] == target["Arn"]


def test_the_other_side_exports_with_its_own_home() -> None:
    """Exported for the partner's account and Region, the template holds the partner bus
    (its policy, archive and the rule forwarding to the central bus's ARN in us-east-1)
    and the central nodes stay in the metadata; both templates lint clean and round-trip."""
    topology = load(EXAMPLE)
    partner = export_sam(topology, "222222222222", "us-west-2")
    data = decode_template(partner.text).data["Resources"]
    assert "PartnerBusEventBusArchive" in data and "CentralBusEventBus" not in data
    forward = data["PartnerBusCentralBusRule"]["Properties"]["Targets"][0]
    assert ":events:us-east-1:111111111111:event-bus/" in forward["Arn"]["Fn::Sub"]
    assert "DeadLetterConfig" in forward  # the partner's own dead-letter queue is home
    assert [str(f) for f in cfn_lint(partner.text) if f.severity == "error"] == []
    imported = import_text(partner.text, "partner.yaml").topology
    assert to_dict(imported) == to_dict(topology)


def test_an_account_name_gives_no_arn_and_a_note() -> None:
    """A bus in an account known only by name has no ARN: the rule to it is not written,
    a note says why, and the edge still comes back from the metadata."""
    topology = _design(
        {},
        bus={"policy": [{"effect": "Allow", "principals": ["*"], "actions": ["subscribe"]}]},
        extra_nodes=[{"id": "far", "kind": "router", "account": "partners"}],
        edges=[{"from": "bus", "to": "far"}],
    )
    assert not any("Far" in k for k in _resources(topology, "AWS::Events::Rule"))
    assert any("is a name, not an account id" in n for n in export_sam(topology).notes)
    assert to_dict(_round_trip(topology)) == to_dict(topology)


CROSS_RULE = """
Resources:
  Bus: {Type: AWS::Events::EventBus, Properties: {Name: shop}}
  Forward:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref Bus
      EventPattern: {source: [shop]}
      Targets:
        - Id: partner
          Arn: !Sub 'arn:${AWS::Partition}:events:eu-west-1:222222222222:event-bus/partner'
          RoleArn: arn:aws:iam::111111111111:role/forward
"""


def test_a_rule_to_a_bus_arn_outside_the_template_becomes_a_router_in_its_region() -> None:
    """A foreign rule targeting another account's bus by ARN gives a router in the ARN's
    Region with the edge and pattern; the report names the account it could not set."""
    result = import_text(CROSS_RULE, "cross.yaml")
    far = next(n for n in result.topology.nodes if n.label.startswith("event bus partner"))
    assert far.params["region"] == "eu-west-1" and "account" not in far.params
    edge = next(e for e in result.topology.edges if e.target == far.id)
    assert edge.pattern == {"source": ["shop"]}
    assert any("222222222222" in n.message for n in result.report.notes)


def test_the_import_of_an_export_says_nothing_about_its_cross_account_rule() -> None:
    """The export's rule to the partner bus's ARN is no unknown target to the import: the
    design entry holds that bus and edge."""
    result = import_text(to_sam(load(EXAMPLE)), "exported.yaml")
    assert not any("not modelled" in n.message for n in result.report.notes)


ACCOUNTS = st.sampled_from(["111111111111", "222222222222", "partners"])
STATEMENTS = st.fixed_dictionaries(
    {
        "effect": st.sampled_from(["Allow", "Deny"]),
        "principals": st.sampled_from([["*"], ["111111111111"], ["222222222222", "partners"]]),
        "actions": st.sampled_from([["publish"], ["subscribe"], ["publish", "subscribe"]]),
    },
    optional={
        "condition": st.sampled_from(
            [{"source": ["a"]}, {"detail-type": ["Paid"], "source": ["a", "b"]}, {"x": [1]}]
        )
    },
)


@st.composite
def _placed(draw: st.DrawFn) -> Topology | None:
    """A random topology whose nodes get random accounts, Regions and policies; None when
    the model refuses the result (a policy not admitting an edge across accounts)."""
    topology = draw(topologies(max_nodes=6))
    for node in topology.nodes:
        if node.kind not in {"router", "topic", "queue", "consumer"} or not draw(st.booleans()):
            continue
        if draw(st.booleans()):
            node.params["account"] = draw(ACCOUNTS)
        if draw(st.booleans()):
            node.params["region"] = draw(st.sampled_from(["us-east-1", "eu-west-1"]))
        if node.kind in ("router", "topic") and draw(st.booleans()):
            node.params["policy"] = draw(st.lists(STATEMENTS, min_size=1, max_size=3))
    keep = {n.id for n in topology.nodes if n.kind != "workflow"}
    topology.nodes = [n for n in topology.nodes if n.id in keep]
    topology.edges = [e for e in topology.edges if {e.source, e.target} <= keep]
    try:
        return build_topology(to_dict(topology))
    except TopologyError:
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(_placed().filter(lambda t: t is not None and bool(t.nodes)))
def test_random_placed_designs_lint_clean_and_come_back(topology: Topology) -> None:
    """Designs spread over accounts and Regions, with random policies, export with zero
    cfn-lint errors (for the scenario's home) and come back unchanged from the metadata."""
    text = to_sam(topology)
    assert [str(f) for f in cfn_lint(text) if f.severity == "error"] == []
    assert to_dict(import_text(text, "exported.yaml").topology) == to_dict(topology)


def test_statement_ids_are_unique_per_bus_and_stack() -> None:
    """Each EventBusPolicy's StatementId (CloudFormation's physical id, unique in the
    account) joins the bus, the statement number and the stack's UUID, and stays within
    EventBridge's 64 characters even for long node ids."""
    long = "a-very-long-router-name-that-goes-on"
    statement = {"effect": "Allow", "principals": ["*"], "actions": ["publish"]}
    topology = _design(
        {},
        bus={"policy": [statement, statement]},
        extra_nodes=[{"id": long, "kind": "router", "policy": [statement]}],
    )
    ids = [p["StatementId"] for p in _resources(topology, "AWS::Events::EventBusPolicy").values()]
    stems = [i["Fn::Join"][1][0] for i in ids]
    assert stems[:2] == ["Bus0", "Bus1"] and len(set(stems)) == 3
    assert all(len(s) + 1 + 36 <= 64 for s in stems)
    assert ids[0]["Fn::Join"][1][1] == {
        "Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]
    }
