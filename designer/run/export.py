"""Export results: summary JSON, time series CSV and traces JSONL (written by the engine's
own `run --out` writer, so the files match the CLI's), and charts as PNG or SVG."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from designer import style
from designer.run.charts import Chart
from designer.run.history import RunRecord
from designer.run.results import summary_of
from simulator.engine import write_out

FILES = {
    "summary": ("summary.json", "Summary JSON (*.json)"),
    "series": ("timeseries.csv", "Time series CSV (*.csv)"),
    "traces": ("traces.jsonl", "Traces JSONL (*.jsonl)"),
}
CHART_FILTER = "PNG image (*.png);;SVG drawing (*.svg)"


def suggested_name(record: RunRecord, what: str) -> str:
    """A file name such as `E-commerce-orders-run2-timeseries.csv`."""
    stem = "-".join(record.topology.name.split()) or "run"
    name = FILES[what][0] if what in FILES else f"{what}.png"
    return f"{stem}-run{record.number}-{name}"


def export_result(record: RunRecord, what: str, path: Path) -> Path:
    """Write the run's summary, series or traces to `path` (as `eventscape-sim run --out`)."""
    if record.result is None:
        raise ValueError(f"{record.label} has no results")
    path = Path(path)
    if what == "summary" and len(record.results()) > 1:
        data, _ = summary_of(record)  # means with 95% intervals, as with --replications
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return path
    with tempfile.TemporaryDirectory() as tmp:
        written = {p.name: p for p in write_out(record.result, Path(tmp))}
        shutil.copyfile(written[FILES[what][0]], path)
    return path


def export_chart(chart: Chart, path: Path, scale: float = 1.0) -> Path:
    """Save a chart as SVG (by suffix) or as a PNG image (EXPORT_SIZE times `scale`), with
    its title above the plot, its legend and its axis labels."""
    path = Path(path)
    old_size = chart.widget.size()
    chart.widget.resize(*EXPORT_SIZE)  # laid out at a page's size: texts keep their size
    try:
        if path.suffix.lower() == ".svg":
            _render_svg(chart, path)
        else:
            if path.suffix.lower() != ".png":
                path = path.with_suffix(".png")
            _render_png(chart, path, scale)
    finally:
        chart.widget.resize(old_size)
    if not path.exists():  # the image writer reports nothing when it cannot write
        raise OSError(f"cannot write {path}")
    return path


EXPORT_SIZE = (960, 540)  # the chart's size in an exported image (pixels at scale 1)
TITLE_BAND = 30.0  # chart units above the plot for the title
TITLE_POINTS = 12


def _paint_chart(painter: QPainter, chart: Chart, width: float, height: float) -> None:
    """The chart's background (the theme's), its title, then the plot (axes, labels, legend,
    curves): the title reads in the dark theme too."""
    painter.fillRect(QRectF(0, 0, width, height), QColor(style.CHART_BG))
    painter.setPen(QColor(style.TEXT))
    painter.setFont(style.font(TITLE_POINTS, bold=True))
    band = QRectF(10, 0, width - 20, TITLE_BAND)
    painter.drawText(band, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, chart.title)
    source = chart.plot.sceneBoundingRect()
    target = QRectF(0, TITLE_BAND, width, height - TITLE_BAND)
    chart.plot.scene().render(painter, target, source)


def _render_png(chart: Chart, path: Path, scale: float) -> None:
    source = chart.plot.sceneBoundingRect()
    width, height = source.width(), source.height() + TITLE_BAND
    image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor(style.CHART_BG))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    _paint_chart(painter, chart, width, height)
    painter.end()
    image.save(str(path), "PNG")  # type: ignore[call-overload]  # stubs say bytes


def _render_svg(chart: Chart, path: Path) -> None:
    """Draw the chart straight into an SVG file (Qt's own generator)."""
    source = chart.plot.sceneBoundingRect()
    width, height = source.width(), source.height() + TITLE_BAND
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(int(width), int(height)))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(chart.title)
    painter = QPainter(generator)
    _paint_chart(painter, chart, width, height)
    painter.end()
