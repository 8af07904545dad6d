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


class _Grid:
    """Rectangles (and segments as thin rectangles) bucketed by bands of height, so a label
    is tested against what lies near it only."""

    BAND = 80.0

    def __init__(self) -> None:
        self.bands: dict[int, list[tuple[Rect, int]]] = {}

    def add(self, rect: Rect, owner: int = -1) -> None:
        for band in range(int(rect[1] // self.BAND), int((rect[1] + rect[3]) // self.BAND) + 1):
            self.bands.setdefault(band, []).append((rect, owner))

    def near(self, rect: Rect) -> list[tuple[Rect, int]]:
        first, last = int(rect[1] // self.BAND), int((rect[1] + rect[3]) // self.BAND)
        return [item for band in range(first, last + 1) for item in self.bands.get(band, [])]


def _segment_rect(p: tuple[float, float], q: tuple[float, float]) -> Rect:
    x, y = min(p[0], q[0]), min(p[1], q[1])
    return (x, y, max(p[0], q[0]) - x, max(p[1], q[1]) - y)


def _touches(a: Rect, b: Rect) -> bool:
    return (
        a[0] <= b[0] + b[2] and b[0] <= a[0] + a[2] and a[1] <= b[1] + b[3] and b[1] <= a[1] + a[3]
    )


def place_labels(result: Layout) -> None:
    """Set `label_at` (top-left corner) of every labelled link of `result`."""
    solid = _Grid()  # states (a block's title strip only) and placed labels
    for box in result.boxes.values():
        solid.add((box.x, box.y, box.w, HEAD if box.block else box.h))
    lines = _Grid()
    for index, link in enumerate(result.links):
        for p, q in pairwise(link.points):
            lines.add(_segment_rect(p, q), index)
    for index, link in enumerate(result.links):
        if not link.label or len(link.points) < 2:
            continue
        w = label_width(link.label)
        best: tuple[int, Rect] | None = None
        for x, y in _candidates(link.points, w):
            rect = (x, y, w, LABEL_H)
            if any(_overlaps(rect, other) for other, _ in solid.near(rect)):
                continue
            crossings = sum(
                1 for seg, owner in lines.near(rect) if owner != index and _touches(rect, seg)
            )
            if best is None or crossings < best[0]:
                best = (crossings, rect)
            if crossings == 0:
                break
        if best is not None:
            rect = best[1]
        else:
            x, y = link.points[-2] if len(link.points) > 2 else link.points[0]
            rect = (x + 4, y + 2, w, LABEL_H)
        link.label_at = (rect[0], rect[1])
        solid.add(rect)
