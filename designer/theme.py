"""Light and dark themes: View > Theme (System, Light, Dark); System follows the desktop.

The canvas, cards and charts read their colours from `designer.style` when they paint, so
switching sets those colours, the application palette and style sheet, then repaints.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from designer import style

CHOICES = ("system", "light", "dark")
SETTING = "view/theme"
COLOURS = {
    "light": {
        "CANVAS_BG": "#F7F8FA", "GRID_DOT": "#D5DAE1", "NODE_FILL": "#FFFFFF",
        "NODE_BORDER": "#C9D0D9", "TEXT": "#1F2933", "TEXT_MUTED": "#616E7C",
        "EDGE": "#7B8794", "CHART_BG": "#FFFFFF",
    },
    "dark": {
        "CANVAS_BG": "#1E2227", "GRID_DOT": "#3A414A", "NODE_FILL": "#2B3138",
        "NODE_BORDER": "#4A535E", "TEXT": "#E6E9ED", "TEXT_MUTED": "#A3ADB8",
        "EDGE": "#8C96A3", "CHART_BG": "#23272D",
    },
}  # fmt: skip
PALETTES = {
    "light": ("#F1F3F5", "#FFFFFF", "#F6F7F9", "#F8F9FA", "#9AA5B1", "#DEE2E6", "#E9ECEF"),
    "dark": ("#25292F", "#1B1E23", "#262B31", "#31373E", "#7B8794", "#3A414A", "#30363D"),
}  # window, base, alternate base, button, placeholder, lines, dock titles


def system_theme() -> str:
    """`dark` when the desktop asks for a dark colour scheme, else `light`."""
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def resolve(choice: str) -> str:
    """The theme a choice stands for (`system` follows the desktop)."""
    return system_theme() if choice == "system" else choice


def set_theme(app: QApplication, choice: str) -> str:
    """Switch every colour to `choice`'s theme and repaint; the theme used."""
    name = resolve(choice if choice in CHOICES else "system")
    for key, value in COLOURS[name].items():
        setattr(style, key, value)
    window, base, alternate, button, placeholder, lines, titles = PALETTES[name]
    text = COLOURS[name]["TEXT"]
    pal = QPalette()
    for role, value in {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: alternate,
        QPalette.ColorRole.Text: text, QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text, QPalette.ColorRole.Highlight: style.SELECTION,
        QPalette.ColorRole.HighlightedText: "#FFFFFF", QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text, QPalette.ColorRole.PlaceholderText: placeholder,
        QPalette.ColorRole.Mid: lines, QPalette.ColorRole.Light: base,
        QPalette.ColorRole.Dark: placeholder,
    }.items():  # fmt: skip
        pal.setColor(role, QColor(value))
    app.setPalette(pal)
    sheet = style.STYLESHEET.replace("#E9ECEF", titles).replace("#DEE2E6", lines)
    app.setStyleSheet(sheet.replace("#616E7C", COLOURS[name]["TEXT_MUTED"]))
    app.setProperty("eventscape-theme-name", name)
    _repaint(app)
    return name


def _repaint(app: QApplication) -> None:
    """Icons, canvas items (their cached pictures too), chart backgrounds, every widget."""
    import pyqtgraph as pg

    from designer import icons

    widgets = _shown_widgets(app)
    for action in {a for w in widgets for a in w.actions()}:
        name = action.property("icon-name")
        if name:
            action.setIcon(icons.icon(str(name), style.TEXT))

    for widget in widgets:
        if isinstance(widget, pg.PlotWidget):
            widget.setBackground(style.CHART_BG)
            if widget.getPlotItem() is not None:  # None once the plot widget was closed
                _recolour_plot(widget.getPlotItem())
        elif isinstance(widget, QGraphicsView) and widget.scene() is not None:
            widget.setBackgroundBrush(QColor(style.CANVAS_BG))
            for item in widget.scene().items():
                item.update()
            widget.viewport().update()
        widget.update()


def _shown_widgets(app: QApplication) -> list[QWidget]:
    """Widgets of the windows on screen. Closed windows are left alone: a closed pyqtgraph
    view has torn down its scene (`closed`), and touching its items could crash."""
    return [
        w for w in app.allWidgets() if w.window().isVisible() and not getattr(w, "closed", False)
    ]


def _recolour_plot(plot) -> None:
    """Axis texts and legend labels in the theme's text colours."""
    import pyqtgraph as pg

    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setTextPen(style.TEXT_MUTED)
        axis.label.setDefaultTextColor(QColor(style.TEXT_MUTED))
    for item in plot.scene().items() if plot.scene() is not None else ():
        if isinstance(item, pg.LegendItem):
            item.setLabelTextColor(style.TEXT)  # also for the labels added later
            for _sample, label in item.items:
                label.setText(label.text, color=style.TEXT)


def saved_choice(settings: QSettings) -> str:
    """The theme chosen last time (System at first)."""
    value = str(settings.value(SETTING, "system"))
    return value if value in CHOICES else "system"
