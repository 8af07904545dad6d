"""The scene mirrors the document through its signals and keeps id ↔ item maps.

Items never write the model: moves, connections and renames become Editor calls here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent, QToolTip

from designer.canvas.connect import ConnectionDrag
from designer.canvas.edge_item import EdgeItem, labels_placed_together
from designer.canvas.groups import GroupLayer
from designer.canvas.node_item import GRID, HEIGHT, WIDTH, NodeItem
from designer.canvas.ports import PortItem
from designer.canvas.rename import RenameBox
from designer.document import Document, EdgeKey
from designer.editing import Editor
from designer.labels import edge_label
from designer.validation import Issue


class TopologyScene(QGraphicsScene):
    """Node cards and edge curves for one document."""

    message = Signal(str)  # for the status bar

    def __init__(self, doc: Document, editor: Editor) -> None:
        super().__init__()
        self.doc = doc
        self.editor = editor
        self.snap_to_grid = True
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[EdgeKey, EdgeItem] = {}
        self._drag: ConnectionDrag | None = None
        self._press_positions: dict[str, QPointF] = {}
        self._rename: RenameBox | None = None
        self._building = False
        # Double-click on a card: `activate(node_id)` may open it (True), else rename in place.
        self.activate: Callable[[str], bool] | None = None
        doc.topologyReset.connect(self.rebuild)
        doc.nodeAdded.connect(self._add_node)
        doc.nodeRemoved.connect(self._remove_node)
        doc.nodeChanged.connect(self._node_changed)
        doc.nodeRenamed.connect(self._node_renamed)
        doc.edgeAdded.connect(self._add_edge)
        doc.edgeRemoved.connect(self._remove_edge)
        doc.edgeChanged.connect(self._edge_changed)
        self.groups = GroupLayer(self)  # Region and account boxes (designer/canvas/groups.py)
        self.rebuild()

    # --- mirroring ----------------------------------------------------------------------
    def rebuild(self) -> None:
        """Recreate every item from the model."""
        self._cancel_interactions()
        self.clear()
        if hasattr(self, "groups"):
            self.groups.forget()
        self.node_items.clear()
        self.edge_items.clear()
        self._building = True
        try:
            with labels_placed_together(self.edge_items.values, self.node_items.values):
                self._build_items()
        finally:
            self._building = False
        detailed = getattr(self, "_detailed", True)
        self._detailed = not detailed
        self.set_detail(detailed)  # new items take the current level of detail
        if hasattr(self, "groups"):
            self.groups.refresh()

    def _build_items(self) -> None:
        for node in self.doc.topology.nodes:
            self._add_node(node.id)
        for edge in self.doc.topology.edges:
            item = EdgeItem(edge.key, self.node_items[edge.source], self.node_items[edge.target])
            self.edge_items[edge.key] = item
            self.addItem(item)
            item.set_label(edge_label(edge, self.doc.topology), _edge_tooltip(edge))
        for node in self.doc.topology.nodes:
            self.node_items[node.id].refresh(node, self.doc.topology)

    def _add_node(self, node_id: str) -> None:
        node = self.doc.node(node_id)
        item = NodeItem(node, self.doc.topology)
        item.show_ports(getattr(self, "_detailed", True))
        if node.position is None:
            item.setPos(QPointF(len(self.node_items) * 30.0, len(self.node_items) * 30.0))
        self.node_items[node_id] = item
        self.addItem(item)

    def _remove_node(self, node_id: str) -> None:
        item = self.node_items.pop(node_id)
        self.removeItem(item)

    def _node_changed(self, node_id: str) -> None:
        self.node_items[node_id].refresh(self.doc.node(node_id), self.doc.topology)
        for edge in self.doc.topology.edges_from(node_id, "dead-letter"):
            self._refresh_edge(edge.key)  # labels show max_receive_count

    def _node_renamed(self, old: str, new: str) -> None:
        item = self.node_items.pop(old)
        self.node_items[new] = item
        item.refresh(self.doc.node(new), self.doc.topology)

    def _add_edge(self, key: EdgeKey) -> None:
        item = EdgeItem(key, self.node_items[key[0]], self.node_items[key[1]])
        if not getattr(self, "_detailed", True):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            item.label_item.hide()
        self.edge_items[key] = item
        self.addItem(item)
        self._refresh_edge(key)
        self._refresh_counts(key[0], key[1])

    def _remove_edge(self, key: EdgeKey) -> None:
        item = self.edge_items.pop(key)
        item.detach()
        self.removeItem(item)
        self._refresh_counts(key[0], key[1])

    def _edge_changed(self, old: EdgeKey, new: EdgeKey) -> None:
        item = self.edge_items.pop(old)
        item.key = new
        self.edge_items[new] = item
        self._refresh_edge(new)
        self._refresh_counts(new[0], new[1])

    def _refresh_edge(self, key: EdgeKey) -> None:
        edge = self.doc.edge(key)
        item = self.edge_items[key]
        item.set_label(edge_label(edge, self.doc.topology), _edge_tooltip(edge))

    def _refresh_counts(self, *node_ids: str) -> None:
        """Card texts that depend on edges: rule counts, a queue's DLQ line, a DLQ's source."""
        for node_id in node_ids:
            if node_id in self.node_items and self.doc.topology.has_node(node_id):
                self.node_items[node_id].refresh(self.doc.node(node_id), self.doc.topology)

    # --- selection ----------------------------------------------------------------------
    def selected_node_ids(self) -> list[str]:
        """Ids of the selected nodes, in model order."""
        chosen = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        return [n.id for n in self.doc.topology.nodes if n.id in chosen]

    def selected_edge_keys(self) -> list[EdgeKey]:
        """Keys of the selected edges, in model order."""
        chosen = {i.key for i in self.selectedItems() if isinstance(i, EdgeItem)}
        return [e.key for e in self.doc.topology.edges if e.key in chosen]

    def select(self, node_ids: list[str] = (), edge_keys: list[EdgeKey] = ()) -> None:  # type: ignore[assignment]
        """Select exactly these nodes and edges."""
        self.blockSignals(True)
        self.clearSelection()
        for node_id in node_ids:
            if node_id in self.node_items:
                self.node_items[node_id].setSelected(True)
        for key in edge_keys:
            if key in self.edge_items:
                self.edge_items[key].setSelected(True)
        self.blockSignals(False)
        self.selectionChanged.emit()

    # --- marks and hooks ----------------------------------------------------------------
    def show_issues(self, issues: list[Issue]) -> None:
        """Mark invalid or suspicious nodes and edges; clear the rest."""
        nodes: dict[str, list[Issue]] = {}
        edges: dict[EdgeKey, list[Issue]] = {}
        for issue in issues:
            if issue.node in self.node_items:
                nodes.setdefault(issue.node, []).append(issue)
            if issue.edge in self.edge_items:
                edges.setdefault(issue.edge, []).append(issue)
        for node_id, item in self.node_items.items():
            found = nodes.get(node_id, [])
            item.set_problems(_severity(found), [i.message for i in found])
        for key, edge_item in self.edge_items.items():
            found = edges.get(key, [])
            edge_item.set_problems(_severity(found), [i.message for i in found])

    def set_detail(self, detailed: bool) -> None:
        """Show ports only when cards are big enough to use them (saves paints far out)."""
        if detailed == getattr(self, "_detailed", True):
            return
        self._detailed = detailed
        for item in self.node_items.values():
            item.show_ports(detailed)
        # Far out, edges are small: cached bitmaps make panning cheap. Close up they are
        # long and cheap to stroke in part, so they are drawn directly.
        mode = (
            QGraphicsItem.CacheMode.NoCache
            if detailed
            else QGraphicsItem.CacheMode.DeviceCoordinateCache
        )
        for edge in self.edge_items.values():
            edge.setCacheMode(mode)
            edge.label_item.setVisible(detailed)  # too small to draw labels anyway

    def clear_overlays(self) -> None:
        """Remove every run overlay (badges, tints, highlights, widths)."""
        for item in self.node_items.values():
            item.set_overlay(None)
        for edge in self.edge_items.values():
            edge.set_highlight(False)
            edge.set_width(None)

    def items_rect(self) -> QRectF:
        """The area the nodes and edges cover."""
        return self.itemsBoundingRect()

    # --- mouse: connections and moves -----------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Start a connection on an output port; remember positions for a move."""
        if event.button() == Qt.MouseButton.LeftButton:
            port = next(
                (
                    i
                    for i in self.items(event.scenePos())
                    if isinstance(i, PortItem) and i.is_output
                ),
                None,
            )
            if port is not None:
                self._drag = ConnectionDrag(self, self.editor, port)
                self.message.emit(self._drag.move_to(event.scenePos()))
                event.accept()
                return
        super().mousePressEvent(event)
        self._press_positions = {
            i.node_id: i.pos() for i in self.selectedItems() if isinstance(i, NodeItem)
        }
        if self._press_positions:
            self.groups.freeze()  # boxes stay put while cards are dragged into them

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Follow a connection drag, or let Qt move the selection."""
        if self._drag is not None:
            text = self._drag.move_to(event.scenePos())
            self.message.emit(text)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Finish a connection (or refuse it with the reason), or record a move."""
        if self._drag is not None:
            drag, self._drag = self._drag, None
            ok, text = drag.finish(event.scenePos())
            if text:
                self.message.emit(text)
            if not ok and text and event.widget() is not None:
                QToolTip.showText(event.screenPos(), text, event.widget())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self._commit_move()

    def _commit_move(self) -> None:
        moved = {
            node_id: (item.pos().x(), item.pos().y())
            for node_id, item in self.node_items.items()
            if node_id in self._press_positions and item.pos() != self._press_positions[node_id]
        }
        self._press_positions = {}
        self.groups.commit_move(moved)  # a card dropped into another group joins it

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Double-click a card to open it (a workflow's state machine) or rename it in place."""
        item = self.itemAt(event.scenePos(), self.views()[0].transform()) if self.views() else None
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if isinstance(item, NodeItem):
            if self.activate is None or not self.activate(item.node_id):
                self.start_rename(item.node_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # --- inline rename ------------------------------------------------------------------
    def start_rename(self, node_id: str) -> None:
        """Show an in-place editor for the node's label."""
        self._cancel_interactions()
        item = self.node_items[node_id]
        self._rename = RenameBox(self, item, self.doc.node(node_id).label or node_id)
        self._rename.done.connect(self._finish_rename)

    def _finish_rename(self, node_id: str, text: str | None) -> None:
        self._rename = None
        if text is not None and node_id in self.node_items and text.strip():
            self.editor.set_label(node_id, text.strip())

    def _cancel_interactions(self) -> None:
        if self._drag is not None:
            self._drag.cancel()
            self._drag = None
        if self._rename is not None:
            self._rename.cancel()
            self._rename = None

    def snap(self, pos: QPointF) -> QPointF:
        """`pos` on the grid when snapping is on."""
        if not self.snap_to_grid:
            return pos
        return QPointF(round(pos.x() / GRID) * GRID, round(pos.y() / GRID) * GRID)

    @staticmethod
    def card_origin(centre: QPointF) -> QPointF:
        """The top-left corner of a card centred on `centre`."""
        return QPointF(centre.x() - WIDTH / 2, centre.y() - HEIGHT / 2)


def _severity(issues: list[Issue]) -> str | None:
    if not issues:
        return None
    return "error" if any(i.severity == "error" for i in issues) else "warning"


def _edge_tooltip(edge) -> str:
    import json

    lines = [f"<b>{edge.source} → {edge.target}</b> ({edge.kind})"]
    for key in ("pattern", "filter", "emits", "latency"):
        value = getattr(edge, key)
        if value is not None:
            lines.append(f"{key}: <code>{json.dumps(value)}</code>")
    return "<br>".join(lines)
