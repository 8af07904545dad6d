"""Issue 16's keys through SAM export and import: scenario, policies, archives, KMS, placement."""

from __future__ import annotations

from typing import Any

from simulator.files import to_dict
from simulator.files.validate import build_topology
from simulator.iac.sam_export import to_sam
from simulator.iac.sam_import import import_text
from simulator.model import Topology


def _round_trip(topology: Topology) -> Topology:
    return import_text(to_sam(topology), "exported.yaml").topology


def _design(
    scenario: dict[str, Any],
    bus: dict[str, Any] | None = None,
    extra_nodes: list[dict[str, Any]] | None = None,
    edges: list[dict[str, Any]] | None = None,
) -> Topology:
    """A small valid design: a producer -> bus -> queue -> function, plus `extra_nodes`;
    `bus` adds parameters to the bus."""
    data = {
        "format": "eventscape/topology",
        "version": 1,
        "name": "issue 16",
        "scenario": {"duration": 600, "warmup": 0, "seed": 3, **scenario},
        "nodes": [
            {"id": "app", "kind": "producer", "load": {"profile": "poisson", "rate": 1}},
            {"id": "bus", "kind": "router", **(bus or {})},
            {"id": "jobs", "kind": "queue"},
            {"id": "work", "kind": "consumer"},
            *(extra_nodes or []),
        ],
        "edges": [
            {"from": "app", "to": "bus"},
            {"from": "bus", "to": "jobs"},
            {"from": "jobs", "to": "work"},
            *(edges or []),
        ],
    }
    return build_topology(data)


def test_scenario_with_every_fault_kind_and_replays_round_trips() -> None:
    """Faults of every kind (a region-outage has a Region and no node, an az-failure a
    share), replays, pricing, the account quota and the default account and Region come
    back from the export's metadata unchanged."""
    topology = _design(
        {
            "account": "444455556666",
            "region": "eu-west-1",
            "account_concurrency": 2000,
            "faults": [
                {"node": "work", "kind": "outage", "start": 10, "duration": 5},
                {"node": "work", "kind": "slowdown", "start": 20, "duration": 5, "factor": 3},
                {"node": "work", "kind": "errors", "start": 30, "duration": 5, "failure_rate": 0.5},
                {"node": "work", "kind": "az-failure", "start": 40, "duration": 5, "share": 0.5},
                {"kind": "region-outage", "region": "eu-west-1", "start": 50, "duration": 9},
            ],
            "replays": [{"router": "bus", "from": 0, "to": 60, "at": 300, "name": "again"}],
        },
        bus={"archive": {"retention": 86400}},
    )
    assert to_dict(_round_trip(topology)) == to_dict(topology)
