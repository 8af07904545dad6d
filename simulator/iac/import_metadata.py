"""Read a design back from the Eventscape metadata of an exported template.

The contract is in `simulator.iac`'s docstring: the design entry (name, scenario, node and
edge order, producers) on the resource the template-level marker names, and a node entry
on each node's primary resource. Properties are read first (by the usual readers); each
entry then overrides what it states, and only the parameters it lists as `explicit` stay.
"""

from __future__ import annotations

import copy
from typing import Any

from simulator.iac import METADATA_KEY, from_metadata
from simulator.iac.import_context import Context
from simulator.model import KINDS, Edge, Fault, Node, Scenario, Topology
from simulator.model.archive import replay_from
from simulator.model.kinds import EDGE_KEYS

ENTRY_KEYS = ("id", "kind", "label", "position", "explicit", "edges")


def design_entry(ctx: Context) -> dict[str, Any]:
    """The design entry the template-level marker points at ({} when absent)."""
    marker = ctx.template.data.get("Metadata", {}).get(METADATA_KEY, {})
    holder = ctx.template.resources.get(str(marker.get("design", "")), {})
    entry = _metadata(holder)
    return entry if isinstance(entry, dict) else {}


def _metadata(resource: Any) -> Any:
    metadata = resource.get("Metadata") if isinstance(resource, dict) else None
    entry = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    return from_metadata(entry) if isinstance(entry, dict) else None


def apply_metadata(ctx: Context) -> Topology:
    """The topology the metadata describes, over what the properties say."""
    design = design_entry(ctx)
    marker = ctx.template.data.get("Metadata", {}).get(METADATA_KEY, {})
    if marker.get("design") in ctx.template.resources:
        ctx.report.origins.pop(str(marker["design"]), None)
    nodes, rename = _nodes(ctx)
    for entry in design.get("producers") or []:
        node = _producer(ctx, entry)
        if node is not None and node.id not in nodes:
            nodes[node.id] = node
            rename[node.id] = node.id
    found = design.get("elsewhere")
    elsewhere: dict[str, Any] = found if isinstance(found, dict) else {}
    for entry in elsewhere.get("nodes") or []:
        node = _elsewhere(ctx, entry)
        if node is not None and node.id not in nodes:
            nodes[node.id] = node
            rename[node.id] = node.id
    edges = _edges(ctx, rename, nodes, design)
    for item in elsewhere.get("edges") or []:
        if isinstance(item, dict) and item.get("from") in nodes:
            rest = {k: v for k, v in item.items() if k != "from"}
            _merge_edge(ctx, edges, nodes, str(item["from"]), rest)
    return Topology(
        name=design["name"] if isinstance(design.get("name"), str) else "Imported design",
        nodes=_ordered(nodes, design.get("nodes"), ctx, "node"),
        edges=_ordered_edges(edges, design.get("edges"), ctx, design.get("nodes")),
        scenario=_scenario(ctx, design.get("scenario")),
        description=str(design.get("description") or ""),
    )


def _nodes(ctx: Context) -> tuple[dict[str, Node], dict[str, str]]:
    """Draft nodes with their entries applied, by final id; draft id -> final id."""
    nodes: dict[str, Node] = {}
    rename: dict[str, str] = {}
    entries = {
        node_id: _metadata(ctx.template.resources.get(logical_id) or ctx.resources.get(logical_id))
        for logical_id, node_id in ctx.draft.node_of.items()
    }
    for node_id, node in ctx.draft.nodes.items():
        entry = entries.get(node_id)
        if isinstance(entry, dict) and entry.get("kind") == node.kind and _id_ok(entry, nodes):
            node = _apply(node, entry)
            ctx.report.assumptions[:] = [a for a in ctx.report.assumptions if a.node != node_id]
            ctx.report.origins[node.id] = ctx.report.origins.pop(node_id, "")
        elif isinstance(entry, dict):
            ctx.report.note(node_id, "its Eventscape entry does not fit the resource; ignored")
        rename[node_id] = node.id
        nodes[node.id] = node
    return nodes, rename


def _id_ok(entry: dict[str, Any], taken: dict[str, Node]) -> bool:
    return isinstance(entry.get("id"), str) and entry["id"] not in taken


def _apply(node: Node, entry: dict[str, Any]) -> Node:
    """The node as the entry describes it: id, label, position, explicit parameters."""
    params = dict(node.params)
    spec = KINDS[node.kind]
    for key, value in entry.items():
        if key not in ENTRY_KEYS and spec.param(key) is not None:
            params[key] = copy.deepcopy(value)
    listed = entry.get("explicit")
    explicit: list[Any] = listed if isinstance(listed, list) else list(params)
    kept = {}
    for param in spec.params:
        if param.name in explicit:
            kept[param.name] = params.get(param.name, copy.deepcopy(param.default))
    position = entry.get("position")
    return Node(
        entry["id"],
        node.kind,
        label=str(entry.get("label") or ""),
        position=tuple(position) if _is_position(position) else None,  # type: ignore[arg-type]
        params=kept,
    )


def _is_position(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )


def _producer(ctx: Context, entry: Any) -> Node | None:
    """A producer from its design entry."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        ctx.report.note("Eventscape design", "a producer entry without an id is ignored")
        return None
    node = _apply(Node(entry["id"], "producer"), entry)
    ctx.report.origins[node.id] = "Eventscape metadata (producers are not infrastructure)"
    return node


def _elsewhere(ctx: Context, entry: Any) -> Node | None:
    """A node of another account or Region, kept in the design entry (not in this stack)."""
    kind = entry.get("kind") if isinstance(entry, dict) else None
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or kind not in KINDS:
        ctx.report.note("Eventscape design", f"an entry elsewhere {entry!r} is ignored")
        return None
    node = _apply(Node(entry["id"], str(kind)), entry)
    where = f"{node.params.get('account') or 'its account'}/{node.params.get('region') or ''}"
    ctx.report.origins[node.id] = (
        f"Eventscape metadata (in {where.rstrip('/')}: another account or Region than this stack's)"
    )
    return node


def _edges(
    ctx: Context, rename: dict[str, str], nodes: dict[str, Node], design: dict[str, Any]
) -> dict[tuple[str, str, str], Edge]:
    """Edges read from properties, renamed, then each entry's edges merged in."""
    edges: dict[tuple[str, str, str], Edge] = {}
    for edge in ctx.draft.edges.values():
        moved = Edge(rename[edge.source], rename[edge.target], edge.kind, edge.pattern, edge.filter)
        edges[moved.key] = moved
    holders: list[tuple[Any, Any]] = [
        (rename[n], _metadata(ctx.template.resources.get(lid)))
        for lid, n in ctx.draft.node_of.items()
    ]
    holders += [(p.get("id"), p) for p in design.get("producers") or [] if isinstance(p, dict)]
    for source, entry in holders:
        if isinstance(entry, dict) and source in nodes:
            for item in entry.get("edges") or []:
                _merge_edge(ctx, edges, nodes, source, item)
    return edges


def _merge_edge(
    ctx: Context,
    edges: dict[tuple[str, str, str], Edge],
    nodes: dict[str, Node],
    source: str,
    item: Any,
) -> None:
    """One edge entry: override the keys it states, or add the edge."""
    if not isinstance(item, dict) or item.get("to") not in nodes:
        ctx.report.note(source, f"an edge entry {item!r} names no node; ignored")
        return
    key = (source, str(item["to"]), str(item.get("kind", "flow")))
    edge = edges.get(key) or Edge(*key)
    for name in EDGE_KEYS:
        if name in item:
            setattr(edge, name, copy.deepcopy(item[name]))
    edges[key] = edge


def _ordered(nodes: dict[str, Node], order: Any, ctx: Context, what: str) -> list[Node]:
    """Nodes in the design's order; ones it does not list after them (reported)."""
    listed = [n for n in order or [] if isinstance(n, str) and n in nodes]
    extra = [n for n in nodes if n not in listed]
    for node_id in extra:
        ctx.report.note(node_id, f"this {what} is not in the design's metadata: added")
    return [nodes[n] for n in [*listed, *extra]]


def _ordered_edges(
    edges: dict[tuple[str, str, str], Edge], order: Any, ctx: Context, design_nodes: Any
) -> list[Edge]:
    """Edges in the design's order. The design lists every edge between its own nodes, so
    one it does not list there was written for AWS only (dropped); an edge touching a node
    added to the template by hand is kept after them. Both are reported."""
    keys = [(str(k[0]), str(k[1]), str(k[2])) for k in order or [] if _key(k)]
    listed = [k for k in keys if k in edges]
    known = set(design_nodes) if isinstance(design_nodes, list) else set()
    extra = []
    for key in [k for k in edges if k not in listed]:
        if key[0] in known and key[1] in known:
            ctx.report.note(edges[key].name, "not an edge of the design: not imported")
        else:
            ctx.report.note(edges[key].name, "this edge is not in the design's metadata: added")
            extra.append(key)
    return [edges[k] for k in [*listed, *extra]]


def _key(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 3 and all(isinstance(v, str) for v in value)


def _scenario(ctx: Context, value: Any) -> Scenario:
    """The design's scenario in file form (checked with the rest of the design when the
    import ends): every fault kind (a region-outage names a Region, no node), replays,
    pricing, the account quota and the default account and Region."""
    if not isinstance(value, dict):
        return Scenario()
    try:
        scenario = Scenario(
            duration=value.get("duration", 600.0),
            warmup=value.get("warmup", 0.0),
            seed=value.get("seed", 1),
            faults=[_fault(f) for f in value.get("faults") or []],
            replays=[replay_from(r) for r in value.get("replays") or []],
        )
        for key in ("pricing", "account_concurrency", "account", "region"):
            if key in value:
                setattr(scenario, key, value[key])
        return scenario
    except (TypeError, KeyError, AttributeError) as exc:
        ctx.report.note("Eventscape design", f"scenario not imported: {exc!r}")
        return Scenario()


def _fault(raw: dict[str, Any]) -> Fault:
    """A fault in file form (a region-outage has no `node`)."""
    return Fault(**{"node": "", **raw})
