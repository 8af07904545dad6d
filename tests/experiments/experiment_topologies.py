"""An M/M/c system for the experiment tests: Poisson arrivals into a consumer with c servers,
and the Dask cluster the cluster tests run on."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from distributed import LocalCluster

from simulator.files import save
from simulator.model import Edge, Node, Scenario, Topology


@contextmanager
def scheduler_address(processes: bool) -> Iterator[str]:
    """A LocalCluster of two single-threaded workers over TCP (worker processes, or
    threads of this process): its scheduler's address, as `--scheduler` takes it."""
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=None,
        protocol="tcp",
        host="127.0.0.1",
    ) as cluster:
        yield cluster.scheduler_address


def mmc(rate: float, servers: int = 1, duration: float = 2000.0, seed: int = 1) -> Topology:
    """Poisson arrivals at `rate` to a consumer `c` with exponential service of mean 1 s."""
    nodes = [
        Node("p", "producer", params={"load": {"profile": "poisson", "rate": rate}}),
        Node(
            "c",
            "consumer",
            params={
                "concurrency": servers,
                "service_time": {"dist": "exponential", "mean": 1.0},
                "retries": 0,
            },
        ),
    ]
    scenario = Scenario(duration=duration, warmup=100.0, seed=seed)
    return Topology(name="mmc", nodes=nodes, edges=[Edge("p", "c")], scenario=scenario)


def erlang_c_wait(arrival: float, service_rate: float, servers: int) -> float:
    """Mean wait in queue of an M/M/c system (Erlang C)."""
    a = arrival / service_rate
    top = a**servers / math.factorial(servers) * servers / (servers - a)
    bottom = sum(a**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom / (servers * service_rate - arrival)


def mmc_file(folder: Path, rate: float, duration: float) -> str:
    """An M/M/2 design at `rate` arrivals/s saved as `folder`/mmc.yaml: its path."""
    path = folder / "mmc.yaml"
    save(mmc(rate, servers=2, duration=duration), path)
    return str(path)
