"""Compare runs' cost rows: services in $ a month, including one only a run has."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from designer.run.compare import cost_differences
from simulator.cost import CostReport, Line, default_prices

HOUR = 3600.0


def record(*lines: Line) -> Any:
    """A run record whose result costs `lines` over one hour."""
    cost = CostReport(default_prices(), HOUR, 1, lines)
    return SimpleNamespace(result=SimpleNamespace(cost=cost))


def test_service_rows_are_monthly_and_include_a_service_one_run_lacks() -> None:
    """Run b adds $0.01/hour of data transfer: its row reads 0 -> 7.30 a month, and the
    SQS row is the hour's $0.02 x 730, not the hour's figure."""
    sqs = Line("q", "sqs", "sqs.standard_requests", "sends", 50_000, 0.02)
    moved = Line("web", "data_transfer", "transfer.inter_region", "GB", 0.5, 0.01, False)
    rows = {name: (x, y) for name, x, y in cost_differences(record(sqs), record(sqs, moved))}
    assert rows["sqs $/month"] == (pytest.approx(0.02 * 730), pytest.approx(0.02 * 730))
    assert rows["data_transfer $/month"] == (0.0, pytest.approx(0.01 * 730))
