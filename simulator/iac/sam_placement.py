"""Accounts and Regions in a SAM export: one template deploys to one account and Region.

The template is the design's *home* part: the nodes in the scenario's account and Region
(`scenario.account` / `scenario.region`, unless the caller names another home), and the
producers (applications, not infrastructure). Every other node is in another account or
Region, which this stack cannot create: it is kept in the design entry's `elsewhere`
(node entries in file form, with every edge that touches such a node), so the import
gives back the whole design.

A home router's rule to a router elsewhere is written as a real cross-account or
cross-Region rule: its target is that bus's ARN, built from the node's account and Region
(`arn:${AWS::Partition}:events:<region>:<account>:event-bus/${AWS::StackName}-<Id>`, the
name the other stack gets when exported with the same stack name), with the role that
lets EventBridge put events there; the other bus's policy must admit this account (the
design's `policy` says whether it does). Other edges to or from nodes elsewhere have no
CloudFormation form in this stack (an SQS queue's dead-letter queue, an SNS subscription's
queue policy and a Lambda event source need the other account's resources): they are
listed in the export notes and kept in the metadata only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.iac.cfn import get_att, node_names, ref, sub, unique
from simulator.iac.sam_build import SamBuild
from simulator.model import Edge, Node, Topology
from simulator.model.regions import ACCOUNT_ID_RE


@dataclass
class Placement:
    """The home part of a design and what is elsewhere."""

    account: str
    region: str
    home: Topology
    nodes: list[Node] = field(default_factory=list)  # nodes elsewhere, in design order
    edges: list[Edge] = field(default_factory=list)  # edges touching them, in design order


def split(topology: Topology, account: str | None = None, region: str | None = None) -> Placement:
    """The nodes of `account`/`region` (default: the scenario's) and producers, and the rest."""
    account = account or topology.scenario.account
    region = region or topology.scenario.region
    away = {
        n.id
        for n in topology.nodes
        if n.kind != "producer"
        and (topology.account_of(n.id), topology.region_of(n.id)) != (account, region)
    }
    home = Topology(
        name=topology.name,
        nodes=[n for n in topology.nodes if n.id not in away],
        edges=[e for e in topology.edges if not {e.source, e.target} & away],
        scenario=topology.scenario,
        description=topology.description,
        base_dir=topology.base_dir,  # workflows' definition files are read from there
    )
    placement = Placement(account, region, home)
    placement.nodes = [n for n in topology.nodes if n.id in away]
    placement.edges = [e for e in topology.edges if {e.source, e.target} & away]
    return placement


def cross_rules(build: SamBuild, placement: Placement, full: Topology) -> None:
    """Rules from home routers to routers elsewhere; notes for the other edges."""
    home_ids = {n.id for n in placement.home.nodes}
    for edge in placement.edges:
        source, target = full.node(edge.source), full.node(edge.target)
        where = f"{full.account_of(target.id)}/{full.region_of(target.id)}"
        if source.id not in home_ids:
            continue  # the other stack's own edge
        if source.kind == "producer":
            build.note(f"edge {edge.name}: the producer publishes to {where} (Metadata only)")
        elif source.kind == "router" and target.kind == "router" and edge.kind == "flow":
            _bus_rule(build, edge, full)
        else:
            build.note(
                f"edge {edge.name}: {target.id} is in {where}, not in this stack; the edge "
                "is kept in Metadata only (route it through an event bus in that account)"
            )
    for node in placement.nodes:
        where = f"{full.account_of(node.id)}/{full.region_of(node.id)}"
        build.note(
            f"{node.kind} {node.id}: in {where}, not in this stack's account and Region "
            f"({placement.account}/{placement.region}); kept in Metadata only"
        )


def bus_arn(full: Topology, node_id: str) -> dict[str, Any] | None:
    """The ARN of a router elsewhere (None when its account is a name, not an id)."""
    account, region = full.account_of(node_id), full.region_of(node_id)
    if not ACCOUNT_ID_RE.match(account):
        return None
    name = node_names(full)[node_id]
    return sub(
        f"arn:${{AWS::Partition}}:events:{region}:{account}:event-bus/${{AWS::StackName}}-{name}"
    )


def _bus_rule(build: SamBuild, edge: Edge, full: Topology) -> None:
    """`AWS::Events::Rule` on a home bus whose target is a bus in another account/Region."""
    from simulator.iac.sam_resources import (
        MATCH_ALL,
        json_property,
        retry_policy,
        role,
        rule_dead_letter,
    )

    arn = bus_arn(full, edge.target)
    if arn is None:
        build.note(
            f"edge {edge.name}: account {full.account_of(edge.target)!r} is a name, not an "
            "account id, so no ARN can be built; kept in Metadata only"
        )
        return
    bus = full.node(edge.source)
    name = node_names(full)[edge.target]
    logical = unique(build.resources, f"{build.names[bus.id]}{name}Rule", str(edge.key))
    spec: dict[str, Any] = {"Id": edge.target[:64], "Arn": arn}
    retry_policy(build, bus, spec)
    spec["RoleArn"] = get_att(role(build, logical, arn, "events:PutEvents"), "Arn")
    rule_dead_letter(build, edge, logical, spec)
    build.resources[logical] = {
        "Type": "AWS::Events::Rule",
        "Properties": {
            "Description": f"Eventscape rule {edge.source} -> {edge.target} "
            f"({full.account_of(edge.target)}/{full.region_of(edge.target)})",
            "EventBusName": ref(build.logical_id(bus.id)),
            "EventPattern": json_property(edge.pattern if edge.pattern is not None else MATCH_ALL),
            "State": "ENABLED",
            "Targets": [spec],
        },
    }
