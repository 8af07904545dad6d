"""The experiment chart: a metric against the (first) parameter with 95% interval bars, a
second metric on a right-hand axis (dashed), and the goal's answer and bound marked. A grid
sweep draws one series per combination of the other parameters, each in its own colour
and named in the legend."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

from simulator.experiments import Interval

FIRST, SECOND = "#1C7ED6", "#E8590C"
PALETTE = ("#1C7ED6", "#E8590C", "#2B8A3E", "#AE3EC9", "#F08C00", "#0C8599", "#C92A2A")
Rows = list[tuple[float, dict[str, Interval], int]]  # (x, metrics, the point's index)
Groups = list[tuple[str, Rows]]  # (legend label, or "" for a one-parameter sweep; rows)


def _arrays(rows: Rows, metric: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    kept = [(x, m[metric], i) for x, m, i in rows if metric in m and m[metric]["mean"] is not None]
    kept.sort(key=lambda k: k[0])
    xs = np.array([x for x, _, _ in kept], dtype=float)
    ys = np.array([v["mean"] for _, v, _ in kept], dtype=float)
    hs = np.array([v["half_width"] or 0.0 for _, v, _ in kept], dtype=float)
    return xs, ys, hs, [i for _, _, i in kept]


class ExperimentChart:
    """A pyqtgraph plot; `show(groups, path, metric, second, answer, bound)` redraws it;
    clicking a point calls `on_click(index)`."""

    def __init__(self, on_click: Callable[[int], None]) -> None:
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
        self.legend: pg.LegendItem | None = None

    def _sync_views(self) -> None:
        self.right.setGeometry(self.plot.vb.sceneBoundingRect())
        self.right.linkedViewChanged(self.plot.vb, self.right.XAxis)

    def clear(self) -> None:
        """Remove every curve, bar and marker."""
        self.plot.clear()
        self.right.clear()
        self.items = []
        if self.legend is not None:
            scene = self.legend.scene()
            if scene is not None:
                scene.removeItem(self.legend)
            self.plot.legend = None  # addLegend makes a new one
            self.legend = None

    def show(
        self,
        groups: Groups,
        path: str,
        metric: str,
        second: str | None = None,
        answer: float | None = None,
        bound: float | None = None,
    ) -> None:
        """Plot `metric` (left axis) and `second` (right axis, dashed) against the parameter,
        one series per group."""
        self.clear()
        single = len(groups) == 1 and not groups[0][0]
        if not single:
            self.legend = self.plot.addLegend(offset=(10, 10))
        self.plot.setLabel("bottom", path)
        self.plot.setLabel("left", metric if single else f"{metric} (solid)",
                           color=FIRST if single else None)  # fmt: skip
        for n, (label, rows) in enumerate(groups):
            color = FIRST if single else PALETTE[n % len(PALETTE)]
            self._series(self.plot, rows, metric, color, label)
            if second:
                dashed = SECOND if single else color
                self._series(self.right, rows, second, dashed, "", dash=not single)
        if second:
            self.plot.setLabel("right", second if single else f"{second} (dashed)",
                               color=SECOND if single else None)  # fmt: skip
        else:
            self.plot.setLabel("right", "")
        self.plot.getAxis("right").setStyle(showValues=bool(second))  # no numbers of nothing
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

    def _series(
        self, target: object, rows: Rows, metric: str, color: str, label: str, dash: bool = False
    ) -> None:
        xs, ys, hs, index = _arrays(rows, metric)
        if not len(xs):
            return
        bars = pg.ErrorBarItem(x=xs, y=ys, height=2 * hs, beam=0.0, pen=pg.mkPen(color))
        style = pg.QtCore.Qt.PenStyle.DashLine if dash else pg.QtCore.Qt.PenStyle.SolidLine
        curve = pg.PlotDataItem(xs, ys, pen=pg.mkPen(color, width=2, style=style), symbol="o",
                                symbolBrush=color, symbolSize=8, data=index,
                                name=label or None)  # fmt: skip
        curve.sigPointsClicked.connect(lambda _c, points, *_: self._clicked(points))
        for item in (bars, curve):
            target.addItem(item)  # type: ignore[attr-defined]
            self.items.append(item)

    def _clicked(self, points: list[object]) -> None:
        if len(points):
            self.on_click(int(points[0].data()))  # type: ignore[attr-defined]
