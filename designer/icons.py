"""SVG icons rendered and tinted on demand, cached by name, colour and size."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from designer.look import look
from designer.paths import icon_path
from designer.style import TEXT


@lru_cache(maxsize=256)
def pixmap(name: str, color: str = TEXT, size: int = 24) -> QPixmap:
    """Icon `name` (a file in assets/icons) drawn in `color` at `size` px."""
    ratio = 2  # sharp on high-DPI screens and when zoomed
    image = QImage(size * ratio, size * ratio, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(icon_path(name))).render(painter, QRectF(0, 0, size * ratio, size * ratio))
    if name != "eventscape":
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(image.rect(), QColor(color))
    painter.end()
    result = QPixmap.fromImage(image)
    result.setDevicePixelRatio(ratio)
    return result


def icon(name: str, color: str = TEXT) -> QIcon:
    """A QIcon for actions and lists."""
    result = QIcon()
    for size in (16, 24, 32):
        result.addPixmap(pixmap(name, color, size))
    return result


def kind_icon(kind: str, size: int = 24, color: str | None = None) -> QPixmap:
    """The icon of a node kind (from its presentation entry), in `color` or the kind's."""
    entry = look(kind)
    return pixmap(entry.icon, QColor(color or entry.color).name(), size)
