"""Arrange the selection: arrow-key nudges, align and distribute (each one undo step)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from designer.canvas.node_item import GRID, HEIGHT, WIDTH
from designer.commands import NudgeCommand

if TYPE_CHECKING:
    from designer.main_window import MainWindow

Position = tuple[float, float]
ALIGNS = {
    "left": "Align &Left",
    "centre": "Align &Centre",
    "right": "Align &Right",
    "top": "Align &Top",
    "middle": "Align &Middle",
    "bottom": "Align &Bottom",
}
DISTRIBUTE = {"horizontal": "Distribute &Horizontally", "vertical": "Distribute &Vertically"}


def _positions(window: MainWindow) -> dict[str, Position]:
    doc = window.doc
    return {
        node_id: doc.node(node_id).position or (0.0, 0.0)
        for node_id in window.scene.selected_node_ids()
    }


def nudge(window: MainWindow, dx: int, dy: int, big: bool = False) -> bool:
    """Move the selected nodes by one grid step (ten with `big`); False when none."""
    positions = _positions(window)
    if not positions:
        return False
    step = GRID * (10 if big else 1)
    after = {n: (x + dx * step, y + dy * step) for n, (x, y) in positions.items()}
    window.doc.push(NudgeCommand(window.doc, dict(positions), after, time.monotonic()))
    return True


def aligned(positions: dict[str, Position], how: str) -> dict[str, Position]:
    """New positions with the cards' edges or centres lined up."""
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    target = {
        "left": min(xs),
        "right": max(xs),
        "centre": (min(xs) + max(xs)) / 2,
        "top": min(ys),
        "bottom": max(ys),
        "middle": (min(ys) + max(ys)) / 2,
    }[how]
    if how in ("left", "centre", "right"):
        return {n: (target, y) for n, (_x, y) in positions.items()}
    return {n: (x, target) for n, (x, _y) in positions.items()}


def distributed(positions: dict[str, Position], axis: str) -> dict[str, Position]:
    """New positions with equal gaps between the cards along `axis` (ends stay put)."""
    index = 0 if axis == "horizontal" else 1
    size = WIDTH if index == 0 else HEIGHT
    order = sorted(positions, key=lambda n: positions[n][index])
    first, last = positions[order[0]][index], positions[order[-1]][index]
    gap = (last - first - size * (len(order) - 1)) / (len(order) - 1)
    moved = {}
    for rank, node_id in enumerate(order):
        x, y = positions[node_id]
        value = first + rank * (size + gap)
        moved[node_id] = (value, y) if index == 0 else (x, value)
    return moved


def align(window: MainWindow, how: str) -> None:
    """Align the selection (two nodes at least) as one undo step."""
    positions = _positions(window)
    if len(positions) < 2:
        window.statusBar().showMessage("Select two nodes or more to align them", 4000)
        return
    window.editor.move(aligned(positions, how), f"Align {how}")


def distribute(window: MainWindow, axis: str) -> None:
    """Space the selection (three nodes at least) evenly as one undo step."""
    positions = _positions(window)
    if len(positions) < 3:
        window.statusBar().showMessage("Select three nodes or more to distribute them", 4000)
        return
    window.editor.move(distributed(positions, axis), f"Distribute {axis}ly")
