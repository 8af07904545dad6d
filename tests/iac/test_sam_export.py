"""SAM export: deployable templates (zero cfn-lint errors) that keep every design value."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from simulator.files import load, loads
from simulator.iac import METADATA_KEY, from_metadata
from simulator.iac.lint import cfn_lint, extra_checks, lint_template
from simulator.iac.sam_export import export_sam
from simulator.model import Edge, Node

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from topology_strategies import topologies

EXAMPLES = sorted(Path(__file__).resolve().parents[2].glob("assets/examples/*.yaml"))
BANK = next(p for p in EXAMPLES if p.stem == "bank-account-opening")
ECOMMERCE = next(p for p in EXAMPLES if p.stem == "ecommerce")


def _resources(path: str | Path) -> dict[str, Any]:
    return export_sam(load(path)).template["Resources"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_export_without_cfn_lint_errors(path: Path) -> None:
    """Every example's template passes cfn-lint (offline, in-process) with zero errors."""
    text = export_sam(load(path)).text
    errors = [f for f in cfn_lint(text) if f.severity == "error"]
    assert errors == []
    assert text.startswith("# AWS SAM template exported by Eventscape")


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(topologies())
def test_random_topologies_export_without_cfn_lint_errors(topology: Any) -> None:
    """Random valid topologies (every kind, every edge kind) export with zero cfn-lint errors."""
    errors = [f for f in cfn_lint(export_sam(topology).text) if f.severity == "error"]
    assert errors == []


def test_queue_and_function_settings_become_properties() -> None:
    """Queue timing, redrive, concurrency, timeout and batch settings land on the properties."""
    resources = _resources(ECOMMERCE)
    orders = resources["OrdersQueue"]["Properties"]
    assert orders["VisibilityTimeout"] == 30
    assert orders["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": ["OrdersDlqQueue", "Arn"]},
        "maxReceiveCount": 3,
    }
    assert resources["OrdersDlqQueue"]["Properties"]["MessageRetentionPeriod"] == 1209600
    payments = resources["PaymentsFunction"]["Properties"]
    assert payments["ReservedConcurrentExecutions"] == 24
    assert payments["Timeout"] == 5
    source = payments["Events"]["OrdersQueue"]["Properties"]
    assert source["BatchSize"] == 1
    assert source["ScalingConfig"] == {"MaximumConcurrency": 24}
    assert payments["EventInvokeConfig"]["MaximumRetryAttempts"] == 2
    assert {"EventBridgePutEventsPolicy": {"EventBusName": {"Ref": "BusEventBus"}}} in payments[
        "Policies"
    ]


def test_rules_carry_pattern_retry_and_dead_letter_queue() -> None:
    """A rule edge becomes a Rule with the edge's pattern, the router's retry policy and, when
    the router has a dead-letter edge, that queue as DeadLetterConfig (the target queue's own
    redrive queue is not the rule's: issue 15)."""
    rule = _resources(ECOMMERCE)["BusOrdersRule"]["Properties"]
    assert rule["EventPattern"] == {"detail-type": ["OrderPlaced"]}
    target = rule["Targets"][0]
    assert target["RetryPolicy"] == {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 86400}
    assert "DeadLetterConfig" not in target
    topology = load(ECOMMERCE)
    topology.nodes.append(Node("bus_dlq", "queue"))
    topology.edges.append(Edge("bus", "bus_dlq", "dead-letter"))
    resources = export_sam(topology).template["Resources"]
    target = resources["BusOrdersRule"]["Properties"]["Targets"][0]
    assert target["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": ["BusDlqQueue", "Arn"]}}


def test_policies_and_permissions_let_events_arrive() -> None:
    """Queues written to by rules get a queue policy; functions invoked by rules a permission."""
    resources = _resources(ECOMMERCE)
    statement = resources["OrdersQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Condition"]["ArnEquals"]["aws:SourceArn"] == {
        "Fn::GetAtt": ["BusOrdersRule", "Arn"]
    }
    permission = resources["BusInventoryRulePermission"]["Properties"]
    assert permission["Principal"] == "events.amazonaws.com"
    assert permission["SourceArn"] == {"Fn::GetAtt": ["BusInventoryRule", "Arn"]}


TOPIC = """
format: eventscape/topology
version: 1
name: Fan-out
nodes:
  - {id: app, kind: producer, load: {profile: constant, rate: 2}}
  - {id: alerts, kind: topic}
  - {id: sms-queue, kind: queue, fifo: false, visibility_timeout: 61.5, delay: 3}
  - {id: sms, kind: consumer, batch_size: 50, partial_batch: true, timeout: 2.5}
  - {id: mail, kind: consumer, retries: 1}
  - {id: failed, kind: queue}
edges:
  - {from: app, to: alerts, latency: 0.01}
  - {from: alerts, to: sms-queue, filter: {country: [US]}}
  - {from: alerts, to: mail}
  - {from: sms-queue, to: sms}
  - {from: mail, to: failed, kind: on-failure}
"""


def test_subscriptions_filters_batches_and_destinations() -> None:
    """Filters, raw delivery, partial batches, batching window and on-failure destinations."""
    exported = export_sam(loads(TOPIC))
    resources = exported.template["Resources"]
    sub = resources["AlertsSmsQueueSubscription"]["Properties"]
    assert sub["FilterPolicy"] == {"country": ["US"]}
    assert sub["FilterPolicyScope"] == "MessageBody"
    assert sub["RawMessageDelivery"] is True
    assert resources["AlertsMailSubscriptionPermission"]["Properties"]["Principal"] == (
        "sns.amazonaws.com"
    )
    source = resources["SmsFunction"]["Properties"]["Events"]["SmsQueueQueue"]["Properties"]
    assert source["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert source["MaximumBatchingWindowInSeconds"] == 1
    assert resources["SmsFunction"]["Properties"]["Timeout"] == 3
    config = resources["MailFunction"]["Properties"]["EventInvokeConfig"]
    assert config["MaximumRetryAttempts"] == 1
    assert config["DestinationConfig"]["OnFailure"]["Type"] == "SQS"
    assert [f for f in lint_template(exported.text) if f.severity == "error"] == []


def test_metadata_keeps_what_properties_cannot() -> None:
    """Fractional values, simulation-only settings and producer edges are kept in Metadata."""
    exported = export_sam(loads(TOPIC))
    resources = exported.template["Resources"]
    queue = resources["SmsQueueQueue"]["Metadata"][METADATA_KEY]
    assert queue["visibility_timeout"] == 61.5  # the property holds 62
    assert resources["SmsQueueQueue"]["Properties"]["VisibilityTimeout"] == 62
    assert "delay" not in queue  # DelaySeconds 3 holds it exactly
    function = from_metadata(resources["SmsFunction"]["Metadata"][METADATA_KEY])
    assert function["timeout"] == 2.5 and function["cold_start"] is None
    design = from_metadata(resources["EventscapeDesign"]["Metadata"][METADATA_KEY])
    assert design["producers"][0]["edges"] == [{"to": "alerts", "latency": 0.01}]
    assert design["edges"][0] == ["app", "alerts", "flow"]
    body = exported.text.split("AWSTemplateFormatVersion")[1]
    assert ": null" not in body and "- null" not in body  # CloudFormation forbids null


def test_logical_ids_are_stable() -> None:
    """Re-exports are identical, and adding a node leaves the other resources unchanged."""
    topology = loads(TOPIC)
    first = export_sam(topology).template["Resources"]
    assert export_sam(loads(TOPIC)).text == export_sam(topology).text
    more = loads(TOPIC.replace("edges:", "  - {id: extra, kind: queue}\nedges:"))
    second = export_sam(more).template["Resources"]
    assert {k: v for k, v in second.items() if k in first and k != "EventscapeDesign"} == {
        k: v for k, v in first.items() if k != "EventscapeDesign"
    }


def test_fifo_batch_is_clamped_and_reported() -> None:
    """A FIFO queue's consumer gets BatchSize 10 at most; the design value stays in Metadata."""
    text = TOPIC.replace("fifo: false", "fifo: true")
    exported = export_sam(loads(text))
    function = exported.template["Resources"]["SmsFunction"]
    source = function["Properties"]["Events"]["SmsQueueQueue"]["Properties"]
    assert source["BatchSize"] == 10 and "MaximumBatchingWindowInSeconds" not in source
    assert function["Metadata"][METADATA_KEY]["batch_size"] == 50
    assert any("FIFO maximum of 10" in n for n in exported.notes)


def _template(batch: int, fifo: bool, visibility: int, timeout: int, window: int | None) -> dict:
    spec: dict[str, Any] = {"Queue": {"Fn::GetAtt": ["Q", "Arn"]}, "BatchSize": batch}
    if window is not None:
        spec["MaximumBatchingWindowInSeconds"] = window
    return {
        "Resources": {
            "Q": {
                "Type": "AWS::SQS::Queue",
                "Properties": {"VisibilityTimeout": visibility, "FifoQueue": fifo},
            },
            "F": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "Timeout": timeout,
                    "Events": {"E": {"Type": "SQS", "Properties": spec}},
                },
            },
        }
    }


@pytest.mark.parametrize(
    ("batch", "fifo", "visibility", "timeout", "window", "expected"),
    [
        (11, False, 60, 5, None, ["ES001"]),
        (11, False, 60, 5, 1, []),
        (11, True, 60, 5, None, ["ES002"]),
        (5, True, 60, 5, 2, ["ES003"]),
        (5, False, 30, 60, None, ["ES004"]),
        (5, False, 30, 10, None, ["ES005"]),
        (10, False, 60, 10, None, []),
    ],
)
def test_extra_checks(
    batch: int, fifo: bool, visibility: int, timeout: int, window: int | None, expected: list[str]
) -> None:
    """Batch size, FIFO and visibility-timeout rules cfn-lint does not check are reported."""
    findings = extra_checks(_template(batch, fifo, visibility, timeout, window))
    assert [f.rule for f in findings] == expected


def test_designer_export_writes_template_and_reports(tmp_path: Path) -> None:
    """File > Export offers SAM and AsyncAPI; writing one returns its lint report lines."""
    from designer import exporting

    formats = {fmt: title for fmt, title, _ in exporting.text_formats()}
    assert formats["sam"] == "AWS SAM template" and formats["asyncapi"] == "AsyncAPI 3 document"
    topology = loads(TOPIC.replace("timeout: 2.5", "timeout: 20"))
    report = exporting.write_text(topology, "sam", tmp_path / "t.yaml")
    assert (tmp_path / "t.yaml").read_text().startswith("# AWS SAM template")
    assert any(line.startswith("warning: ES005") for line in report)  # 62 s < 6 x 20 s
    assert "1 warning(s)" in exporting.report_summary("sam", tmp_path / "t.yaml", report)
    assert exporting.write_text(topology, "asyncapi", tmp_path / "a.yaml") == ["ok: no findings"]


WORKFLOW = """
format: eventscape/topology
version: 1
name: Checks
nodes:
  - {id: web, kind: producer}
  - {id: bus, kind: router}
  - id: flow
    kind: workflow
    type: express
    definition:
      StartAt: Check
      States:
        Check:
          Type: Task
          Resource: arn:aws:states:::lambda:invoke
          Parameters: {FunctionName: check, Payload.$: $}
          Next: Send
        Send:
          Type: Task
          Resource: arn:aws:states:::sqs:sendMessage
          Parameters: {MessageBody.$: $}
          End: true
  - {id: check, kind: consumer}
  - {id: out, kind: queue}
edges:
  - {from: web, to: bus}
  - {from: bus, to: flow}
  - {from: flow, to: check}
  - {from: flow, to: out}
"""


def test_workflow_becomes_state_machine_with_substitutions() -> None:
    """Bound Task states point at DefinitionSubstitutions; the role may call their targets."""
    exported = export_sam(loads(WORKFLOW))
    machine = exported.template["Resources"]["FlowStateMachine"]
    assert machine["Type"] == "AWS::Serverless::StateMachine"
    props = machine["Properties"]
    assert props["Type"] == "EXPRESS"
    states = props["Definition"]["States"]
    assert states["Check"]["Parameters"]["FunctionName"] == "${CheckFunctionArn}"
    assert states["Send"]["Parameters"]["QueueUrl"] == "${OutQueueUrl}"
    assert props["DefinitionSubstitutions"] == {
        "CheckFunctionArn": {"Fn::GetAtt": ["CheckFunction", "Arn"]},
        "OutQueueUrl": {"Ref": "OutQueue"},
    }
    assert {"LambdaInvokePolicy": {"FunctionName": {"Ref": "CheckFunction"}}} in props["Policies"]
    rule = exported.template["Resources"]["BusFlowRule"]["Properties"]["Targets"][0]
    assert rule["Arn"] == {"Ref": "FlowStateMachine"} and "RoleArn" in rule
    assert [f for f in cfn_lint(exported.text) if f.severity == "error"] == []


def test_workflow_with_null_uses_definition_string() -> None:
    """An ASL null (ResultPath: null) is kept by writing the definition as JSON text."""
    text = WORKFLOW.replace("Next: Send", "Next: Send\n          ResultPath: null")
    exported = export_sam(loads(text))
    machine = exported.template["Resources"]["FlowStateMachine"]
    assert machine["Type"] == "AWS::StepFunctions::StateMachine"
    assert '"ResultPath": null' in machine["Properties"]["DefinitionString"]
    assert machine["Metadata"][METADATA_KEY]["type"] == "express"
    assert [f for f in cfn_lint(exported.text) if f.severity == "error"] == []


def test_on_failure_to_workflows_is_noted_not_written() -> None:
    """Lambda destinations cannot start state machines: such edges are notes, a queue is used."""
    text = WORKFLOW.replace(
        "  - {from: flow, to: out}",
        "  - {from: flow, to: out}\n"
        "  - {from: check, to: flow, kind: on-failure}\n"
        "  - {from: check, to: out, kind: on-failure}",
    )
    exported = export_sam(loads(text))
    config = exported.template["Resources"]["CheckFunction"]["Properties"]["EventInvokeConfig"]
    assert config["DestinationConfig"]["OnFailure"]["Type"] == "SQS"
    assert any("cannot start a state machine" in n for n in exported.notes)


def _definition_file_topology(tmp_path: Path, name: str) -> Path:
    """WORKFLOW with its definition in `name` next to the topology file."""
    inline = WORKFLOW[WORKFLOW.index("    definition:") : WORKFLOW.index("  - {id: check")]
    text = WORKFLOW.replace(inline, f"    definition_file: {name}\n")
    path = tmp_path / "design" / "flow.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def test_definition_file_is_read_for_the_template(tmp_path: Path) -> None:
    """A workflow's definition_file next to the topology becomes the state machine's."""
    path = _definition_file_topology(tmp_path, "flow.asl.json")
    asl = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
    (path.parent / "flow.asl.json").write_text(json.dumps(asl), encoding="utf-8")
    machine = export_sam(load(path)).template["Resources"]["FlowStateMachine"]
    assert machine["Properties"]["Definition"] == asl


def test_definition_file_leading_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    """A definition_file that is a link to a file outside the topology's folder is not
    read by the export (the same rule as a run): a note names it, a Pass state stands in."""
    secret = tmp_path / "secret.json"
    secret.write_text('{"StartAt": "Leak", "States": {"Leak": {"Type": "Succeed"}}}')
    path = _definition_file_topology(tmp_path, "flow.asl.json")
    (path.parent / "flow.asl.json").symlink_to(secret)
    exported = export_sam(load(path))
    assert "Leak" not in exported.text
    assert any("outside the topology's folder" in note for note in exported.notes)
