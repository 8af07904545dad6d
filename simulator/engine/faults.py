"""Scenario faults: windows in which a node is out (`outage`), slow, failing (`errors`) or
has lost a share of its Availability Zones (`az-failure`, `nodes/zones.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.core import Call
from simulator.engine.nodes.zones import ZoneFaults
from simulator.engine.placement import node_faults
from simulator.model import Fault

if TYPE_CHECKING:
    from simulator.engine.simulation import Simulation


class FaultSchedule:
    """Switches faults on and off at their window edges and tells the node what is active."""

    def __init__(self, sim: Simulation, faults: list[Fault]):
        self.sim = sim
        self.active: dict[str, list[Fault]] = {}
        self.zones = ZoneFaults()  # az-failure: the lost share of each node's zones
        for fault in node_faults(faults, sim.nodes):  # a region-outage: each node of its Region
            if fault.node not in sim.nodes or fault.start >= sim.duration:
                continue
            sim.env.at(fault.start, self._begin, fault)
            sim.env.at(fault.start + fault.duration, self._end, fault)

    def _begin(self, call: Call) -> None:
        fault: Fault = call._value
        active = self.active.setdefault(fault.node, [])
        active.append(fault)
        self._apply(fault.node, active)

    def _end(self, call: Call) -> None:
        fault: Fault = call._value
        active = self.active[fault.node]
        active.remove(fault)
        self._apply(fault.node, active)

    def _apply(self, node_id: str, active: list[Fault]) -> None:
        node = self.sim.nodes[node_id]
        node.apply_faults(active)
        self.zones.apply(node, active)
