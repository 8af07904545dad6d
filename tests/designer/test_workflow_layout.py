"""The Qt-free layout of ASL state machines: boxes, frames and routed transitions."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from designer.workflow import asl_labels
from designer.workflow.diagram_layout import END, START, Box, layout

ASL = Path(__file__).parent / "asl"


def _load(name: str) -> dict:
    return json.loads((ASL / f"{name}.asl.json").read_text(encoding="utf-8"))


def _inside(inner: Box, outer: Box) -> bool:
    return (
        outer.x <= inner.x
        and inner.x + inner.w <= outer.x + outer.w
        and outer.y <= inner.y
        and inner.y + inner.h <= outer.y + outer.h
    )


def _overlap(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@pytest.mark.parametrize("name", ["bank-onboarding", "poll-and-map"])
@pytest.mark.parametrize("tall", [False, True])
def test_boxes_never_overlap_unless_nested(name: str, tall: bool) -> None:
    """Two boxes either do not touch or one is a block holding the other."""
    boxes = list(layout(_load(name), tall=tall).boxes.values())
    for a, b in combinations(boxes, 2):
        if _overlap(a, b):
            assert _inside(a, b) or _inside(b, a), (a.key, b.key)


def test_every_state_of_every_scope_gets_a_box() -> None:
    """States of the machine, of Parallel branches and of a Map's processor all appear."""
    result = layout(_load("bank-onboarding"))
    names = {b.name for b in result.state_boxes()}
    assert names == {
        "Checks", "Identity", "Address", "Risk", "ManualReview", "Approved?",
        "OpenAccount", "NotifyFailure", "Rejected", "Failed",
    }  # fmt: skip
    assert {START, END} <= set(result.boxes)


def test_parallel_block_holds_one_frame_per_branch_with_its_states() -> None:
    """The Parallel state is a block; each branch is a frame inside it holding its states."""
    result = layout(_load("bank-onboarding"))
    checks = result.boxes["Checks"]
    assert checks.block
    frames = [f for f in result.frames if f.depth == 1]
    assert [f.label for f in frames] == ["Branch 1", "Branch 2"]
    for frame, state in zip(frames, ["Identity", "Address"], strict=True):
        box = result.boxes[state]
        assert frame.x <= box.x and box.x + box.w <= frame.x + frame.w
        assert frame.y <= box.y and box.y + box.h <= frame.y + frame.h
        assert _inside(box, checks)
    assert frames[0].x + frames[0].w <= frames[1].x  # side by side


def test_map_block_holds_its_item_processor() -> None:
    """A Map is a block with an `Item processor` frame around its processor's states."""
    result = layout(_load("poll-and-map"))
    items = result.boxes["Items"]
    assert items.block
    for name in ("Reserve", "InStock?", "Backorder", "Reserved"):
        assert _inside(result.boxes[name], items), name
    assert [f.label for f in result.frames] == ["Item processor"]


def test_transitions_run_top_to_bottom_from_bottom_edge_to_top_edge() -> None:
    """A forward link leaves its source's bottom edge and ends on its target's top edge,
    lower down."""
    result = layout(_load("bank-onboarding"))
    forward = [link for link in result.links if not link.back]
    assert forward
    for link in forward:
        source, target = result.boxes[link.source], result.boxes[link.target]
        (x0, y0), (x1, y1) = link.points[0], link.points[-1]
        assert y0 == pytest.approx(source.y + source.h)
        assert source.x < x0 < source.x + source.w
        assert y1 == pytest.approx(target.y)
        assert target.x < x1 < target.x + target.w
        assert target.y > source.y + source.h - 1e-6


def test_links_are_orthogonal_polylines() -> None:
    """Every segment of every link is horizontal or vertical."""
    for name in ("bank-onboarding", "poll-and-map"):
        for link in layout(_load(name)).links:
            for (ax, ay), (bx, by) in zip(link.points, link.points[1:], strict=False):
                assert ax == pytest.approx(bx) or ay == pytest.approx(by), link


def test_choice_branches_keep_rule_order_left_to_right() -> None:
    """Targets of a Choice's rules sit left to right in rule order, the default last."""
    result = layout(_load("poll-and-map"))
    assert result.boxes["Done"].x < result.boxes["GiveUp"].x
    risk = layout(_load("bank-onboarding"))
    assert risk.boxes["ManualReview"].x < risk.boxes["OpenAccount"].x


def test_a_loop_goes_back_up_beside_the_rows() -> None:
    """Choice Default back to an earlier Wait is a back link that climbs outside the boxes."""
    result = layout(_load("poll-and-map"))
    (loop,) = [link for link in result.links if link.back]
    assert (loop.source, loop.target, loop.kind) == ("Shipped?", "Wait", "default")
    assert loop.points[-1][1] < loop.points[0][1]
    lane_x = max(x for x, _ in loop.points)
    for name in ("Wait", "Shipped?"):
        box = result.boxes[name]
        assert lane_x > box.x + box.w


def test_link_kinds_and_labels_name_rules_and_errors() -> None:
    """Choice rules, defaults and Catch errors label their links; Retry marks the state."""
    result = layout(_load("bank-onboarding"))
    kinds = {(link.source, link.target): (link.kind, link.label) for link in result.links}
    assert kinds["Risk", "ManualReview"] == ("choice", '$.detail.risk == "high"')
    assert kinds["Risk", "OpenAccount"] == ("default", "default")
    assert kinds["Checks", "NotifyFailure"] == ("catch", "catch States.ALL")
    assert kinds["ManualReview", "NotifyFailure"] == ("catch", "catch States.Timeout")
    assert kinds[START, "Checks"][0] == "start"
    assert {s for (s, t) in kinds if t == END} == {"OpenAccount", "Rejected", "Failed"}
    assert result.boxes["Identity"].retry == "↻ retry ×3"
    assert "States.TaskFailed: 3× from 2 s, ×2" in result.boxes["Identity"].retry_tip
    assert "full jitter" in result.boxes["Identity"].retry_tip


def test_a_missing_target_gets_a_missing_box() -> None:
    """A Next naming no state points at a Missing box named after it."""
    result = layout({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}})
    missing = [b for b in result.boxes.values() if b.type == "Missing"]
    assert [b.name for b in missing] == ["Nowhere"]
    assert any(link.target == missing[0].key for link in result.links)


@pytest.mark.parametrize(
    "document",
    [
        None,
        [],
        "text",
        {},
        {"StartAt": 3, "States": []},
        {"StartAt": "A", "States": {"A": 5}},
        {"StartAt": "A", "States": {"A": {"Type": "Parallel", "Branches": [None, {}]}}},
        {"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [1, {"Next": 2}]}}},
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}},
    ],
)
def test_broken_documents_are_laid_out_without_error(document: object) -> None:
    """Whatever the text parses to, the layout draws what it can and never raises."""
    result = layout(document)
    assert result.width > 0 and result.height > 0


def test_repeated_state_names_get_distinct_keys() -> None:
    """Two scopes using one name (invalid ASL) still give two boxes."""
    branch = {"StartAt": "Same", "States": {"Same": {"Type": "Succeed"}}}
    doc = {
        "StartAt": "P",
        "States": {"P": {"Type": "Parallel", "Branches": [branch, branch], "End": True}},
    }
    result = layout(doc)
    assert sorted(b.key for b in result.boxes.values() if b.name == "Same") == [
        "Same",
        "Same (2)",
    ]


def test_a_long_chain_stays_in_one_column_and_large_machines_lay_out() -> None:
    """A 300-state chain is one straight column (loops broken without recursion)."""
    states = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(300)}
    states["S300"] = {"Type": "Succeed"}
    result = layout({"StartAt": "S0", "States": states})
    xs = {round(result.boxes[f"S{i}"].x, 3) for i in range(301)}
    assert len(xs) == 1
    assert all(len(link.points) == 2 for link in result.links if link.kind == "next")


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ({"Variable": "$.a", "NumericGreaterThanEquals": 10}, "$.a >= 10"),
        ({"Variable": "$.a", "NumericLessThan": 1.5}, "$.a < 1.5"),
        ({"Variable": "$.a", "StringEquals": "x"}, '$.a == "x"'),
        ({"Variable": "$.a", "NumericEqualsPath": "$.b"}, "$.a == $.b"),
        ({"Variable": "$.a", "IsPresent": False}, "$.a not present"),
        ({"Variable": "$.a", "StringMatches": "log-*"}, "$.a ~ log-*"),
        ({"Not": {"Variable": "$.a", "IsNull": True}}, "not $.a is null"),
        (
            {
                "Or": [
                    {"Variable": "$.a", "BooleanEquals": True},
                    {"Variable": "$.b", "IsString": True},
                ]
            },
            "$.a == true or $.b is string",
        ),
    ],
)
def test_rule_texts(rule: dict, text: str) -> None:
    """Choice rules read as short comparisons."""
    assert asl_labels.rule_text(rule) == text


@pytest.mark.parametrize(
    ("resource", "text"),
    [
        ("arn:aws:lambda:eu-west-1:1:function:identity", "λ identity"),
        ("arn:aws:lambda:eu-west-1:1:function:identity:$LATEST", "λ identity"),
        ("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "sqs:sendMessage · callback"),
        ("arn:aws:states:::events:putEvents", "events:putEvents"),
        ("payments", "payments"),
        (None, "no Resource"),
    ],
)
def test_resource_texts(resource: object, text: str) -> None:
    """Task resources read as the function, integration or node they name."""
    assert asl_labels.resource_text(resource) == text


@pytest.mark.parametrize("name", ["bank-onboarding", "poll-and-map"])
def test_labels_hide_no_state_and_no_other_label(name: str) -> None:
    """Every transition label lies clear of every state box (a block's body aside) and of
    every other label."""
    from designer.workflow.label_place import LABEL_H, label_width

    result = layout(_load(name))
    rects = []
    for link in result.links:
        if link.label:
            assert link.label_at is not None
            x, y = link.label_at
            rects.append((x, y, label_width(link.label), LABEL_H))
    assert rects
    for x, y, w, h in rects:
        for box in result.boxes.values():
            bh = 30.0 if box.block else box.h
            assert not (x < box.x + box.w and box.x < x + w and y < box.y + bh and box.y < y + h)
    for a, b in combinations(rects, 2):
        assert not (
            a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
        )


def test_rules_to_one_target_share_one_link() -> None:
    """Two Choice rules leading to the same state make one link labelled with both."""
    result = layout(_load("bank-onboarding"))
    links = [k for k in result.links if (k.source, k.target) == ("Approved?", "OpenAccount")]
    assert len(links) == 1
    assert links[0].tip == "$.review.approved not present or $.review.approved == true"
    assert links[0].label.endswith("…") and len(links[0].label) == 30
