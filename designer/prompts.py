"""Every question the window asks the user, in one replaceable object.

Tests give the window a scripted stand-in, so no test ever blocks on a modal dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

OPEN_FILTER = "Topologies (*.yaml *.yml *.json);;All files (*)"
SAVE_FILTER = "YAML topology (*.yaml *.yml);;JSON topology (*.json)"


class Prompts:
    """Real dialogs (modal) for the desktop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def unsaved_changes(self, name: str) -> str:
        """'save', 'discard' or 'cancel' for a document with unsaved changes."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.warning(
            self.parent,
            "Unsaved changes",
            f"Save the changes to {name} before closing it?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def open_path(self, directory: str = "") -> Path | None:
        """A topology file to open, or None."""
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open topology", directory, OPEN_FILTER)
        return Path(path) if path else None

    def save_path(self, suggested: str) -> Path | None:
        """Where to save the topology, or None."""
        path, chosen = QFileDialog.getSaveFileName(
            self.parent, "Save topology", suggested, SAVE_FILTER
        )
        if not path:
            return None
        result = Path(path)
        if result.suffix.lower() not in (".yaml", ".yml", ".json"):
            result = result.with_suffix(".json" if "json" in chosen else ".yaml")
        return result

    def export_path(self, suggested: str, file_filter: str) -> Path | None:
        """Where to write an export, or None."""
        path, _ = QFileDialog.getSaveFileName(self.parent, "Export", suggested, file_filter)
        return Path(path) if path else None

    def show_problems(self, title: str, summary: str, problems: list[str]) -> None:
        """List a broken file's problems (never a traceback)."""
        dialog = QDialog(self.parent)
        dialog.setWindowTitle(title)
        dialog.resize(680, 360)
        layout = QVBoxLayout(dialog)
        label = QLabel(summary)
        label.setWordWrap(True)
        layout.addWidget(label)
        text = QPlainTextEdit("\n".join(problems))
        text.setReadOnly(True)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.exec()

    def recover(self, description: str) -> bool:
        """Offer to restore unsaved work found after a crash."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.parent,
            "Recover unsaved work?",
            f"Eventscape did not close properly last time.\n\n{description}\n\nRecover it?",
            buttons.Yes | buttons.No,
            buttons.Yes,
        )
        return answer == buttons.Yes

    def file_changed(self, name: str, saving: bool) -> str:
        """'reload', 'keep' (this version; saving writes it) or 'cancel' when another
        program changed the open file."""
        buttons = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk", "", parent=self.parent)
        box.setText(f"{name} was changed by another program since you opened it.")
        if saving:
            box.setInformativeText("Overwrite it with your version, or reload it (your "
                                   "unsaved changes are lost)?")  # fmt: skip
            keep = box.addButton("Overwrite", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(buttons.Cancel)
        else:
            box.setInformativeText("Reload it (your unsaved changes are lost) or keep yours?")
            keep = box.addButton("Keep mine", QMessageBox.ButtonRole.RejectRole)
        reload = box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        clicked = box.clickedButton()
        return "reload" if clicked is reload else "keep" if clicked is keep else "cancel"

    def overwrite_read_only(self, name: str) -> bool:
        """Whether to replace a file marked read-only."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.warning(
            self.parent,
            "Read-only file",
            f"{name} is read-only. Replace it anyway?",
            buttons.Yes | buttons.Cancel,
            buttons.Cancel,
        )
        return answer == buttons.Yes

    def error(self, title: str, message: str) -> None:
        """Report a failure such as an unwritable file."""
        QMessageBox.critical(self.parent, title, message)

    def choose_side(self, sides: list[str]) -> int | None:
        """Which account and Region a SAM template holds (the design spans several):
        the index into `sides`, or None when the user cancels."""
        item, ok = QInputDialog.getItem(
            self.parent,
            "Export SAM template",
            "A template deploys to one account and Region. Export the resources of:",
            sides,
            0,
            False,
        )
        return sides.index(item) if ok and item in sides else None
