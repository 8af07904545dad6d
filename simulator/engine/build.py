"""The builder: a frozen topology becomes node simulations joined by links."""

from __future__ import annotations

from simulator.budget import has_cycle
from simulator.engine.context import RunContext
from simulator.engine.kms import encrypt_inputs
from simulator.engine.links import Link
from simulator.engine.nodes import NODE_TYPES, NodeSim
from simulator.engine.placement import place_links
from simulator.engine.policy import guard_all
from simulator.engine.rng import sampler
from simulator.model import Node, Topology
from simulator.model.distributions import Distribution
from simulator.problems import Problem, TopologyError


def node_type(node: Node) -> type[NodeSim]:
    """The engine class simulating `node` (a TopologyError when its kind has none)."""
    cls = NODE_TYPES.get(node.kind)
    if cls is None:
        reason = f"the engine cannot simulate node kind {node.kind!r}"
        raise TopologyError([Problem(reason, f"node {node.id}", node=node.id)])
    return cls


def build(ctx: RunContext, topology: Topology) -> tuple[dict[str, NodeSim], list[Link]]:
    """Create one simulation object per node and one link per edge, then wire them."""
    _reject_instant_loops(topology)
    nodes = {node.id: node_type(node)(ctx, node) for node in topology.nodes}
    for node_id, sim in nodes.items():
        sim.account, sim.region = topology.account_of(node_id), topology.region_of(node_id)
    links = []
    for edge in topology.edges:
        link = Link(edge, nodes[edge.source], nodes[edge.target], ctx.env)
        latency = Distribution.parse(edge.latency)
        if not latency.is_zero:
            link.set_latency(sampler(latency, ctx.stream(f"edge:{edge.name}", "latency")))
        links.append(link)
    outgoing: dict[str, list[Link]] = {node_id: [] for node_id in nodes}
    incoming: dict[str, list[Link]] = {node_id: [] for node_id in nodes}
    for link in links:
        outgoing[link.edge.source].append(link)
        incoming[link.edge.target].append(link)
    for node_id, node in nodes.items():
        node.wire(outgoing[node_id], incoming[node_id])
    place_links(links)  # cross-Region latency and bytes (issue 16)
    for node in nodes.values():
        encrypt_inputs(node)  # encrypted queues and topics call KMS (inside the policy)
    guard_all(nodes, links)  # routers' and topics' access policies
    return nodes, links


def _reject_instant_loops(topology: Topology) -> None:
    """Routers and topics that pass events round a loop in zero time would never stop."""
    instant = {n.id for n in topology.nodes if n.spec.instant(n)}
    edges = []
    for edge in topology.edges:
        zero_edge = Distribution.parse(edge.latency).is_zero and (
            edge.latency is not None
            or topology.region_of(edge.source) == topology.region_of(edge.target)
        )  # an edge between Regions takes their latency
        if edge.kind == "flow" and edge.source in instant and edge.target in instant and zero_edge:
            edges.append((edge.source, edge.target))
    if not has_cycle(edges):
        return  # no loop (most designs): networkx, a slow import, is not needed
    import networkx as nx

    graph = nx.DiGraph()
    for source, target in edges:
        graph.add_edge(source, target)
    for cycle in nx.simple_cycles(graph):
        members = ", ".join(cycle)
        problem = Problem(f"routers/topics forward events round a loop in zero time ({members})")
        raise TopologyError([problem])
