"""Designer fixtures: a main window with temporary settings and scripted dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from designer.main_window import MainWindow
from designer.paths import EXAMPLES
from designer.testing import UiDriver

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


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a temporary INI file, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def prompts() -> FakePrompts:
    """Scripted dialogs."""
    return FakePrompts()


def make_window(qtbot, settings: QSettings, prompts: FakePrompts, tmp_path: Path, restore=False):
    """A shown 1400x900 main window with a blank document."""
    window = MainWindow(settings, prompts, tmp_path / "recovery", restore_layout=restore)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, settings, prompts, tmp_path):
    """A main window with a blank document."""
    win = make_window(qtbot, settings, prompts, tmp_path)
    yield win
    win.doc.undo_stack.setClean()
    win.autosave_timer.stop()


@pytest.fixture
def ui(window) -> UiDriver:
    """Mouse and keyboard on the window."""
    return UiDriver(window)


@pytest.fixture
def shop(window, ui) -> UiDriver:
    """The window with the e-commerce example open."""
    assert window.open_file(ECOMMERCE, ask=False)
    ui.process()
    return ui
