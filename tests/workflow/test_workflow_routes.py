"""The analytic estimate's view of a workflow: where one arriving event goes (dry run)."""

from __future__ import annotations

import pytest

from simulator.files import load
from simulator.model.kinds.workflow import routes

BANK = "assets/examples/bank-account-opening.yaml"


def _bank_routes(event: dict) -> list:
    topology = load(BANK)
    node = topology.node("account-flow")
    targets = {
        e.target: topology.node(e.target).kind
        for e in topology.edges
        if e.source == node.id and e.kind == "flow"
    }
    found = routes(node, event, targets, lambda target: 0.1)
    assert found is not None
    return found


def _application(risk: str) -> dict:
    detail = {"application": 1, "applicant": 5, "risk": risk}
    return {"source": "bank.onboarding", "detail-type": "ApplicationSubmitted", "detail": detail}


def test_choice_decides_which_integrations_an_event_reaches() -> None:
    """Low risk skips the review queue; high risk sends one message carrying a task token."""
    low = {target: weight for target, weight, _, _ in _bank_routes(_application("low"))}
    high = {target: weight for target, weight, _, _ in _bank_routes(_application("high"))}
    assert "review-queue" not in low and high["review-queue"] == 1.0
    assert low["bus"] == high["bus"] == 1.0  # the approval published on the bus


def test_invoked_consumers_get_their_expected_tries() -> None:
    """A retried invocation counts 1 + p + ... + p^k tries (address: k = 3, p = 0.1)."""
    weights = {target: weight for target, weight, _, _ in _bank_routes(_application("low"))}
    assert weights["identity"] == 1.0  # its Retry takes throttles only
    follows = {target: follow for target, _, _, follow in _bank_routes(_application("low"))}
    assert follows == {"identity": False, "address": False, "bus": True}
    assert weights["address"] == pytest.approx(1.111)


def test_published_events_are_built_from_parameters() -> None:
    """putEvents sends Entries[0] as the envelope; a callback event starts nothing."""
    sent = {target: event for target, _, event, _ in _bank_routes(_application("high"))}
    assert sent["bus"]["detail-type"] == "ApplicationApproved"
    review = sent["review-queue"]
    assert review["detail"]["applicant"] == 5 and "TaskToken" in review["detail"]
    assert _bank_routes(review) == []


def test_the_analytic_check_sees_the_review_bottleneck() -> None:
    """The capacity check follows the workflow: reviewers ~72% busy on average (the run
    measures ~71%), over capacity only at the daily peak; callbacks start no executions."""
    from simulator.analysis import capacity_problems, expected_load

    topology = load(BANK)
    loads = expected_load(topology)
    assert loads["reviewers"].utilization == pytest.approx(0.72, abs=0.05)
    assert loads["account-flow"].rate < 0.07  # 0.05 executions + callbacks, no loop
    assert [p.node for p in capacity_problems(topology)] == ["reviewers"]
