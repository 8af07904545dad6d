"""Help: the keyboard-shortcut sheet, About (with the version) and the file-format guide."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from designer.main_window import MainWindow

README = Path(__file__).resolve().parents[1] / "README.md"
FORMAT_HEADING = "## The file format in five minutes"
CANVAS_KEYS = (
    ("Arrow keys", "Move the selected nodes one grid step"),
    ("Shift+Arrow keys", "Move the selected nodes ten grid steps"),
    ("Space + drag", "Pan the canvas"),
    ("Mouse wheel", "Zoom around the mouse"),
    ("+ / -", "Zoom in / out"),
    ("Double-click a card", "Rename it in place (a workflow: edit its state machine)"),
    ("Escape", "Cancel a rename or a connection being dragged"),
)


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as the platform writes them (`Ctrl+S`), or ""."""
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    return ", ".join(k for k in keys if k)


def add_shortcuts_to_tooltips(actions: list[QAction]) -> None:
    """`Save the design (Ctrl+S)`: every tooltip names its shortcut."""
    for action in actions:
        keys = shortcut_text(action)
        tip = action.toolTip() or action.text().replace("&", "")
        if keys and f"({keys})" not in tip and keys not in tip:
            action.setToolTip(f"{tip} ({keys})")


def shortcut_rows(window: MainWindow) -> list[tuple[str, str]]:
    """(keys, what they do) for every command with a shortcut, then the canvas gestures."""
    rows: dict[str, str] = {}
    for action in window.findChildren(QAction):
        keys = shortcut_text(action)
        text = action.text().replace("&", "").rstrip("…")
        if keys and text and keys not in rows:
            rows[keys] = text
    return sorted(rows.items(), key=lambda kv: kv[1].lower()) + list(CANVAS_KEYS)


class ShortcutSheet(QDialog):
    """Help > Keyboard Shortcuts."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        _buttons(self, self.table)
        self.resize(520, 560)


class FormatGuide(QDialog):
    """Help > File Format: the README's guide to the topology file, in the app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The topology file format")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setMarkdown(format_guide())
        _buttons(self, self.text)
        self.resize(760, 640)


def format_guide() -> str:
    """The README's file-format section (with where the whole README is)."""
    try:
        readme = README.read_text(encoding="utf-8")
    except OSError:
        return f"The file format is described in README.md (not found at {README})."
    start = readme.find(FORMAT_HEADING)
    if start < 0:
        return readme
    rest = readme[start + len(FORMAT_HEADING) :]
    end = re.search(r"^## ", rest, re.MULTILINE)
    section = FORMAT_HEADING + (rest[: end.start()] if end else rest)
    return section + f"\n\n---\nThe whole guide: [{README}]({README.as_uri()})\n"


def version() -> str:
    """The installed Eventscape version."""
    try:
        return metadata.version("eventscape")
    except metadata.PackageNotFoundError:
        return "unknown"


def about(window: MainWindow) -> None:
    """Help > About: what Eventscape is, its version, where the format is described."""
    QMessageBox.about(
        window,
        "About Eventscape",
        f"<b>Eventscape {version()}</b><br>Design and simulate event-driven architectures: "
        "producers, event buses, topics, queues, consumers and state machines.<br><br>"
        "Help &gt; Keyboard Shortcuts lists every key; Help &gt; File Format describes the "
        "topology file.",
    )


def _buttons(dialog: QDialog, body: QWidget) -> None:
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
