"""A topic's dead-letter edge is its subscriptions' RedrivePolicy, both ways."""

from __future__ import annotations

from pathlib import Path

from simulator.files import loads
from simulator.iac import import_template
from simulator.iac.lint import cfn_lint
from simulator.iac.sam_export import export_sam

DESIGN = """
format: eventscape/topology
version: 1
name: Fan-out with a subscription DLQ
nodes:
  - {id: app, kind: producer, load: {profile: constant, rate: 2}}
  - {id: alerts, kind: topic}
  - {id: jobs, kind: queue}
  - {id: worker, kind: consumer}
  - {id: mail, kind: consumer}
  - {id: undelivered, kind: queue}
edges:
  - {from: app, to: alerts}
  - {from: alerts, to: jobs}
  - {from: jobs, to: worker}
  - {from: alerts, to: mail}
  - {from: alerts, to: undelivered, kind: dead-letter}
"""


def test_topic_dead_letter_edge_exports_as_redrive_policies() -> None:
    """Every subscription gets the DLQ as RedrivePolicy (SNS may send to it); the dead-letter
    edge itself is no subscription; cfn-lint finds no error."""
    export = export_sam(loads(DESIGN))
    resources = export.template["Resources"]
    subscriptions = {k: r for k, r in resources.items() if r["Type"] == "AWS::SNS::Subscription"}
    assert len(subscriptions) == 2
    dlq_arn = {"Fn::GetAtt": ["UndeliveredQueue", "Arn"]}
    for resource in subscriptions.values():
        assert resource["Properties"]["RedrivePolicy"] == {"deadLetterTargetArn": dlq_arn}
    policy = resources["UndeliveredQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert {s["Principal"]["Service"] for s in policy} == {"sns.amazonaws.com"}
    assert [f for f in cfn_lint(export.text) if f.severity == "error"] == []


def test_redrive_policy_imports_as_the_topic_dead_letter_edge(tmp_path: Path) -> None:
    """Importing the export gives back the topic's dead-letter edge to the same queue."""
    path = tmp_path / "template.yaml"
    path.write_text(export_sam(loads(DESIGN)).text)
    topology = import_template(path).topology
    dead = [(e.source, e.target) for e in topology.edges if e.kind == "dead-letter"]
    assert dead == [("alerts", "undelivered")]


PLAIN = """
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Alerts:
    Type: AWS::SNS::Topic
  Jobs:
    Type: AWS::SQS::Queue
  Undelivered:
    Type: AWS::SQS::Queue
  JobsSubscription:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Alerts
      Protocol: sqs
      Endpoint: !GetAtt Jobs.Arn
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt Undelivered.Arn
"""


def test_a_hand_written_redrive_policy_becomes_the_dead_letter_edge(tmp_path: Path) -> None:
    """A template without Eventscape metadata: the subscription's RedrivePolicy is read."""
    path = tmp_path / "template.yaml"
    path.write_text(PLAIN)
    result = import_template(path)
    dead = [(e.source, e.target) for e in result.topology.edges if e.kind == "dead-letter"]
    assert len(dead) == 1 and dead[0][0].lower().startswith("alerts")
    assert dead[0][1].lower().startswith("undelivered")
