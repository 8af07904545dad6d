"""Helpers shared by the designer tests: scripted dialogs and a window factory."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from designer.main_window import MainWindow
from designer.paths import EXAMPLES

ECOMMERCE = EXAMPLES / "ecommerce.yaml"


class FakePrompts:
    """Answers the window's questions from a script and records what it was asked."""

    def __init__(self) -> None:
        self.unsaved_answers: list[str] = []
        self.asked_unsaved: list[str] = []
        self.open_paths: list[Path | None] = []
        self.save_paths: list[Path | None] = []
        self.export_paths: list[Path | None] = []
        self.problems_shown: list[tuple[str, str, list[str]]] = []
        self.errors: list[tuple[str, str]] = []
        self.recover_answer = True
        self.recover_asked: list[str] = []
        self.file_changed_answers: list[str] = []
        self.file_changed_asked: list[tuple[str, bool]] = []
        self.read_only_answer = False
        self.read_only_asked: list[str] = []
        self.side_answers: list[int | None] = []
        self.sides_offered: list[list[str]] = []

    def unsaved_changes(self, name: str) -> str:
        self.asked_unsaved.append(name)
        return self.unsaved_answers.pop(0) if self.unsaved_answers else "discard"

    def open_path(self, directory: str = "") -> Path | None:
        return self.open_paths.pop(0) if self.open_paths else None

    def save_path(self, suggested: str) -> Path | None:
        return self.save_paths.pop(0) if self.save_paths else None

    def export_path(self, suggested: str, file_filter: str) -> Path | None:
        return self.export_paths.pop(0) if self.export_paths else None

    def show_problems(self, title: str, summary: str, problems: list[str]) -> None:
        self.problems_shown.append((title, summary, problems))

    def recover(self, description: str) -> bool:
        self.recover_asked.append(description)
        return self.recover_answer

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def choose_side(self, sides: list[str]) -> int | None:
        self.sides_offered.append(sides)
        return self.side_answers.pop(0) if self.side_answers else 0

    def file_changed(self, name: str, saving: bool) -> str:
        self.file_changed_asked.append((name, saving))
        return self.file_changed_answers.pop(0) if self.file_changed_answers else "cancel"

    def overwrite_read_only(self, name: str) -> bool:
        self.read_only_asked.append(name)
        return self.read_only_answer


def make_window(qtbot, settings: QSettings, prompts: FakePrompts, tmp_path: Path, restore=False):
    """A shown 1400x900 main window with a blank document."""
    # The run panel (designer/run) has its own tests; without it a window opens in ~0.1 s.
    window = MainWindow(
        settings, prompts, tmp_path / "recovery", restore_layout=restore, run_panel=False
    )
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window
