"""A topology as a deployable AWS SAM template (see the package docstring for Metadata)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from simulator.files.write import edge_dict, node_dict, to_dict
from simulator.iac import DESIGN_ID, METADATA_KEY, to_metadata
from simulator.iac.cfn import to_yaml
from simulator.iac.sam_build import SamBuild
from simulator.iac.sam_function import function
from simulator.iac.sam_placement import Placement, cross_rules, split
from simulator.iac.sam_policies import add_resource_policies
from simulator.iac.sam_resources import queue, router, rule, subscription, topic
from simulator.iac.sam_workflow import state_machine
from simulator.model import FORMAT, VERSION, Node, Topology
from simulator.model.loads import describe

_PRIMARY = {
    "router": router,
    "topic": topic,
    "queue": queue,
    "consumer": function,
    "workflow": state_machine,
}


@dataclass
class SamExport:
    """An exported template: its data, its YAML text and the notes of the export."""

    template: dict[str, Any]
    text: str
    notes: list[str] = field(default_factory=list)


def to_sam(topology: Topology) -> str:
    """The topology as SAM template YAML (the `export --to sam` output)."""
    return export_sam(topology).text


def export_sam(
    topology: Topology, account: str | None = None, region: str | None = None
) -> SamExport:
    """Build the SAM template of `topology`, with notes on what AWS cannot express.

    The template deploys to one account and Region (`account`/`region`, default the
    scenario's): nodes elsewhere are kept in the metadata (`sam_placement`)."""
    unknown = sorted({n.kind for n in topology.nodes} - set(_PRIMARY) - {"producer"})
    if unknown:
        raise ValueError(f"SAM export does not support node kinds yet: {', '.join(unknown)}")
    placement = split(topology, account, region)
    home = placement.home
    build = SamBuild(home)
    primaries: dict[str, dict[str, Any]] = {}
    for node in home.nodes:
        if node.kind != "producer":
            primaries[node.id] = _PRIMARY[node.kind](build, node)
            build.resources[build.logical_id(node.id)] = primaries[node.id]
    for edge in home.edges:
        kind = home.node(edge.source).kind
        if kind == "router" and edge.kind == "flow":
            rule(build, edge)
        elif kind == "topic" and edge.kind == "flow":
            subscription(build, edge)
    cross_rules(build, placement, topology)
    add_resource_policies(build)
    for node_id, resource in primaries.items():
        resource["Metadata"] = {METADATA_KEY: node_entry(build, topology.node(node_id))}
    resources = {
        DESIGN_ID: {
            "Type": "AWS::CloudFormation::WaitConditionHandle",
            "Metadata": {METADATA_KEY: _design_entry(build, topology, placement)},
        }
    }
    resources.update(_ordered(build, primaries))
    marker = {"format": FORMAT, "version": VERSION, "design": DESIGN_ID}
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Description": f"Eventscape export of {topology.name}"[:1024],
        "Metadata": {METADATA_KEY: marker},
        "Resources": resources,
    }
    outputs = _outputs(build)
    if outputs:
        template["Outputs"] = outputs
    return SamExport(template, to_yaml(template, _header(topology, build)), build.notes)


def _ordered(build: SamBuild, primaries: dict[str, Any]) -> dict[str, Any]:
    """Resources with each node's primary resource first, in node order (stable diffs)."""
    ordered = {build.logical_id(node_id): r for node_id, r in primaries.items()}
    ordered.update({k: v for k, v in build.resources.items() if k not in ordered})
    return ordered


def node_entry(build: SamBuild, node: Node) -> dict[str, Any]:
    """The `Eventscape` metadata of a node: what its resources' properties cannot hold."""
    entry: dict[str, Any] = {"id": node.id, "kind": node.kind}
    full = node_dict(node)
    for key in ("label", "position"):
        if key in full:
            entry[key] = full[key]
    entry["explicit"] = [p.name for p in node.spec.params if p.name in node.params]
    recovered = build.recovered.get(node.id, {})
    for name, value in node.settings().items():
        if name not in recovered or not _same(recovered[name], value):
            entry[name] = value
    edges = [
        e for e in (_edge_entry(build, edge) for edge in build.topology.edges_from(node.id)) if e
    ]
    if edges:
        entry["edges"] = edges
    return dict(to_metadata(entry))


def _same(a: Any, b: Any) -> bool:
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _edge_entry(build: SamBuild, edge: Any) -> dict[str, Any] | None:
    """An edge in file form without `from`, reduced to what the properties do not say."""
    full = edge_dict(edge)
    del full["from"]
    if edge.key not in build.expressed:
        return full
    reduced = {k: v for k, v in full.items() if k in ("to", "kind", "latency", "emits")}
    if edge.pattern is None and build.topology.node(edge.source).kind == "router":
        reduced["pattern"] = None
    return reduced if len(reduced) > ("kind" in reduced) + 1 else None


def _design_entry(build: SamBuild, topology: Topology, placement: Placement) -> dict[str, Any]:
    """Name, description, scenario, node and edge order, the producers and what is in
    other accounts or Regions (`elsewhere`: node entries and the edges touching them)."""
    data = to_dict(topology)
    entry: dict[str, Any] = {"name": topology.name}
    if topology.description:
        entry["description"] = topology.description
    entry["scenario"] = data["scenario"]
    entry["nodes"] = [n.id for n in topology.nodes]
    entry["edges"] = [list(e.key) for e in topology.edges]
    entry["producers"] = [node_entry(build, n) for n in topology.nodes if n.kind == "producer"]
    if placement.nodes:
        entry["elsewhere"] = {
            "account": placement.account,
            "region": placement.region,
            "nodes": [node_entry(build, n) for n in placement.nodes],
            "edges": [edge_dict(e) for e in placement.edges],
        }
    return dict(to_metadata(entry))


def _outputs(build: SamBuild) -> dict[str, Any]:
    """Names, URLs and ARNs a deployer wires applications to (queues, topics, buses)."""
    outputs: dict[str, Any] = {}
    for node in build.topology.nodes:
        if node.kind in ("router", "topic", "queue"):
            logical = build.logical_id(node.id)
            what = {"router": "event bus name", "topic": "topic ARN", "queue": "queue URL"}
            outputs[logical] = {
                "Description": f"{node.title}: {what[node.kind]}"[:1024],
                "Value": {"Ref": logical},
            }
    return outputs


def _header(topology: Topology, build: SamBuild) -> str:
    """The comment block: what this is, the placeholder code, the producers, the notes."""
    lines = [
        f"AWS SAM template exported by Eventscape from {json.dumps(topology.name)}.",
        "Function code is a placeholder (InlineCode that returns): replace it before use.",
        "Simulation settings without an AWS home are kept under Metadata.Eventscape.",
    ]
    producers = [n for n in topology.nodes if n.kind == "producer"]
    if producers:
        lines.append("Producers (applications, not infrastructure; they publish to):")
    for node in producers:
        targets = ", ".join(e.target for e in topology.edges_from(node.id)) or "nothing"
        kinds = sorted({str(t.get("detail-type", "Event")) for t in node.get("events") or []})
        mix = f" [{', '.join(kinds)}]" if kinds else ""
        lines.append(f"  {node.id}: {describe(node.get('load'))}{mix} -> {targets}")
    if build.notes:
        lines.append("Notes:")
        lines += [f"  - {n}" for n in build.notes]
    return "".join(f"# {' '.join(line.splitlines())}".rstrip() + "\n" for line in lines)
