"""Resource policies and permissions without which a template deploys but delivers nothing."""

from __future__ import annotations

from typing import Any

from simulator.iac.cfn import ref, sub
from simulator.iac.sam_build import SamBuild

_SEND_ACTION = {"queue": "sqs:SendMessage", "topic": "sns:Publish"}


def allow_send(
    build: SamBuild, node_id: str, service: str, source_arn: dict[str, Any], sid: str
) -> None:
    """Let `service` (events/sns) send to queue or topic `node_id`, from `source_arn` only."""
    kind = build.topology.node(node_id).kind
    statements = build.queue_statements if kind == "queue" else build.topic_statements
    listed = statements.setdefault(node_id, [])
    if any(s["Sid"] == sid for s in listed):
        return
    listed.append(
        {
            "Sid": sid,
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": _SEND_ACTION[kind],
            "Resource": build.arn(node_id),
            "Condition": {"ArnEquals": {"aws:SourceArn": source_arn}},
        }
    )


def allow_invoke(
    build: SamBuild, function_id: str, service: str, source_arn: dict[str, Any], logical: str
) -> None:
    """`AWS::Lambda::Permission` letting `service` invoke the function, from `source_arn`."""
    build.resources[logical] = {
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "Action": "lambda:InvokeFunction",
            "FunctionName": build.arn(function_id),
            "Principal": service,
            "SourceArn": source_arn,
        },
    }


def add_resource_policies(build: SamBuild) -> None:
    """One `AWS::SQS::QueuePolicy` / `AWS::SNS::TopicPolicy` per queue or topic written to."""
    for node_id, statements in build.queue_statements.items():
        logical = f"{build.logical_id(node_id)}Policy"
        build.resources[logical] = {
            "Type": "AWS::SQS::QueuePolicy",
            "Properties": {
                "Queues": [ref(build.logical_id(node_id))],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
            },
        }
    for node_id, statements in build.topic_statements.items():
        logical = f"{build.logical_id(node_id)}Policy"
        build.resources[logical] = {
            "Type": "AWS::SNS::TopicPolicy",
            "Properties": {
                "Topics": [ref(build.logical_id(node_id))],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
            },
        }


def publish_policy(build: SamBuild, target_id: str) -> dict[str, Any]:
    """The SAM policy template letting a function publish to `target_id`."""
    target = build.topology.node(target_id)
    logical = build.logical_id(target_id)
    if target.kind == "queue":
        name = _name(build, target_id, "QueueName")
        return {"SQSSendMessagePolicy": {"QueueName": name}}
    if target.kind == "topic":
        return {"SNSPublishMessagePolicy": {"TopicName": {"Fn::GetAtt": [logical, "TopicName"]}}}
    if target.kind == "router":
        return {"EventBridgePutEventsPolicy": {"EventBusName": ref(logical)}}
    if target.kind == "workflow":
        name = _name(build, target_id, "Name")
        return {"StepFunctionsExecutionPolicy": {"StateMachineName": name}}
    return {"LambdaInvokePolicy": {"FunctionName": _name(build, target_id, "")}}


def target_reference(build: SamBuild, target_id: str) -> dict[str, Any]:
    """What the function's code needs to address `target_id` (URL, ARN, bus or function name)."""
    if target_id in build.named:
        name = build.physical_name(target_id)["Fn::Sub"]
        if build.topology.node(target_id).kind == "queue":
            return sub(
                f"https://sqs.${{AWS::Region}}.${{AWS::URLSuffix}}/${{AWS::AccountId}}/{name}"
            )
        return sub(name)
    return ref(build.logical_id(target_id))


def _name(build: SamBuild, node_id: str, attribute: str) -> dict[str, Any]:
    if node_id in build.named:
        return build.physical_name(node_id)
    logical = build.logical_id(node_id)
    return {"Fn::GetAtt": [logical, attribute]} if attribute else ref(logical)
