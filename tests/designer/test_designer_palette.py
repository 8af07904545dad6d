"""Palette drops and the main window's panels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF

from simulator.model import KINDS


@pytest.mark.parametrize("kind", list(KINDS))
def test_drop_from_palette_creates_node_where_dropped(ui, window, kind):
    """Dropping a palette kind on the canvas adds a node of that kind under the cursor."""
    point = QPointF(300, 200)
    node_id = ui.drop_kind(kind, point)
    node = window.doc.node(node_id)
    assert node.kind == kind
    item = window.scene.node_items[node_id]
    assert item.sceneBoundingRect().contains(point)
    assert (item.pos().x(), item.pos().y()) == node.position
    assert window.scene.selected_node_ids() == [node_id]


def test_palette_lists_every_registered_kind(window):
    """The palette is built from the kind registry, one entry per kind."""
    kinds = [
        window.kind_palette.kind_of(window.kind_palette.item(i))
        for i in range(window.kind_palette.count())
    ]
    assert kinds == list(KINDS)


def test_double_click_in_palette_adds_node_in_view_centre(window):
    """Activating a palette entry adds that kind in the middle of the visible canvas."""
    node_id = window.add_node_at_centre("topic")
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert (
        window.scene.node_items[node_id]
        .sceneBoundingRect()
        .adjusted(-20, -20, 20, 20)
        .contains(centre)
    )


def test_first_launch_opens_ecommerce_example(window):
    """With no FILE and no history, start() shows the e-commerce example."""
    window.start(None)
    assert window.doc.topology.name == "E-commerce orders"
    assert window.doc.path is None and not window.doc.is_dirty
