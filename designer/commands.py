"""Undoable edits. Each command changes the model only through Document methods."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtGui import QUndoCommand

from designer.document import Document, EdgeKey
from simulator.model import Edge, Fault, Node

MERGE_ID = 1
Target = tuple[str, Any]  # ("node", id) | ("edge", key) | ("scenario", None)


class AddItemsCommand(QUndoCommand):
    """Add nodes and edges (new node, connect, paste, duplicate)."""

    def __init__(self, doc: Document, nodes: list[Node], edges: list[Edge], text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.nodes = copy.deepcopy(nodes)
        self.edges = copy.deepcopy(edges)

    def redo(self) -> None:
        """Insert the nodes, then the edges."""
        for node in self.nodes:
            self.doc.insert_node(copy.deepcopy(node))
        for edge in self.edges:
            self.doc.insert_edge(copy.deepcopy(edge))

    def undo(self) -> None:
        """Remove the edges, then the nodes."""
        for edge in reversed(self.edges):
            self.doc.pop_edge(edge.key)
        for node in reversed(self.nodes):
            self.doc.pop_node(node.id)


class RemoveItemsCommand(QUndoCommand):
    """Delete nodes with every edge, fault and replay that refers to them, and edges (a
    replay loses the deleted rules it names; with none left, or its router gone, it goes)."""

    def __init__(self, doc: Document, node_ids: list[str], edge_keys: list[EdgeKey]) -> None:
        ids = set(node_ids)
        keys = set(edge_keys)
        edges = [
            (i, e)
            for i, e in enumerate(doc.topology.edges)
            if e.key in keys or e.source in ids or e.target in ids
        ]
        nodes = [(i, n) for i, n in enumerate(doc.topology.nodes) if n.id in ids]
        super().__init__(_remove_text(len(nodes), len(edges)))
        self.doc = doc
        self.edges = copy.deepcopy(edges)
        self.nodes = copy.deepcopy(nodes)
        self.faults: list[Fault] = copy.deepcopy(doc.topology.scenario.faults)
        self.kept_faults = [f for f in self.faults if f.node not in ids]
        self.replays = copy.deepcopy(doc.topology.scenario.replays)
        kept = (replay.without(ids) for replay in self.replays)
        self.kept_replays = [replay for replay in kept if replay is not None]

    def redo(self) -> None:
        """Remove edges and nodes from the back so indices stay valid."""
        for _, edge in reversed(self.edges):
            self.doc.pop_edge(edge.key)
        for _, node in reversed(self.nodes):
            self.doc.pop_node(node.id)
        if len(self.kept_faults) != len(self.faults):
            self.doc.set_scenario_value("faults", self.kept_faults)
        if self.kept_replays != self.replays:
            self.doc.set_scenario_value("replays", self.kept_replays)

    def undo(self) -> None:
        """Put nodes and edges back at their old positions."""
        for index, node in self.nodes:
            self.doc.insert_node(copy.deepcopy(node), index)
        for index, edge in self.edges:
            self.doc.insert_edge(copy.deepcopy(edge), index)
        if len(self.kept_faults) != len(self.faults):
            self.doc.set_scenario_value("faults", self.faults)
        if self.kept_replays != self.replays:
            self.doc.set_scenario_value("replays", self.replays)


def _remove_text(nodes: int, edges: int) -> str:
    if nodes:
        return f"Delete {nodes} node{'s' * (nodes != 1)}"
    return f"Delete {edges} edge{'s' * (edges != 1)}"


class MoveNodesCommand(QUndoCommand):
    """Move nodes (a drag, a nudge or an auto-layout) as one step."""

    def __init__(
        self,
        doc: Document,
        before: dict[str, tuple[float, float] | None],
        after: dict[str, tuple[float, float] | None],
        text: str = "Move",
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.before = dict(before)
        self.after = dict(after)

    def redo(self) -> None:
        """Apply the new positions."""
        self.doc.set_positions(self.after)

    def undo(self) -> None:
        """Restore the old positions."""
        self.doc.set_positions(self.before)


class NudgeCommand(MoveNodesCommand):
    """Arrow-key moves: a burst of nudges of the same nodes is one undo step."""

    ID = 4201
    BURST = 1.5  # seconds between key presses that still count as one burst

    def __init__(self, doc: Document, before: dict, after: dict, when: float) -> None:
        super().__init__(doc, before, after, "Nudge")
        self.when = when

    def id(self) -> int:
        """Nudges merge with one another."""
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Take in the next nudge of the same nodes when it follows within BURST seconds."""
        if not isinstance(other, NudgeCommand) or set(other.after) != set(self.after):
            return False
        if other.when - self.when > self.BURST:
            return False
        self.after = dict(other.after)
        self.when = other.when
        return True


class RenameNodeCommand(QUndoCommand):
    """Change a node's id (edges, faults and replays follow)."""

    def __init__(self, doc: Document, old: str, new: str) -> None:
        super().__init__(f"Rename {old} to {new}")
        self.doc = doc
        self.old = old
        self.new = new
        self.definitions: dict[str, Any] = {}  # workflows' definitions before the rename

    def redo(self) -> None:
        """Rename old -> new (workflows' Task states that name old follow)."""
        self.definitions = {
            node.id: copy.deepcopy(node.params["definition"])
            for node in self.doc.topology.nodes
            if node.kind == "workflow" and "definition" in node.params
        }
        self.doc.rename_node(self.old, self.new)

    def undo(self) -> None:
        """Rename new -> old, and put back the definitions exactly as they were."""
        self.doc.rename_node(self.new, self.old)
        for node_id, definition in self.definitions.items():
            if self.doc.node_value(node_id, "definition") != definition:
                self.doc.set_node_value(node_id, "definition", definition)


class SetValueCommand(QUndoCommand):
    """Set one field of a node, an edge or the scenario; typing merges into one step."""

    def __init__(
        self, doc: Document, target: Target, field: str, value: Any, session: object = None
    ) -> None:
        super().__init__(_set_text(target, field))
        self.doc = doc
        self.kind, ident = target
        self.field = field
        self.session = session
        self.key_before = ident
        self.key_after = ident
        self.old = self._read(ident)
        self.new = copy.deepcopy(value)

    def _read(self, ident: Any) -> Any:
        if self.kind == "node":
            return self.doc.node_value(ident, self.field)
        if self.kind == "edge":
            return self.doc.edge_value(ident, self.field)
        return self.doc.scenario_value(self.field)

    def _write(self, ident: Any, value: Any) -> Any:
        if self.kind == "node":
            self.doc.set_node_value(ident, self.field, value)
            return ident
        if self.kind == "edge":
            return self.doc.set_edge_value(ident, self.field, value)
        self.doc.set_scenario_value(self.field, value)
        return ident

    def redo(self) -> None:
        """Write the new value."""
        self.key_after = self._write(self.key_before, self.new)

    def undo(self) -> None:
        """Write the old value back."""
        self._write(self.key_after, self.old)

    def id(self) -> int:
        """Commands of this class may merge."""
        return MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a later edit of the same field in the same typing session."""
        if not isinstance(other, SetValueCommand) or self.session is None:
            return False
        same = (self.kind, self.key_after, self.field, self.session) == (
            other.kind,
            other.key_before,
            other.field,
            other.session,
        )
        if not same or self.field == "kind":
            return False
        self.new = copy.deepcopy(other.new)
        self.key_after = other.key_after
        if self.new == self.old:
            self.setObsolete(True)  # typed back to where it started: no step left
        return True


def _set_text(target: Target, field: str) -> str:
    kind, ident = target
    if kind == "node":
        return f"Set {ident}.{field}"
    if kind == "edge":
        return f"Set {ident[0]} -> {ident[1]} {field}"
    return f"Set scenario {field}"
