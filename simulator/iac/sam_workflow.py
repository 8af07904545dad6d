"""A workflow node as `AWS::Serverless::StateMachine` with `DefinitionSubstitutions`.

Task states that invoke a consumer or publish to a router, queue or topic of the design
(as `simulator.workflow.resources.bind` resolves them) are rewritten to `${...}`
placeholders that `DefinitionSubstitutions` fills with the real ARNs, URLs and names; the
state machine's role gets the matching SAM policy templates.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from simulator.iac import to_metadata
from simulator.iac.cfn import get_att, ref
from simulator.iac.sam_build import SamBuild
from simulator.iac.sam_policies import publish_policy
from simulator.model import Node, read_definition

_KEYS = {"router": "EventBusName", "queue": "QueueUrl", "topic": "TopicArn"}
_SUB_SUFFIX = {"router": "EventBusName", "queue": "QueueUrl", "topic": "TopicArn"}


def state_machine(build: SamBuild, node: Node) -> dict[str, Any]:
    """The state machine of a workflow node."""
    definition = _definition(build, node)
    build.recover(node, "type", node.get("type"))
    props: dict[str, Any] = {"Type": str(node.get("type")).upper()}
    if definition is None:
        build.note(f"workflow {node.id}: no definition to export (a Pass state stands in)")
        definition = {
            "StartAt": "Placeholder",
            "States": {"Placeholder": {"Type": "Pass", "End": True}},
        }
    substitutions: dict[str, Any] = {}
    targets: list[str] = []
    rewritten = _rewrite(build, node, copy.deepcopy(definition), substitutions, targets)
    if to_metadata(rewritten) != rewritten:  # CloudFormation forbids null: JSON text
        return _plain(build, node, rewritten, substitutions, targets)
    props["Definition"] = rewritten
    if node.id in build.named:
        props["Name"] = build.physical_name(node.id)
    if substitutions:
        props["DefinitionSubstitutions"] = substitutions
    policies = [publish_policy(build, t) for t in targets]
    if policies:
        props["Policies"] = policies
    return {"Type": "AWS::Serverless::StateMachine", "Properties": props}


_ACTIONS = {
    "consumer": "lambda:InvokeFunction",
    "router": "events:PutEvents",
    "queue": "sqs:SendMessage",
    "topic": "sns:Publish",
    "workflow": "states:StartExecution",
}


def _plain(
    build: SamBuild, node: Node, definition: Any, subs: dict[str, Any], targets: list[str]
) -> dict[str, Any]:
    """`AWS::StepFunctions::StateMachine` with `DefinitionString` (the definition has nulls)."""
    role = f"{build.logical_id(node.id)}Role"
    statements = [
        {
            "Effect": "Allow",
            "Action": _ACTIONS[build.topology.node(t).kind],
            "Resource": build.arn(t),
        }
        for t in targets
    ]
    role_props: dict[str, Any] = {
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "states.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    }
    if statements:
        role_props["Policies"] = [
            {
                "PolicyName": "Tasks",
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
            }
        ]
    build.resources[role] = {"Type": "AWS::IAM::Role", "Properties": role_props}
    props: dict[str, Any] = {
        "StateMachineType": str(node.get("type")).upper(),
        "DefinitionString": json.dumps(definition, indent=2, ensure_ascii=False),
        "RoleArn": get_att(role, "Arn"),
    }
    if node.id in build.named:
        props["StateMachineName"] = build.physical_name(node.id)
    if subs:
        props["DefinitionSubstitutions"] = subs
    build.recovered.get(node.id, {}).pop("type", None)  # keep `type` in the Metadata entry
    build.note(f"workflow {node.id}: its definition has nulls, written as DefinitionString")
    return {"Type": "AWS::StepFunctions::StateMachine", "Properties": props}


def _definition(build: SamBuild, node: Node) -> Any:
    definition = node.get("definition")
    path = node.get("definition_file")
    if definition is None and path is not None:
        try:  # the same rules as a run: inside the folder, a regular file, at most 1 MiB
            definition = read_definition(build.topology.base_dir, str(path))
        except ValueError as exc:
            build.note(f"workflow {node.id}: {exc}; a Pass state stands in")
    return definition


def _rewrite(
    build: SamBuild,
    node: Node,
    block: Any,
    substitutions: dict[str, Any],
    targets: list[str],
) -> Any:
    """`block` with every bound Task pointing at `${...}` placeholders."""
    from simulator.workflow.resources import bind

    if not isinstance(block, dict):
        return block
    kinds = {n.id: n.kind for n in build.topology.nodes}
    wired = [e.target for e in build.topology.edges_from(node.id, "flow")]
    for state in (block.get("States") or {}).values():
        if not isinstance(state, dict):
            continue
        for inner in [
            *state.get("Branches", []),
            state.get("ItemProcessor"),
            state.get("Iterator"),
        ]:
            _rewrite(build, node, inner, substitutions, targets)
        if state.get("Type") != "Task" or not isinstance(state.get("Resource"), str):
            continue
        binding = bind(state["Resource"], state.get("Parameters"), kinds, wired)
        target = binding.invoke or binding.publish
        if target is None:
            continue
        if target not in targets:
            targets.append(target)
        _point(build, state, target, substitutions)
    return block


def _point(build: SamBuild, state: dict[str, Any], target: str, subs: dict[str, Any]) -> None:
    """Make one Task state name `target` through a substitution."""
    kind = build.topology.node(target).kind
    logical = build.logical_id(target)
    params = state.get("Parameters") if isinstance(state.get("Parameters"), dict) else None
    if kind == "consumer":
        key = f"{build.names[target]}FunctionArn"
        subs[key] = build.arn(target)
        if params is not None and "FunctionName" in params:
            params["FunctionName"] = f"${{{key}}}"
        else:
            state["Resource"] = f"${{{key}}}"
        return
    key = f"{build.names[target]}{_SUB_SUFFIX[kind]}"
    subs[key] = ref(logical)  # bus name, queue URL, topic ARN
    if params is None:
        params = state.setdefault("Parameters", {})
    if kind == "router":
        entries = params.setdefault("Entries", [{}])
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict):
                entry["EventBusName"] = f"${{{key}}}"
    else:
        params[_KEYS[kind]] = f"${{{key}}}"
    grouped = {"MessageGroupId", "MessageGroupId.$"} & set(params)
    if kind == "queue" and build.fifo(target) and not grouped:
        params["MessageGroupId"] = "eventscape"  # SQS refuses FIFO sends without one
