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
BANK = next(p for p in EXAMPLES if p.stem == "bank-account-opening")
ECOMMERCE = next(p for p in EXAMPLES if p.stem == "ecommerce")
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
    topology = load(BANK)
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


WORKFLOW_DESIGN = """
format: eventscape/topology
version: 1
name: Checkout workflow
nodes:
  - {id: web, kind: producer, load: {profile: poisson, rate: 2}}
  - {id: bus, kind: router}
  - id: flow
    kind: workflow
    type: express
    definition:
      StartAt: Pay
      States:
        Pay: {Type: Task, Resource: pay, Next: Tell}
        Tell: {Type: Task, Resource: "arn:aws:states:::sns:publish",
               Parameters: {TopicArn: news, "Message.$": "$"}, Next: Save}
        Save: {Type: Task, Resource: "arn:aws:states:::dynamodb:putItem", End: true}
    tasks: {Save: {service_time: 0.3}}
  - {id: pay, kind: consumer, service_time: 0.2}
  - {id: news, kind: topic}
  - {id: q, kind: queue}
  - {id: c, kind: consumer}
edges:
  - {from: web, to: bus}
  - {from: bus, to: flow, pattern: {source: [web]}}
  - {from: flow, to: pay}
  - {from: flow, to: news}
  - {from: news, to: q}
  - {from: q, to: c}
"""


@pytest.mark.skipif(
    "workflow" not in __import__("simulator.model").model.KINDS, reason="no workflow kind yet"
)
def test_workflow_design_comes_back_and_its_template_alone_wires_the_tasks() -> None:
    """A workflow survives the round trip; with the metadata stripped, the state machine's
    tasks still invoke the function and publish to the topic they name."""
    import json

    from simulator.files import loads
    from simulator.iac.cfn_decode import decode_template

    topology = loads(WORKFLOW_DESIGN)
    text = to_sam(topology)
    assert to_dict(import_text(text, "exported.yaml").topology) == to_dict(topology)
    data = decode_template(text).data
    data.pop("Metadata")
    for resource in data["Resources"].values():
        resource.pop("Metadata", None)
    plain = import_text(json.dumps(data), "plain.json").topology
    machine = next(n for n in plain.nodes if n.kind == "workflow")
    targets = {plain.node(e.target).kind for e in plain.edges_from(machine.id)}
    assert targets == {"consumer", "topic"}
    assert machine.params["tasks"] == {"Save": {"service_time": 0.1}}


def test_an_edited_export_keeps_the_design_and_adds_what_was_added() -> None:
    """A queue added by hand to an exported template is imported after the design's nodes,
    with its wiring, and the report says it is not in the design's metadata."""
    import json

    from simulator.iac.cfn_decode import decode_template

    topology = load(ECOMMERCE)
    data = decode_template(to_sam(topology)).data
    data["Resources"]["AuditQueue"] = {"Type": "AWS::SQS::Queue"}
    rule = next(r for r in data["Resources"].values() if r["Type"] == "AWS::Events::Rule")
    rule["Properties"]["Targets"].append(
        {"Arn": {"Fn::GetAtt": ["AuditQueue", "Arn"]}, "Id": "audit"}
    )
    result = import_text(json.dumps(data), "edited.json")
    ids = [n.id for n in result.topology.nodes]
    assert ids[: len(topology.nodes)] == [n.id for n in topology.nodes]
    assert ids[-1] == "AuditQueue"
    assert any(e.target == "AuditQueue" and e.source == "bus" for e in result.topology.edges)
    assert any("not in the design's metadata" in n.message for n in result.report.notes)


MEMORY_DESIGN = """
format: eventscape/topology
version: 1
name: Sized function
nodes:
  - {id: web, kind: producer, load: {profile: poisson, rate: 2}}
  - {id: jobs, kind: queue}
  - {id: work, kind: consumer, memory_mb: 1769, architecture: arm64}
edges:
  - {from: web, to: jobs}
  - {from: jobs, to: work}
"""


def test_memory_and_architecture_go_to_the_template_and_come_back_without_metadata() -> None:
    """A function's memory_mb and architecture are its MemorySize and Architectures, and
    an import reads them from the properties alone (no Eventscape metadata)."""
    from simulator.files import loads
    from simulator.iac.cfn_decode import decode_template

    data = decode_template(to_sam(loads(MEMORY_DESIGN, "yaml"))).data
    function = next(r for r in data["Resources"].values() if r["Type"].endswith("Function"))
    assert function["Properties"]["MemorySize"] == 1769
    assert function["Properties"]["Architectures"] == ["arm64"]
    data.pop("Metadata", None)
    for resource in data["Resources"].values():
        resource.pop("Metadata", None)
    imported = import_text(__import__("json").dumps(data), "plain.json").topology
    work = next(n for n in imported.nodes if n.kind == "consumer")
    assert (work.get("memory_mb"), work.get("architecture")) == (1769, "arm64")
