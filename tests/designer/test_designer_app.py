"""Entry points, screenshot mode, dock layout memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from tests_designer_helpers import ECOMMERCE, make_window

from designer.app import main


def test_screenshot_mode_writes_1400x900_png(qapp, tmp_path):
    """`eventscape FILE --screenshot OUT.png` renders the window and returns 0."""
    out = tmp_path / "shot.png"
    assert main([str(ECOMMERCE), "--screenshot", str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)


def test_python_m_designer_screenshot(tmp_path):
    """`python -m designer FILE --screenshot OUT` works offscreen as its own process."""
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path.cwd())}
    done = subprocess.run(
        [sys.executable, "-m", "designer", str(ECOMMERCE), "--screenshot", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).width() == 1400


def test_screenshot_of_broken_file_fails_cleanly(qapp, tmp_path, capsys):
    """A broken FILE in screenshot mode prints its problems and returns 1, no traceback."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: nope\n")
    assert main([str(broken), "--screenshot", str(tmp_path / "x.png")]) == 1
    assert "not a topology file" in capsys.readouterr().err


def test_dock_layout_remembered_between_launches(qtbot, settings, prompts, tmp_path):
    """Moving and hiding panels is restored by the next window using the same settings."""
    first = make_window(qtbot, settings, prompts, tmp_path)
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.inspector_dock)
    first.problems_dock.hide()
    assert first.close()
    second = make_window(qtbot, settings, prompts, tmp_path, restore=True)
    assert second.dockWidgetArea(second.inspector_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert not second.problems_dock.isVisible()
    second.reset_layout()
    assert second.problems_dock.isVisible()
