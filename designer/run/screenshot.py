"""Screenshot mode: run the file's scenario to completion in the app, then show the results."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from designer.run.story import show_story

if TYPE_CHECKING:
    from designer.main_window import MainWindow


def wait_until(condition, timeout: float) -> bool:
    """Process events until `condition()` holds or `timeout` seconds pass."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)
    return True


def run_to_end(window: MainWindow, timeout: float = 300.0) -> bool:
    """Run the scenario flat out, wait for the end, select a telling trace; True when done."""
    ui = window.run_ui
    ui.bar.speed.setCurrentIndex(0)
    record = ui.start()
    if record is None:
        return False
    if not wait_until(lambda: record.finished, timeout):
        ui.controller.stop()
        return False
    show_story(window, record)
    return record.result is not None


def grab_during(window: MainWindow, fraction: float, speed_index: int = 0) -> QImage:
    """Start a run, picture the window once `fraction` of it is done, then stop it."""
    ui = window.run_ui
    ui.bar.speed.setCurrentIndex(speed_index)
    record = ui.start()
    if record is None:
        return window.grab().toImage()
    wait_until(lambda: record.finished or record.time >= fraction * record.params.duration, 300)
    window.view.fit()
    wait_until(lambda: not ui._round, 2)  # let the round of redraws for that batch finish
    QApplication.processEvents()
    image = window.grab().toImage()
    ui.controller.stop()
    wait_until(lambda: record.finished, 10)
    return image


def main(argv: list[str] | None = None) -> int:
    """`python -m designer.run.screenshot FILE OUT.png [--during 0.4]`: pictures for docs."""
    import argparse
    import os
    import tempfile
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--during", type=float, metavar="FRACTION", help="mid-run picture")
    parser.add_argument("--speed", type=int, default=0, help="speed choice index (0: max)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from designer.main_window import MainWindow
    from designer.style import apply_theme

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["eventscape"])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, None, Path(tmp) / "rec", restore_layout=False)
        window.resize(1400, 900)
        window.show()
        if not window.open_file(args.file, ask=False):
            return 1
        window.view.fit()
        if args.during is not None:
            image = grab_during(window, args.during, args.speed)
        elif run_to_end(window):
            image = window.grab().toImage()
        else:
            return 1
        ok = image.save(str(args.out))
        window.run_ui.controller.shutdown()
        window.doc.undo_stack.setClean()
        window.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
