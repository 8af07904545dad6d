"""Same tasks, same figures on every runner; progress is reported and a cancel stops."""

from __future__ import annotations

import threading

import pytest
from distributed import Client, LocalCluster
from experiment_topologies import mmc

from simulator.experiments import DaskRunner, PoolRunner, SerialRunner, Task, run_sweep

POINTS = [{"c.concurrency": 2}, {"c.concurrency": 3}]
OPTIONS = {"duration": 300.0}


def _sweep(runner: object) -> dict:
    result = run_sweep(mmc(1.5), POINTS, runner, replications=2, options=OPTIONS)  # type: ignore[arg-type]
    return result.to_json_dict()


@pytest.fixture(scope="module")
def reference() -> dict:
    """The sweep as a plain loop in this process."""
    return _sweep(SerialRunner())


def test_the_local_pool_gives_the_loop_s_numbers(reference: dict) -> None:
    """Two spawned processes return exactly what the plain loop computes."""
    runner = PoolRunner(2)
    try:
        assert _sweep(runner) == reference
    finally:
        runner.close()


def test_dask_gives_the_loop_s_numbers(reference: dict) -> None:
    """A Dask LocalCluster (two in-process workers) returns exactly the loop's figures."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        assert _sweep(DaskRunner(client)) == reference


def test_the_sweep_differs_between_points(reference: dict) -> None:
    """The overrides reach the run: more servers, less waiting."""
    waits = [p["metrics"]["nodes.c.wait_mean"]["mean"] for p in reference["points"]]
    assert waits[0] > waits[1]


def test_progress_counts_every_finished_replication() -> None:
    """The progress callback sees 1, 2, ... up to the number of tasks, with that total."""
    seen: list[tuple[int, int]] = []
    run_sweep(mmc(1.5), POINTS, SerialRunner(), replications=2, options=OPTIONS,
              progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


class _CancelAfter:
    """A cancel flag that is set once `count` replications have finished."""

    def __init__(self, count: int):
        self.count, self.done = count, 0

    def is_set(self) -> bool:
        return self.done >= self.count


def test_a_cancelled_sweep_returns_what_finished() -> None:
    """Cancelled after two replications: the first point is there, the rest is not run."""
    flag = _CancelAfter(2)

    def progress(done: int, _total: int) -> None:
        flag.done = done

    result = run_sweep(mmc(1.5), POINTS, SerialRunner(), replications=2, options=OPTIONS,
                       progress=progress, cancel=flag)  # fmt: skip
    assert result.stopped == "cancelled"
    assert [p.set for p in result.points] == [POINTS[0]]
    assert result.points[0].replications == 2


def test_a_cancel_stops_the_pool_early() -> None:
    """Setting the flag while a pool works stops it: far fewer than all tasks finish."""
    cancel = threading.Event()
    tasks = [Task(mmc(1.5), {}, seed, {"duration": 20_000.0}) for seed in range(12)]
    runner = PoolRunner(2)
    finished: list[int] = []

    def on_done(index: int, _figures: dict) -> None:
        finished.append(index)
        cancel.set()

    batch = runner.map(tasks, on_done, cancel)
    assert batch.stopped == "cancelled"
    assert 1 <= batch.done < len(tasks)
    runner.close()


def test_ctrl_c_stops_the_pool_and_keeps_what_finished() -> None:
    """A KeyboardInterrupt while waiting: the batch says interrupted, keeps finished work,
    and the workers are gone."""
    tasks = [Task(mmc(1.5), {}, seed, {"duration": 20_000.0}) for seed in range(8)]
    runner = PoolRunner(2)

    def on_done(_index: int, _figures: dict) -> None:
        raise KeyboardInterrupt

    batch = runner.map(tasks, on_done)
    assert batch.stopped == "interrupted"
    assert 1 <= batch.done < len(tasks)
    assert runner._pool is None
