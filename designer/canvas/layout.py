"""Layered left-to-right auto-layout (longest-path layering, cycles broken, barycentres)."""

from __future__ import annotations

import networkx as nx

from simulator.model import Topology

COLUMN = 240.0
ROW = 120.0
SWEEPS = 4


def layered_positions(topology: Topology) -> dict[str, tuple[float, float]]:
    """A position per node: layers by longest path from the sources, left to right."""
    graph = nx.DiGraph()
    graph.add_nodes_from(n.id for n in topology.nodes)
    graph.add_edges_from((e.source, e.target) for e in topology.edges if e.source != e.target)
    dag = _acyclic(graph, [n.id for n in topology.nodes])
    layer = _longest_path_layers(dag)
    columns: dict[int, list[str]] = {}
    for node in topology.nodes:  # model order is the first guess for the order in a layer
        columns.setdefault(layer[node.id], []).append(node.id)
    _order_by_barycentre(columns, dag)
    positions: dict[str, tuple[float, float]] = {}
    tallest = max((len(c) for c in columns.values()), default=0)
    for index, members in columns.items():
        offset = (tallest - len(members)) * ROW / 2
        for row, node_id in enumerate(members):
            positions[node_id] = (index * COLUMN, offset + row * ROW)
    return positions


def _acyclic(graph: nx.DiGraph, order: list[str]) -> nx.DiGraph:
    """Drop the back edges of a depth-first search started at sources (model order)."""
    rank = {n: i for i, n in enumerate(order)}
    starts = sorted(graph.nodes, key=lambda n: (graph.in_degree(n) > 0, rank[n]))
    dag = nx.DiGraph()
    dag.add_nodes_from(graph.nodes)
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for start in starts:
        if start in state:
            continue
        stack = [(start, iter(sorted(graph.successors(start), key=rank.get)))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                continue  # back edge: breaks a cycle
            else:
                dag.add_edge(node, child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(sorted(graph.successors(child), key=rank.get))))
    return dag


def _longest_path_layers(dag: nx.DiGraph) -> dict[str, int]:
    layer: dict[str, int] = {}
    for node in nx.topological_sort(dag):
        preds = [layer[p] + 1 for p in dag.predecessors(node)]
        layer[node] = max(preds, default=0)
    return layer


def _order_by_barycentre(columns: dict[int, list[str]], dag: nx.DiGraph) -> None:
    """Reorder each layer by the mean row of its neighbours, sweeping right then left."""
    keys = sorted(columns)
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        for index in keys[1:] if forward else reversed(keys[:-1]):
            rows = {n: r for c in columns.values() for r, n in enumerate(c)}
            neighbours = dag.predecessors if forward else dag.successors

            def centre(node: str, rows: dict = rows, near=neighbours) -> float:
                around = [rows[m] for m in near(node)]
                return sum(around) / len(around) if around else rows[node]

            columns[index].sort(key=centre)
