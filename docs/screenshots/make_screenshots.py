"""Regenerate the designer screenshots: a user session driven through the real widgets.

Run from the repository root:
    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_screenshots.py

It rebuilds the e-commerce example from a blank canvas with palette drops, port drags and
inspector typing (tests/ui_driver.py SessionBuilder), checks the result equals the example,
saves and reopens it, undoes and redoes, and saves a 1400x900 picture at each step.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the UI driver the tests use
OUT = Path(__file__).resolve().parent

from PySide6.QtCore import QPointF, QSettings  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from ui_driver import LEFT, NO_MOD, SessionBuilder, UiDriver  # noqa: E402

from designer.main_window import MainWindow  # noqa: E402
from designer.paths import EXAMPLES  # noqa: E402
from designer.style import apply_theme  # noqa: E402
from simulator.files import load  # noqa: E402


class Quiet:
    """Dialog answers for an unattended session."""

    def unsaved_changes(self, name: str) -> str:
        return "discard"

    def show_problems(self, title: str, summary: str, problems: list[str]) -> None:
        print(summary, *problems, sep="\n  ")

    def recover(self, description: str) -> bool:
        return False

    def error(self, title: str, message: str) -> None:
        print(title, message)


def main() -> None:
    """Run the session and write the pictures."""
    app = QApplication.instance() or QApplication(["eventscape"])
    apply_theme(app)
    tmp = Path(tempfile.mkdtemp())
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, Quiet(), tmp / "recovery", restore_layout=False)
    window.resize(1400, 900)
    window.show()
    ui = UiDriver(window)

    def shoot(name: str) -> None:
        ui.process()
        window.validator.run_now()
        ui.process()
        window.grab().save(str(OUT / f"session-{name}.png"))
        print("wrote", f"session-{name}.png")

    shoot("01-blank")
    example = load(EXAMPLES / "ecommerce.yaml")
    SessionBuilder(ui, shoot).build(example)
    assert window.doc.topology == example, "the rebuilt design differs from the example"
    window.view.fit()
    shoot("04-rebuilt")
    # A forbidden connection: a queue cannot feed a producer. Shot while hovering the target.
    port = window.scene.node_items["orders"].output_ports["flow"]
    start = ui.viewport_point(port.scenePos())
    end = ui.viewport_point(window.scene.node_items["web"].center())
    QTest.mousePress(window.view.viewport(), LEFT, NO_MOD, start)
    QTest.mouseMove(window.view.viewport(), (start + end) / 2)
    QTest.mouseMove(window.view.viewport(), end)
    shoot("05-forbidden-connection")
    QTest.mouseRelease(window.view.viewport(), LEFT, NO_MOD, end)
    ui.process()
    print("refused:", window.statusBar().currentMessage())
    assert len(window.doc.topology.edges) == len(example.edges)
    ui.click_node("orders")
    shoot("06-inspector-queue")
    ui.click_node("payments")
    shoot("07-inspector-consumer")
    ui.click_node("web")
    shoot("08-inspector-producer-load")
    ui.click_edge("bus", "accounting")
    shoot("09-inspector-pattern")
    # A dangling queue: the problems panel and the canvas mark it; clicking selects it.
    ui.drop_kind("queue", QPointF(520, 520))
    window.validator.run_now()
    window.problems.activate(0)
    shoot("10-problems")
    window.doc.undo_stack.undo()
    saved = tmp / "ecommerce-rebuilt.yaml"
    assert window.save_as(saved) and window.open_file(saved)
    assert window.doc.topology == example
    ui.click_empty()
    shoot("11-reopened")
    window.editor.auto_layout()
    window.view.fit()
    shoot("12-auto-layout")
    window.doc.undo_stack.undo()
    assert window.doc.topology == example
    window.doc.undo_stack.setClean()
    window.close()
    print("session ok: rebuilt, saved, reopened, laid out, undone")


if __name__ == "__main__":
    main()
