"""Copy/paste fragments: selected nodes and the edges between them, as YAML text."""

from __future__ import annotations

import copy

import yaml

from simulator.files import (
    MAX_EDGES,
    MAX_FILE_BYTES,
    MAX_NODES,
    build_topology,
    edge_dict,
    node_dict,
    parse_text,
)
from simulator.model import FORMAT, VERSION, Edge, Node, Topology
from simulator.problems import TopologyError

MIME = "application/x-eventscape-fragment"
CARD = (164.0, 76.0)  # a node card's size on the canvas (designer.canvas.node_item)
MARGIN = 20.0  # the gap kept between a pasted card and the others
MARKER = "eventscape/fragment"


def copy_text(topology: Topology, node_ids: list[str]) -> str:
    """The nodes `node_ids` and the edges among them as fragment text."""
    ids = set(node_ids)
    nodes = [node_dict(n) for n in topology.nodes if n.id in ids]
    edges = [edge_dict(e) for e in topology.edges if e.source in ids and e.target in ids]
    return yaml.safe_dump({"format": MARKER, "nodes": nodes, "edges": edges}, sort_keys=False)


def parse_fragment(text: str) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges of a fragment, validated by the reader (ValueError with the reason).

    The text is read with the project's safe loader (alias bombs, deep nesting and huge
    numbers are refused like in a file), and at most MAX_FILE_BYTES of it.
    """
    if len(text) > MAX_FILE_BYTES:
        raise ValueError(f"the clipboard holds more than {MAX_FILE_BYTES:,} characters")
    try:
        data = parse_text(text, "yaml")
    except TopologyError as exc:
        raise ValueError(f"clipboard text is not YAML: {exc.problems[0]}") from None
    if not isinstance(data, dict) or data.get("format") != MARKER:
        raise ValueError("the clipboard holds no Eventscape nodes")
    try:
        shell = build_topology(
            {
                "format": FORMAT,
                "version": VERSION,
                "nodes": data.get("nodes"),
                "edges": data.get("edges", []),
            }
        )
    except TopologyError as exc:
        raise ValueError(f"cannot paste: {exc.problems[0]}") from None
    return shell.nodes, shell.edges


def place(
    topology: Topology, nodes: list[Node], edges: list[Edge], offset: tuple[float, float]
) -> tuple[list[Node], list[Edge]]:
    """Copies with ids free in `topology`, shifted by `offset`, edges re-pointed.

    ValueError when the design would then exceed the file format's node or edge cap (it
    could be saved but never reopened).
    """
    for count, more, cap, what in (
        (len(topology.nodes), len(nodes), MAX_NODES, "nodes"),
        (len(topology.edges), len(edges), MAX_EDGES, "edges"),
    ):
        if count + more > cap:
            raise ValueError(
                f"cannot paste {more:,} {what}: the design would have {count + more:,}, "
                f"more than a file may hold ({cap:,})"
            )
    taken = Topology(nodes=list(topology.nodes))
    rename: dict[str, str] = {}
    placed: list[Node] = []
    offset = free_offset(topology, nodes, offset)
    labels = {n.label for n in topology.nodes if n.label}
    for node in nodes:
        new = copy.deepcopy(node)
        new.id = taken.unique_id(node.id)
        rename[node.id] = new.id
        if new.label:
            new.label = unique_label(new.label, labels)
            labels.add(new.label)
        x, y = node.position or (0.0, 0.0)
        new.position = (x + offset[0], y + offset[1])
        taken.nodes.append(new)
        placed.append(new)
    wired = []
    for edge in edges:
        new_edge = copy.deepcopy(edge)
        new_edge.source, new_edge.target = rename[edge.source], rename[edge.target]
        wired.append(new_edge)
    return placed, wired


def unique_label(label: str, taken: set[str]) -> str:
    """`label`, or `label 2`, `label 3`, … (after any number it already ends with)."""
    if label not in taken:
        return label
    stem, _, last = label.rpartition(" ")
    base, number = (stem, int(last)) if stem and last.isdigit() else (label, 1)
    while f"{base} {number}" in taken or number == 1:
        number += 1
    return f"{base} {number}"


def free_offset(
    topology: Topology, nodes: list[Node], first: tuple[float, float]
) -> tuple[float, float]:
    """`first`, or the nearest shift below or beside it where the pasted cards cover
    none of the design's cards (each card is CARD wide and high, with a margin)."""
    width, height = CARD
    reach_x, reach_y = width + MARGIN, height + MARGIN
    buckets: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for node in topology.nodes:
        if node.position is not None:
            x, y = node.position
            buckets.setdefault((int(x // reach_x), int(y // reach_y)), []).append((x, y))
    mine = [n.position or (0.0, 0.0) for n in nodes]

    def clear(dx: float, dy: float) -> bool:
        for x, y in mine:
            col, row = int((x + dx) // reach_x), int((y + dy) // reach_y)
            for i in (col - 1, col, col + 1):
                for j in (row - 1, row, row + 1):
                    for ox, oy in buckets.get((i, j), ()):
                        if abs(x + dx - ox) < reach_x and abs(y + dy - oy) < reach_y:
                            return False
        return True

    step_x, step_y = width + 2 * MARGIN, height + 2 * MARGIN
    for ring in range(60):
        for dx, dy in ((0.0, ring * step_y), (ring * step_x, 0.0), (ring * step_x, ring * step_y)):
            shift = (first[0] + dx, first[1] + dy)
            if clear(*shift):
                return shift
    return first
