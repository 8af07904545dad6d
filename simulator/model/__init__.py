"""The topology model shared by designer, file formats, exports and engine."""

from simulator.model.archive import Replay, check_archive
from simulator.model.distributions import DIST_KEYS, Distribution, check_distribution
from simulator.model.distributions import describe as describe_distribution
from simulator.model.experiments import EXPERIMENT_KINDS, check_experiments
from simulator.model.kinds import EDGE_KINDS, KINDS, NodeKind, Service, register
from simulator.model.kinds.workflow_file import read_definition
from simulator.model.loads import PROFILE_KEYS, TRACE_MODES, LoadProfile, check_load
from simulator.model.loads import describe as describe_load
from simulator.model.params import Param, fmt, is_number
from simulator.model.policy import ACTIONS as POLICY_ACTIONS
from simulator.model.policy import EFFECTS as POLICY_EFFECTS
from simulator.model.policy import check_policy
from simulator.model.problems import Problem, TopologyError
from simulator.model.regions import is_measured, one_way_seconds, region_codes, region_name
from simulator.model.templates import (
    DEFAULT_ACCOUNT,
    DEFAULT_REGION,
    EventFactory,
    check_envelope,
    check_templates,
    compile_value,
)
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
from simulator.model.validation import (
    ID_RE,
    edge_problems,
    pattern_problems,
    problems,
    wiring_problems,
)

__all__ = [
    "DEFAULT_ACCOUNT",
    "DEFAULT_REGION",
    "DIST_KEYS",
    "EDGE_KINDS",
    "EXPERIMENT_KINDS",
    "FAULT_KINDS",
    "FORMAT",
    "ID_RE",
    "KINDS",
    "POLICY_ACTIONS",
    "POLICY_EFFECTS",
    "PROFILE_KEYS",
    "TRACE_MODES",
    "VERSION",
    "Distribution",
    "Edge",
    "EventFactory",
    "Fault",
    "LoadProfile",
    "Node",
    "NodeKind",
    "Param",
    "Problem",
    "Replay",
    "Scenario",
    "Service",
    "Topology",
    "TopologyError",
    "check_archive",
    "check_distribution",
    "check_envelope",
    "check_experiments",
    "check_load",
    "check_policy",
    "check_templates",
    "compile_value",
    "describe_distribution",
    "describe_load",
    "edge_problems",
    "fmt",
    "is_measured",
    "is_number",
    "one_way_seconds",
    "pattern_problems",
    "problems",
    "read_definition",
    "region_codes",
    "region_name",
    "register",
    "wiring_problems",
]
