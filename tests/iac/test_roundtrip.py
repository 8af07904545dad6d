"""Round trip: topology -> `export --to sam` -> `import` gives back the same topology."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.files import load, to_dict
from simulator.files.validate import build_topology
from simulator.iac.sam_export import to_sam
from simulator.iac.sam_import import import_text
from simulator.model import Topology
from simulator.problems import TopologyError
from tests.topology_strategies import topologies

EXAMPLES = sorted((Path(__file__).parents[2] / "assets" / "examples").glob("*.yaml"))
EXPORTED_KINDS = {"producer", "router", "topic", "queue", "consumer"}


def _round_trip(topology: Topology) -> Topology:
    return import_text(to_sam(topology), "exported.yaml").topology


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_comes_back_unchanged(path: Path) -> None:
    """Nodes (ids, kinds, explicit parameters, labels, positions), edges, patterns, filters,
    name and scenario of every example survive export to SAM and import."""
    topology = load(path)
    assert to_dict(_round_trip(topology)) == to_dict(topology)


def test_round_trip_keeps_order_and_says_it_read_the_metadata() -> None:
    """The import of an export follows the design's node order and says where it came from."""
    topology = load(EXAMPLES[0])
    result = import_text(to_sam(topology), "exported.yaml")
    assert [n.id for n in result.topology.nodes] == [n.id for n in topology.nodes]
    assert result.report.eventscape and not result.report.assumed


def _valid(topology: Topology) -> Topology | None:
    """The topology as the file reader builds it, without kinds the export does not write."""
    keep = {n.id for n in topology.nodes if n.kind in EXPORTED_KINDS}
    topology.nodes = [n for n in topology.nodes if n.id in keep]
    topology.edges = [e for e in topology.edges if {e.source, e.target} <= keep]
    try:
        return build_topology(to_dict(topology))
    except TopologyError:
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topologies().map(_valid).filter(lambda t: t is not None and bool(t.nodes)))
def test_random_topologies_come_back_unchanged(topology: Topology) -> None:
    """Any valid topology of the exported kinds survives export to SAM and import."""
    assert to_dict(_round_trip(topology)) == to_dict(topology)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topologies().map(_valid).filter(lambda t: t is not None), st.booleans())
def test_import_of_an_export_without_metadata_keeps_the_wiring(
    topology: Topology, json: bool
) -> None:
    """With the Eventscape metadata stripped, the properties alone still give every node
    the template holds (by its logical id) and never crash."""
    import yaml

    from simulator.iac.cfn_decode import decode_template

    data = decode_template(to_sam(topology)).data
    data.pop("Metadata", None)
    for resource in data["Resources"].values():
        resource.pop("Metadata", None)
    text = __import__("json").dumps(data) if json else yaml.safe_dump(data)
    imported = import_text(text, "plain.json" if json else "plain.yaml").topology
    infrastructure = [n for n in topology.nodes if n.kind != "producer"]
    assert len([n for n in imported.nodes if n.kind != "producer"]) >= len(infrastructure)
