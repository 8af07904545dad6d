"""Issue 15's concurrency keys in the SAM / CloudFormation import, read as the deployment
behaves: ReservedConcurrentExecutions is `reserved_concurrency` (set aside from the account
pool), the ProvisionedConcurrencyConfig of an alias or version is `provisioned`, an SQS
source's ScalingConfig.MaximumConcurrency is `maximum_concurrency`."""

from __future__ import annotations

import copy
import json

import pytest

from simulator.files import loads
from simulator.iac.sam_export import export_sam
from simulator.iac.sam_import import import_text

DESIGN = """
format: eventscape/topology
version: 1
name: Concurrency keys
nodes:
  - {id: app, kind: producer, load: {profile: constant, rate: 2}}
  - {id: jobs, kind: queue, visibility_timeout: 600}
  - {id: worker, kind: consumer, concurrency: 60, timeout: 60, batch_size: 5}
edges:
  - {from: app, to: jobs}
  - {from: jobs, to: worker}
"""

KEYS = [
    {"reserved_concurrency": 20},
    {"provisioned": 5},
    {"maximum_concurrency": 40},
    {"concurrency": 50},
    {"reserved_concurrency": 20, "provisioned": 5, "maximum_concurrency": 40},
]


def _design(keys: dict[str, int]) -> str:
    params = {"concurrency": 60, "timeout": 60, "batch_size": 5, **keys}
    worker = ", ".join(f"{k}: {v}" for k, v in params.items())
    return DESIGN.replace("concurrency: 60, timeout: 60, batch_size: 5", worker)


def _bare(template: dict) -> str:
    """The template without any Eventscape metadata (as if written by hand)."""
    bare = copy.deepcopy(template)
    bare.pop("Metadata", None)
    for resource in bare["Resources"].values():
        resource.pop("Metadata", None)
    return json.dumps(bare)


@pytest.mark.parametrize("keys", KEYS, ids=lambda k: "+".join(k))
def test_an_exported_key_imports_back_with_its_value(keys: dict[str, int]) -> None:
    """An export of a consumer with the key imports back to the same parameters."""
    design = loads(_design(keys))
    back = import_text(export_sam(design).text, "exported.yaml").topology
    assert back.node("worker").params == design.node("worker").params
    for key, value in keys.items():
        assert back.node("worker").params[key] == value


def test_the_properties_alone_give_the_keys_back() -> None:
    """Without the metadata, the deployed template still says reserved 20 (also the
    function's cap), provisioned 5 (the alias SAM makes) and maximum_concurrency 40."""
    design = loads(
        _design({"reserved_concurrency": 20, "provisioned": 5, "maximum_concurrency": 40})
    )
    result = import_text(_bare(export_sam(design).template), "plain.json")
    params = result.topology.node("WorkerFunction").params
    assert params["reserved_concurrency"] == 20 and params["concurrency"] == 20
    assert params["provisioned"] == 5 and params["maximum_concurrency"] == 40
    assert not [a for a in result.report.assumptions if a.param == "concurrency"]


HAND = """
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Role:
    Type: AWS::IAM::Role
    Properties: {AssumeRolePolicyDocument: {}}
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code: {ZipFile: "def handler(event, context): pass"}
      ReservedConcurrentExecutions: 50
  WorkerVersion:
    Type: AWS::Lambda::Version
    Properties: {FunctionName: !Ref Worker}
  WorkerLive:
    Type: AWS::Lambda::Alias
    Properties:
      Name: live
      FunctionName: !Ref Worker
      FunctionVersion: !GetAtt WorkerVersion.Version
      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 10}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Jobs.Arn
      FunctionName: !Ref WorkerLive
      ScalingConfig: {MaximumConcurrency: 20}
  Other:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code: {ZipFile: "def handler(event, context): pass"}
"""


def test_a_hand_written_template_imports_to_the_keys() -> None:
    """A reserved function with a provisioned alias and a capped SQS mapping: reserved 50
    (its cap too), provisioned 10, maximum_concurrency 20; the alias counts as read, the
    version stays plumbing; the function without a reservation is assumed to have no cap
    of its own (the account's 1,000, shared)."""
    result = import_text(HAND, "hand.yaml")
    worker = result.topology.node("Worker").params
    assert worker["reserved_concurrency"] == 50 and worker["concurrency"] == 50
    assert worker["provisioned"] == 10 and worker["maximum_concurrency"] == 20
    other = result.topology.node("Other").params
    assert other["concurrency"] == 1000 and "reserved_concurrency" not in other
    assumed = {(a.node, a.param): a for a in result.report.assumptions}
    assert ("Worker", "concurrency") not in assumed
    assert "unreserved pool" in assumed[("Other", "concurrency")].reason
    skipped = {s.logical_id for s in result.report.skipped}
    assert "WorkerVersion" in skipped and "WorkerLive" not in skipped
    assert not [n for n in result.report.notes if "Concurrency" in n.message]
    assert result.topology.scenario.account_concurrency == 1000


SAM = """
Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: "def handler(event, context): pass"
      ReservedConcurrentExecutions: 30
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 4}
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            ScalingConfig: {MaximumConcurrency: 8}
"""


def test_a_sam_function_imports_to_the_keys() -> None:
    """SAM's ProvisionedConcurrencyConfig (on the alias the transform makes) is provisioned,
    its reservation and its SQS event's ScalingConfig likewise."""
    params = import_text(SAM, "sam.yaml").topology.node("Worker").params
    assert params["reserved_concurrency"] == 30 and params["concurrency"] == 30
    assert params["provisioned"] == 4 and params["maximum_concurrency"] == 8


def _functions(*bodies: str) -> str:
    out = [
        "Resources:",
        "  Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}",
    ]
    for i, body in enumerate(bodies):
        out += [
            f"  F{i}:",
            "    Type: AWS::Lambda::Function",
            "    Properties:",
            "      Runtime: python3.12",
            "      Handler: index.handler",
            "      Role: !GetAtt Role.Arn",
            "      Code: {ZipFile: x}",
            *[f"      {line}" for line in body.splitlines()],
        ]
    return "\n".join(out) + "\n"


def test_reservations_beyond_the_default_quota_raise_the_account() -> None:
    """Two functions reserving 600 each need a quota of 1,300 (AWS keeps 100 unreserved):
    the scenario says so and the report states it as assumed; the design is valid."""
    text = _functions("ReservedConcurrentExecutions: 600", "ReservedConcurrentExecutions: 600")
    result = import_text(text, "big.yaml")
    assert result.topology.scenario.account_concurrency == 1300
    assumed = [a for a in result.report.assumed if a.param == "account_concurrency"]
    assert [(a.node, a.value) for a in assumed] == [("scenario", 1300)]


def test_provisioned_above_the_reservation_is_cut_to_it() -> None:
    """AWS refuses provisioned concurrency above the reservation: 8 under 5 imports as 5,
    with a note."""
    text = _functions("ReservedConcurrentExecutions: 5") + (
        "  V:\n    Type: AWS::Lambda::Version\n    Properties:\n"
        "      FunctionName: !Ref F0\n"
        "      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 8}\n"
    )
    result = import_text(text, "cut.yaml")
    assert result.topology.node("F0").params["provisioned"] == 5
    assert any("exceeds its reserved concurrency 5" in n.message for n in result.report.notes)


def test_a_zero_reservation_throttles_everything() -> None:
    """ReservedConcurrentExecutions 0 is reserved_concurrency 0 (every call throttled, as
    on AWS), with the least concurrency the model has and a note saying so."""
    result = import_text(_functions("ReservedConcurrentExecutions: 0"), "zero.yaml")
    params = result.topology.node("F0").params
    assert params["reserved_concurrency"] == 0 and params["concurrency"] == 1
    assert any("throttles every invocation" in n.message for n in result.report.notes)


def test_differing_source_caps_keep_the_largest_with_a_note() -> None:
    """Two queues read with caps 10 and 30: the model has one cap for the function (30);
    the note says AWS caps each source."""
    text = _functions("") + "".join(
        f"  Q{i}: {{Type: AWS::SQS::Queue}}\n"
        f"  M{i}:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n"
        f"      EventSourceArn: !GetAtt Q{i}.Arn\n      FunctionName: !Ref F0\n"
        f"      ScalingConfig: {{MaximumConcurrency: {cap}}}\n"
        for i, cap in enumerate((10, 30))
    )
    result = import_text(text, "two.yaml")
    assert result.topology.node("F0").params["maximum_concurrency"] == 30
    assert any("caps each event source" in n.message for n in result.report.notes)
