"""The resources of routers, rules, topics, subscriptions and queues."""

from __future__ import annotations

import json
from typing import Any

from simulator.iac import to_metadata
from simulator.iac.cfn import get_att, ref, sub, unique, whole
from simulator.iac.sam_access import archive, bus_policies, encryption, topic_policy
from simulator.iac.sam_build import SamBuild
from simulator.iac.sam_policies import allow_invoke, allow_send
from simulator.model import Edge, Node

MATCH_ALL = {"source": [{"prefix": ""}]}


def json_property(value: dict[str, Any]) -> dict[str, Any] | str:
    """A JSON-typed property: the object, or its JSON text when it holds a null."""
    text = json.dumps(value, ensure_ascii=False)
    return text if "null" in text and to_metadata(value) != value else value


def router(build: SamBuild, node: Node) -> dict[str, Any]:
    """`AWS::Events::EventBus` (its rules are separate resources)."""
    name = sub(f"${{AWS::StackName}}-{build.names[node.id]}")
    bus_policies(build, node)
    archive(build, node)
    return {"Type": "AWS::Events::EventBus", "Properties": {"Name": name}}


def rule(build: SamBuild, edge: Edge) -> None:
    """`AWS::Events::Rule` for a router's outgoing edge, with one target."""
    bus, target = build.topology.node(edge.source), build.topology.node(edge.target)
    logical = unique(
        build.resources, f"{build.names[bus.id]}{build.names[target.id]}Rule", str(edge.key)
    )
    spec: dict[str, Any] = {"Id": target.id[:64], "Arn": build.arn(target.id)}
    retry_policy(build, bus, spec)
    _target_extras(build, edge, logical, spec)
    rule_dead_letter(build, edge, logical, spec)
    build.resources[logical] = {
        "Type": "AWS::Events::Rule",
        "Properties": {
            "Description": f"Eventscape rule {edge.source} -> {edge.target}",
            "EventBusName": ref(build.logical_id(bus.id)),
            "EventPattern": json_property(edge.pattern if edge.pattern is not None else MATCH_ALL),
            "State": "ENABLED",
            "Targets": [spec],
        },
    }
    build.express(edge)


def retry_policy(build: SamBuild, bus: Node, spec: dict[str, Any]) -> None:
    """A rule target's RetryPolicy: the router's retry settings."""
    spec["RetryPolicy"] = {
        "MaximumRetryAttempts": int(bus.get("retry_attempts")),
        "MaximumEventAgeInSeconds": whole(bus.get("retry_max_age"), 60, 86400),
    }
    build.recover(bus, "retry_attempts", spec["RetryPolicy"]["MaximumRetryAttempts"])
    build.recover(bus, "retry_max_age", spec["RetryPolicy"]["MaximumEventAgeInSeconds"])


def rule_dead_letter(build: SamBuild, edge: Edge, rule_id: str, spec: dict[str, Any]) -> None:
    """The router's own dead-letter edge is every rule target's DeadLetterConfig."""
    dead_letter = _standard_dead_letter(
        build,
        edge,
        "EventBridge dead-letter queues must be standard queues; the rule has no DeadLetterConfig",
    )
    if dead_letter is None:
        return
    spec["DeadLetterConfig"] = {"Arn": build.arn(dead_letter)}
    allow_send(build, dead_letter, "events.amazonaws.com", get_att(rule_id, "Arn"), rule_id)


def _target_extras(build: SamBuild, edge: Edge, rule_id: str, spec: dict[str, Any]) -> None:
    """What a target of each kind needs: permissions, queue parameters, a role."""
    target = build.topology.node(edge.target)
    rule_arn = get_att(rule_id, "Arn")
    if target.kind == "queue":
        allow_send(build, target.id, "events.amazonaws.com", rule_arn, rule_id)
        if build.fifo(target.id):
            spec["SqsParameters"] = {"MessageGroupId": "eventscape"}
            if target.get("group_by"):
                build.note(
                    f"edge {edge.name}: EventBridge sets a fixed MessageGroupId; grouping by "
                    f"{target.get('group_by')} needs a sender that sets it (kept in Metadata)"
                )
    elif target.kind == "topic":
        spec["InputPath"] = "$.detail"  # subscriptions filter on the detail
        allow_send(build, target.id, "events.amazonaws.com", rule_arn, rule_id)
    elif target.kind == "consumer":
        allow_invoke(build, target.id, "events.amazonaws.com", rule_arn, f"{rule_id}Permission")
    elif target.kind == "router":
        arn = build.arn(target.id)
        spec["RoleArn"] = get_att(role(build, rule_id, arn, "events:PutEvents"), "Arn")
    elif target.kind == "workflow":
        action = "states:StartExecution"
        spec["RoleArn"] = get_att(role(build, rule_id, build.arn(target.id), action), "Arn")


def role(build: SamBuild, rule_id: str, resource: dict[str, Any], action: str) -> str:
    """An IAM role letting EventBridge put events on a bus or start a state machine."""
    logical = f"{rule_id}Role"
    build.resources[logical] = {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "events.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "Policies": [
                {
                    "PolicyName": action.split(":")[1],
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": action,
                                "Resource": resource,
                            }
                        ],
                    },
                }
            ],
        },
    }
    return logical


def _subscription_dead_letter(
    build: SamBuild, edge: Edge, logical: str, props: dict[str, Any]
) -> None:
    """The topic's own dead-letter edge is every subscription's RedrivePolicy."""
    dead_letter = _standard_dead_letter(
        build,
        edge,
        "a standard topic's subscriptions need a standard dead-letter queue; "
        "the subscription has no RedrivePolicy",
    )
    if dead_letter is None:
        return
    props["RedrivePolicy"] = {"deadLetterTargetArn": build.arn(dead_letter)}
    allow_send(build, dead_letter, "sns.amazonaws.com", ref(build.logical_id(edge.source)), logical)


def topic(build: SamBuild, node: Node) -> dict[str, Any]:
    """`AWS::SNS::Topic` (its subscriptions are separate resources)."""
    props: dict[str, Any] = {}
    encryption(build, node, props)
    topic_policy(build, node)
    return {"Type": "AWS::SNS::Topic", "Properties": props}


def subscription(build: SamBuild, edge: Edge) -> None:
    """`AWS::SNS::Subscription` for a topic's edge to a queue or function."""
    source, target = build.topology.node(edge.source), build.topology.node(edge.target)
    if target.kind not in ("queue", "consumer"):  # SNS has no bus or state machine protocol
        build.note(
            f"edge {edge.name}: SNS cannot deliver to a {target.kind}; the edge is kept in "
            "Metadata only (subscribe a queue or function that forwards instead)"
        )
        return
    logical = unique(
        build.resources,
        f"{build.names[source.id]}{build.names[target.id]}Subscription",
        str(edge.key),
    )
    topic_arn = ref(build.logical_id(source.id))
    props: dict[str, Any] = {
        "TopicArn": topic_arn,
        "Protocol": "sqs" if target.kind == "queue" else "lambda",
        "Endpoint": build.arn(target.id),
    }
    if target.kind == "queue":
        props["RawMessageDelivery"] = True
        allow_send(build, target.id, "sns.amazonaws.com", topic_arn, logical)
        if build.fifo(target.id):
            build.note(
                f"edge {edge.name}: a standard SNS topic cannot deliver to the FIFO queue "
                f"{target.id} (AWS requires a FIFO topic)"
            )
    else:
        allow_invoke(build, target.id, "sns.amazonaws.com", topic_arn, f"{logical}Permission")
    if edge.filter is not None:
        props["FilterPolicy"] = json_property(edge.filter)
        props["FilterPolicyScope"] = "MessageBody"
    _subscription_dead_letter(build, edge, logical, props)
    build.resources[logical] = {"Type": "AWS::SNS::Subscription", "Properties": props}
    build.express(edge)


def queue(build: SamBuild, node: Node) -> dict[str, Any]:
    """`AWS::SQS::Queue` with its timing settings and redrive policy."""
    props: dict[str, Any] = {
        "VisibilityTimeout": whole(node.get("visibility_timeout"), 0, 43200),
        "MessageRetentionPeriod": whole(node.get("retention"), 60, 1209600),
        "DelaySeconds": whole(node.get("delay"), 0, 900),
    }
    build.recover(node, "visibility_timeout", props["VisibilityTimeout"])
    build.recover(node, "retention", props["MessageRetentionPeriod"])
    build.recover(node, "delay", props["DelaySeconds"])
    build.recover(node, "fifo", build.fifo(node.id))
    if build.fifo(node.id):
        props["FifoQueue"] = True
        props["ContentBasedDeduplication"] = True
    if node.id in build.named:
        props["QueueName"] = build.physical_name(node.id)
    encryption(build, node, props)
    _redrive(build, node, props)
    return {"Type": "AWS::SQS::Queue", "Properties": props}


def _redrive(build: SamBuild, node: Node, props: dict[str, Any]) -> None:
    edges = build.topology.edges_from(node.id, "dead-letter")
    count = node.get("max_receive_count")
    target = build.dead_letter_target(node.id)
    if target is not None and build.fifo(target) and not build.fifo(node.id):
        build.note(
            f"queue {node.id}: AWS rejects the FIFO dead-letter queue {target} of a standard "
            "queue; no RedrivePolicy is written (the edge is kept in Metadata)"
        )
        return
    if target is None:
        if edges:
            build.note(
                f"queue {node.id}: a dead-letter edge but no max_receive_count; no "
                "RedrivePolicy is written (the edge is kept in Metadata)"
            )
        return
    props["RedrivePolicy"] = {"deadLetterTargetArn": build.arn(target), "maxReceiveCount": count}
    build.recover(node, "max_receive_count", count)
    build.express(edges[0])
    if build.fifo(target) and not build.topology.node(target).get("fifo"):
        build.note(
            f"queue {target}: written as a FIFO queue because the FIFO queue {node.id} "
            "redrives to it (AWS requires both of the same type)"
        )
    for extra in edges[1:]:
        build.note(f"edge {extra.name}: SQS redrives to one queue; kept in Metadata only")


def _standard_dead_letter(build: SamBuild, edge: Edge, fifo_refused: str) -> str | None:
    """The target of the edge source's own dead-letter edge, when there is one and it is a
    standard queue; a FIFO one gets a note saying `fifo_refused` and None."""
    edges = build.topology.edges_from(edge.source, "dead-letter")
    if not edges:
        return None
    dead_letter = edges[0].target
    if build.fifo(dead_letter):
        build.note(f"edge {edge.name}: {fifo_refused} (FIFO {dead_letter})")
        return None
    return dead_letter
