"""The trade-off chart: what each sweep point costs against how fast it is.

One point per sweep point at (cost metric, latency metric) with its 95% intervals both
ways, labelled with its parameter values; the points no other point beats on both cost
and latency (the frontier) are joined by a line. Hovering a point shows its figures in a
tool tip; clicking it calls `on_click(index)` with the point's index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg

from simulator.experiments import Interval

POINT, FRONTIER = "#1C7ED6", "#2B8A3E"
Points = list[tuple[dict[str, Any], dict[str, Interval]]]  # (what was set, metrics)


def short_names(paths: list[str]) -> dict[str, str]:
    """`node.param` shown as `param` unless two paths would read the same."""
    tails = [p.split(".", 1)[-1] for p in paths]
    return {p: t if tails.count(t) == 1 else p for p, t in zip(paths, tails, strict=True)}


def label_of(settings: dict[str, Any], names: dict[str, str]) -> str:
    """`concurrency=4, memory_mb=512`."""
    return ", ".join(f"{names.get(p, p)}={v:g}" for p, v in settings.items())


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
        self.shown: list[int] = []  # the point index of each plotted spot
        self._tips: dict[int, str] = {}

    def clear(self) -> None:
        """Remove every point, bar, label and line."""
        self.plot.clear()
        self.items, self.labels, self.shown, self.scatter = [], [], [], None
        self._tips = {}

    def show(self, points: Points, cost: str, metric: str) -> None:
        """Plot `metric` (y) against `cost` (x) for every point that has both."""
        self.clear()
        self.plot.setLabel("bottom", f"{cost} (USD)")
        self.plot.setLabel("left", metric)
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
        self._tips = {i: figures(s, points[i][1], [cost, metric]) for i, s, *_ in kept}
        self.scatter = pg.ScatterPlotItem(
            x=xs, y=ys, data=self.shown, size=10, brush=pg.mkBrush(POINT), pen=pg.mkPen("w"),
            hoverable=True, hoverSize=14, tip=self._tip,
        )  # fmt: skip
        self.scatter.sigClicked.connect(lambda _s, spots, *_: self._clicked(spots))
        self._add(self.scatter)
        for (_i, settings, *_), x, y in zip(kept, xs, ys, strict=True):
            text = pg.TextItem(label_of(settings, names), color="#343A40", anchor=(0, 1))
            text.setPos(float(x), float(y))
            self.labels.append(text)
            self._add(text)

    def _add(self, item: Any) -> None:
        self.plot.addItem(item)
        self.items.append(item)

    def _tip(self, x: float, y: float, data: Any) -> str:
        return self._tips.get(int(data), f"{x:.4g}, {y:.4g}")

    def _clicked(self, spots: Any) -> None:
        if len(spots):
            self.on_click(int(spots[0].data()))
