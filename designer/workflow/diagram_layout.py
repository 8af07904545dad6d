"""Lay out an ASL state machine top to bottom: boxes for states, polylines for transitions.

Qt-free. States are ranked by the longest path from StartAt (loops broken where a depth-
first walk meets them), ordered in each row to keep branches in rule order and apart, and
placed as close as possible under the states they come from. Parallel and Map states are
blocks holding their branches (or item processor) laid out the same way. Transitions run
through the gaps between rows; loops go back up on a lane beside the rows they span. Any
document is laid out, however broken: a Next naming no state points at a red `Missing` box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from designer.workflow import asl_labels
from designer.workflow.label_place import place_labels
from designer.workflow.placement import Graph, Segment, place

Point = tuple[float, float]
START, END = "⟨start⟩", "⟨end⟩"
BOX_H = 52.0
FIGURES_H = 18.0  # the line of run figures under a state's detail (tall layouts only)
MIN_W, MAX_W = 150.0, 250.0
TALL_MIN_W = 220.0  # room for "1,234 in · 12 failed · 40 retries"
CHAR_W = 7.4
PAD = 14.0  # inside a block, around its frames
HEAD = 30.0  # a block's title strip
FRAME_HEAD = 22.0  # a frame's label strip
FRAME_PAD = 16.0  # room for a retry loop beside a state
BRANCH_GAP = 16.0
MARGIN = 24.0


@dataclass
class Box:
    """One state (or the Start/End marks, or a missing target) at its place."""

    key: str  # unique in the layout: the state's name, qualified if it repeats
    name: str
    type: str  # an ASL Type, or Start, End, Missing, Invalid
    detail: str = ""
    path: tuple[Any, ...] = ()  # where the state sits in the document
    x: float = 0.0
    y: float = 0.0
    w: float = MIN_W
    h: float = BOX_H
    depth: int = 0
    retry: str = ""  # badge, e.g. "↻ 3"
    retry_tip: str = ""

    block: bool = False  # a Parallel or Map drawn around its branches' frames


@dataclass
class Frame:
    """A Parallel branch or a Map's item processor, drawn inside its state's block."""

    label: str
    x: float
    y: float
    w: float
    h: float
    depth: int


@dataclass
class Link:
    """A transition: next, choice, default, catch, start or end; `back` when it loops up."""

    source: str
    target: str
    kind: str
    label: str
    points: list[Point] = field(default_factory=list)
    back: bool = False
    tip: str = ""  # the full label (a label may be shortened)
    label_at: Point | None = None  # top-left corner of the label


@dataclass
class Layout:
    """Everything the diagram draws, in one coordinate space."""

    boxes: dict[str, Box] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0

    def shift(self, dx: float, dy: float) -> None:
        """Move every item by (dx, dy)."""
        for box in self.boxes.values():
            box.x += dx
            box.y += dy
        for frame in self.frames:
            frame.x += dx
            frame.y += dy
        for link in self.links:
            link.points = [(x + dx, y + dy) for x, y in link.points]

    def state_boxes(self) -> list[Box]:
        """The boxes that stand for states of the document (not marks, not missing)."""
        return [b for b in self.boxes.values() if b.path]


def layout(definition: Any, tall: bool = False) -> Layout:
    """The diagram of an ASL document, top-left at (MARGIN, MARGIN); `tall` leaves room
    for a line of run figures in every state."""
    result = _Region(definition, (), 0, set(), top=True, tall=tall).run()
    result.shift(MARGIN - _min_x(result), MARGIN - _min_y(result))
    result.width = _max_x(result) + MARGIN
    result.height = _max_y(result) + MARGIN
    place_labels(result)
    return result


def box_width(name: str, detail: str) -> float:
    """A width that fits the name (bold) and the detail line, within limits."""
    chars = max(len(name) * 1.1, len(detail))
    return max(MIN_W, min(MAX_W, chars * CHAR_W + 36))


class _Region:
    """One StartAt/States scope: the machine itself, a Parallel branch, a Map processor."""

    def __init__(
        self, doc: Any, path: tuple, depth: int, used: set[str], top: bool, tall: bool
    ) -> None:
        self.box_h = BOX_H + FIGURES_H if tall else BOX_H
        self.tall = tall
        self.doc = doc if isinstance(doc, dict) else {}
        states = self.doc.get("States")
        self.states: dict[str, Any] = states if isinstance(states, dict) else {}
        self.path = path
        self.depth = depth
        self.used = used
        self.top = top
        self.keys: dict[str, str] = {}
        self.boxes: dict[str, Box] = {}
        self.inner: dict[str, list[tuple[Frame, Layout]]] = {}
        self.links: list[Link] = []

    def run(self) -> Layout:
        """Make the boxes, the links, place them and route the links."""
        for name, state in self.states.items():
            self._add_state(str(name), state)
        self._add_links()
        graph = Graph({k: (b.w, b.h) for k, b in self.boxes.items()})
        for index, link in enumerate(self.links):
            graph.add(Segment(index, link.source, link.target))
        roots = [START] if self.top else []
        start = self.doc.get("StartAt")
        if isinstance(start, str) and start in self.keys:
            roots.append(self.keys[start])
        placed = place(graph, roots + list(self.boxes))
        result = Layout()
        for key, box in self.boxes.items():
            box.x, box.y = placed.positions[key]
            result.boxes[key] = box
        for index, link in enumerate(self.links):
            link.points = placed.routes[index]
            link.back = index in placed.back
            result.links.append(link)
        for key, frames in self.inner.items():
            self._fit_frames(self.boxes[key], frames, result)
        return result

    # --- boxes ---------------------------------------------------------------------------
    def _key(self, name: str) -> str:
        key, n = name, 1
        while key in self.used:
            n += 1
            key = f"{name} ({n})"
        self.used.add(key)
        return key

    def _add_state(self, name: str, state: Any) -> None:
        key = self._key(name)
        self.keys[name] = key
        path = (*self.path, "States", name)
        if not isinstance(state, dict):
            box = Box(key, name, "Invalid", "not an object", path, h=self.box_h, depth=self.depth)
            box.w = box_width(name, box.detail)
            self.boxes[key] = box
            return
        kind = str(state.get("Type", "?"))
        detail = asl_labels.state_detail(state)
        box = Box(key, name, kind, detail, path, h=self.box_h, depth=self.depth)
        box.w = max(box_width(name, detail), TALL_MIN_W if self.tall else MIN_W)
        box.retry = asl_labels.retry_badge(state.get("Retry"))
        box.retry_tip = asl_labels.retry_text(state.get("Retry"))
        self.boxes[key] = box
        regions = _sub_regions(state, path)
        if regions:
            self._make_block(box, regions)

    def _make_block(self, box: Box, regions: list[tuple[str, Any, tuple]]) -> None:
        frames = []
        for label, doc, path in regions:
            inner = _Region(doc, path, self.depth + 1, self.used, False, self.tall).run()
            _normalise(inner)
            frame = Frame(
                label,
                0.0,
                0.0,
                inner.width + 2 * FRAME_PAD,
                inner.height + FRAME_HEAD + FRAME_PAD,
                self.depth + 1,
            )
            frames.append((frame, inner))
        content = sum(f.w for f, _ in frames) + BRANCH_GAP * (len(frames) - 1)
        box.w = max(box.w, content + 2 * PAD)
        box.h = HEAD + max(f.h for f, _ in frames) + PAD
        box.block = True
        self.inner[box.key] = frames

    def _fit_frames(self, box: Box, frames: list[tuple[Frame, Layout]], out: Layout) -> None:
        content = sum(f.w for f, _ in frames) + BRANCH_GAP * (len(frames) - 1)
        x = box.x + (box.w - content) / 2
        for frame, inner in frames:
            frame.x, frame.y = x, box.y + HEAD
            inner.shift(frame.x + FRAME_PAD, frame.y + FRAME_HEAD)
            out.frames.append(frame)
            out.frames.extend(inner.frames)
            out.boxes.update(inner.boxes)
            out.links.extend(inner.links)
            x += frame.w + BRANCH_GAP

    def _target(self, name: Any) -> str:
        """The key of the state called `name`, adding a Missing box when there is none."""
        text = str(name)
        if text not in self.keys:
            key = self._key("?" + text)
            self.keys[text] = key
            box = Box(key, text, "Missing", "no such state", (), h=self.box_h, depth=self.depth)
            box.w = box_width(text, box.detail)
            self.boxes[key] = box
        return self.keys[text]

    # --- links ---------------------------------------------------------------------------
    def _add_links(self) -> None:
        if self.top:
            self.boxes[START] = Box(START, "Start", "Start", w=76, h=28, depth=self.depth)
        start = self.doc.get("StartAt")
        if self.top and start is not None:
            self.links.append(Link(START, self._target(start), "start", ""))
        ends = []
        for name, state in list(self.states.items()):
            key = self.keys[str(name)]
            if not isinstance(state, dict):
                continue
            for target, kind, label, tip in _merged(_transitions(state)):
                self.links.append(Link(key, self._target(target), kind, label, tip=tip))
            if _terminal(state):
                ends.append(key)
        if self.top:
            self.boxes[END] = Box(END, "End", "End", w=76, h=28, depth=self.depth)
            self.links.extend(Link(key, END, "end", "") for key in ends)


def _transitions(state: dict[str, Any]) -> list[tuple[Any, str, str]]:
    """(target, kind, label) of every way out of `state`, in the document's order."""
    out: list[tuple[Any, str, str]] = []
    if state.get("Type") == "Choice":
        rules = state.get("Choices")
        for rule in rules if isinstance(rules, list) else []:
            if isinstance(rule, dict) and "Next" in rule:
                out.append((rule["Next"], "choice", asl_labels.rule_text(rule)))
        if "Default" in state:
            out.append((state["Default"], "default", "default"))
    elif "Next" in state:
        out.append((state["Next"], "next", ""))
    catchers = state.get("Catch")
    for rule in catchers if isinstance(catchers, list) else []:
        if isinstance(rule, dict) and "Next" in rule:
            out.append((rule["Next"], "catch", asl_labels.errors_text(rule)))
    return out


def _merged(ways: list[tuple[Any, str, str]]) -> list[tuple[Any, str, str, str]]:
    """One link per target and kind: rules (or catchers) sharing a target join their labels
    with `or` (full text in the tip)."""
    order: list[tuple[str, str]] = []
    labels: dict[tuple[str, str], list[str]] = {}
    targets: dict[tuple[str, str], Any] = {}
    for target, kind, label in ways:
        key = (str(target), kind)
        if key not in labels:
            order.append(key)
            labels[key], targets[key] = [], target
        labels[key].append(label)
    out = []
    for key in order:
        parts = labels[key]
        if key[1] == "catch" and len(parts) > 1:
            parts = ["catch " + ", ".join(p.removeprefix("catch ") for p in parts)]
        tip = " or ".join(parts)
        out.append((targets[key], key[1], asl_labels.short(tip, asl_labels.MAX_RULE), tip))
    return out


def _terminal(state: dict[str, Any]) -> bool:
    return state.get("Type") in ("Succeed", "Fail") or state.get("End") is True


def _sub_regions(state: dict[str, Any], path: tuple) -> list[tuple[str, Any, tuple]]:
    """(frame label, document, path) of the branches of a Parallel or the processor of a Map."""
    if state.get("Type") == "Parallel":
        branches = state.get("Branches")
        if isinstance(branches, list) and branches:
            return [(f"Branch {i + 1}", b, (*path, "Branches", i)) for i, b in enumerate(branches)]
    if state.get("Type") == "Map":
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), dict):
                return [("Item processor", state[key], (*path, key))]
    return []


def _normalise(result: Layout) -> None:
    if not result.boxes:
        result.width, result.height = MIN_W, BOX_H
        return
    result.shift(-_min_x(result), -_min_y(result))
    result.width, result.height = _max_x(result), _max_y(result)


def _xs(result: Layout) -> list[float]:
    xs = [b.x for b in result.boxes.values()] + [b.x + b.w for b in result.boxes.values()]
    return xs + [x for link in result.links for x, _ in link.points]


def _ys(result: Layout) -> list[float]:
    ys = [b.y for b in result.boxes.values()] + [b.y + b.h for b in result.boxes.values()]
    return ys + [y for link in result.links for _, y in link.points]


def _min_x(result: Layout) -> float:
    return min(_xs(result), default=0.0)


def _max_x(result: Layout) -> float:
    return max(_xs(result), default=0.0)


def _min_y(result: Layout) -> float:
    return min(_ys(result), default=0.0)


def _max_y(result: Layout) -> float:
    return max(_ys(result), default=0.0)
