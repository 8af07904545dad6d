"""Run-panel fixtures: a main window with the run panel, scripted dialogs, example files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from designer.main_window import MainWindow
from designer.paths import EXAMPLES
from designer.run.screenshot import wait_until

BACKLOG_YAML = """\
format: eventscape/topology
version: 1
name: Backlog
scenario: {duration: 60, warmup: 0, seed: 1}
nodes:
  - {id: src, kind: producer, position: [0, 0], load: {profile: constant, rate: 40}}
  - {id: jobs, kind: queue, position: [220, 0]}
  - {id: worker, kind: consumer, position: [440, 0], concurrency: 1, service_time: 0.1}
edges:
  - {from: src, to: jobs}
  - {from: jobs, to: worker}
"""


class Prompts:
    """Dialog answers scripted by the test; nothing ever blocks."""

    def __init__(self) -> None:
        self.export_paths: list[Path] = []
        self.errors: list[tuple[str, str]] = []

    def export_path(self, suggested: str, file_filter: str) -> Path | None:
        return self.export_paths.pop(0) if self.export_paths else None

    def unsaved_changes(self, name: str) -> str:
        return "discard"

    def show_problems(self, title: str, summary: str, problems: list[str]) -> None:
        self.errors.append((title, summary))

    def recover(self, description: str) -> bool:
        return False

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))


@pytest.fixture
def prompts() -> Prompts:
    """Scripted dialogs."""
    return Prompts()


@pytest.fixture
def window(qtbot, tmp_path, prompts):
    """A shown 1400x900 main window with the run panel; its engine is shut down after."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings, prompts, tmp_path / "recovery", restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.run_ui.controller.shutdown()
    win.doc.undo_stack.setClean()
    win.autosave_timer.stop()


@pytest.fixture
def ui(window):
    """The window's run panel."""
    return window.run_ui


def open_example(window, name: str) -> None:
    """Open one of the shipped examples."""
    assert window.open_file(EXAMPLES / f"{name}.yaml", ask=False)


def run_and_wait(ui, duration: float | None = None, timeout: float = 30.0, **settings):
    """Set the toolbar (duration, replications, speed index), press Run, wait for the end."""
    if duration is not None:
        ui.bar.duration.setValue(duration)
    if "replications" in settings:
        ui.bar.replications.setValue(settings["replications"])
    ui.bar.speed.setCurrentIndex(settings.get("speed", 0))
    ui.bar.run_action.trigger()
    record = ui.controller.history.current
    assert wait_until(lambda: record.finished, timeout), "the run did not finish"
    return record
