"""Analytic load estimate: the traffic equations solved by propagating sampled events.

Before a run, this answers "will this consumer keep up?": for each node, the expected
arrival rate (on average and at the producers' peak), and for each node whose kind has a
service model (a consumer) its offered utilization rho = attempts/s x mean service time /
concurrency / batch. Routing fractions come
from sending sample events from each producer's templates through the real patterns and
filters, so content-based routing is accounted for; retries and redeliveries inflate
attempts as the failure rates dictate (a geometric series per the retry limits).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator.model import Edge, Node, Service, Topology, fmt
from simulator.model.concurrency import Pool, consumer_pools, placement_text
from simulator.model.loads import LoadProfile
from simulator.model.samples import files_relative_to
from simulator.model.templates import EventFactory, compile_value
from simulator.problems import Problem

MAX_HOPS = 30
MIN_WEIGHT = 1e-6
MAX_SENDS = 500_000  # hops followed per estimate: bounded time on loops that fan out
BURST = 1000  # Lambda: new environments a function may add at once ...
BURST_REFILL = 100.0  # ... refilling at 1,000 per 10 s (the Lambda developer guide)
POLLERS_START = 5  # an SQS event source starts with 5 concurrent batches ...
POLLERS_PER_S = 5.0  # ... adds up to 300 a minute while messages wait ...
POLLERS_MAX = 1000  # ... up to 1,000 (or the mapping's maximum_concurrency)
POLLERS_LATE = 10.0  # seconds of ramp worth a warning


@dataclass
class NodeLoad:
    """Expected traffic at one node (events/s) and, for consumers, utilization."""

    rate: float = 0.0
    peak_rate: float = 0.0
    utilization: float | None = None
    peak_utilization: float | None = None


def expected_load(topology: Topology, samples: int = 200, seed: int = 0) -> dict[str, NodeLoad]:
    """Expected arrival rate per node, and utilization of nodes with a service model.

    Empirical distributions read their sample files relative to the topology's folder.
    """
    with files_relative_to(topology.base_dir):
        return _expected_load(topology, samples, seed)


def _expected_load(topology: Topology, samples: int, seed: int) -> dict[str, NodeLoad]:
    router = _Router(topology)
    loads = {node.id: NodeLoad() for node in topology.nodes}
    duration = topology.scenario.duration
    rng = np.random.default_rng(seed)
    for producer in (n for n in topology.nodes if n.spec.source):
        profile = LoadProfile.parse(producer.get("load"), topology.base_dir)
        mean_rate = profile.mean_rate(duration)
        peak_rate = max(profile.peak, mean_rate)
        templates = producer.get("events") or [{}]
        factory = EventFactory(templates, producer.id, rng)
        visits: dict[str, float] = defaultdict(float)
        loads[producer.id].rate += mean_rate
        loads[producer.id].peak_rate += peak_rate
        for _ in range(samples):
            router.send(producer.id, factory.make(), 1.0 / samples, visits)
        for node_id, weight in visits.items():
            loads[node_id].rate += weight * mean_rate
            loads[node_id].peak_rate += weight * peak_rate
    for node in topology.nodes:
        if node.spec.service is not None:
            _set_utilization(node, node.spec.service, loads[node.id], router.attempts(node.id))
    return loads


def _set_utilization(node: Node, service: Service, load: NodeLoad, attempts: float) -> None:
    per_event = attempts * service.time(node) / service.servers(node)
    batch = max(service.batch(node), 1)
    load.utilization = load.rate * per_event / batch
    load.peak_utilization = load.peak_rate * per_event / batch


class _Router:
    """Propagates one sample event through the graph, accumulating visit weights."""

    def __init__(self, topology: Topology):
        self.topology = topology
        self.matchers: dict[int, Any] = {}
        self.emitters: dict[int, Any] = {}
        rng = np.random.default_rng(1)
        for i, edge in enumerate(topology.edges):
            if edge.pattern is not None or edge.filter is not None:
                from simulator.patterns import compile_pattern

                rule = edge.pattern if edge.pattern is not None else edge.filter
                self.matchers[i] = compile_pattern(rule, sns=edge.filter is not None)
            if edge.emits is not None:
                self.emitters[i] = compile_value(edge.emits, rng)
        self.index = {id(e): i for i, e in enumerate(topology.edges)}
        self.nodes = {n.id: n for n in topology.nodes}
        self.flow_out: dict[str, list[Edge]] = defaultdict(list)  # edges_from, indexed once
        for edge in topology.edges:
            if edge.kind == "flow":
                self.flow_out[edge.source].append(edge)
        self._failure: dict[str, float] = {}
        self._tries: dict[str, int | None] = {}
        self.sends_left = MAX_SENDS  # beyond it, the figures are lower bounds

    def _service(self, node_id: str) -> tuple[Node, Service]:
        node = self.nodes[node_id]
        assert node.spec.service is not None, f"{node.kind} has no service model"
        return node, node.spec.service

    def failure(self, consumer_id: str) -> float:
        """Probability that one try fails (the kind's estimate, computed once per node)."""
        if consumer_id not in self._failure:
            node, service = self._service(consumer_id)
            self._failure[consumer_id] = service.failure(node)
        return self._failure[consumer_id]

    def tries(self, consumer_id: str) -> int | None:
        """Tries at most per event: a polled feeder's limit (max_receive_count) or the node's
        (computed once per node)."""
        if consumer_id not in self._tries:
            self._tries[consumer_id] = self._count_tries(consumer_id)
        return self._tries[consumer_id]

    def _count_tries(self, consumer_id: str) -> int | None:
        for edge in self.topology.edges_to(consumer_id):
            feeder = self.nodes[edge.source]
            if feeder.spec.reader_tries is not None:
                return feeder.spec.reader_tries(feeder)
        node, service = self._service(consumer_id)
        return service.tries(node)

    def attempts(self, consumer_id: str) -> float:
        """Expected tries per delivered event (a truncated geometric series)."""
        fail, limit = self.failure(consumer_id), self.tries(consumer_id)
        if fail >= 1:
            return float(limit or MAX_HOPS)
        if limit is None:
            return 1.0 / (1.0 - fail)
        return (1.0 - fail**limit) / (1.0 - fail)

    def success(self, consumer_id: str) -> float:
        """Probability that an event delivered to a consumer finally succeeds."""
        fail, limit = self.failure(consumer_id), self.tries(consumer_id)
        if limit is None:
            return 1.0 if fail < 1 else 0.0
        return 1.0 - fail**limit

    def send(self, node_id: str, event: dict[str, Any], weight: float, visits: dict, hops: int = 0):
        """Deliver `event` with `weight` to `node_id` and onwards."""
        if self.sends_left <= 0:
            return
        self.sends_left -= 1
        if hops and weight > MIN_WEIGHT:
            visits[node_id] += weight
        if hops >= MAX_HOPS or weight <= MIN_WEIGHT:
            return
        spec = self.nodes[node_id].spec
        outgoing = self.flow_out[node_id]
        if spec.polled:
            self._split_among_readers(outgoing, event, weight, visits, hops)
            return
        if spec.routes is not None and self._route(node_id, event, weight, visits, hops):
            return
        if spec.service is not None:
            weight *= self.success(node_id)
        for edge in outgoing:
            i = self.index[id(edge)]
            matcher = self.matchers.get(i)
            if matcher is not None:
                subject = event.get("detail", {}) if edge.filter is not None else event
                if not matcher.matches(subject):
                    continue
            out = {**event, **self.emitters[i]()} if i in self.emitters else event
            self.send(edge.target, out, weight, visits, hops + 1)

    def _route(self, node_id: str, event: dict[str, Any], weight: float, visits, hops) -> bool:
        """Send where the node's kind says (a workflow's dry run); False: it cannot say."""
        node = self.nodes[node_id]
        assert node.spec.routes is not None
        flow = self.flow_out[node_id]
        targets = {e.target: self.nodes[e.target].kind for e in flow}
        failure = self._try_failure
        routed = node.spec.routes(node, event, targets, failure)
        if routed is None:
            return False
        for target, count, out, follow in routed:
            if follow:
                self.send(target, out, weight * count, visits, hops + 1)
            elif weight * count > MIN_WEIGHT:  # a call: count its tries, do not pass it on
                attempts = self.attempts(target) if self.nodes[target].spec.service else 1.0
                visits[target] += weight * count / attempts
        return True

    def _try_failure(self, node_id: str) -> float:
        return self.failure(node_id) if self.nodes[node_id].spec.service is not None else 0.0

    def _split_among_readers(self, outgoing, event, weight, visits, hops) -> None:
        """Readers of a polled node share its messages in proportion to their capacity."""
        readers = [e.target for e in outgoing]
        if not readers:
            return
        capacity = [self._capacity(r) for r in readers]
        total = sum(capacity)
        for reader, share in zip(readers, capacity, strict=True):
            self.send(reader, event, weight * share / total, visits, hops + 1)

    def _capacity(self, node_id: str) -> float:
        node = self.nodes[node_id]
        service = node.spec.service
        return service.servers(node) if service is not None else 1


def capacity_problems(topology: Topology) -> list[Problem]:
    """Warnings for consumers whose offered load is at or above their capacity."""
    problems: list[Problem] = []
    for node_id, load in expected_load(topology).items():
        if load.utilization is None:
            continue
        if load.utilization >= 1.0:
            message = (
                f"offered load {load.utilization:.0%} of capacity on average "
                f"({load.rate:.3g} events/s): the backlog grows without bound"
            )
            problems.append(Problem(message, f"node {node_id}", "warning", node=node_id))
        elif load.peak_utilization is not None and load.peak_utilization >= 1.0:
            message = (
                f"offered load {load.peak_utilization:.0%} of capacity at peak "
                f"({load.peak_rate:.3g} events/s; {load.utilization:.0%} on average): "
                "a backlog builds during spikes"
            )
            problems.append(Problem(message, f"node {node_id}", "warning", node=node_id))
    return problems


def scaling_problems(topology: Topology, loads: dict[str, NodeLoad] | None = None) -> list[Problem]:
    """Warnings for consumers whose peak demand (environments = peak utilization x
    concurrency, capped at concurrency) their pool cannot hold (per account and Region),
    or that burst scaling (1,000 at once, then 1,000 per 10 s) reaches only late in a spike
    (a queue reader: its pollers)."""
    loads = expected_load(topology) if loads is None else loads
    pools = consumer_pools(topology)
    problems: list[Problem] = []
    shared: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for node in topology.nodes:
        load = loads.get(node.id) if node.id in pools else None
        if load is None or load.peak_utilization is None or load.utilization is None:
            continue
        servers = int(node.get("concurrency"))
        need = round(min(load.peak_utilization, 1.0) * servers)
        usual = round(min(load.utilization, 1.0) * servers)
        pool = pools[node.id]
        when = _spike_text(topology, node.id)
        readers = _queue_reader(topology, node)
        if readers is not None:
            problems += _poller_problems(node, need, usual, pool.size, when)
        if readers:  # only queues feed it: its event source's cap bounds what it asks for
            need = min(need, _mapping_cap(node))
        if need > pool.size:
            message = f"needs about {need:,} concurrent executions {when}, but {pool.text} caps it"
            problems.append(_warn(node.id, message + ": the rest is throttled"))
        elif pool.group is not None and need > pool.own:
            shared.setdefault(pool.group, []).append((node.id, need - pool.own))
        reach = min(need, pool.size)
        if readers is not True and reach > usual + BURST:
            late = (reach - usual - BURST) / BURST_REFILL
            message = (
                f"needs about {reach:,} environments {when}; from about {usual:,}, burst "
                f"scaling (1,000 at once, then 1,000 per 10 s) gets there only after "
                f"{late:.0f} s: invocations are throttled until then"
            )
            problems.append(_warn(node.id, message))
    for group, needs in shared.items():
        problems += _shared_problem(topology, group, needs, pools[needs[0][0]].unreserved)
    return problems


def _shared_problem(
    topology: Topology, group: tuple[str, str], needs: list[tuple[str, int]], unreserved: int
) -> list[Problem]:
    """Functions sharing one placement's unreserved rest whose peaks together exceed it."""
    total = sum(need for _, need in needs)
    if len(needs) < 2 or total <= unreserved:
        return []
    account = int(topology.scenario.account_concurrency)
    names = ", ".join(f"{node_id} ({need:,})" for node_id, need in needs)
    message = (
        f"at their peaks {names} need {total:,} concurrent executions together, more "
        f"than the account's unreserved pool of {unreserved} (of {account})"
        f"{placement_text(topology, group)}: when their peaks coincide they throttle each other"
    )
    return [Problem(message, "scenario.account_concurrency", "warning")]


def _queue_reader(topology: Topology, node: Node) -> bool | None:
    """True when only queues feed the consumer, False when queues and pushes do, else None."""
    feeds = [topology.node(e.source).spec.polled for e in topology.edges_to(node.id, "flow")]
    if not any(feeds):
        return None
    return all(feeds)


def _mapping_cap(node: Node) -> int:
    """Concurrent batches a consumer's queue event source runs at most."""
    return min(int(node.get("concurrency")), int(node.get("maximum_concurrency") or POLLERS_MAX))


def _poller_problems(node: Node, need: int, usual: int, pool: int, when: str) -> list[Problem]:
    """A queue-fed consumer's event source: at most 1,000 (or maximum_concurrency) batches,
    reached from 5 at 300 a minute. Messages wait in the queue meanwhile (not throttled),
    so this, not burst scaling, is what limits a queue reader in a spike."""
    cap = _mapping_cap(node)
    problems = []
    if need > cap and cap < pool:
        message = (
            f"needs about {need:,} concurrent batches {when}, but its queue's event source "
            f"runs at most {cap:,} (maximum_concurrency, or 1,000 a mapping): messages wait "
            "in the queue"
        )
        problems.append(_warn(node.id, message))
    reach, start = min(need, pool, cap), max(POLLERS_START, usual)
    late = (reach - start) / POLLERS_PER_S
    if late >= POLLERS_LATE:
        message = (
            f"needs about {reach:,} concurrent batches {when}; from about {start:,}, its "
            f"queue's pollers (adding 300 a minute) get there only after {late:.0f} s: "
            "messages wait in the queue until then"
        )
        problems.append(_warn(node.id, message))
    return problems


def scaling_possible(topology: Topology) -> bool:
    """False when no consumer's concurrency could outgrow burst scaling, its pollers' ramp
    or its pool (then `scaling_problems` has nothing to say and the estimate can be
    skipped)."""
    pools = consumer_pools(topology)
    caps = {node_id: int(topology.node(node_id).get("concurrency")) for node_id in pools}
    if any(cap > BURST or cap > pools[node_id].size for node_id, cap in caps.items()):
        return True
    ramp = POLLERS_START + POLLERS_PER_S * POLLERS_LATE
    polled = {n.id for n in topology.nodes if n.spec.polled}
    readers = [e.target for e in topology.edges if e.source in polled and e.target in caps]
    if any(caps[reader] >= ramp for reader in readers):
        return True
    groups: dict[tuple[str, str], int] = {}
    for node_id, pool in pools.items():
        if pool.group is not None:
            groups[pool.group] = groups.get(pool.group, 0) + max(0, caps[node_id] - pool.own)
    return any(total > pools_rest for total, pools_rest in _rests(pools, groups))


def _rests(pools: dict[str, Pool], groups: dict[tuple[str, str], int]) -> list[tuple[int, int]]:
    """(what a placement's sharing functions may ask for, its unreserved rest) pairs."""
    rest = {p.group: p.unreserved for p in pools.values() if p.group is not None}
    return [(total, rest[group]) for group, total in groups.items()]


def _warn(node_id: str, message: str) -> Problem:
    return Problem(message, f"node {node_id}", "warning", node=node_id)


def _spike_text(topology: Topology, node_id: str) -> str:
    """When the peak comes: the spikes of the spiky producers that reach the node."""
    spikes = []
    for producer in topology.nodes:
        load = producer.get("load") if producer.spec.source else None
        if not isinstance(load, dict) or load.get("profile") != "spiky":
            continue
        if node_id not in _reached(topology, producer.id):
            continue
        every, length = float(load["spike_every"]), float(load["spike_duration"])
        spikes.append(
            f"{producer.id}'s {fmt(length)} s spikes (from t={fmt(every)} s, every {fmt(every)} s)"
        )
    return "during " + " and ".join(spikes) if spikes else "at the peak load"


def _reached(topology: Topology, start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for edge in topology.edges_from(todo.pop()):
            if edge.target not in seen:
                seen.add(edge.target)
                todo.append(edge.target)
    return seen


__all__ = ["NodeLoad", "capacity_problems", "expected_load", "scaling_possible", "scaling_problems"]
