"""sweep and goal on a Dask cluster of worker processes (tasks travel pickled, as to other
machines): the same JSON as the local pool and the plain loop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from experiment_topologies import mmc_file, scheduler_address

from simulator.cli import main


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster of two single-threaded worker processes, over TCP."""
    with scheduler_address(processes=True) as address:
        yield address


@pytest.fixture
def design(tmp_path: Path) -> str:
    """An M/M/c design file at 1.5 arrivals/s, 300 s long."""
    return mmc_file(tmp_path, 1.5, 300)


def _outputs(argv: list[str], scheduler: str, capsys) -> list[str]:
    """The --json output on the cluster, on a pool of 2 and in a plain loop."""
    out = []
    for where in (["--scheduler", scheduler], ["--workers", "2"], []):
        assert main([*argv, *where]) == 0
        out.append(capsys.readouterr().out)
    return out


def test_a_sweep_on_worker_processes_equals_the_pool_and_the_loop(
    design: str, scheduler: str, capsys
) -> None:
    """`sweep --scheduler` prints byte for byte what --workers 2 and one process print."""
    argv = ["sweep", design, "--set", "c.concurrency=2:4:1", "--replications", "3", "--json"]
    on_dask, on_pool, in_loop = _outputs(argv, scheduler, capsys)
    assert on_dask == on_pool == in_loop
    assert len(json.loads(on_dask)["points"]) == 3


def test_a_goal_on_worker_processes_equals_the_pool_and_the_loop(
    design: str, scheduler: str, capsys
) -> None:
    """`goal --scheduler` evaluates the same values and finds the same answer."""
    argv = ["goal", design, "--vary", "c.concurrency=2:12", "--until",
            "nodes.c.wait_mean<=0.05", "--replications", "3", "--json"]  # fmt: skip
    on_dask, on_pool, in_loop = _outputs(argv, scheduler, capsys)
    assert on_dask == on_pool == in_loop
    assert json.loads(on_dask)["satisfied"] is True
