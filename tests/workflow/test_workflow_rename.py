"""Renaming a node the definition's Task states name (`renamed_definition`)."""

from __future__ import annotations

from typing import Any

from simulator.workflow import renamed_definition


def _task(resource: str, **parameters: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Task", "Resource": resource, "End": True}
    if parameters:
        state["Parameters"] = parameters
    return state


def _machine(*tasks: dict[str, Any]) -> dict[str, Any]:
    states = {f"T{i}": task for i, task in enumerate(tasks)}
    return {"StartAt": "T0", "States": states}


def _resources(doc: dict[str, Any]) -> list[Any]:
    return [(s["Resource"], s.get("Parameters")) for s in doc["States"].values()]


def test_every_form_naming_a_function_follows_the_rename() -> None:
    """A bare id, a Lambda ARN with an alias, lambda:invoke's FunctionName (id or ARN) and a
    callback suffix all name the new id; the original definition is left unchanged."""
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:pay"
    doc = _machine(
        _task("pay"),
        _task(arn + ":live"),
        _task("arn:aws:states:::lambda:invoke", FunctionName="pay"),
        _task("arn:aws:states:::lambda:invoke.waitForTaskToken", FunctionName=arn),
        _task("pay.waitForTaskToken"),
    )
    new = renamed_definition(doc, "pay", "charge")
    assert _resources(new) == [
        ("charge", None),
        ("arn:aws:lambda:eu-west-1:123456789012:function:charge:live", None),
        ("arn:aws:states:::lambda:invoke", {"FunctionName": "charge"}),
        (
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            {"FunctionName": "arn:aws:lambda:eu-west-1:123456789012:function:charge"},
        ),
        ("charge.waitForTaskToken", None),
    ]
    assert doc["States"]["T0"]["Resource"] == "pay"


def test_publish_targets_follow_by_their_last_segment() -> None:
    """A queue URL, a topic ARN and a bus name in putEvents' first entry are renamed by
    their last segment; a name that only contains the old id is not."""
    doc = _machine(
        _task("arn:aws:states:::sqs:sendMessage", QueueUrl="https://sqs.x/1/jobs/"),
        _task("arn:aws:states:::sns:publish", TopicArn="arn:aws:sns:r:1:jobs"),
        _task("arn:aws:states:::events:putEvents", Entries=[{"EventBusName": "jobs"}]),
        _task("arn:aws:states:::sqs:sendMessage", QueueUrl="https://sqs.x/1/old-jobs"),
    )
    new = renamed_definition(doc, "jobs", "work")
    params = [p for _, p in _resources(new)]
    assert params == [
        {"QueueUrl": "https://sqs.x/1/work/"},
        {"TopicArn": "arn:aws:sns:r:1:work"},
        {"Entries": [{"EventBusName": "work"}]},
        {"QueueUrl": "https://sqs.x/1/old-jobs"},
    ]


def test_tasks_inside_parallel_branches_and_map_processors_follow() -> None:
    """Task states nested in a Parallel's branches and a Map's ItemProcessor (or the older
    Iterator) are renamed too; other states and other names are untouched."""
    inner = _machine(_task("pay"), _task("other"))
    doc = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "Branches": [inner], "Next": "M"},
            "M": {"Type": "Map", "ItemProcessor": inner, "Next": "I"},
            "I": {"Type": "Map", "Iterator": inner, "End": True},
        },
    }
    new = renamed_definition(doc, "pay", "charge")
    blocks = [
        new["States"]["P"]["Branches"][0],
        new["States"]["M"]["ItemProcessor"],
        new["States"]["I"]["Iterator"],
    ]
    assert [_resources(b) for b in blocks] == [[("charge", None), ("other", None)]] * 3
