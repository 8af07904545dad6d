"""The trade-off chart: what each sweep point costs against how fast it is.

One point per sweep point at (cost metric, latency metric) with its 95% intervals both
ways, labelled with its parameter values (the title names the parameters); the points no
other point beats on both cost and latency (the frontier) are joined by a line. Hovering
a point shows its figures in a tool tip; clicking it calls `on_click(index)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg

from simulator.experiments import Interval

POINT, FRONTIER, SELECTED = "#1C7ED6", "#2B8A3E", "#E8590C"
Points = list[tuple[dict[str, Any], dict[str, Interval]]]  # (what was set, metrics)


def short_names(paths: list[str]) -> dict[str, str]:
    """`node.param` shown as `param` unless two paths would read the same."""
    tails = [p.split(".", 1)[-1] for p in paths]
    return {p: t if tails.count(t) == 1 else p for p, t in zip(paths, tails, strict=True)}


def label_of(settings: dict[str, Any], names: dict[str, str]) -> str:
    """`concurrency=4, memory_mb=512`."""
    return ", ".join(f"{names.get(p, p)}={v:g}" for p, v in settings.items())


def values_of(settings: dict[str, Any]) -> str:
    """`4, 512`: a point's label on the chart (the title names the parameters)."""
    return ", ".join(f"{v:g}" for v in settings.values())


def unit_of(metric: str) -> str:
    """The axis caption of a metric: latencies and waits in seconds."""
    seconds = metric.startswith("latency") or metric.endswith(("wait_mean", "time_mean"))
    return f"{metric} (s)" if seconds else metric


def frontier(xs: np.ndarray, ys: np.ndarray) -> list[int]:
    """Indices of the points no other point beats on both x and y, by rising x."""
    order = sorted(range(len(xs)), key=lambda i: (xs[i], ys[i]))
    kept: list[int] = []
    for i in order:
        if not kept or ys[i] < ys[kept[-1]]:
            kept.append(i)
    return kept


def figures(settings: dict[str, Any], metrics: dict[str, Interval], keys: list[str]) -> str:
    """The point's settings and the chosen metrics, mean ± half-width, one per line."""
    lines = [", ".join(f"{p} = {v:g}" for p, v in settings.items())]
    for key in keys:
        value = metrics.get(key)
        if value is not None and value["mean"] is not None:
            half = value["half_width"]
            lines.append(f"{key}: {value['mean']:.4g}" + (f" ± {half:.2g}" if half else ""))
    return "\n".join(lines)


class TradeoffChart:
    """A pyqtgraph plot; `show(points, cost, metric)` redraws it."""

    def __init__(self, on_click: Callable[[int], None]) -> None:
        self.widget = pg.PlotWidget(background="#FFFFFF")
        self.plot = self.widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.on_click = on_click
        self.items: list[object] = []
        self.labels: list[pg.TextItem] = []
        self.scatter: pg.ScatterPlotItem | None = None
        self.marker: pg.ScatterPlotItem | None = None
        self.shown: list[int] = []  # the point index of each plotted spot
        self._tips: dict[int, str] = {}

    def clear(self) -> None:
        """Remove every point, bar, label and line."""
        self.plot.clear()
        self.items, self.labels, self.shown, self.scatter = [], [], [], None
        self.marker = None
        self._tips = {}

    def show(self, points: Points, cost: str, metric: str) -> None:
        """Plot `metric` (y) against `cost` (x) for every point that has both."""
        self.clear()
        self.plot.setLabel("bottom", f"{cost} (USD)")
        self.plot.setLabel("left", unit_of(metric))
        kept = [
            (i, s, m[cost], m[metric])
            for i, (s, m) in enumerate(points)
            if m.get(cost, {}).get("mean") is not None and m.get(metric, {}).get("mean") is not None
        ]
        if not kept:
            return
        self.shown = [i for i, *_ in kept]
        xs = np.array([c["mean"] for *_, c, _ in kept], dtype=float)
        ys = np.array([y["mean"] for *_, y in kept], dtype=float)
        xh = np.array([c["half_width"] or 0.0 for *_, c, _ in kept], dtype=float)
        yh = np.array([y["half_width"] or 0.0 for *_, y in kept], dtype=float)
        bars = pg.ErrorBarItem(x=xs, y=ys, width=2 * xh, height=2 * yh, beam=0.0,
                               pen=pg.mkPen(POINT))  # fmt: skip
        self._add(bars)
        best = frontier(xs, ys)
        if len(best) > 1:
            pen = pg.mkPen(FRONTIER, width=2, style=pg.QtCore.Qt.PenStyle.DashLine)
            self._add(pg.PlotDataItem(xs[best], ys[best], pen=pen, name="frontier"))
        names = short_names(list(kept[0][1]))
        self.plot.setTitle("points labelled " + ", ".join(names.values()), size="9pt")
        self._tips = {i: figures(s, points[i][1], [cost, metric]) for i, s, *_ in kept}
        self.scatter = pg.ScatterPlotItem(
            x=xs, y=ys, data=self.shown, size=10, brush=pg.mkBrush(POINT), pen=pg.mkPen("w"),
            hoverable=True, hoverSize=14, tip=self._tip,
        )  # fmt: skip
        self.scatter.sigClicked.connect(lambda _s, spots, *_: self._clicked(spots))
        self._add(self.scatter)
        rank = {i: r for r, i in enumerate(np.argsort(xs, kind="stable"))}
        for n, ((_i, settings, *_), x, y) in enumerate(zip(kept, xs, ys, strict=True)):
            below = rank[n] % 2  # neighbours in cost alternate above and below their point
            text = pg.TextItem(values_of(settings), color="#343A40", anchor=(0, 0 if below else 1))
            text.setPos(float(x), float(y))
            self.labels.append(text)
            self._add(text)
        self.marker = pg.ScatterPlotItem(size=20, pen=pg.mkPen(SELECTED, width=3), brush=None)
        self._add(self.marker)
        self._pad(xs - xh, xs + xh, ys - yh, ys + yh)

    def select(self, index: int) -> None:
        """Ring the spot of point `index` (nothing when it is not plotted)."""
        if self.marker is None or self.scatter is None:
            return
        spots = [s for s in self.scatter.points() if int(s.data()) == index]
        where = [{"pos": (s.pos().x(), s.pos().y())} for s in spots]
        self.marker.setData(where)

    def _pad(self, x0: np.ndarray, x1: np.ndarray, y0: np.ndarray, y1: np.ndarray) -> None:
        """Room for the points, their bars and labels (more on the right, where labels run)."""
        lo, hi = float(x0.min()), float(x1.max())
        bottom, top = float(y0.min()), float(y1.max())
        dx = hi - lo or abs(hi) or 1.0
        dy = top - bottom or abs(top) or 1.0
        self.plot.getViewBox().setRange(
            xRange=(lo - 0.05 * dx, hi + 0.15 * dx),
            yRange=(bottom - 0.08 * dy, top + 0.08 * dy),
            padding=0,
        )

    def _add(self, item: Any) -> None:
        self.plot.addItem(item)
        self.items.append(item)

    def _tip(self, x: float, y: float, data: Any) -> str:
        return self._tips.get(int(data), f"{x:.4g}, {y:.4g}")

    def _clicked(self, spots: Any) -> None:
        if len(spots):
            self.on_click(int(spots[0].data()))
