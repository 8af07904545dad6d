"""The document: the topology model, its undo stack, its file path and clean state.

Only commands (designer.commands) call the model-changing methods below; every change
is announced by a signal so the scene, the inspector and the problems panel can follow.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from simulator.model import Edge, Node, Topology
from simulator.workflow import renamed_definition

EdgeKey = tuple[str, str, str]
NODE_FIELDS = ("label", "position")
SCENARIO_FIELDS = ("duration", "warmup", "seed", "faults")
TOPOLOGY_FIELDS = ("name", "description")


class _Unset:
    """Marker: remove an explicitly set parameter so its default applies."""

    def __repr__(self) -> str:
        return "UNSET"

    def __copy__(self) -> _Unset:
        return self

    def __deepcopy__(self, memo: dict) -> _Unset:
        return self

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


class Document(QObject):
    """A topology being edited: model + QUndoStack + path + dirty state."""

    nodeAdded = Signal(str)
    nodeRemoved = Signal(str)
    nodeChanged = Signal(str)
    nodeRenamed = Signal(str, str)
    edgeAdded = Signal(object)
    edgeRemoved = Signal(object)
    edgeChanged = Signal(object, object)  # old key, new key (they differ when kind changes)
    scenarioChanged = Signal()
    topologyReset = Signal()
    changed = Signal()  # after any model change
    pathChanged = Signal()
    dirtyChanged = Signal(bool)

    def __init__(self, topology: Topology | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.topology = topology or Topology()
        self.path = path
        self.undo_stack = QUndoStack(self)
        self._forced_dirty = False
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, _clean: bool) -> None:
        self.dirtyChanged.emit(self.is_dirty)

    # --- state -------------------------------------------------------------------------
    @property
    def is_dirty(self) -> bool:
        """True when there are changes that are not saved."""
        return self._forced_dirty or not self.undo_stack.isClean()

    def push(self, command: QUndoCommand) -> None:
        """Do `command` and record it for undo."""
        self.undo_stack.push(command)

    def reset(self, topology: Topology, path: Path | None = None, dirty: bool = False) -> None:
        """Replace the whole model (new/open/recover); the undo history starts afresh."""
        self.topology = topology
        self.path = path
        self.undo_stack.clear()
        self._forced_dirty = dirty
        self.topologyReset.emit()
        self.pathChanged.emit()
        self.changed.emit()
        self.dirtyChanged.emit(self.is_dirty)

    def mark_saved(self, path: Path) -> None:
        """Record that the model was written to `path`."""
        changed_path = path != self.path
        self.path = path
        self._forced_dirty = False
        self.undo_stack.setClean()
        if changed_path:
            self.pathChanged.emit()
        self.dirtyChanged.emit(False)

    @property
    def display_name(self) -> str:
        """The file name, or the topology name for an unsaved document."""
        return self.path.name if self.path else self.topology.name or "Untitled"

    # --- lookup -------------------------------------------------------------------------
    def node(self, node_id: str) -> Node:
        """The node called `node_id`."""
        return self.topology.node(node_id)

    def edge(self, key: EdgeKey) -> Edge:
        """The edge with `key` (source, target, kind)."""
        return self.topology.edges[self.edge_index(key)]

    def edge_index(self, key: EdgeKey) -> int:
        """The position of the edge with `key` in the edge list."""
        for i, edge in enumerate(self.topology.edges):
            if edge.key == key:
                return i
        raise KeyError(key)

    def has_edge(self, key: EdgeKey) -> bool:
        """True when an edge with `key` exists."""
        return any(e.key == key for e in self.topology.edges)

    # --- model changes (called by commands only) ------------------------------------------
    def insert_node(self, node: Node, index: int | None = None) -> None:
        """Add `node` at `index` (default: last)."""
        nodes = self.topology.nodes
        nodes.insert(len(nodes) if index is None else index, node)
        self.nodeAdded.emit(node.id)
        self.changed.emit()

    def pop_node(self, node_id: str) -> tuple[Node, int]:
        """Remove a node (its edges must be gone already); return it and its index."""
        index = next(i for i, n in enumerate(self.topology.nodes) if n.id == node_id)
        node = self.topology.nodes.pop(index)
        self.nodeRemoved.emit(node_id)
        self.changed.emit()
        return node, index

    def insert_edge(self, edge: Edge, index: int | None = None) -> None:
        """Add `edge` at `index` (default: last)."""
        edges = self.topology.edges
        edges.insert(len(edges) if index is None else index, edge)
        self.edgeAdded.emit(edge.key)
        self.changed.emit()

    def pop_edge(self, key: EdgeKey) -> tuple[Edge, int]:
        """Remove the edge with `key`; return it and its index."""
        index = self.edge_index(key)
        edge = self.topology.edges.pop(index)
        self.edgeRemoved.emit(key)
        self.changed.emit()
        return edge, index

    def node_value(self, node_id: str, field: str) -> Any:
        """A node's label, position or explicitly set parameter (UNSET when not set)."""
        node = self.node(node_id)
        if field in NODE_FIELDS:
            return getattr(node, field)
        return copy.deepcopy(node.params.get(field, UNSET))

    def set_node_value(self, node_id: str, field: str, value: Any) -> None:
        """Set a node's label, position or parameter (UNSET removes the parameter)."""
        node = self.node(node_id)
        if field in NODE_FIELDS:
            setattr(node, field, value)
        elif value is UNSET:
            node.params.pop(field, None)
        else:
            node.params[field] = copy.deepcopy(value)
        self.nodeChanged.emit(node_id)
        self.changed.emit()

    def set_positions(self, positions: dict[str, tuple[float, float] | None]) -> None:
        """Move several nodes at once."""
        for node_id, pos in positions.items():
            self.node(node_id).position = pos
            self.nodeChanged.emit(node_id)
        self.changed.emit()

    def rename_node(self, old: str, new: str) -> None:
        """Change a node's id, and every edge, fault, replay and inline workflow Task that
        refers to it."""
        self.node(old).id = new
        for node in self.topology.nodes:
            definition = node.params.get("definition")
            if node.kind == "workflow" and definition is not None:
                changed = renamed_definition(definition, old, new)
                if changed != definition:
                    node.params["definition"] = changed
                    self.nodeChanged.emit(node.id)
        changes = []
        for edge in self.topology.edges:
            if old in (edge.source, edge.target):
                before = edge.key
                edge.source = new if edge.source == old else edge.source
                edge.target = new if edge.target == old else edge.target
                changes.append((before, edge.key))
        for fault in self.topology.scenario.faults:
            if fault.node == old:
                fault.node = new
        scenario = self.topology.scenario
        scenario.replays = [replay.renamed(old, new) for replay in scenario.replays]
        self.nodeRenamed.emit(old, new)
        for before, after in changes:
            self.edgeChanged.emit(before, after)
        self.changed.emit()

    def edge_value(self, key: EdgeKey, field: str) -> Any:
        """One of an edge's kind, pattern, filter, emits, latency."""
        return copy.deepcopy(getattr(self.edge(key), field))

    def set_edge_value(self, key: EdgeKey, field: str, value: Any) -> EdgeKey:
        """Set an edge field; return the edge's key afterwards (changes with `kind`)."""
        edge = self.edge(key)
        setattr(edge, field, copy.deepcopy(value))
        self.edgeChanged.emit(key, edge.key)
        self.changed.emit()
        return edge.key

    def scenario_value(self, field: str) -> Any:
        """A scenario field (duration, warmup, seed, faults) or the name/description."""
        owner = self.topology if field in TOPOLOGY_FIELDS else self.topology.scenario
        return copy.deepcopy(getattr(owner, field))

    def set_scenario_value(self, field: str, value: Any) -> None:
        """Set a scenario field, or the topology's name or description."""
        owner = self.topology if field in TOPOLOGY_FIELDS else self.topology.scenario
        setattr(owner, field, copy.deepcopy(value))
        self.scenarioChanged.emit()
        self.changed.emit()
