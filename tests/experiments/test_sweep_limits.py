"""sweep and goal refuse, before any run, what `run` refuses (run length, the memory
budget) at every value they would run, and take run's --pricing, --free-tier, --interval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from experiment_topologies import mmc_file

from simulator.cli import main

PRICES = Path(__file__).resolve().parents[2] / "assets" / "pricing" / "aws-us-east-1.yaml"


@pytest.fixture
def design(tmp_path: Path) -> str:
    """An M/M/2 design file at 1 arrival/s, 300 s long."""
    return mmc_file(tmp_path, 1.0, 300)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["sweep", "--set", "c.concurrency=2", "--duration", "1e12"], "--duration: a run must"),
        (["sweep", "--set", "p.load.rate=1,1e7", "--duration", "1e6"],
         "with p.load.rate=1e+07: this run needs about"),
        (["goal", "--vary", "p.load.rate=1:1000000", "--until", "events.completed>=1",
          "--duration", "1e5", "--memory-budget", "64"],
         "with p.load.rate=1e+06: this run needs"),
    ],
)  # fmt: skip
def test_values_that_cannot_fit_are_refused_before_running(
    design: str, capsys, argv: list[str], words: str
) -> None:
    """Exit 1 with run's message, naming the value, and no traceback (they ran, unbounded)."""
    assert main([argv[0], design, *argv[1:]]) == 1
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def _monthly(argv: list[str], capsys) -> list[float]:
    assert main(argv) == 0
    points = json.loads(capsys.readouterr().out)["points"]
    return [p["metrics"]["cost.monthly"]["mean"] for p in points]


def test_sweep_prices_with_pricing_and_the_free_tier(design: str, tmp_path: Path, capsys) -> None:
    """--pricing with every price doubled doubles each point's monthly cost; --free-tier
    lowers it, as for `run`."""
    base = ["sweep", design, "--set", "c.concurrency=2,3", "--replications", "2", "--json"]
    plain = _monthly(base, capsys)
    table = yaml.safe_load(PRICES.read_text())
    doubled = tmp_path / "double.yaml"
    doubled.write_text(yaml.safe_dump(_double(table)))
    assert _monthly([*base, "--pricing", str(doubled)], capsys) == pytest.approx(
        [2 * c for c in plain], rel=1e-4
    )
    assert all(f < c for f, c in zip(_monthly([*base, "--free-tier"], capsys), plain, strict=True))


def _double(value: object) -> object:
    """The table with every `price` doubled."""
    if isinstance(value, dict):
        return {k: v * 2 if k == "price" else _double(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_double(v) for v in value]
    return value
