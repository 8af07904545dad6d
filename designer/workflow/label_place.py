"""Places transition labels where they hide no state, no other label and, if possible, no
other line (Qt-free). A label sits beside a vertical run of its own line: near the target
first, then near the source, then anywhere along the way."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from designer.workflow.diagram_layout import Layout

Rect = tuple[float, float, float, float]  # x, y, w, h
LABEL_H = 15.0
CHAR_W = 5.9
MAX_W = 170.0
HEAD = 30.0  # a block's title strip (labels may lie over a block's body, not its title)


def label_width(text: str) -> float:
    """The width a label of `text` takes on the diagram (an estimate the view keeps to)."""
    return min(MAX_W, len(text) * CHAR_W + 10)


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _crosses(rect: Rect, p: tuple[float, float], q: tuple[float, float]) -> bool:
    x, y, w, h = rect
    low_x, high_x = min(p[0], q[0]), max(p[0], q[0])
    low_y, high_y = min(p[1], q[1]), max(p[1], q[1])
    return low_x <= x + w and x <= high_x and low_y <= y + h and y <= high_y


def _candidates(points: list[tuple[float, float]], w: float) -> list[tuple[float, float]]:
    runs = [(a, b) for a, b in pairwise(points) if abs(a[0] - b[0]) < 0.01]
    runs = [(a, b) for a, b in runs if abs(b[1] - a[1]) >= LABEL_H + 6]
    ordered = runs[-1:] + runs[:1] + runs[1:-1]
    spots = []
    for a, b in ordered:
        top, bottom = min(a[1], b[1]), max(a[1], b[1])
        for y in (top + 3, bottom - LABEL_H - 3, (top + bottom - LABEL_H) / 2):
            spots += [(a[0] + 4, y), (a[0] - 4 - w, y)]
    return spots


def place_labels(result: Layout) -> None:
    """Set `label_at` (top-left corner) of every labelled link of `result`."""
    obstacles: list[Rect] = []
    for box in result.boxes.values():
        obstacles.append((box.x, box.y, box.w, HEAD if box.block else box.h))
    taken: list[Rect] = []
    for link in result.links:
        if not link.label or len(link.points) < 2:
            continue
        w = label_width(link.label)
        others = [
            (p, q) for other in result.links if other is not link for p, q in pairwise(other.points)
        ]
        free = []
        for x, y in _candidates(link.points, w):
            rect = (x, y, w, LABEL_H)
            if any(_overlaps(rect, o) for o in obstacles + taken):
                continue
            free.append((sum(_crosses(rect, p, q) for p, q in others), rect))
        if free:
            rect = min(free, key=lambda item: item[0])[1]
        else:
            x, y = link.points[-2] if len(link.points) > 2 else link.points[0]
            rect = (x + 4, y + 2, w, LABEL_H)
        link.label_at = (rect[0], rect[1])
        taken.append(rect)
