"""Issue 16's AWS-real keys as resources and properties: access policies, archives, KMS.

- router `policy` -> one `AWS::Events::EventBusPolicy` per statement (`Statement` form):
  principals -> `Principal: {AWS: [account ids]}` or `"*"`; publish -> `events:PutEvents`;
  subscribe -> the rule-management actions another account needs to make rules on the bus
  (`SUBSCRIBE_EVENTS`: EventBridge has no subscribe action; a rule is its subscription).
  Its StatementId carries the stack's UUID: CloudFormation makes it the resource's
  physical id, which must be unique in the account across stacks.
- topic `policy` -> statements of the topic's `AWS::SNS::TopicPolicy` (beside the service
  statements the deliveries need): publish -> `sns:Publish`, subscribe -> `sns:Subscribe`.
- A `condition` (an event pattern) IAM can state only for EventBridge and only as
  `{source: [...], detail-type: [...]}` of plain strings (`events:source`,
  `events:detail-type`); a statement whose condition or principals (account *names*) IAM
  cannot state is not written (a note says so) and the policy stays in the metadata.
- router `archive` -> `AWS::Events::Archive` (SourceArn of the bus, EventPattern,
  RetentionDays = ceil(retention / 86400); 0 = indefinitely, EventBridge's default).
- queue `encrypted` -> `KmsMasterKeyId: alias/aws/sqs` and `KmsDataKeyReusePeriodSeconds`;
  topic -> `KmsMasterKeyId: alias/aws/sns`. Not encrypted: no key (SQS then applies SSE-SQS,
  which calls no KMS: the model's `encrypted: false`).
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from simulator.iac.cfn import get_att, ref
from simulator.iac.sam_build import SamBuild
from simulator.model import Node
from simulator.model.regions import ACCOUNT_ID_RE

PUBLISH = {"router": "events:PutEvents", "topic": "sns:Publish"}
SUBSCRIBE_EVENTS = (
    "events:PutRule",
    "events:PutTargets",
    "events:DeleteRule",
    "events:RemoveTargets",
    "events:DescribeRule",
    "events:ListTargetsByRule",
)
SUBSCRIBE = {"router": list(SUBSCRIBE_EVENTS), "topic": ["sns:Subscribe"]}
CONDITION_KEYS = {"source": "events:source", "detail-type": "events:detail-type"}
KMS_ALIAS = {"queue": "alias/aws/sqs", "topic": "alias/aws/sns"}
DAY = 86400


def iam_statement(kind: str, statement: dict[str, Any], resource: Any) -> dict[str, Any] | None:
    """An Eventscape policy statement as an IAM statement, or None when IAM cannot say it."""
    principals = list(statement.get("principals") or [])
    if not principals or not all(p == "*" or ACCOUNT_ID_RE.match(str(p)) for p in principals):
        return None
    actions: list[str] = []
    for action in statement.get("actions") or []:
        actions += [PUBLISH[kind]] if action == "publish" else SUBSCRIBE[kind]
    iam: dict[str, Any] = {
        "Effect": statement.get("effect"),
        "Principal": "*" if "*" in principals else {"AWS": principals},
        "Action": actions[0] if len(actions) == 1 else actions,
        "Resource": resource,
    }
    condition = statement.get("condition")
    if condition is not None:
        keys = _condition(kind, condition)
        if keys is None:
            return None
        iam["Condition"] = {"StringEquals": keys}
    return iam


def _condition(kind: str, pattern: Any) -> dict[str, Any] | None:
    """`{source: [a]}` -> `{events:source: [a]}`; None when IAM has no such condition."""
    if kind != "router" or not isinstance(pattern, dict) or not pattern:
        return None
    keys: dict[str, Any] = {}
    for key, values in pattern.items():
        plain = isinstance(values, list) and values and all(isinstance(v, str) for v in values)
        if key not in CONDITION_KEYS or not plain:
            return None
        keys[CONDITION_KEYS[key]] = list(values)
    return keys


def eventscape_statement(kind: str, iam: Any) -> dict[str, Any] | None:
    """An IAM statement of a bus or topic policy as an Eventscape statement (the inverse of
    `iam_statement`), or None when it is not about accounts publishing or subscribing."""
    if not isinstance(iam, dict) or iam.get("Effect") not in ("Allow", "Deny"):
        return None
    principals = _principals(iam.get("Principal"))
    listed = iam.get("Action")
    names = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
    actions = []
    if PUBLISH[kind] in names or f"{PUBLISH[kind].split(':')[0]}:*" in names:
        actions.append("publish")
    if any(a in names for a in SUBSCRIBE[kind]) or f"{PUBLISH[kind].split(':')[0]}:*" in names:
        actions.append("subscribe")
    if not principals or not actions:
        return None
    statement: dict[str, Any] = {"effect": iam["Effect"], "principals": principals}
    statement["actions"] = actions
    condition = iam.get("Condition")
    if condition is not None:
        pattern = _pattern(kind, condition)
        if pattern is None:
            return None
        statement["condition"] = pattern
    return statement


def _principals(value: Any) -> list[str] | None:
    """Account ids (or "*") of a Principal; None for services or what names no account."""
    if value == "*":
        return ["*"]
    if not isinstance(value, dict) or set(value) != {"AWS"}:
        return None
    listed = value["AWS"] if isinstance(value["AWS"], list) else [value["AWS"]]
    found = []
    for item in listed:
        if not isinstance(item, str):
            return None
        account = item.split(":")[4] if item.startswith("arn:") and item.count(":") >= 5 else item
        if item.startswith("arn:") and not item.endswith(":root"):
            return None  # a role or user: narrower than an account
        if account != "*" and not ACCOUNT_ID_RE.match(account):
            return None
        found.append(account)
    return found


def _pattern(kind: str, condition: Any) -> dict[str, Any] | None:
    """`{StringEquals: {events:source: [a]}}` -> `{source: [a]}`; None otherwise."""
    if kind != "router" or not isinstance(condition, dict) or set(condition) != {"StringEquals"}:
        return None
    inner = condition["StringEquals"]
    back = {v: k for k, v in CONDITION_KEYS.items()}
    if not isinstance(inner, dict) or not inner or not set(inner) <= set(back):
        return None
    pattern = {}
    for key, values in inner.items():
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return None
        pattern[back[key]] = list(values)
    return pattern


def policy_statements(build: SamBuild, node: Node) -> list[dict[str, Any]]:
    """The IAM statements of a router's or topic's policy that IAM can state (with Sids);
    the policy is recovered from them only when every statement comes back the same."""
    policy = node.get("policy")
    if not isinstance(policy, list):
        return []
    logical = build.logical_id(node.id)
    resource = get_att(logical, "Arn") if node.kind == "router" else ref(logical)
    written = []
    for index, statement in enumerate(policy):
        iam = iam_statement(node.kind, statement, resource)
        if iam is None or eventscape_statement(node.kind, iam) != statement:
            build.note(
                f"{node.kind} {node.id}: policy statement {index} has no IAM form "
                "(account names, or a condition IAM cannot state); it is not in the "
                "resource policy, only in Metadata"
            )
            continue
        written.append({"Sid": f"Eventscape{index}", **iam})
    if len(written) == len(policy):
        build.recover(node, "policy", policy)
    return written


def bus_policies(build: SamBuild, node: Node) -> None:
    """One `AWS::Events::EventBusPolicy` per statement of a router's policy."""
    for statement in policy_statements(build, node):
        sid = statement.pop("Sid")
        logical = f"{build.logical_id(node.id)}{sid}Policy"
        build.resources[logical] = {
            "Type": "AWS::Events::EventBusPolicy",
            "Properties": {
                "EventBusName": ref(build.logical_id(node.id)),
                "StatementId": _statement_id(build, node, sid),
                "Statement": statement,
            },
        }


def _statement_id(build: SamBuild, node: Node, sid: str) -> dict[str, Any]:
    """`<Id><n>-<stack uuid>`: CloudFormation makes the StatementId the policy's physical
    id, unique in the account across stacks, so it carries the stack's own UUID (at most
    21 + 1 + 36 characters of the 64 allowed)."""
    name = build.names[node.id]
    if len(name) > 18:  # distinct names stay distinct: a prefix and a digest of the whole
        name = name[:9] + hashlib.sha1(name.encode()).hexdigest()[:8]
    stem = f"{name}{sid.removeprefix('Eventscape')}"
    uuid = {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}
    return {"Fn::Join": ["-", [stem, uuid]]}


def topic_policy(build: SamBuild, node: Node) -> None:
    """A topic's policy statements join its `AWS::SNS::TopicPolicy` (written later)."""
    statements = policy_statements(build, node)
    if statements:
        build.topic_statements.setdefault(node.id, []).extend(statements)


def archive(build: SamBuild, node: Node) -> None:
    """`AWS::Events::Archive` of a router with an `archive`."""
    value = node.get("archive")
    if not isinstance(value, dict):
        return
    from simulator.iac.sam_resources import json_property

    props: dict[str, Any] = {"SourceArn": get_att(build.logical_id(node.id), "Arn")}
    if value.get("pattern") is not None:
        props["EventPattern"] = json_property(value["pattern"])
    retention = value.get("retention")
    props["RetentionDays"] = 0 if retention is None else max(1, math.ceil(retention / DAY))
    exact = retention is None or retention == props["RetentionDays"] * DAY
    if not exact:
        build.note(
            f"router {node.id}: archive retention {retention} s is kept "
            f"{props['RetentionDays']} days (RetentionDays counts whole days)"
        )
    if exact:
        build.recover(node, "archive", value)
    build.resources[f"{build.logical_id(node.id)}Archive"] = {
        "Type": "AWS::Events::Archive",
        "Properties": props,
    }


def encryption(build: SamBuild, node: Node, props: dict[str, Any]) -> None:
    """A queue's or topic's KMS key (the AWS managed key of the service)."""
    encrypted = bool(node.get("encrypted"))
    build.recover(node, "encrypted", encrypted)
    if not encrypted:
        return
    props["KmsMasterKeyId"] = KMS_ALIAS[node.kind]
    if node.kind == "queue":
        reuse = node.get("kms_data_key_reuse")
        props["KmsDataKeyReusePeriodSeconds"] = max(60, min(86400, math.ceil(reuse)))
        build.recover(node, "kms_data_key_reuse", props["KmsDataKeyReusePeriodSeconds"])
    fed = [e for e in build.topology.edges_to(node.id) if _service_fed(build, e.source)]
    if fed:
        build.note(
            f"{node.kind} {node.id}: encrypted with the AWS managed key {KMS_ALIAS[node.kind]}; "
            f"{fed[0].source} delivers through EventBridge or SNS, which needs a customer "
            "managed key whose policy lets the service use it: set KmsMasterKeyId to one"
        )


def _service_fed(build: SamBuild, source: str) -> bool:
    return build.topology.node(source).kind in ("router", "topic")
