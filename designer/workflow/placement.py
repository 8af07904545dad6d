"""Layered top-to-bottom placement of boxes and orthogonal routing of the links between them.

Qt-free and independent of ASL: a Graph of sized boxes and directed segments in, top-left
positions and polylines out. Steps: break loops with a depth-first walk from the roots;
rank by longest path; put a thin stand-in box on every row a long link crosses; order each
row by the mean position of its neighbours (ties keep the walk's order, so a Choice's
branches stay in rule order); place each row as close as possible to where its parents
want it without overlaps (isotonic regression); route links through the gaps between rows,
loops on a lane beside the rows they climb.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

Point = tuple[float, float]
GAP_X = 34.0
GAP_Y = 58.0
THIN = 8.0  # width of the stand-in box a long link passes through
LANE = 16.0


@dataclass(frozen=True)
class Segment:
    """A directed link `ident` from box `source` to box `target`."""

    ident: int
    source: str
    target: str


@dataclass
class Graph:
    """Boxes (key -> width, height) and the segments between them."""

    sizes: dict[str, tuple[float, float]]
    segments: list[Segment] = field(default_factory=list)

    def add(self, segment: Segment) -> None:
        """Add a link."""
        self.segments.append(segment)


@dataclass
class Placement:
    """Top-left corner per box, polyline per segment ident, idents of links that loop back."""

    positions: dict[str, Point]
    routes: dict[int, list[Point]]
    back: set[int]


def place(graph: Graph, roots: list[str]) -> Placement:
    """Positions and routes for `graph`; `roots` first in the walk (then every other box)."""
    walk, back = _walk(graph, roots)
    rank = _ranks(graph, walk, back)
    rows = _Rows(graph, rank, walk, back)
    rows.order()
    rows.assign_x()
    rows.assign_y()
    return Placement(rows.positions(), rows.route(), {s.ident for s in back})


def _walk(graph: Graph, roots: list[str]) -> tuple[list[str], set[Segment]]:
    """Boxes in depth-first order and the segments that close a loop."""
    out: dict[str, list[Segment]] = {k: [] for k in graph.sizes}
    for seg in graph.segments:
        out[seg.source].append(seg)
    seen: dict[str, int] = {}  # 1 on the stack, 2 done
    order: list[str] = []
    back: set[Segment] = set()
    for root in [*roots, *graph.sizes]:
        if root in seen:
            continue
        seen[root] = 1
        order.append(root)
        stack = [(root, iter(out[root]))]
        while stack:
            node, edges = stack[-1]
            for seg in edges:
                state = seen.get(seg.target)
                if state == 1:
                    back.add(seg)
                elif state is None:
                    seen[seg.target] = 1
                    order.append(seg.target)
                    stack.append((seg.target, iter(out[seg.target])))
                    break
            else:
                seen[node] = 2
                stack.pop()
    return order, back


def _ranks(graph: Graph, walk: list[str], back: set[Segment]) -> dict[str, int]:
    """Longest path from a root over the segments that do not loop."""
    forward: dict[str, list[Segment]] = {k: [] for k in graph.sizes}
    incoming = {k: 0 for k in graph.sizes}
    for seg in graph.segments:
        if seg not in back:
            forward[seg.source].append(seg)
            incoming[seg.target] += 1
    rank = {k: 0 for k in graph.sizes}
    ready = [k for k in walk if incoming[k] == 0]
    while ready:
        node = ready.pop(0)
        for seg in forward[node]:
            rank[seg.target] = max(rank[seg.target], rank[node] + 1)
            incoming[seg.target] -= 1
            if incoming[seg.target] == 0:
                ready.append(seg.target)
    return rank


def _isotonic(desired: list[float], gaps: list[float]) -> list[float]:
    """Positions closest to `desired` (least squares) keeping x[i+1] - x[i] >= gaps[i]."""
    if not desired:
        return []
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[list[float]] = []  # [sum, count]
    for d, o in zip(desired, offsets, strict=True):
        blocks.append([d - o, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    values: list[float] = []
    for total, count in blocks:
        values.extend([total / count] * int(count))
    return [v + o for v, o in zip(values, offsets, strict=True)]


class _Rows:
    """Boxes and stand-ins by row; x are centres, y are row tops."""

    def __init__(
        self, graph: Graph, rank: dict[str, int], walk: list[str], back: set[Segment]
    ) -> None:
        self.sizes = dict(graph.sizes)
        self.rank = dict(rank)
        self.back = [s for s in graph.segments if s in back]
        self.chains: dict[int, list[str]] = {}  # forward segment -> boxes it passes
        for seg in graph.segments:
            if seg in back:
                continue
            chain = [seg.source]
            for r in range(rank[seg.source] + 1, rank[seg.target]):
                thin = f"\x00{seg.ident}.{r}"
                self.sizes[thin] = (THIN, 0.0)
                self.rank[thin] = r
                chain.append(thin)
            self.chains[seg.ident] = [*chain, seg.target]
        depth = max(self.rank.values(), default=0) + 1
        position = {k: i for i, k in enumerate(walk)}
        self.rows: list[list[str]] = [[] for _ in range(depth)]
        for key in sorted(self.sizes, key=lambda k: (position.get(k, len(walk)), k)):
            self.rows[self.rank[key]].append(key)
        self.up: dict[str, list[tuple[str, float]]] = {k: [] for k in self.sizes}
        self.down: dict[str, list[str]] = {k: [] for k in self.sizes}
        for chain in self.chains.values():
            for a, b in itertools.pairwise(chain):
                self.down[a].append(b)
        for a, children in self.down.items():
            for i, b in enumerate(children):
                self.up[b].append((a, (i + 1) / (len(children) + 1) - 0.5))
        self.x: dict[str, float] = {}
        self.top: list[float] = []
        self.height: list[float] = []

    def order(self) -> None:
        """Sort each row by the mean place of its parents (a few sweeps down)."""
        for _ in range(3):
            for r in range(1, len(self.rows)):
                place = {k: i for i, k in enumerate(self.rows[r - 1])}
                row = self.rows[r]

                def centre(key: str, i: int, place: dict[str, int] = place) -> float:
                    ups = [place[a] + bias for a, bias in self.up[key] if a in place]
                    return sum(ups) / len(ups) if ups else float(i)

                keyed = [(centre(k, i), i, k) for i, k in enumerate(row)]
                self.rows[r] = [k for _, _, k in sorted(keyed)]

    def _gap(self, a: str, b: str) -> float:
        thin = self.sizes[a][1] == 0 or self.sizes[b][1] == 0
        return (self.sizes[a][0] + self.sizes[b][0]) / 2 + (GAP_X / 3 if thin else GAP_X)

    def _settle(self, row: list[str], desired: list[float]) -> None:
        gaps = [self._gap(a, b) for a, b in itertools.pairwise(row)]
        for key, x in zip(row, _isotonic(desired, gaps), strict=True):
            self.x[key] = x

    def assign_x(self) -> None:
        """Centres: under the parents (children spread side by side), then parents centred."""
        for r, row in enumerate(self.rows):
            if r == 0:
                self._settle(row, [0.0] * len(row))
                continue
            wish: dict[str, list[float]] = {k: [] for k in row}
            for parent in self.rows[r - 1]:
                children = [c for c in self.down[parent] if c in wish]
                total = sum(self.sizes[c][0] for c in children) + GAP_X * (len(children) - 1)
                left = self.x[parent] - total / 2
                for child in children:
                    wish[child].append(left + self.sizes[child][0] / 2)
                    left += self.sizes[child][0] + GAP_X
            desired = [sum(wish[k]) / len(wish[k]) if wish[k] else 0.0 for k in row]
            self._settle(row, desired)
        for r in range(len(self.rows) - 2, -1, -1):
            row = self.rows[r]
            desired = []
            for key in row:
                below = [self.x[c] for c in self.down[key]]
                desired.append((min(below) + max(below)) / 2 if below else self.x[key])
            self._settle(row, desired)

    def assign_y(self) -> None:
        """Row tops: each row as tall as its tallest box, GAP_Y between rows."""
        y = 0.0
        for row in self.rows:
            self.top.append(y)
            self.height.append(max((self.sizes[k][1] for k in row), default=0.0))
            y += self.height[-1] + GAP_Y

    def positions(self) -> dict[str, Point]:
        """Top-left corners of the real boxes."""
        return {
            k: (self.x[k] - self.sizes[k][0] / 2, self.top[self.rank[k]])
            for k in self.sizes
            if not k.startswith("\x00")
        }

    def route(self) -> dict[int, list[Point]]:
        """A polyline per segment ident."""
        return _Router(self).routes()


class _Router:
    """Orthogonal polylines through the gaps between rows and the lanes beside them."""

    def __init__(self, rows: _Rows) -> None:
        self.rows = rows
        self.slots: dict[int, list[tuple[float, int, int]]] = {}  # gap -> (x, ident, hop)
        self.ports_out: dict[str, list[int]] = {}
        self.ports_in: dict[str, list[int]] = {}

    def _x(self, key: str) -> float:
        return self.rows.x[key]

    def _bottom(self, key: str) -> float:
        return self.rows.top[self.rows.rank[key]] + self.rows.sizes[key][1]

    def _port(self, key: str, ident: int, ports: dict[str, list[int]]) -> float:
        idents = ports.get(key, [ident])
        width = self.rows.sizes[key][0]
        i = idents.index(ident)
        return self._x(key) - width / 2 + width * (i + 1) / (len(idents) + 1)

    def routes(self) -> dict[int, list[Point]]:
        """Ports spread along box edges in the order the links leave, then the polylines."""
        rows = self.rows
        lanes = self._lanes()
        side = {ident: s for s, entries in lanes.items() for _, ident, _ in entries}
        out_key: dict[int, float] = {}
        in_key: dict[int, float] = {}
        for ident, chain in rows.chains.items():
            self.ports_out.setdefault(chain[0], []).append(ident)
            self.ports_in.setdefault(chain[-1], []).append(ident)
            out_key[ident], in_key[ident] = self._x(chain[1]), self._x(chain[-2])
            for hop, a in enumerate(chain[:-1]):
                self.slots.setdefault(rows.rank[a], []).append((self._x(a), ident, hop))
        for seg in rows.back:
            far = 1e9 if side[seg.ident] == "right" else -1e9
            self.ports_out.setdefault(seg.source, []).append(seg.ident)
            self.ports_in.setdefault(seg.target, []).append(seg.ident)
            out_key[seg.ident] = in_key[seg.ident] = far
        for idents in self.ports_out.values():
            idents.sort(key=lambda i: out_key[i])
        for idents in self.ports_in.values():
            idents.sort(key=lambda i: in_key[i])
        out = {ident: self._forward(ident, chain) for ident, chain in rows.chains.items()}
        out.update(self._loops(lanes))
        return out

    def _gap_y(self, r: int, ident: int, hop: int) -> float:
        """The height inside the gap below row r where this hop runs sideways."""
        entries = sorted(self.slots.get(r, []))
        top = self.rows.top[r] + self.rows.height[r]
        slot = entries.index(next(e for e in entries if e[1:] == (ident, hop)))
        return top + GAP_Y * (slot + 1) / (len(entries) + 1)

    def _forward(self, ident: int, chain: list[str]) -> list[Point]:
        rows = self.rows
        first, last = chain[0], chain[-1]
        x = self._port(first, ident, self.ports_out)
        points = [(x, self._bottom(first))]
        for hop, b in enumerate(chain[1:]):
            r = rows.rank[chain[hop]]
            y = self._gap_y(r, ident, hop)
            nx = self._port(last, ident, self.ports_in) if b == last else self._x(b)
            points += [(x, y), (nx, y)]
            x = nx
            row = rows.rank[b]
            points.append((x, rows.top[row] + (rows.height[row] if b != last else 0.0)))
        return _tidy(points)

    def _lanes(self) -> dict[str, list[tuple[float, int, int]]]:
        """Loops by side with the x of their lane (outermost for the longest)."""
        rows = self.rows
        sides: dict[str, list[tuple[float, int, int]]] = {"right": [], "left": []}
        for seg in sorted(rows.back, key=lambda s: rows.rank[s.source] - rows.rank[s.target]):
            low, high = rows.rank[seg.target], rows.rank[seg.source]
            spanned = [k for r in range(low, high + 1) for k in rows.rows[r]]
            right = max(self._x(k) + rows.sizes[k][0] / 2 for k in spanned)
            left = min(self._x(k) - rows.sizes[k][0] / 2 for k in spanned)
            go_right = right - self._x(seg.source) <= self._x(seg.source) - left
            side = "right" if go_right else "left"
            used = len(sides[side])
            lane = right + LANE * (used + 1) if go_right else left - LANE * (used + 1)
            sides[side].append((lane, seg.ident, high))
        return sides

    def _loops(self, lanes: dict[str, list[tuple[float, int, int]]]) -> dict[int, list[Point]]:
        rows = self.rows
        by_ident = {s.ident: s for s in rows.back}
        out: dict[int, list[Point]] = {}
        for entries in lanes.values():
            for lane, ident, _high in entries:
                seg = by_ident[ident]
                ra, rb = rows.rank[seg.source], rows.rank[seg.target]
                sx = self._port(seg.source, ident, self.ports_out)
                tx = self._port(seg.target, ident, self.ports_in)
                below = rows.top[ra] + rows.height[ra] + GAP_Y * 0.15
                above = rows.top[rb] - GAP_Y * 0.22
                out[ident] = _tidy(
                    [
                        (sx, self._bottom(seg.source)),
                        (sx, below),
                        (lane, below),
                        (lane, above),
                        (tx, above),
                        (tx, rows.top[rb]),
                    ]
                )
        return out


def _tidy(points: list[Point]) -> list[Point]:
    """Drop repeated points and middle points of straight runs."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 0.01 and abs(out[-1][1] - p[1]) < 0.01:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (abs(ax - bx) < 0.01 and abs(bx - p[0]) < 0.01) or (
                abs(ay - by) < 0.01 and abs(by - p[1]) < 0.01
            ):
                out[-1] = p
                continue
        out.append(p)
    return out
