"""Designer fixtures: a main window with temporary settings and scripted dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from tests_designer_helpers import ECOMMERCE, FakePrompts, make_window
from ui_driver import UiDriver

from designer.paths import EXAMPLES


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a temporary INI file, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def prompts() -> FakePrompts:
    """Scripted dialogs."""
    return FakePrompts()


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
def shop_file(tmp_path: Path) -> Path:
    """A copy of the e-commerce example (tests never write to the shipped examples)."""
    path = tmp_path / "ecommerce.yaml"
    path.write_text(ECOMMERCE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def shop(window, ui, shop_file) -> UiDriver:
    """The window with a copy of the e-commerce example open."""
    assert window.open_file(shop_file, ask=False)
    ui.process()
    return ui


@pytest.fixture(autouse=True, scope="session")
def _examples_untouched():
    """Fail loudly if a designer test ever writes to a shipped example file."""
    before = {p: p.read_bytes() for p in EXAMPLES.glob("*.yaml")}
    yield
    changed = [p.name for p, data in before.items() if p.read_bytes() != data]
    assert not changed, f"designer tests modified shipped examples: {changed}"
