"""Layered left-to-right auto-layout (longest-path layering, cycles broken, barycentres).

Qt-free, so the designer's Auto-layout and imports (`simulator.iac`) place nodes alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx

from simulator.model import Topology

COLUMN = 320.0  # room between columns for edge labels
ROW = 120.0
SWEEPS = 4

__all__ = ["COLUMN", "ROW", "layered_positions"]


def layered_positions(topology: Topology) -> dict[str, tuple[float, float]]:
    """A position per node: each connected part in layers left to right, parts stacked."""
    graph = nx.DiGraph()
    graph.add_nodes_from(n.id for n in topology.nodes)
    graph.add_edges_from((e.source, e.target) for e in topology.edges if e.source != e.target)
    order = [n.id for n in topology.nodes]
    rank = {n: i for i, n in enumerate(order)}
    positions: dict[str, tuple[float, float]] = {}
    top = 0.0
    parts = sorted(nx.weakly_connected_components(graph), key=lambda c: min(rank[n] for n in c))
    for part in parts:
        members = [n for n in order if n in part]
        placed = _layered(graph.subgraph(members), members)
        for node_id, (x, y) in placed.items():
            positions[node_id] = (x, round(top + y, 1))
        top += max(y for _, y in placed.values()) + ROW * 1.5
    return positions


def _layered(graph: nx.DiGraph, order: list[str]) -> dict[str, tuple[float, float]]:
    """Layered positions of one connected part (top at y = 0)."""
    dag = _acyclic(graph, order)
    layer = _longest_path_layers(dag)
    columns: dict[int, list[str]] = {}
    for node_id in order:  # model order is the first guess for the order in a layer
        columns.setdefault(layer[node_id], []).append(node_id)
    _order_by_barycentre(columns, dag)
    heights = _assign_heights(columns, dag)
    return {
        node_id: (index * COLUMN, heights[node_id])
        for index, members in columns.items()
        for node_id in members
    }


def _assign_heights(columns: dict[int, list[str]], dag: nx.DiGraph) -> dict[str, float]:
    """Each card level with the mean of its neighbours, at least ROW below the one above.

    A forward pass lines cards up with their predecessors, a backward pass pulls sources
    towards their successors, so edges stay short and fan-outs stay centred.
    """
    keys = sorted(columns)
    y: dict[str, float] = {}
    for index in keys:
        _place(columns[index], y, dag.predecessors)
    for index in reversed(keys[:-1]):
        _place(columns[index], y, dag.successors)
    top = min(y.values(), default=0.0)
    return {n: round(v - top, 1) for n, v in y.items()}


def _place(members: list[str], y: dict[str, float], near: Callable[[str], Iterable[str]]) -> None:
    """Set the heights of one layer: desired mean of neighbours, then no overlaps."""
    floor = -float("inf")
    for node in members:
        around = [y[m] for m in near(node) if m in y]
        desired = sum(around) / len(around) if around else y.get(node, floor + ROW)
        if desired == -float("inf") or desired != desired:
            desired = 0.0
        y[node] = max(desired, floor + ROW)
        floor = y[node]


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
        stack = [(start, iter(sorted(graph.successors(start), key=rank.__getitem__)))]
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
                    stack.append(
                        (child, iter(sorted(graph.successors(child), key=rank.__getitem__)))
                    )
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
