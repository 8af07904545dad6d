"""GraphML, Mermaid and Graphviz DOT renderings of a topology."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from simulator.files.write import edge_dict, node_dict, to_dict
from simulator.model import KINDS, Topology
from simulator.model.topology import Edge, Node

DEFAULT_FILL = "#f5f7fa"  # the fill of kinds without a colour of their own
EDGE_STYLES = {"flow": "solid", "dead-letter": "dashed", "on-failure": "dotted"}


def _scalar(value: Any) -> str | int | float | bool:
    """GraphML attributes must be scalars: encode structures as JSON."""
    if isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, separators=(",", ":"))


def to_graphml(topology: Topology) -> str:
    """GraphML with every node and edge key as an attribute (structures JSON-encoded)."""
    import networkx as nx  # deferred: keeps the designer's start-up fast

    scenario = json.dumps(_scenario_data(topology), separators=(",", ":"))
    graph = nx.MultiDiGraph(name=topology.name, description=topology.description, scenario=scenario)
    for node in topology.nodes:
        attrs = {k: _scalar(v) for k, v in node_dict(node).items() if k != "id"}
        graph.add_node(node.id, **attrs)
    for edge in topology.edges:
        attrs = {k: _scalar(v) for k, v in edge_dict(edge).items() if k not in ("from", "to")}
        attrs.setdefault("kind", "flow")
        graph.add_edge(edge.source, edge.target, key=edge.kind, **attrs)
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def _scenario_data(topology: Topology) -> dict[str, Any]:
    """The scenario in file form (duration, warmup, seed, faults), for GraphML's graph data."""
    return dict(to_dict(topology)["scenario"])


def node_summary(node: Node) -> str:
    """Key parameters in a few words, as the node's kind states them."""
    return node.spec.summary(node)


def edge_summary(edge: Edge, limit: int = 40) -> str:
    """A short label: the pattern, filter or emitted detail-type."""
    value = edge.pattern or edge.filter
    if value is not None:
        text = ", ".join(f"{k}={_short(v)}" for k, v in value.items())
    elif edge.emits:
        text = "emits " + str(edge.emits.get("detail-type", "event"))
    else:
        text = ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "|".join(str(v) for v in value)
    return json.dumps(value, separators=(",", ":"))


def _mermaid_id(node_id: str) -> str:
    """A Mermaid-safe id, distinct for distinct node ids (`a.b`, `a-b`, `a_b` differ).

    Ids of letters, digits and `-` keep their readable form (`orders-dlq`: `n_orders_dlq`);
    any other id spells each other character in hex under its own prefix (`a.b`: `x_a_2eb`).
    """
    if re.fullmatch(r"[A-Za-z0-9-]*", node_id):
        return "n_" + node_id.replace("-", "_")
    return "x_" + re.sub(r"[^A-Za-z0-9]", lambda m: f"_{ord(m.group()):02x}", node_id)


_MERMAID_ENTITIES = {ord('"'): "#quot;", ord("<"): "#lt;", ord(">"): "#gt;", ord("#"): "#35;"}


def _mermaid_text(text: str) -> str:
    """User text inside a quoted Mermaid label: quotes, tags and line breaks made harmless."""
    text = text.translate(_MERMAID_ENTITIES)
    text = re.sub(r"\r\n|\r|\n", "<br/>", text)
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text)


def _yaml_title(text: str) -> str:
    """A title for Mermaid's front matter: one double-quoted YAML line whatever it holds."""
    return json.dumps(text, ensure_ascii=False)


def to_mermaid(topology: Topology) -> str:
    """A Mermaid flowchart (left to right) for documentation."""
    lines = ["---", f"title: {_yaml_title(topology.name)}", "---", "flowchart LR"]
    for node in topology.nodes:
        left, right = node.spec.diagram.mermaid
        summary = node_summary(node)
        small = _mermaid_text(f"{node.kind}{' · ' + summary if summary else ''}")
        text = f"{_mermaid_text(node.title)}<br/><small>{small}</small>"
        lines.append(f"    {_mermaid_id(node.id)}{left}{text}{right}")
    for edge in topology.edges:
        arrow = {"flow": "-->", "dead-letter": "-.->", "on-failure": "-.->"}[edge.kind]
        label = edge_summary(edge)
        if edge.kind != "flow":
            label = f"{edge.kind}{': ' + label if label else ''}"
        middle = f'|"{_mermaid_text(label)}"|' if label else ""
        lines.append(f"    {_mermaid_id(edge.source)} {arrow}{middle} {_mermaid_id(edge.target)}")
    for kind in KINDS.values():
        members = [_mermaid_id(n.id) for n in topology.nodes if n.kind == kind.name]
        if members and kind.diagram.colour is not None:
            lines.append(f"    classDef {kind.name} fill:{kind.diagram.colour},stroke:#555")
            lines.append(f"    class {','.join(members)} {kind.name}")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(topology: Topology) -> str:
    """A Graphviz DOT digraph (render with `dot -Tsvg`)."""
    lines = [
        f"digraph {_dot_quote(topology.name)} {{",
        "  rankdir=LR;",
        f'  node [fontname="Helvetica", fontsize=11, style=filled, fillcolor="{DEFAULT_FILL}"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in topology.nodes:
        summary = node_summary(node)
        label = node.title + (f"\n{summary}" if summary else "")
        shape, colour = node.spec.diagram.dot, node.spec.diagram.colour or DEFAULT_FILL
        node_attrs = f'label={_dot_quote(label)}, shape={shape}, fillcolor="{colour}"'
        lines.append(f"  {_dot_quote(node.id)} [{node_attrs}];")
    for edge in topology.edges:
        attrs = [f"style={EDGE_STYLES[edge.kind]}"]
        label = edge_summary(edge)
        if label:
            attrs.append(f"label={_dot_quote(label)}")
        lines.append(
            f"  {_dot_quote(edge.source)} -> {_dot_quote(edge.target)} [{', '.join(attrs)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
