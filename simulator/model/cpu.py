"""A Lambda function's CPU follows its memory: service times measured at one size, run at another.

Lambda allocates CPU power in proportion to the configured memory: at 1,769 MB a function
has the equivalent of one vCPU (one vCPU-second of credit per second), and up to six vCPUs
at 10,240 MB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).

A consumer's `service_time` holds at every memory size unless `measured_at_mb` says at
which size it was measured. Then the share `cpu_share` of it is CPU work that runs at the
speed of the CPU the memory gives, and the rest (waiting on the network, other services)
does not change. The model is single-threaded code: beyond one vCPU (1,769 MB) a function
gains nothing, as a single thread cannot use a second vCPU.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.model.problems import Problem

if TYPE_CHECKING:
    from simulator.model.topology import Node, Topology

ONE_VCPU_MB = 1769  # the memory at which a function has the equivalent of one vCPU


def cpu(memory_mb: float) -> float:
    """The vCPUs a single thread can use at `memory_mb`: proportional, at most one."""
    return min(float(memory_mb), ONE_VCPU_MB) / ONE_VCPU_MB


def time_factor(node: Node) -> float:
    """What the consumer's service times are multiplied by at its `memory_mb`: exactly 1.0
    when `measured_at_mb` is not set (service_time holds at every memory size)."""
    measured = node.get("measured_at_mb")
    if measured is None:
        return 1.0
    share = float(node.get("cpu_share"))
    return share * cpu(measured) / cpu(node.get("memory_mb")) + (1.0 - share)


def cpu_share_warnings(topology: Topology) -> list[Problem]:
    """A consumer setting `cpu_share` without `measured_at_mb`: the share has nothing to
    scale from, so memory changes nothing, likely not what its author meant."""
    return [
        Problem(
            "cpu_share has no effect without measured_at_mb (the memory size service_time "
            "was measured at): memory_mb does not change this function's service time",
            f"node {node.id}",
            "warning",
            node=node.id,
        )
        for node in topology.nodes
        if node.kind == "consumer"
        and "cpu_share" in node.params
        and node.params.get("measured_at_mb") is None
    ]
