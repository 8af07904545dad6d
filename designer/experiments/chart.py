"""The experiment chart: a metric against the parameter with 95% interval bars, a second
metric on a right-hand axis, and the goal's answer and bound marked."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

from simulator.experiments import Interval

FIRST, SECOND = "#1C7ED6", "#E8590C"
Rows = list[tuple[float, dict[str, Interval]]]


def _arrays(rows: Rows, metric: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    kept = [(x, m[metric]) for x, m in rows if metric in m and m[metric]["mean"] is not None]
    xs = np.array([x for x, _ in kept], dtype=float)
    ys = np.array([v["mean"] for _, v in kept], dtype=float)
    hs = np.array([v["half_width"] or 0.0 for _, v in kept], dtype=float)
    return xs, ys, hs


class ExperimentChart:
    """A pyqtgraph plot; `show(rows, metric, second, answer, bound)` redraws it."""

    def __init__(self, on_click: Callable[[float], None]) -> None:
        self.widget = pg.PlotWidget(background="#FFFFFF")
        self.plot = self.widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.right = pg.ViewBox()
        self.plot.showAxis("right")
        self.plot.scene().addItem(self.right)
        self.plot.getAxis("right").linkToView(self.right)
        self.right.setXLink(self.plot)
        self.plot.vb.sigResized.connect(self._sync_views)
        self.on_click = on_click
        self.items: list[object] = []

    def _sync_views(self) -> None:
        self.right.setGeometry(self.plot.vb.sceneBoundingRect())
        self.right.linkedViewChanged(self.plot.vb, self.right.XAxis)

    def clear(self) -> None:
        """Remove every curve, bar and marker."""
        self.plot.clear()
        self.right.clear()
        self.items = []

    def show(
        self,
        rows: Rows,
        path: str,
        metric: str,
        second: str | None = None,
        answer: float | None = None,
        bound: float | None = None,
    ) -> None:
        """Plot `metric` (left axis) and `second` (right axis) against the parameter."""
        self.clear()
        self.plot.setLabel("bottom", path)
        self.plot.setLabel("left", metric, color=FIRST)
        self._series(self.plot, rows, metric, FIRST)
        if second:
            self.plot.setLabel("right", second, color=SECOND)
            self._series(self.right, rows, second, SECOND)
        else:
            self.plot.setLabel("right", "")
        if answer is not None:
            pen = pg.mkPen("#2B8A3E", width=2)
            label, where = f"answer {answer:g}", {"position": 0.9}
            line = pg.InfiniteLine(answer, angle=90, pen=pen, label=label, labelOpts=where)
            self.plot.addItem(line)
            self.items.append(line)
        if bound is not None:
            line = pg.InfiniteLine(
                bound, angle=0, pen=pg.mkPen("#C92A2A", style=pg.QtCore.Qt.PenStyle.DashLine)
            )
            self.plot.addItem(line)
            self.items.append(line)
        self._sync_views()

    def _series(self, target: object, rows: Rows, metric: str, color: str) -> None:
        xs, ys, hs = _arrays(rows, metric)
        if not len(xs):
            return
        order = np.argsort(xs)
        xs, ys, hs = xs[order], ys[order], hs[order]
        bars = pg.ErrorBarItem(x=xs, y=ys, height=2 * hs, beam=0.0, pen=pg.mkPen(color))
        curve = pg.PlotDataItem(xs, ys, pen=pg.mkPen(color, width=2), symbol="o",
                                symbolBrush=color, symbolSize=8)  # fmt: skip
        curve.sigPointsClicked.connect(lambda _c, points, *_: self._clicked(points))
        for item in (bars, curve):
            target.addItem(item)  # type: ignore[attr-defined]
            self.items.append(item)

    def _clicked(self, points: list[object]) -> None:
        if len(points):
            self.on_click(float(points[0].pos().x()))  # type: ignore[attr-defined]
