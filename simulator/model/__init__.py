"""The topology model shared by designer, file formats, exports and engine."""

from simulator.model.kinds import EDGE_KINDS, KINDS, NodeKind, Service, register
from simulator.model.params import Param
from simulator.model.topology import (
    FAULT_KINDS,
    FORMAT,
    VERSION,
    Edge,
    Fault,
    Node,
    Scenario,
    Topology,
)

__all__ = [
    "EDGE_KINDS",
    "FAULT_KINDS",
    "FORMAT",
    "KINDS",
    "VERSION",
    "Edge",
    "Fault",
    "Node",
    "NodeKind",
    "Param",
    "Scenario",
    "Service",
    "Topology",
    "register",
]
