"""Colours, fonts and the light neutral theme shared by canvas and panels."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from designer.look import look

CANVAS_BG = "#F7F8FA"
GRID_DOT = "#D5DAE1"
NODE_FILL = "#FFFFFF"
NODE_BORDER = "#C9D0D9"
TEXT = "#1F2933"
TEXT_MUTED = "#616E7C"
SELECTION = "#2F80ED"
ERROR = "#E03131"
WARNING = "#F08C00"
EDGE = "#7B8794"
OK = "#2B8A3E"
LOAD = "#2A9D8F"  # load-profile previews (a source's teal)
CHART_BG = "#FFFFFF"  # chart backgrounds (designer.theme switches these colours)


def kind_color(kind: str) -> QColor:
    """The colour of a node kind (from its presentation entry)."""
    return QColor(look(kind).color)


def font(point_size: float, bold: bool = False) -> QFont:
    """The UI font at `point_size`."""
    f = QFont(QApplication.font())
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f


def apply_theme(app: QApplication) -> None:
    """Fusion style with a light neutral palette, whatever the desktop theme (once per app)."""
    if app.property("eventscape-theme"):
        return
    app.setProperty("eventscape-theme", True)
    app.setStyle("Fusion")
    pal = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#F1F3F5",
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: "#FFFFFF",
        QPalette.ColorRole.AlternateBase: "#F6F7F9",
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: "#F8F9FA",
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: SELECTION,
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.ToolTipBase: "#FFFFFF",
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: "#9AA5B1",
        QPalette.ColorRole.Mid: "#CED4DA",
        QPalette.ColorRole.Light: "#FFFFFF",
        QPalette.ColorRole.Dark: "#ADB5BD",
    }
    for role, value in colors.items():
        pal.setColor(role, QColor(value))
    app.setPalette(pal)
    base = QFont(app.font())
    base.setPointSizeF(9.5)
    app.setFont(base)
    app.setStyleSheet(STYLESHEET)


STYLESHEET = """
QDockWidget::title { background: #E9ECEF; padding: 4px 6px; font-weight: bold; }
QToolBar { border: none; border-bottom: 1px solid #DEE2E6; spacing: 2px; padding: 2px; }
QStatusBar { border-top: 1px solid #DEE2E6; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {
    border: 1px solid #E03131; background: #FFF5F5;
}
QLabel[role="error"] { color: #C92A2A; }
QLabel[role="ok"] { color: #2B8A3E; }
QLabel[role="muted"] { color: #616E7C; }
QLabel[role="heading"] { font-weight: bold; font-size: 11pt; }
QGroupBox {
    font-weight: bold; border: 1px solid #DEE2E6; border-radius: 4px;
    margin-top: 10px; padding-top: 6px;
}
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 3px; }
"""
