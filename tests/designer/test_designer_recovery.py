"""Autosave and recovery after a crash (a real process that dies without closing)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests_designer_helpers import make_window

CRASHING_SESSION = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from designer.main_window import MainWindow
    app = QApplication([])
    tmp = Path(sys.argv[1])
    window = MainWindow(QSettings(str(tmp / "crash.ini"), QSettings.Format.IniFormat),
                        recovery_dir=tmp / "recovery", restore_layout=False, run_panel=False)
    window.open_file(Path(sys.argv[2]), ask=False)
    window.editor.set_param("payments", "concurrency", 77)
    window.editor.add_node("topic", (100, 500))
    assert window.autosave() is not None
    os._exit(3)  # crash: no close event, no cleanup
    """
)


def test_recovery_offered_after_crash(qtbot, settings, prompts, tmp_path, shop_file):
    """Work autosaved by a session that crashed is offered and restored, unsaved."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path.cwd())}
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_SESSION, str(tmp_path), str(shop_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    assert list((tmp_path / "recovery").glob("session-*.yaml"))
    window = make_window(qtbot, settings, prompts, tmp_path)
    window.start(None)
    assert prompts.recover_asked and "E-commerce orders" in prompts.recover_asked[0]
    assert window.doc.node("payments").params["concurrency"] == 77
    assert window.doc.topology.has_node("topic")
    assert window.doc.is_dirty and window.doc.path == shop_file.resolve()
    assert "*" in window.windowTitle()
    assert not list((tmp_path / "recovery").glob("session-*"))  # offered once only
    window.doc.undo_stack.setClean()
    window.save()


def test_recovery_declined_discards_leftover(qtbot, settings, prompts, tmp_path, shop_file):
    """Declining recovery opens normally and removes the leftover file."""
    first = make_window(qtbot, settings, prompts, tmp_path)
    first.open_file(shop_file)
    first.editor.add_node("queue", (0, 400))
    first.autosave()
    first.recovery.session = "gone"  # the next window must not take it for its own file
    prompts.recover_answer = False
    second = make_window(qtbot, settings, prompts, tmp_path)
    second.start(shop_file)
    assert prompts.recover_asked
    assert not second.doc.is_dirty and len(second.doc.topology.nodes) == 9
    assert not list((tmp_path / "recovery").glob("session-*"))
    first.doc.undo_stack.setClean()


def test_autosave_skips_clean_document_and_close_removes_file(window, shop_file, tmp_path):
    """No recovery file while nothing is unsaved; a normal close removes it."""
    window.open_file(shop_file)
    assert window.autosave() is None
    window.editor.add_node("queue", (0, 400))
    path = window.autosave()
    assert path is not None and path.exists()
    window.doc.undo_stack.setClean()
    window.close()
    assert not path.exists()
    assert window.autosave_timer.interval() == 60_000
