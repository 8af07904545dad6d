"""Volume tiers of the price table and the Express memory chunks, against hand sums."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.cost import (
    DEFAULT_PATH,
    CostReport,
    Line,
    PricingError,
    default_prices,
    parse_prices,
)
from simulator.engine import run
from simulator.model import Edge, Node, Scenario, Topology

MONTH = 730 * 3600.0  # a window one month long: monthly == the window's quantities


def report(item: str, quantity: float, free_tier: bool = False) -> CostReport:
    """A one-line report over a month-long window."""
    line = Line("n", "x", item, "what", quantity, quantity * default_prices().unit_price(item))
    return CostReport(default_prices(), MONTH, 1, (line,), free_tier)


def test_sqs_requests_crossing_100_billion_cost_the_tiered_sum() -> None:
    """150 billion standard requests in a month: 100 B at $0.40/M + 50 B at $0.30/M =
    $55,000 (not 150 B x $0.40 = $60,000); 250 B adds 50 B at $0.30 and 50 B at $0.24."""
    assert report("sqs.standard_requests", 150e9).monthly == pytest.approx(40_000 + 15_000)
    assert report("sqs.standard_requests", 250e9).monthly == pytest.approx(40_000 + 30_000 + 12_000)
    assert report("sqs.standard_requests", 150e9).total == pytest.approx(60_000)  # the window


def test_lambda_duration_tiers_per_architecture() -> None:
    """x86: 10 B GB-s = 6 B x $0.0000166667 + 4 B x $0.000015; arm: 20 B GB-s =
    7.5 B x $0.0000133334 + 11.25 B x $0.0000120001 + 1.25 B x $0.0000106667."""
    x86 = report("lambda.duration_x86_64", 10e9).monthly
    assert x86 == pytest.approx(6e9 * 0.0000166667 + 4e9 * 0.000015)
    arm = report("lambda.duration_arm64", 20e9).monthly
    assert arm == pytest.approx(
        7.5e9 * 0.0000133334 + 11.25e9 * 0.0000120001 + 1.25e9 * 0.0000106667
    )


def test_below_the_first_boundary_the_monthly_figure_is_the_scaled_window() -> None:
    """Under 100 B requests nothing changes: monthly == total x months, exactly."""
    cost = report("sqs.standard_requests", 5e9)
    assert cost.monthly == cost.total * cost.scale


def test_free_units_come_off_the_first_tier() -> None:
    """With the free tier, 150 B requests: the first 1 M free, the rest tiered."""
    cost = report("sqs.standard_requests", 150e9, free_tier=True)
    assert cost.monthly == pytest.approx(40_000 - 0.40 + 15_000)


def test_express_duration_tiers_by_gb_hours() -> None:
    """20 M GB-s of Express duration: 3.6 M at $0.00001667, 14.4 M at $0.00000833, 2 M at
    $0.00000456."""
    cost = report("stepfunctions.express_duration", 20e6)
    assert cost.monthly == pytest.approx(
        3.6e6 * 0.00001667 + 14.4e6 * 0.00000833 + 2e6 * 0.00000456
    )


@pytest.mark.parametrize(
    ("tiers", "problem"),
    [
        ("nope", "items.sns.publishes.tiers: must be a list of {from, price}"),
        ([{"from": 5, "price": 1}, {"from": 5, "price": 0.5}], "tiers[1].from: must be above"),
        ([{"from": 5}], "tiers[0]: must be a mapping with exactly from and price"),
        ([{"from": 5, "price": -1}], "tiers[0].price: must be a number >= 0"),
    ],
)
def test_bad_tiers_are_named(tiers: Any, problem: str) -> None:
    """A broken tier list is refused with the item and the tier named."""
    import yaml

    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["items"]["sns.publishes"]["tiers"] = tiers
    with pytest.raises(PricingError, match=problem.replace("[", r"\[").replace("{", r"\{")):
        parse_prices(data, "p.yaml")


def express(memory_mb: int | None) -> Topology:
    """Ten 0.25 s Express executions (3 steps of 100 ms each)."""
    states = {"Work": {"Type": "Task", "Resource": "work", "End": True}}
    params: dict[str, Any] = {
        "definition": {"StartAt": "Work", "States": states},
        "type": "express",
        "tasks": {"Work": {"service_time": 0.25}},
    }
    if memory_mb is not None:
        params["billed_memory_mb"] = memory_mb
    load = {"profile": "constant", "rate": 1}
    web = Node("web", "producer", params={"load": load, "events": [{"detail": {}}]})
    nodes = [web, Node("wf", "workflow", params=params)]
    return Topology("t", nodes, [Edge("web", "wf")], Scenario(duration=10.5, seed=1))


@pytest.mark.parametrize(("memory_mb", "chunks"), [(None, 1), (64, 1), (65, 2), (200, 4)])
def test_express_memory_is_billed_in_64_mb_chunks(memory_mb: int | None, chunks: int) -> None:
    """An execution using 65 MB is billed 128 MB, 200 MB is billed 256 MB: duration cost
    = 30 steps x 0.1 s x chunks x 64/1024 GB x $0.00001667, plus $1 per million runs."""
    result = run(express(memory_mb))
    assert result.cost is not None
    assert result.usage["wf"]["billed_100ms"] == 30
    gb_s = 30 * 0.1 * chunks * 64 / 1024
    expected = 10 * 1e-6 + gb_s * 0.00001667
    assert result.cost.services()["stepfunctions"] == pytest.approx(expected)
