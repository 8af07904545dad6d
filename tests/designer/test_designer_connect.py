"""Connecting nodes by dragging from ports."""

from __future__ import annotations

from PySide6.QtCore import QPointF


def _three(ui):
    producer = ui.drop_kind("producer", QPointF(0, 0))
    queue = ui.drop_kind("queue", QPointF(300, 0))
    consumer = ui.drop_kind("consumer", QPointF(600, 0))
    return producer, queue, consumer


def test_drag_from_port_to_node_creates_edge(ui, window):
    """Dragging from a producer's port onto a queue adds a flow edge between them."""
    producer, queue, _ = _three(ui)
    message = ui.drag_connect(producer, queue)
    assert [e.key for e in window.doc.topology.edges] == [(producer, queue, "flow")]
    assert (producer, queue, "flow") in window.scene.edge_items
    assert "Connected" in message


def test_forbidden_connection_is_refused_with_reason(ui, window):
    """A queue cannot feed a producer: the drag adds nothing and says why."""
    producer, queue, _ = _three(ui)
    message = ui.drag_connect(queue, producer)
    assert window.doc.topology.edges == []
    assert "Cannot connect" in message and "producer cannot receive events" in message


def test_queue_to_queue_flow_is_refused(ui, window):
    """A flow edge from a queue may only reach a consumer; the reason names that rule."""
    queue = ui.drop_kind("queue", QPointF(0, 0))
    other = ui.drop_kind("queue", QPointF(300, 0))
    message = ui.drag_connect(queue, other)
    assert window.doc.topology.edges == []
    assert "delivers only to consumers" in message


def test_dead_letter_port_creates_dead_letter_edge(ui, window):
    """A queue's dead-letter port connects it to its dead-letter queue."""
    queue = ui.drop_kind("queue", QPointF(0, 0))
    dlq = ui.drop_kind("queue", QPointF(300, 120))
    ui.drag_connect(queue, dlq, "dead-letter")
    assert [e.key for e in window.doc.topology.edges] == [(queue, dlq, "dead-letter")]


def test_duplicate_connection_is_refused(ui, window):
    """The same edge twice is refused with a message."""
    producer, queue, _ = _three(ui)
    ui.drag_connect(producer, queue)
    message = ui.drag_connect(producer, queue)
    assert len(window.doc.topology.edges) == 1
    assert "exists already" in message


def test_connect_then_undo_removes_edge(ui, window):
    """A connection is one undo step."""
    producer, queue, _ = _three(ui)
    ui.drag_connect(producer, queue)
    window.doc.undo_stack.undo()
    assert window.doc.topology.edges == [] and not window.scene.edge_items
