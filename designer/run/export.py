"""Export results: summary JSON, time series CSV and traces JSONL (written by the engine's
own `run --out` writer, so the files match the CLI's), and charts as PNG or SVG."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pyqtgraph.exporters as exporters
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator

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


def export_chart(chart: Chart, path: Path, scale: float = 2.0) -> Path:
    """Save a chart as SVG (by suffix) or as a PNG image at `scale` times its size."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        try:
            exporters.SVGExporter(chart.plot).export(str(path))
        except ValueError:  # pyqtgraph cannot parse the path syntax of newer Qt SVG output
            _render_svg(chart, path)
        return path
    if path.suffix.lower() != ".png":
        path = path.with_suffix(".png")
    exporter = exporters.ImageExporter(chart.plot)
    width = int(chart.plot.sceneBoundingRect().width() * scale)
    exporter.parameters()["width"] = max(width, 400)
    exporter.export(str(path))
    if not path.exists():  # the image writer reports nothing when it cannot write
        raise OSError(f"cannot write {path}")
    return path


def _render_svg(chart: Chart, path: Path) -> None:
    """Draw the chart's part of its scene straight into an SVG file (Qt's own generator)."""
    source = chart.plot.sceneBoundingRect()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(source.size().toSize())
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(chart.title)
    painter = QPainter(generator)
    chart.plot.scene().render(painter, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()
