"""`--warmup auto` reports the value MSER-5 chose: on stderr, in the table and in --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from experiment_topologies import mmc_file

from simulator.cli import main


@pytest.fixture
def design(tmp_path: Path) -> str:
    """An M/M/2 design file at 1.6 arrivals/s, 1000 s long."""
    return mmc_file(tmp_path, 1.6, 1000)


def chosen(err: str) -> float:
    return float(err.split("warm-up: ")[1].split(" s")[0])


def test_the_table_shows_the_chosen_warmup(design: str, capsys) -> None:
    """The table's first line gives the warm-up MSER-5 chose."""
    assert main(["run", design, "--warmup", "auto"]) == 0
    captured = capsys.readouterr()
    assert f"warm-up {chosen(captured.err):g} s" in captured.out.splitlines()[0]


def test_target_ci_with_auto_warmup_reports_it_in_json(design: str, capsys) -> None:
    """With --target-ci, every replication leaves out the chosen warm-up, and the JSON
    summary's `warmup` is that value."""
    argv = ["run", design, "--warmup", "auto", "--target-ci", "0.5", "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["warmup"] == chosen(captured.err)
