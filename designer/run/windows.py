"""Time windows worth marking on charts and canvas: load spikes and scenario faults."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.model import KINDS, Topology

MAX_WINDOWS = 200


@dataclass(frozen=True)
class Window:
    """A stretch of simulated time: a producer's spike or a fault on a node."""

    start: float
    end: float
    kind: str  # "spike", "throttle" or a fault kind: outage, slowdown, errors
    node: str
    label: str

    def covers(self, t: float) -> bool:
        """True when `t` falls inside the window."""
        return self.start <= t < self.end


def spike_windows(topology: Topology, duration: float) -> list[Window]:
    """The spikes of every event source (producer) with a `spiky` load profile."""
    found: list[Window] = []
    for node in topology.nodes:
        kind = KINDS.get(node.kind)
        load = node.params.get("load") if kind is not None and kind.source else None
        if not isinstance(load, dict) or load.get("profile") != "spiky":
            continue
        every, length = float(load["spike_every"]), float(load["spike_duration"])
        start = every
        while start < duration and len(found) < MAX_WINDOWS:
            label = f"{node.id} spike {load['spike_rate']:g}/s"
            found.append(Window(start, min(duration, start + length), "spike", node.id, label))
            start += every
    return found


def fault_windows(topology: Topology, duration: float) -> list[Window]:
    """The scenario's faults that start within the run."""
    found = []
    for fault in topology.scenario.faults:
        if fault.start >= duration:
            continue
        label = f"{fault.node} {fault.kind}"
        if fault.kind == "slowdown" and fault.factor:
            label += f" ×{fault.factor:g}"
        elif fault.kind == "errors" and fault.failure_rate is not None:
            label += f" {fault.failure_rate:.0%}"
        end = min(duration, fault.start + fault.duration)
        found.append(Window(fault.start, end, fault.kind, fault.node, label))
    return found


def all_windows(topology: Topology, duration: float) -> list[Window]:
    """Spikes, then faults."""
    return spike_windows(topology, duration) + fault_windows(topology, duration)


def active_faults(topology: Topology, duration: float, t: float) -> dict[str, Window]:
    """The fault active on each node at time `t` (the first one, when several overlap)."""
    active: dict[str, Window] = {}
    for window in fault_windows(topology, duration):
        if window.covers(t):
            active.setdefault(window.node, window)
    return active


def throttle_windows(t: np.ndarray, throttles: np.ndarray, node: str, title: str) -> list[Window]:
    """The stretches of intervals in which consumer `node` was throttled (`throttles` > 0 in
    the interval ending at `t`), adjoining intervals merged into one window."""
    hot = np.nan_to_num(throttles) > 0
    if not hot.any():
        return []
    starts = np.concatenate(([0.0], t[:-1]))
    edges = np.diff(np.concatenate(([0], hot.astype(np.int8), [0])))
    first, last = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    found = []
    for a, b in zip(first[:MAX_WINDOWS], last[:MAX_WINDOWS], strict=True):
        found.append(Window(float(starts[a]), float(t[b]), "throttle", node, f"{title} throttled"))
    return found
