"""The topology model shared by designer, file formats, exports and engine."""

from simulator.model.kinds import EDGE_KINDS, KINDS, NodeKind, Service, register
from simulator.model.params import Param
from simulator.model.problems import Problem, TopologyError
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
from simulator.model.validation import ID_RE, edge_problems, problems, wiring_problems

__all__ = [
    "EDGE_KINDS",
    "FAULT_KINDS",
    "FORMAT",
    "ID_RE",
    "KINDS",
    "VERSION",
    "Edge",
    "Fault",
    "Node",
    "NodeKind",
    "Param",
    "Problem",
    "Scenario",
    "Service",
    "Topology",
    "TopologyError",
    "edge_problems",
    "problems",
    "register",
    "wiring_problems",
]
