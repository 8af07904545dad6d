"""Analytic load estimate: the traffic equations solved by propagating sampled events.

Before a run, this answers "will this consumer keep up?": for each node, the expected
arrival rate (on average and at the producers' peak), and for each consumer its offered
utilization rho = attempts/s x mean service time / concurrency. Routing fractions come
from sending sample events from each producer's templates through the real patterns and
filters, so content-based routing is accounted for; retries and redeliveries inflate
attempts as the failure rates dictate (a geometric series per the retry limits).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from simulator.model import Topology
from simulator.model.distributions import Distribution
from simulator.model.loads import LoadProfile
from simulator.model.templates import EventFactory, compile_value
from simulator.problems import Problem

MAX_HOPS = 30
MIN_WEIGHT = 1e-6


@dataclass
class NodeLoad:
    """Expected traffic at one node (events/s) and, for consumers, utilization."""

    rate: float = 0.0
    peak_rate: float = 0.0
    utilization: float | None = None
    peak_utilization: float | None = None


def expected_load(topology: Topology, samples: int = 200, seed: int = 0) -> dict[str, NodeLoad]:
    """Expected arrival rate and consumer utilization per node."""
    graph = topology.to_digraph()
    router = _Router(topology, graph)
    loads = {node.id: NodeLoad() for node in topology.nodes}
    duration = topology.scenario.duration
    rng = np.random.default_rng(seed)
    for producer in (n for n in topology.nodes if n.kind == "producer"):
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
        if node.kind == "consumer":
            _set_utilization(node, loads[node.id], router.attempts(node.id))
    return loads


def _set_utilization(node: Any, load: NodeLoad, attempts: float) -> None:
    service = Distribution.parse(node.get("service_time")).mean
    per_event = attempts * service / node.get("concurrency")
    batch = node.get("batch_size") if node.get("batch_size") > 1 else 1
    load.utilization = load.rate * per_event / batch
    load.peak_utilization = load.peak_rate * per_event / batch


class _Router:
    """Propagates one sample event through the graph, accumulating visit weights."""

    def __init__(self, topology: Topology, graph: nx.MultiDiGraph):
        self.topology = topology
        self.graph = graph
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
        self._failure: dict[str, float] = {}

    def failure(self, consumer_id: str) -> float:
        """Probability that one try fails: failure_rate, or running past the timeout."""
        if consumer_id not in self._failure:
            self._failure[consumer_id] = self._estimate_failure(consumer_id)
        return self._failure[consumer_id]

    def _estimate_failure(self, consumer_id: str) -> float:
        node = self.topology.node(consumer_id)
        fail, timeout = node.get("failure_rate"), node.get("timeout")
        if timeout is not None:
            service = Distribution.parse(node.get("service_time"))
            rng = np.random.default_rng(2)
            late = np.mean([service.sample(rng) > timeout for _ in range(2000)])
            fail = 1.0 - (1.0 - fail) * (1.0 - late)
        return fail

    def tries(self, consumer_id: str) -> int | None:
        """Tries at most per event: the queue's max_receive_count or async retries + 1."""
        queues = [
            e.source for e in self.topology.edges_to(consumer_id) if self._kind(e.source) == "queue"
        ]
        if queues:
            return self.topology.node(queues[0]).get("max_receive_count")
        return self.topology.node(consumer_id).get("retries") + 1

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

    def _kind(self, node_id: str) -> str:
        return self.graph.nodes[node_id]["kind"]

    def send(self, node_id: str, event: dict[str, Any], weight: float, visits: dict, hops: int = 0):
        """Deliver `event` with `weight` to `node_id` and onwards."""
        if hops and weight > MIN_WEIGHT:
            visits[node_id] += weight
        if hops >= MAX_HOPS or weight <= MIN_WEIGHT:
            return
        kind = self._kind(node_id)
        outgoing = self.topology.edges_from(node_id, "flow")
        if kind == "queue":
            self._split_among_consumers(outgoing, event, weight, visits, hops)
            return
        if kind == "consumer":
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

    def _split_among_consumers(self, outgoing, event, weight, visits, hops) -> None:
        consumers = [e.target for e in outgoing]
        if not consumers:
            return
        capacity = [self.topology.node(c).get("concurrency") for c in consumers]
        total = sum(capacity)
        for consumer, share in zip(consumers, capacity, strict=True):
            self.send(consumer, event, weight * share / total, visits, hops + 1)


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
