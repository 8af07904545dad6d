"""A compact chart legend above the plot: at most two rows, in as many columns as fit.

With many curves in a narrow dock a plain legend took half the chart (one name a row).
This one lays the names out in columns; when they do not fit in `max_rows` rows it
shortens them ("Onboarding w…"), and when even short names do not fit it shows the first
few and "+N more". The full names are in the legend's tooltip and in the chart's hover
read-out; clicking a name shows them all (one more click: compact again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetricsF

from designer import style

SWATCH_PX = 34  # the line sample and the gap before the name
MIN_TEXT_PX = 48  # names shorter than this say too little
ROW_PX = 13  # one legend line at 7.5 pt (rows overlap by the negative spacing)
EDGE_PX = 16  # the legend spans the chart's width (over the y axis too) but its margins


@dataclass(frozen=True)
class Layout:
    """How the names are laid out: columns, the width names are cut to (None: whole names)
    and how many entries are shown before "+N more"."""

    columns: int
    text_px: float | None
    shown: int


def plan(widths: list[float], room: float, max_rows: int) -> Layout:
    """The layout of names `widths` (pixels) in `room` pixels, in at most `max_rows` rows."""
    count = len(widths)
    if not count:
        return Layout(1, None, 0)
    widest = max(widths) + SWATCH_PX
    columns = max(1, min(count, int(room // widest)))
    if -(-count // columns) <= max_rows:
        return Layout(columns, None, count)
    columns = -(-count // max_rows)
    text_px = room / columns - SWATCH_PX
    if text_px >= MIN_TEXT_PX:
        return Layout(columns, float(int(text_px // 4) * 4), count)
    columns = max(1, int(room // (MIN_TEXT_PX + SWATCH_PX)))
    cells = columns * max_rows
    return Layout(columns, float(MIN_TEXT_PX), count if count <= cells else max(1, cells - 1))


class CompactLegend:
    """The legend of one plot item, in its layout's top row (where a title would be)."""

    def __init__(self, plot: pg.PlotItem, points: float = 7.5, max_rows: int = 2) -> None:
        self.plot = plot
        self.points = points
        self.max_rows = max_rows
        self.entries: list[tuple[pg.GraphicsObject, str]] = []
        self.layout: Layout | None = None
        self.item: pg.LegendItem | None = None
        self.expanded = False  # every name whole, in as many rows as they need
        self._width = 0.0
        plot.layout.removeItem(plot.titleLabel)
        plot.titleLabel.hide()
        self._rebuild(Layout(1, None, 0))

    @property
    def labels(self) -> list[str]:
        """The names shown now (shortened ones included, "+N more" last if there)."""
        if self.item is None:
            return []
        return [label.text for _sample, label in self.item.items]

    def set_entries(self, entries: list[tuple[pg.GraphicsObject, str]]) -> None:
        """Show these (curve, name) pairs."""
        self.entries = list(entries)
        self.layout = None  # force a rebuild
        self.fit(self._width)

    def add(self, curve: pg.GraphicsObject, name: str) -> None:
        """One more curve."""
        self.set_entries([*self.entries, (curve, name)])

    def fit(self, width: float) -> None:
        """Lay the names out for a chart `width` pixels wide."""
        self._width = width
        metrics = QFontMetricsF(style.font(self.points))
        widths = [metrics.horizontalAdvance(name) for _curve, name in self.entries]
        rows = len(widths) if self.expanded else self.max_rows
        layout = plan(widths, max(60.0, width - EDGE_PX), max(1, rows))
        if layout != self.layout:
            self._rebuild(layout)

    def _rebuild(self, layout: Layout) -> None:
        """A fresh pyqtgraph legend (its relayout keeps old cells when columns change)."""
        plot = self.plot
        if self.item is not None:
            plot.layout.removeItem(self.item)
            if self.item.scene() is not None:
                self.item.scene().removeItem(self.item)
        self.layout = layout
        self.item = _Legend(
            self.toggle,
            offset=None, colCount=layout.columns, labelTextSize=f"{self.points}pt",
            frame=False, horSpacing=10, verSpacing=-7, labelTextColor=style.TEXT,
        )  # fmt: skip
        plot.layout.addItem(self.item, 0, 0, 1, 3)  # above the y axis and the plot
        shown = self.entries[: layout.shown]
        for (curve, _name), text in zip(shown, self._texts(layout), strict=True):
            self.item.addItem(curve, text)
        hidden = len(self.entries) - layout.shown
        if hidden > 0:
            self.item.addItem(pg.PlotDataItem(pen=None), f"+{hidden} more")
        names = "\n".join(name for _curve, name in self.entries)
        shortened = hidden > 0 or layout.text_px is not None
        if shortened or self.expanded:
            names += "\n(click: " + ("compact" if self.expanded else "all names") + ")"
        self.item.setToolTip(names)
        rows = -(-min(len(self.entries), layout.shown + (hidden > 0)) // layout.columns)
        height = rows * ROW_PX + 6 if rows else 4
        plot.layout.setRowMaximumHeight(0, height)
        plot.layout.setRowPreferredHeight(0, height)

    def _texts(self, layout: Layout) -> list[str]:
        """The names shown: whole, or cut at the end ("Onboarding w…"), or in the middle
        when cutting the end makes two alike ("Push…cold starts", "Push…pollers")."""
        names = [name for _curve, name in self.entries[: layout.shown]]
        if layout.text_px is None:
            return names
        metrics = QFontMetricsF(style.font(self.points))
        for mode in (Qt.TextElideMode.ElideRight, Qt.TextElideMode.ElideMiddle):
            texts = [metrics.elidedText(name, mode, layout.text_px) for name in names]
            if len(set(texts)) == len(texts):
                break
        return texts

    def toggle(self) -> None:
        """Show every name whole, or compact again."""
        self.expanded = not self.expanded
        self.layout = None
        self.fit(self._width)


class _Legend(pg.LegendItem):
    """A pyqtgraph legend that reports a click on its names (clicks on a line sample still
    hide or show that curve)."""

    def __init__(self, on_click: Callable[[], None], **options: object) -> None:
        super().__init__(**options)
        self.on_click = on_click

    def mouseClickEvent(self, event: object) -> None:
        """A left click: toggle between compact and whole names."""
        button = getattr(event, "button", None)
        if button is not None and button() == Qt.MouseButton.LeftButton:
            event.accept()  # type: ignore[attr-defined]
            QTimer.singleShot(0, self.on_click)  # not while this item handles the event


class OnResize(QObject):
    """Calls `callback` whenever the watched widget is resized (and `on_palette`, if given,
    when its palette changes: a theme switch; `on_leave` when the mouse leaves it)."""

    def __init__(
        self,
        callback: Callable[[], None],
        parent: QObject,
        on_palette: Callable[[], None] | None = None,
        on_leave: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.callback = callback
        self.on_palette = on_palette
        self.on_leave = on_leave

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Pass every event on; note resizes, palette changes and the mouse leaving."""
        if event.type() == QEvent.Type.Resize:
            self.callback()
        elif event.type() == QEvent.Type.PaletteChange and self.on_palette is not None:
            QTimer.singleShot(0, self, self.on_palette)  # after the palette has spread
        elif event.type() == QEvent.Type.Leave and self.on_leave is not None:
            self.on_leave()
        return False
