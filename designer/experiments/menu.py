"""The inspector's right-click entries on a numeric parameter: Sweep this… / Find…

The inspector's node form calls `attach(label, node_id, path)` for each number (and
`attach_field` for its value field, whose edit menu gains the entries); the panel
(`install`) registers what the entries do with `set_handler`. Without a handler (no panel)
nothing is attached.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget

from designer.experiments.spec import GOAL, SWEEP

Handler = Callable[[str, str, str], None]  # (kind, node id, path within the node)
_handlers: list[Handler] = []
SWEEP_TEXT = "Sweep this…"
GOAL_TEXT = "Find the smallest value so that…"


def set_handler(handler: Handler | None) -> None:
    """What the entries do (None: no entries)."""
    _handlers[:] = [handler] if handler else []


def menu_for(node_id: str, path: str, parent: QWidget | None = None) -> QMenu:
    """The context menu of parameter `path` of node `node_id`."""
    menu = QMenu(parent)
    for text, kind in ((SWEEP_TEXT, SWEEP), (GOAL_TEXT, GOAL)):
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False, k=kind: _run(k, node_id, path))
    return menu


def field_menu(line: QLineEdit, node_id: str, path: str) -> QMenu:
    """The value field's own edit menu (Undo, Copy, Paste…) with the two entries below."""
    menu = line.createStandardContextMenu()
    menu.addSeparator()
    for text, kind in ((SWEEP_TEXT, SWEEP), (GOAL_TEXT, GOAL)):
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False, k=kind: _run(k, node_id, path))
    return menu


def attach_field(line: QLineEdit, node_id: Callable[[], str], path: str) -> None:
    """Give a value field the entries too, under its edit menu (a right-click on the
    number itself, not only on its label)."""
    if not _handlers:
        return
    line.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(at: QPoint) -> None:
        menu = field_menu(line, node_id(), path)
        menu.exec(line.mapToGlobal(at))
        menu.deleteLater()

    line.customContextMenuRequested.connect(show)


def _run(kind: str, node_id: str, path: str) -> None:
    if _handlers:
        _handlers[0](kind, node_id, path)


def attach(widget: QWidget, node_id: Callable[[], str], path: str) -> None:
    """Give `widget` the right-click menu (node_id() is read when the menu opens)."""
    if not _handlers:
        return
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(at: QPoint) -> None:
        menu_for(node_id(), path, widget).exec(widget.mapToGlobal(at))

    widget.customContextMenuRequested.connect(show)
