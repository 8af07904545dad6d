"""User intentions turned into undoable commands, checked first: the one way to edit.

The canvas, the inspector, the menus and the tests all call an Editor; it refuses an
edit the file format forbids and returns the reasons instead of changing anything.
"""

from __future__ import annotations

import copy
from typing import Any

from designer import clipboard, trial
from designer.commands import (
    AddItemsCommand,
    MoveNodesCommand,
    RemoveItemsCommand,
    RenameNodeCommand,
    SetValueCommand,
)
from designer.document import UNSET, Document, EdgeKey
from designer.workflow.starter import new_params
from simulator.model import ID_RE, KINDS, Edge, Node, wiring_problems

Position = tuple[float, float]


class Editor:
    """Checked editing operations on a Document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    @property
    def topology(self):
        """The model being edited."""
        return self.doc.topology

    # --- nodes ------------------------------------------------------------------------
    def add_node(
        self,
        kind: str,
        position: Position,
        params: dict[str, Any] | None = None,
        label: str | None = None,
        text: str = "",
    ) -> str:
        """Add a node of `kind` at `position` (its top-left corner); return its id.

        `params` default to what a new node of the kind needs to be valid; an import passes
        its own (already checked) ones, with a `label` and a `text` for the undo step.
        """
        spec = KINDS[kind]
        node_id = self.topology.unique_id(kind)
        suffix = node_id[len(kind) + 1 :]
        if label is None:
            label = f"{spec.title} {suffix}" if suffix else spec.title
        at = (round(position[0], 1), round(position[1], 1))
        values = new_params(kind) if params is None else copy.deepcopy(params)
        node = Node(node_id, kind, label, at, values)
        self.doc.push(AddItemsCommand(self.doc, [node], [], text or f"Add {spec.title.lower()}"))
        return node_id

    def delete(self, node_ids: list[str], edge_keys: list[EdgeKey] = ()) -> None:  # type: ignore[assignment]
        """Delete nodes (with their edges) and edges, as one step."""
        if node_ids or edge_keys:
            self.doc.push(RemoveItemsCommand(self.doc, list(node_ids), list(edge_keys)))

    def move(self, positions: dict[str, Position], text: str = "Move") -> None:
        """Move nodes to `positions` as one step (nodes that did not move are ignored)."""
        before: dict[str, Position | None] = {}
        after: dict[str, Position | None] = {}
        for node_id, pos in positions.items():
            old = self.doc.node(node_id).position
            new = (round(pos[0], 1), round(pos[1], 1))
            if old is None or (round(old[0], 1), round(old[1], 1)) != new:
                before[node_id], after[node_id] = old, new
        if after:
            self.doc.push(MoveNodesCommand(self.doc, before, after, text))

    def auto_layout(self) -> None:
        """Arrange every node in layers, left to right, as one step."""
        from designer.canvas.layout import layered_positions  # networkx loads on first use

        self.move(layered_positions(self.topology), "Auto-layout")

    def rename(self, node_id: str, new_id: str) -> list[str]:
        """Change a node's id; the reasons when refused."""
        if new_id == node_id:
            return []
        if not ID_RE.match(new_id):
            return ["an id is 1-64 letters, digits, '_', '-' or '.'"]
        if self.topology.has_node(new_id):
            return [f"there is already a node called {new_id!r}"]
        self.doc.push(RenameNodeCommand(self.doc, node_id, new_id))
        return []

    def set_label(self, node_id: str, label: str, session: object = None) -> None:
        """Change a node's display label."""
        if label != self.doc.node(node_id).label:
            self.doc.push(SetValueCommand(self.doc, ("node", node_id), "label", label, session))

    def set_param(self, node_id: str, name: str, value: Any, session: object = None) -> list[str]:
        """Set a parameter (UNSET: back to the default); the reasons when refused."""
        node = self.doc.node(node_id)
        if node.spec.param(name) is None:
            return [f"a {node.kind} has no parameter {name!r}"]
        trial_node = copy.deepcopy(node)
        if value is UNSET:
            trial_node.params.pop(name, None)
        else:
            trial_node.params[name] = value
        before = trial.node_problems(node, self.topology)
        problems = trial.new_problems(before, trial.node_problems(trial_node, self.topology))
        if problems:
            return problems
        if node.params.get(name, UNSET) != value:
            self.doc.push(SetValueCommand(self.doc, ("node", node_id), name, value, session))
        return []

    def set_params(self, node_id: str, changes: dict[str, Any], text: str) -> list[str]:
        """Set several parameters as one step, checked together (for values that are only
        valid together, such as swapping `definition_file` for `definition`)."""
        node = self.doc.node(node_id)
        unknown = [name for name in changes if node.spec.param(name) is None]
        if unknown:
            return [f"a {node.kind} has no parameter {name!r}" for name in unknown]
        trial_node = copy.deepcopy(node)
        for name, value in changes.items():
            if value is UNSET:
                trial_node.params.pop(name, None)
            else:
                trial_node.params[name] = value
        before = trial.node_problems(node, self.topology)
        problems = trial.new_problems(before, trial.node_problems(trial_node, self.topology))
        if problems:
            return problems
        changed = {n: v for n, v in changes.items() if node.params.get(n, UNSET) != v}
        if changed:
            self.doc.undo_stack.beginMacro(text)
            for name, value in changed.items():
                self.doc.push(SetValueCommand(self.doc, ("node", node_id), name, value))
            self.doc.undo_stack.endMacro()
        return []

    # --- edges ------------------------------------------------------------------------
    def connection_problems(self, source: str, target: str, kind: str = "flow") -> list[str]:
        """Why an edge source -> target of `kind` cannot be made (empty when it can)."""
        edge = Edge(source, target, kind)
        problems = wiring_problems(edge, self.doc.node(source), self.doc.node(target))
        if not problems and self.doc.has_edge(edge.key):
            problems.append(f"{edge.name} exists already")
        return problems

    def connect(self, source: str, target: str, kind: str = "flow") -> list[str]:
        """Add an edge; the reasons when the format forbids it."""
        problems = self.connection_problems(source, target, kind)
        if not problems:
            edge = Edge(source, target, kind)
            self.doc.push(AddItemsCommand(self.doc, [], [edge], f"Connect {edge.name}"))
        return problems

    def set_edge(self, key: EdgeKey, field: str, value: Any, session: object = None) -> list[str]:
        """Set an edge's kind, pattern, filter, emits or latency; the reasons when refused."""
        edge = self.doc.edge(key)
        changed = copy.deepcopy(edge)
        setattr(changed, field, value)
        if field == "kind" and changed.key != key and self.doc.has_edge(changed.key):
            return [f"{changed.name} exists already"]
        source, target = self.doc.node(edge.source), self.doc.node(edge.target)
        before = trial.edge_problems(edge, source, target)
        problems = trial.new_problems(before, trial.edge_problems(changed, source, target))
        if problems:
            return problems
        if getattr(edge, field) != value:
            self.doc.push(SetValueCommand(self.doc, ("edge", key), field, value, session))
        return []

    # --- scenario -----------------------------------------------------------------------
    def set_scenario(self, field: str, value: Any, session: object = None) -> list[str]:
        """Set duration, warmup, seed, faults, replays, name or description; the reasons if
        refused."""
        if field in ("name", "description"):
            if not isinstance(value, str) or (field == "name" and not value.strip()):
                return [f"{field} must be {'a non-empty' if field == 'name' else 'a'} text"]
        else:
            scenario = self.topology.scenario
            changed = copy.deepcopy(scenario)
            setattr(changed, field, value)
            if field == "replays":  # they need the routers' archives and rules (issue 16)
                before = trial.replay_problems(scenario, self.topology)
                after = trial.replay_problems(changed, self.topology)
            else:
                before = trial.scenario_problems(scenario, self.topology.nodes)
                after = trial.scenario_problems(changed, self.topology.nodes)
            problems = trial.new_problems(before, after)
            if problems:
                return problems
        if self.doc.scenario_value(field) != value:
            self.doc.push(SetValueCommand(self.doc, ("scenario", None), field, value, session))
        return []

    # --- clipboard ----------------------------------------------------------------------
    def copy_text(self, node_ids: list[str]) -> str:
        """The selected nodes and the edges among them as fragment text."""
        return clipboard.copy_text(self.topology, node_ids)

    def paste(self, text: str, offset: Position = (40.0, 40.0), label: str = "Paste") -> list[str]:
        """Add the fragment's nodes (fresh ids, shifted) as one step; their ids."""
        nodes, edges = clipboard.parse_fragment(text)
        if not nodes:
            return []
        nodes, edges = clipboard.place(self.topology, nodes, edges, offset)
        self.doc.push(AddItemsCommand(self.doc, nodes, edges, label))
        return [n.id for n in nodes]

    def duplicate(self, node_ids: list[str]) -> list[str]:
        """Copies of the nodes and the edges among them, next to the originals."""
        return self.paste(self.copy_text(node_ids), (40.0, 40.0), "Duplicate") if node_ids else []
