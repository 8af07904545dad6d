"""A real Ctrl-C (SIGINT to the process group) stops sweep, goal and run --target-ci
cleanly: exit 130, what finished is printed, no traceback, no worker left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from experiment_topologies import mmc_file

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    """`pid` and every process descending from it (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, todo = [pid], [pid]
    while todo:
        here = todo.pop()
        children = [child for child, parent in parents.items() if parent == here]
        tree += children
        todo += children
    return tree


def _cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes have used."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def interrupt(argv: list[str], after_cpu: float) -> tuple[int, str, str, list[int]]:
    """Start the command line, send SIGINT to its group once its processes have used
    `after_cpu` CPU seconds; (exit status, stdout, stderr, the processes it had)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", *argv], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        if _cpu(_tree(proc.pid)) >= after_cpu:
            break
        time.sleep(0.05)
    tree = _tree(proc.pid)
    if proc.poll() is not None:
        pytest.fail(f"finished before the interrupt: {proc.returncode} {proc.communicate()}")
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err, tree


@pytest.fixture
def design(tmp_path: Path) -> str:
    """An M/M/2 design file at 1 arrival/s."""
    return mmc_file(tmp_path, 1.0, 300)


def _gone(pids: list[int]) -> bool:
    time.sleep(0.3)
    alive = [p for p in pids if Path(f"/proc/{p}").exists()]
    return all("Z" in Path(f"/proc/{p}/stat").read_text().split()[2] for p in alive if _exists(p))


def _exists(pid: int) -> bool:
    return Path(f"/proc/{pid}/stat").exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sweep_prints_the_points_that_finished(design: str, workers: str) -> None:
    """A sweep whose second point runs long: Ctrl-C prints the first point, says it
    stopped, exits 130, and leaves no worker process."""
    argv = ["sweep", design, "--set", "scenario.duration=300,5000000", "--replications", "2",
            "--workers", workers, "--json"]  # fmt: skip
    status, out, err, tree = interrupt(argv, after_cpu=2.5)
    assert status == 130 and "Traceback" not in err
    data = json.loads(out)
    assert [p["set"] for p in data["points"]] == [{"scenario.duration": 300}]
    assert data["stopped"] == "interrupted" and "stopped (interrupted)" in err
    assert _gone(tree[1:])


def test_goal_lists_the_values_it_evaluated(design: str) -> None:
    """A goal search interrupted after its first evaluations: exit 130, the evaluated
    values on stderr, and that it stopped before an answer."""
    argv = ["goal", design, "--vary", "c.concurrency=2:64", "--until", "latency.mean<=1.01",
            "--duration", "60000", "--replications", "3"]  # fmt: skip
    status, _, err, _ = interrupt(argv, after_cpu=4.0)
    assert status == 130 and "Traceback" not in err
    assert "c.concurrency=" in err and "latency.mean" in err
    assert "stopped (interrupted) before an answer" in err


def test_target_ci_reports_the_replications_that_finished(design: str) -> None:
    """run --target-ci interrupted: the finished replications are reported as usual
    (count, seeds, intervals), stderr says it stopped, exit 130."""
    argv = ["run", design, "--target-ci", "0.00001", "--max-replications", "50",
            "--duration", "60000", "--json"]  # fmt: skip
    status, out, err, _ = interrupt(argv, after_cpu=3.0)
    assert status == 130 and "Traceback" not in err
    data = json.loads(out)
    count = data["replications"]["count"]
    assert count >= 1 and data["replications"]["seeds"] == list(range(1, count + 1))
    assert data["replications"]["target"]["met"] is False
    assert f"stopped (interrupted): {count} replications" in err


def test_replications_report_what_finished(design: str) -> None:
    """run --replications on two local processes interrupted: the finished replications
    are summarized (their seeds listed), stderr says it stopped, exit 130, no worker left."""
    argv = ["run", design, "--replications", "40", "--workers", "2", "--duration", "60000",
            "--json"]  # fmt: skip
    status, out, err, tree = interrupt(argv, after_cpu=4.0)
    assert status == 130 and "Traceback" not in err
    data = json.loads(out)
    seeds = data["replications"]["seeds"]
    assert data["replications"]["count"] == len(seeds) >= 1 and set(seeds) <= set(range(1, 41))
    assert f"stopped (interrupted): {len(seeds)} replications" in err
    assert _gone(tree[1:])
