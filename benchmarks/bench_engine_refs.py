"""Reference models for bench_engine.py: hand-written SimPy and Ciw 3.2 networks.

Each function simulates a network of FIFO multi-server stations with Poisson arrivals
and exponential service, and returns the number of customers that left the network.
"""

from __future__ import annotations

import collections
import random

import simpy


def simpy_resource(customers: int, rate: float, mu: float, servers: list[int], seed: int) -> int:
    """The textbook SimPy model: a process per customer requesting each station's Resource."""
    env = simpy.Environment()
    rng = random.Random(seed)
    stations = [simpy.Resource(env, capacity=c) for c in servers]
    done = [0]

    def customer(env: simpy.Environment):
        for station in stations:
            with station.request() as request:
                yield request
                yield env.timeout(rng.expovariate(mu))
        done[0] += 1

    def source(env: simpy.Environment):
        for _ in range(customers):
            yield env.timeout(rng.expovariate(rate))
            env.process(customer(env))

    env.process(source(env))
    env.run()
    return done[0]


def simpy_servers(customers: int, rate: float, mu: float, servers: list[int], seed: int) -> int:
    """A leaner SimPy model: long-lived server processes pulling from deques."""
    env = simpy.Environment()
    rng = random.Random(seed)
    queues = [collections.deque() for _ in servers]
    idle: list[list[simpy.Event]] = [[] for _ in servers]
    done = [0]

    def put(i: int, item: float) -> None:
        queues[i].append(item)
        if idle[i]:
            idle[i].pop().succeed()

    def server(env: simpy.Environment, i: int):
        queue = queues[i]
        while True:
            while not queue:
                wake = env.event()
                idle[i].append(wake)
                yield wake
            item = queue.popleft()
            yield env.timeout(rng.expovariate(mu))
            if i + 1 < len(servers):
                put(i + 1, item)
            else:
                done[0] += 1

    def source(env: simpy.Environment):
        for _ in range(customers):
            yield env.timeout(rng.expovariate(rate))
            put(0, env.now)

    for i, count in enumerate(servers):
        for _ in range(count):
            env.process(server(env, i))
    env.process(source(env))
    env.run()
    return done[0]


def ciw_network(until: float, rate: float, mu: float, servers: list[int], seed: int) -> int | None:
    """Ciw's model of the same network run until `until`; None when Ciw is not installed."""
    try:
        import ciw
    except ImportError:
        return None
    n = len(servers)
    routing = [[1.0 if j == i + 1 else 0.0 for j in range(n)] for i in range(n)]
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate)] + [None] * (n - 1),
        service_distributions=[ciw.dists.Exponential(mu) for _ in servers],
        routing=routing,
        number_of_servers=servers,
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(until)
    return sum(1 for record in simulation.get_all_records() if record.node == n)
