"""Time series sampled at a fixed interval: outcomes, throughput, latency, per-node figures.

Columns (one value per interval, stamped at the interval's end):
  t; produced and each outcome (`completed`, `failed`, ...) counted in the interval;
  in_flight (copies created minus ended, at t); throughput (completed per second);
  latency_mean/p50/p95/p99 of roots that finished in the interval;
  per node `<id>.depth`, `<id>.busy`, `<id>.instances` (at t), `<id>.throughput`
  (processed per second), `<id>.failures`, `<id>.retries` and `<id>.cold_starts` (in the
  interval); then each node's kind-specific gauges (`NodeSim.gauge_names`, at t), such as a
  queue's `<id>.in_flight` (received, not yet deleted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.core import Call
from simulator.engine.ledger import OUTCOMES

if TYPE_CHECKING:
    from simulator.engine.simulation import Simulation

NODE_COLUMNS = ("depth", "busy", "instances", "throughput", "failures", "retries", "cold_starts")
COUNTED = ("processed", "failures", "retries", "cold_starts")  # differenced per interval


class Series:
    """Collects one row per interval into growing column lists."""

    def __init__(self, sim: Simulation, interval: float):
        self.sim = sim
        self.interval = interval
        names = ["t", "produced", *OUTCOMES, "in_flight", "throughput"]
        names += ["latency_mean", "latency_p50", "latency_p95", "latency_p99"]
        names += [f"{node}.{col}" for node in sim.nodes for col in NODE_COLUMNS]
        self._gauges = [
            (node, name, f"{node_id}.{name}")
            for node_id, node in sim.nodes.items()
            for name in node.gauge_names()
        ]
        names += [column for _, _, column in self._gauges]
        self.columns: dict[str, list[float]] = {name: [] for name in names}
        self._last_t = 0.0
        self._last_outcomes = dict.fromkeys(OUTCOMES, 0)
        self._last_produced = 0
        self._last_node = {node: (0,) * len(COUNTED) for node in sim.nodes}

    def start(self) -> None:
        """Schedule the first sample."""
        self._ticks = 1
        self.sim.env.at(self.interval, self._tick)

    def _tick(self, call: Call) -> None:
        self.sample(self.sim.env.now)
        self._ticks += 1
        at = self._ticks * self.interval
        if at < self.sim.duration:
            self.sim.env.at(at, self._tick)

    def sample(self, now: float) -> None:
        """Append the row for the interval ending at `now`."""
        span = now - self._last_t
        if span <= 0:
            return
        ledger, cols = self.sim.ledger, self.columns
        cols["t"].append(now)
        cols["produced"].append(ledger.produced - self._last_produced)
        self._last_produced = ledger.produced
        for name in OUTCOMES:
            cols[name].append(ledger.outcomes[name] - self._last_outcomes[name])
        cols["in_flight"].append(ledger.created - ledger.ended)
        cols["throughput"].append(cols["completed"][-1] / span)
        self._last_outcomes = dict(ledger.outcomes)
        self._sample_latency()
        self._sample_nodes(span)
        self._last_t = now

    def _sample_latency(self) -> None:
        self.sim.latency.flush(self.sim.env.now)
        hist = self.sim.latency.interval
        cols = self.columns
        p50, p95, p99 = hist.quantiles((0.5, 0.95, 0.99))
        cols["latency_mean"].append(hist.mean)
        cols["latency_p50"].append(p50)
        cols["latency_p95"].append(p95)
        cols["latency_p99"].append(p99)
        hist.clear()

    def _sample_nodes(self, span: float) -> None:
        cols = self.columns
        for node_id, node in self.sim.nodes.items():
            now = (node.processed, node.failures, node.retries, node.cold_starts)
            processed, failures, retries, cold = (
                a - b for a, b in zip(now, self._last_node[node_id], strict=True)
            )
            cols[f"{node_id}.depth"].append(float(node.depth.value))
            cols[f"{node_id}.busy"].append(float(node.busy.value))
            cols[f"{node_id}.instances"].append(node.instances())
            cols[f"{node_id}.throughput"].append(processed / span)
            cols[f"{node_id}.failures"].append(failures)
            cols[f"{node_id}.retries"].append(retries)
            cols[f"{node_id}.cold_starts"].append(cold)
            self._last_node[node_id] = now
        for node, name, column in self._gauges:
            cols[column].append(node.gauge(name))

    def finish(self, now: float) -> None:
        """Add the last, partial interval if the run did not end on a sample."""
        if now - self._last_t > self.interval * 1e-6:
            self.sample(now)

    def __len__(self) -> int:
        return len(self.columns["t"])

    def rows_since(self, start: int) -> dict[str, list[float]]:
        """Copies of the rows from index `start` on."""
        return {name: values[start:] for name, values in self.columns.items()}
