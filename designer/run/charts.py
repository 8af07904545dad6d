"""Live charts: latency, queue depth, throughput, failures, consumers and the selected node.

Each chart is a pyqtgraph plot whose curves `setData` on views of the run's growing numpy
buffers (clip-to-view and peak downsampling on), with a legend, a hover read-out, shaded
spike and fault windows and a cursor line for scrubbing a finished run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from designer import style
from designer.run.history import RunRecord, SeriesBuffer
from designer.run.legend import CompactLegend, OnResize
from designer.run.windows import Window

PALETTE = (
    "#1C7ED6", "#E8590C", "#2B8A3E", "#AE3EC9", "#C92A2A",
    "#0B7285", "#F59F00", "#5C7CFA", "#862E9C", "#495057",
)  # fmt: skip
SHADES = {
    "spike": (245, 159, 0, 40),
    "outage": (224, 49, 49, 55),
    "slowdown": (240, 140, 0, 45),
    "errors": (224, 49, 49, 35),
    "throttle": (16, 152, 173, 50),  # intervals in which a consumer was throttled
}
OUTCOME_COLORS = {
    "failed tries": "#F08C00",
    "retries": "#5F3DC4",
    "failed": "#C92A2A",
    "dead_lettered": "#862E9C",
    "throttled": "#1098AD",
    "expired": "#495057",
    "rejected": "#E64980",
    "denied": "#D9480F",  # refused by a resource policy (issue 16)
}

LEGEND_POINTS = 7.5

Values = Callable[[SeriesBuffer], np.ndarray]


@dataclass(frozen=True)
class Line:
    """One curve: a label, a colour and how to get its values from the series."""

    label: str
    values: Values
    color: str
    dashed: bool = False
    width: float = 2.0
    dotted: bool = False


def column(name: str) -> Values:
    """Values of one series column."""
    return lambda series: series.column(name)


def positive(name: str) -> Values:
    """Values of one series column, with zeros (nothing measured) as gaps."""

    def values(series: SeriesBuffer) -> np.ndarray:
        data = series.column(name)
        return np.where(data > 0, data, np.nan)

    return values


def total(names: list[str]) -> Values:
    """The sum of several series columns."""
    return lambda series: sum((series.column(n) for n in names), np.zeros(series.rows))


def node_color(record: RunRecord, node_id: str) -> str:
    """A stable colour per node (its position in the file)."""
    ids = record.node_ids()
    return PALETTE[ids.index(node_id) % len(PALETTE)] if node_id in ids else PALETTE[-1]


def title_of(record: RunRecord, node_id: str) -> str:
    """The node's label, or its id."""
    try:
        return record.topology.node(node_id).title
    except KeyError:
        return node_id


class LogAxis(pg.AxisItem):
    """A logarithmic axis labelled in plain numbers at 1, 2 and 5 times powers of ten only
    (pyqtgraph labels every minor tick, which overlap on a short plot)."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Labels for tick values given as log10."""
        labels = []
        for value in values:
            number = 10.0**value * scale
            mantissa = round(number / 10.0 ** np.floor(np.log10(number)), 6) if number > 0 else 0
            labels.append(f"{number:g}" if mantissa in (1.0, 2.0, 5.0) else "")
        return labels


class Chart:
    """A pyqtgraph plot of some series columns of one run."""

    def __init__(self, key: str, title: str, units: str, log_y: bool = False) -> None:
        self.key = key
        self.title = title
        self.on_title: Callable[[str], None] | None = None
        self.bold = True
        self.log_y = log_y
        self._top = 0.0  # the y range's top (charts of counts)
        axes = {"left": LogAxis(orientation="left")} if log_y else None
        self.widget = pg.PlotWidget(background=style.CHART_BG, axisItems=axes)
        self.plot = self.widget.getPlotItem()
        if log_y:
            self.plot.setLogMode(y=True)
        self.lines: list[Line] = []
        self.curves: list[pg.PlotDataItem] = []
        self.shading = Shading()
        self.plot.addItem(self.shading, ignoreBounds=True)
        self._style(units)
        self.legend_box = CompactLegend(self.plot, LEGEND_POINTS)
        self.cursor = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(style.TEXT, width=1.5))
        self.cursor.setZValue(20)
        self.cursor.hide()
        self.plot.addItem(self.cursor, ignoreBounds=True)
        self.readout = Readout(self)
        self.series: SeriesBuffer | None = None
        box = self.plot.getViewBox()
        self.note = pg.TextItem(anchor=(0.5, 0.5), color=style.TEXT_MUTED)
        self.note.setFont(style.font(9))
        self.note.setParentItem(box)
        box.sigResized.connect(self._place_note)
        self._resize_watch = OnResize(
            self.fit_legend, self.widget, self.recolour, on_leave=self.readout.hide
        )
        self.widget.installEventFilter(self._resize_watch)

    @property
    def legend(self) -> pg.LegendItem | None:
        """The pyqtgraph legend shown now (the compact legend makes it afresh)."""
        return self.legend_box.item

    def fit_legend(self) -> None:
        """Lay the legend out for the chart's width (columns, short names, "+N more")."""
        self.legend_box.fit(self.widget.width())

    def set_title(self, title: str) -> None:
        """Change the chart's title (shown by the dock; used when exporting)."""
        self.title = title
        if self.on_title is not None:
            self.on_title(title)

    def set_note(self, text: str) -> None:
        """A grey message in the middle of the plot ("" hides it)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self._place_note()

    def _place_note(self) -> None:
        rect = self.plot.getViewBox().boundingRect()
        self.note.setPos(rect.center())

    def _style(self, units: str) -> None:
        plot = self.plot
        plot.setClipToView(True)
        plot.setDownsampling(auto=True, mode="peak")
        plot.showGrid(x=True, y=True, alpha=0.2)
        plot.setMenuEnabled(True)
        for axis in ("left", "bottom"):
            item = plot.getAxis(axis)
            item.setTextPen(style.TEXT_MUTED)
            item.setPen(style.NODE_BORDER)
            item.setStyle(tickFont=style.font(8))
            item.enableAutoSIPrefix(False)
        muted = {"color": style.TEXT_MUTED, "font-size": "8pt"}
        plot.setLabel("left", units, **muted)
        plot.setLabel("bottom", "simulated time (s)", **muted)
        plot.getViewBox().setMouseEnabled(x=True, y=False)
        self.widget.setMinimumSize(180, 150)  # the plot stays readable under its legend

    def bind(
        self, series: SeriesBuffer | None, lines: list[Line], windows: list[Window], end: float
    ) -> None:
        """Show `lines` of `series`; shade `windows`; x runs from 0 to `end`. The curves of
        the same lines (another run of the same design) are kept: making them is slow."""
        self.series = series
        self.readout.hide()  # its figures were another run's
        if [line.label for line in lines] == [line.label for line in self.lines]:
            self.lines = list(lines)
            for line, curve in zip(self.lines, self.curves, strict=True):
                curve.setPen(self._pen(line))
        else:
            self._drop_lines()
            for line in lines:
                self.add_line(line)
        self._shade(windows)
        self.plot.setXRange(0, end, padding=0.01)
        self._top = 0.0  # this run's y range starts afresh
        self.plot.enableAutoRange(axis="y", enable=self.log_y)
        if series is None or not lines:  # nothing to show: no range left from a run
            self.plot.setYRange(0.0, 1.0, padding=0.0)
        self.refresh()

    def _drop_lines(self) -> None:
        for curve in self.curves:
            self.plot.removeItem(curve)
        self.lines, self.curves = [], []
        self.legend_box.set_entries([])

    def add_line(self, line: Line) -> None:
        """Add one curve (e.g. a consumer's backlog once it appears)."""
        curve = self.plot.plot([], [], pen=self._pen(line))
        self.lines.append(line)
        self.curves.append(curve)
        self.legend_box.add(curve, line.label)
        self.fit_legend()

    def _pen(self, line: Line) -> QPen:
        style_ = Qt.PenStyle.DashLine if line.dashed else Qt.PenStyle.SolidLine
        if line.dotted:
            style_ = Qt.PenStyle.DotLine
        width = line.width if self.bold else 1.0
        return pg.mkPen(readable(line.color), width=width, style=style_)

    def recolour(self) -> None:
        """The theme changed: pens that would vanish on the new background follow it."""
        if self.widget.getPlotItem() is None:  # closed
            return
        for line, curve in zip(self.lines, self.curves, strict=True):
            curve.setPen(self._pen(line))  # legend samples paint with their curve's pen
        self.cursor.setPen(pg.mkPen(style.TEXT, width=1.5))  # black vanished on dark

    def set_bold(self, bold: bool) -> None:
        """Thick lines for a finished run; hairlines while streaming (much cheaper to paint)."""
        if bold != self.bold:
            self.bold = bold
            for line, curve in zip(self.lines, self.curves, strict=True):
                curve.setPen(self._pen(line))

    def has_line(self, label: str) -> bool:
        """True when a curve called `label` is shown."""
        return any(line.label == label for line in self.lines)

    def _shade(self, windows: list[Window]) -> None:
        self.shading.set_windows(windows)

    def shade(self, windows: list[Window]) -> None:
        """Shade these windows instead (no repaint when they are the same)."""
        if windows != self.shading.windows:
            self.shading.set_windows(windows)

    def refresh(self) -> None:
        """Redraw every curve from the buffers."""
        if self.series is None:
            return
        t = self.series.t
        top = 0.0
        for line, curve in zip(self.lines, self.curves, strict=True):
            values = line.values(self.series)
            curve.setData(t, values)
            if len(values):
                top = max(top, float(np.nanmax(values, initial=0.0)))
        if not self.log_y:
            self._fit_counts(top)

    def _fit_counts(self, top: float) -> None:
        """Counts start at zero; the top follows this run's largest value (an all-zero
        series gets 0..1, not -0.4..0.4)."""
        top = top * 1.08 if top > 0 else 1.0
        if abs(top - self._top) > 1e-9:
            self._top = top
            self.plot.setYRange(0.0, top, padding=0.0)

    def set_cursor(self, t: float | None) -> None:
        """Show the scrub cursor at `t` (None hides it)."""
        if t is None:
            self.cursor.hide()
        else:
            self.cursor.setValue(t)
            self.cursor.show()

    def values_at(self, row: int) -> list[tuple[Line, float]]:
        """Each curve's value at row `row`."""
        if self.series is None or not 0 <= row < self.series.rows:
            return []
        return [(line, float(line.values(self.series)[row])) for line in self.lines]


def readable(color: str) -> QColor:
    """`color`, lightened on a dark chart background when it is too dark to see there
    (the grey "produced" line)."""
    colour = QColor(color)
    if QColor(style.CHART_BG).lightness() < 100 and colour.lightness() < 110:
        return colour.lighter(190)
    return colour


class Shading(pg.GraphicsObject):
    """Spike and fault windows as light bands across the whole height, in one item
    (one paint call for all of them: cheaper than a LinearRegionItem each)."""

    def __init__(self) -> None:
        super().__init__()
        self.windows: list[Window] = []
        self.setZValue(-10)

    def set_windows(self, windows: list[Window]) -> None:
        """Shade these windows."""
        self.prepareGeometryChange()
        self.windows = list(windows)
        self.setToolTip("\n".join(sorted({w.label for w in windows})))
        self.update()

    def viewRangeChanged(self) -> None:
        """The y range changed: the bands still span the full height."""
        self.prepareGeometryChange()

    def boundingRect(self) -> QRectF:
        """From the first window's start to the last's end, over the visible height."""
        if not self.windows:
            return QRectF()
        view = self.viewRect()
        if view is None:
            return QRectF()
        x0 = min(w.start for w in self.windows)
        x1 = max(w.end for w in self.windows)
        return QRectF(x0, view.top(), x1 - x0, view.height())

    def paint(self, painter: QPainter, *args: object) -> None:
        """One translucent band per window."""
        view = self.viewRect()
        if view is None:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        for window in self.windows:
            painter.setBrush(pg.mkBrush(*SHADES.get(window.kind, SHADES["errors"])))
            painter.drawRect(
                QRectF(window.start, view.top(), window.end - window.start, view.height())
            )


class Readout:
    """A hover read-out: a dotted line at the mouse and every curve's value there."""

    def __init__(self, chart: Chart) -> None:
        self.chart = chart
        self.line = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen("#868E96", style=Qt.PenStyle.DotLine)
        )
        self.text = pg.TextItem(anchor=(0, 0), fill=pg.mkBrush(255, 255, 255, 225))
        self.text.setZValue(30)
        for item in (self.line, self.text):
            item.hide()
            chart.plot.addItem(item, ignoreBounds=True)
        chart.plot.scene().sigMouseMoved.connect(self.hover)

    def hover(self, pos: QPointF) -> None:
        """Follow the mouse (scene position)."""
        chart = self.chart
        box = chart.plot.getViewBox()
        if chart.series is None or not box.sceneBoundingRect().contains(pos):
            self.hide()
            return
        point = box.mapSceneToView(pos)
        row = chart.series.row_at(point.x())
        values = chart.values_at(row)
        if not values:
            self.hide()
            return
        t = float(chart.series.t[row])
        rows = [f"<b>t = {t:g} s</b>"] + [
            f"<span style='color:{line.color}'>■</span> {line.label}: {_fmt(value)}"
            for line, value in values
        ]
        self.text.setColor(style.TEXT)  # the theme's, on the chart's own background
        background = QColor(style.CHART_BG)
        background.setAlpha(230)
        self.text.fill = pg.mkBrush(background)
        self.text.setHtml(f"<div style='font-size:8pt'>{'<br>'.join(rows)}</div>")
        (x0, x1), (_, y1) = box.viewRange()
        self.text.setAnchor((1, 0) if point.x() > (x0 + x1) / 2 else (0, 0))
        self.text.setPos(t, y1)
        self.line.setValue(t)
        self.line.show()
        self.text.show()

    def hide(self) -> None:
        """Hide the read-out."""
        self.line.hide()
        self.text.hide()


def _fmt(value: float) -> str:
    if np.isnan(value):
        return "–"
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"
