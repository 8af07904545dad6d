"""Exports: the CLI's text formats (via simulator.export) and pictures of the canvas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from designer import style
from simulator.export import EXPORT_FORMATS, EXTENSIONS, export_text
from simulator.model import Topology

PICTURE_FORMATS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)"}
MARGIN = 30.0
TEXT_TITLES = {
    "json": "JSON topology",
    "yaml": "YAML topology",
    "graphml": "GraphML",
    "mermaid": "Mermaid flowchart",
    "dot": "Graphviz DOT",
    "sam": "AWS SAM template",
    "asyncapi": "AsyncAPI 3 document",
}
REPORTED = ("sam", "asyncapi")  # exports checked on the way out (cfn-lint, AsyncAPI schema)


def text_formats() -> list[tuple[str, str, str]]:
    """(format, menu title, file filter) for each text export the CLI offers."""
    out = []
    for fmt in EXPORT_FORMATS:
        ext = EXTENSIONS.get(fmt, f".{fmt}")
        title = TEXT_TITLES.get(fmt, fmt)
        out.append((fmt, title, f"{title} (*{ext})"))
    return out


def sam_sides(topology: Topology) -> list[tuple[str, str]]:
    """The (account, Region) pairs a SAM export can hold, the scenario's first."""
    from simulator.iac import sides

    home = (topology.scenario.account, topology.scenario.region)
    pairs = sides(topology)
    return [home, *(p for p in pairs if p != home)] if home in pairs else pairs


def side_label(topology: Topology, side: tuple[str, str]) -> str:
    """`account / Region` for the side chooser, marking the scenario's."""
    home = (topology.scenario.account, topology.scenario.region)
    return f"{side[0]} / {side[1]}" + (" (the scenario's)" if side == home else "")


def write_text(
    topology: Topology, fmt: str, path: Path, side: tuple[str, str] | None = None
) -> list[str]:
    """Write `topology` in export format `fmt` to `path`; the report lines (SAM, AsyncAPI).

    A SAM template holds one account's and Region's resources (`side`, default the
    scenario's). Its report lists the export's notes (what AWS cannot express as designed)
    and every cfn-lint and extra-check finding with its rule id; an AsyncAPI document's
    lists its problems against the official schema. Other formats report nothing.
    """
    if fmt not in REPORTED:
        Path(path).write_text(export_text(topology, fmt), encoding="utf-8")
        return []
    from simulator.iac import export_with_report

    account, region = side if side is not None else (None, None)
    text, report = export_with_report(topology, fmt, account, region)
    Path(path).write_text(text, encoding="utf-8")
    return report.lines() or ["ok: no findings"]


def report_summary(fmt: str, path: Path, lines: list[str]) -> str:
    """One sentence above a SAM or AsyncAPI export's report."""
    errors = sum(line.startswith("error:") for line in lines)
    warnings = sum(line.startswith("warning:") for line in lines)
    notes = sum(line.startswith("note:") for line in lines)
    checker = "cfn-lint and the extra checks" if fmt == "sam" else "the AsyncAPI 3.0.0 schema"
    return (
        f"Wrote {path}. {checker} found {errors} error(s) and {warnings} warning(s); "
        f"{notes} note(s) say what AWS cannot hold as designed (kept in Metadata)."
    )


def _area(scene: QGraphicsScene) -> QRectF:
    rect = scene.itemsBoundingRect()
    if rect.isEmpty():
        rect = QRectF(0, 0, 200, 120)
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def _render(scene: QGraphicsScene, painter: QPainter, source: QRectF, target: QRectF) -> None:
    selected = scene.selectedItems()
    for item in selected:
        item.setSelected(False)
    cached = [i for i in scene.items() if i.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for item in cached:  # draw vectors, not cached bitmaps, into SVG and large PNGs
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    painter.fillRect(target, QColor(style.CANVAS_BG))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    for item in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    for item in selected:
        item.setSelected(True)


def write_png(scene: QGraphicsScene, path: Path, scale: float = 2.0) -> QSize:
    """The whole design as a PNG at `scale` pixels per canvas unit."""
    source = _area(scene)
    size = QSize(int(source.width() * scale), int(source.height() * scale))
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor(style.CANVAS_BG))
    painter = QPainter(image)
    _render(scene, painter, source, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    saved = image.save(str(path), "PNG")  # type: ignore[call-overload]  # stubs say bytes
    if not saved:
        raise OSError(f"cannot write {path}")
    return size


def write_svg(scene: QGraphicsScene, path: Path, title: str = "Eventscape design") -> None:
    """The whole design as an SVG drawing."""
    source = _area(scene)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(int(source.width()), int(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(title)
    generator.setDescription("Exported from Eventscape")
    painter = QPainter(generator)
    _render(scene, painter, source, QRectF(0, 0, source.width(), source.height()))
    painter.end()
    if not Path(path).exists():
        raise OSError(f"cannot write {path}")
