"""Exports of hostile names: Mermaid ids stay distinct, titles cannot inject, GraphML keeps all."""

from __future__ import annotations

import io
import json

import networkx as nx

from simulator.export import export_text
from simulator.files import load
from tests.hostile.cases import FILES

NAMES = FILES / "names.yaml"


def test_mermaid_ids_are_distinct_for_dot_dash_and_underscore() -> None:
    """Nodes `a.b`, `a-b`, `a_b` and `ab` get four different Mermaid ids and four edges."""
    out = export_text(load(NAMES), "mermaid")
    nodes = [line.split("[")[0].split("(")[0].strip() for line in out.splitlines()[4:8]]
    assert len(set(nodes)) == 4
    assert f"    {nodes[0]} --> {nodes[1]}" in out
    assert f"    {nodes[1]} --> {nodes[2]}" in out


def test_mermaid_title_with_colon_and_newlines_stays_one_front_matter_line() -> None:
    """A name holding `: ` and `\\n---\\n` is one quoted title line; nothing is injected."""
    lines = export_text(load(NAMES), "mermaid").splitlines()
    assert lines[0] == "---" and lines[2] == "---" and lines[3] == "flowchart LR"
    assert json.loads(lines[1].removeprefix("title: ")) == "Shop: orders\n---\ntitle: injected"


def test_mermaid_labels_escape_quotes_tags_and_line_breaks() -> None:
    """Labels with quotes, `<b>` and newlines stay inside their node's one line."""
    out = export_text(load(NAMES), "mermaid")
    assert "Fan #quot;out#quot; #lt;b#gt;" in out
    assert "Orders: web<br/>and app" in out
    assert "<b>" not in out


def test_graphml_keeps_scenario_and_description() -> None:
    """The GraphML graph carries the description and the scenario (as JSON)."""
    topology = load(NAMES)
    graph = nx.read_graphml(io.StringIO(export_text(topology, "graphml")))
    assert graph.graph["description"] == "A description: kept by GraphML"
    scenario = json.loads(graph.graph["scenario"])
    assert scenario == {"duration": 30, "warmup": 0, "seed": 2, "faults": []}
