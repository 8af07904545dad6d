"""Accounts and Regions at run time (issue 16): inter-Region edges and Region outages.

An edge between nodes of different Regions without its own `latency` takes the typical
one-way latency between the two Regions (`simulator.model.regions`, from the shipped
table); every copy it carries adds the bytes of its compact JSON envelope to the sending
node's `cross_region_bytes`. A `region-outage` fault is an `outage` of every node that
runs in that Region, for the fault's window.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from simulator.model import Fault
from simulator.model.regions import one_way_seconds

if TYPE_CHECKING:
    from simulator.engine.links import Link
    from simulator.engine.nodes.base import NodeSim
    from simulator.engine.rng import Sampler


def place_links(links: Iterable[Link]) -> None:
    """Give cross-Region links their default latency and count the bytes they carry."""
    for link in links:
        source, target = link.source, link.target
        if source.region == target.region:
            continue
        if link.edge.latency is None:
            link.set_latency(_constant(one_way_seconds(source.region, target.region)))
        link.count_crossing()
        if "cross_region_bytes" not in source.reported:
            source.reported = (*source.reported, "cross_region_bytes")


def _constant(seconds: float) -> Sampler:
    return lambda: seconds


def node_faults(faults: Iterable[Fault], nodes: dict[str, NodeSim]) -> Iterator[Fault]:
    """The faults per node: a `region-outage` becomes an `outage` of each node in its Region
    (node order); other faults pass through unchanged."""
    for fault in faults:
        if fault.kind != "region-outage":
            yield fault
            continue
        for node_id, node in nodes.items():
            if node.region == fault.region:
                yield Fault(node_id, "outage", fault.start, fault.duration)


__all__ = ["node_faults", "place_links"]
