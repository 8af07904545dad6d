"""Every bundled example is valid and free of graph-check errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.checks import check
from simulator.files import load

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "assets" / "examples").glob("*.yaml"))


def test_there_are_four_examples() -> None:
    """The four documented scenarios ship with the app."""
    names = {p.stem for p in EXAMPLES}
    assert {"ecommerce", "bank-account-opening", "notification-fanout", "iot-alerts"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_is_valid(path: Path) -> None:
    """The example loads and the graph checks find no problem at all."""
    assert [str(p) for p in check(load(path))] == []
