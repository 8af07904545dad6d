"""Scenario faults: windows in which a node is out (`outage`), slow or failing (`errors`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.core import Call
from simulator.model import Fault

if TYPE_CHECKING:
    from simulator.engine.simulation import Simulation


class FaultSchedule:
    """Switches faults on and off at their window edges and tells the node what is active."""

    def __init__(self, sim: Simulation, faults: list[Fault]):
        self.sim = sim
        self.active: dict[str, list[Fault]] = {}
        for fault in faults:
            if fault.node not in sim.nodes or fault.start >= sim.duration:
                continue
            sim.env.at(fault.start, self._begin, fault)
            sim.env.at(fault.start + fault.duration, self._end, fault)

    def _begin(self, call: Call) -> None:
        fault: Fault = call._value
        active = self.active.setdefault(fault.node, [])
        active.append(fault)
        self.sim.nodes[fault.node].apply_faults(active)

    def _end(self, call: Call) -> None:
        fault: Fault = call._value
        active = self.active[fault.node]
        active.remove(fault)
        self.sim.nodes[fault.node].apply_faults(active)
