"""Experiment overhead and scaling (issue #13).

Run: `python benchmarks/bench_experiments.py [SECONDS]` (simulated seconds per replication,
default 30000: under a second of wall time for this M/M/4 at 3 arrivals/s).
Targets: a sweep's time per replication within 10% of a bare `run` of the same length;
16 replications on 2 local workers at least 1.6x faster than on 1 (needs 2 idle cores).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.engine import run  # noqa: E402
from simulator.experiments import PoolRunner, SerialRunner, Task, apply, run_sweep  # noqa: E402
from simulator.model import Edge, Node, Scenario, Topology  # noqa: E402


def mmc(duration: float) -> Topology:
    """M/M/4 at 3 arrivals/s, exponential service of mean 1 s."""
    service = {"dist": "exponential", "mean": 1.0}
    nodes = [
        Node("p", "producer", params={"load": {"profile": "poisson", "rate": 3.0}}),
        Node("c", "consumer", params={"concurrency": 4, "service_time": service, "retries": 0}),
    ]
    scenario = Scenario(duration=duration, warmup=0.0, seed=1)
    return Topology(name="bench", nodes=nodes, edges=[Edge("p", "c")], scenario=scenario)


def timed(action: object) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    duration = float(sys.argv[1]) if len(sys.argv) > 1 else 30000.0
    topology = mmc(duration)
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    run(topology, seed=99)  # warm the imports
    points = [{"c.concurrency": 4}, {"c.concurrency": 5}]
    seeds = [1, 2, 3, 4]

    def bare() -> None:  # the same replications as plain runs, no experiment machinery
        for point in points:
            changed = apply(topology, point)
            for seed in seeds:
                run(changed, seed=seed).to_json_dict()

    def sweep() -> None:
        run_sweep(topology, points, SerialRunner(), replications=len(seeds))

    count = len(points) * len(seeds)
    bare_s = min(timed(bare), timed(bare)) / count  # alternate: the machine's load drifts
    sweep_s = min(timed(sweep), timed(sweep)) / count
    print(f"bare run: {bare_s:.3f} s; sweep in-process: {sweep_s:.3f} s per replication "
          f"({sweep_s / bare_s - 1:+.1%})")  # fmt: skip
    tasks = [Task(topology, {}, seed) for seed in range(1, 17)]
    times = {}
    for workers in (1, 2):
        runner = PoolRunner(workers)
        runner.map(tasks[:workers])  # start the processes before timing
        times[workers] = timed(lambda runner=runner: runner.map(tasks))
        runner.close()
    print(f"16 replications on a pool of 1: {times[1]:.2f} s ({times[1] / 16:.3f} s each, "
          f"{times[1] / 16 / bare_s - 1:+.1%} vs bare); on 2: {times[2]:.2f} s "
          f"(speed-up {times[1] / times[2]:.2f}x)")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
