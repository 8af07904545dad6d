"""Regenerate the workflow screenshots: the bank example's state machine window.

Run from the repository root:
    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_workflow_screenshots.py

It opens assets/examples/bank-account-opening.yaml in the real main window and the state
machine window of its workflow node, and saves: the window (workflow-bank-editor.png); a
typo typed into the ASL text, validated live (workflow-bank-validation.png); the window
halfway through a paced run, with the engine's live per-state figures
(workflow-bank-live.png); after a run to the end, with the run's figures
(workflow-bank-after-run.png); the main window with the workflow card
(workflow-bank-canvas.png); an imported .asl.json with a Map and a polling loop whose
Tasks are not wired yet (workflow-imported-map.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.main_window import MainWindow  # noqa: E402
from designer.paths import EXAMPLES  # noqa: E402
from designer.run import run_to_end  # noqa: E402
from designer.run.screenshot import wait_until  # noqa: E402
from designer.style import apply_theme  # noqa: E402

EXAMPLE = EXAMPLES / "bank-account-opening.yaml"


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


def settle(app: QApplication, rounds: int = 5) -> None:
    """Let layouts and paints happen."""
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    """Open the example, picture its state machine before and after a run."""
    app = QApplication.instance() or QApplication(["eventscape"])
    apply_theme(app)
    tmp = Path(tempfile.mkdtemp())
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, Quiet(), tmp / "recovery", restore_layout=False)  # type: ignore[arg-type]
    window.resize(1400, 900)
    window.show()
    if not window.open_file(EXAMPLE, ask=False):
        return 1
    settle(app)
    node_id = next(n.id for n in window.doc.topology.nodes if n.kind == "workflow")
    window.scene.select([node_id])
    flow = window.workflows.open(node_id)
    flow.resize(1400, 900)
    settle(app)
    flow.pane.view.fit()
    settle(app)
    flow.grab().save(str(OUT / "workflow-bank-editor.png"))
    print("wrote workflow-bank-editor.png")
    # A typo in the text: the state is named, the diagram shows where the arrow goes wrong.
    editor = flow.pane.editor
    text = editor.text_edit.toPlainText()
    editor.text_edit.setPlainText(
        text.replace('"Default": "OpenAccount"', '"Default": "OpenAcount"')
    )
    editor.check_now()
    flow.pane.scene.select_state("Risk")
    settle(app)
    flow.pane.view.fit()
    settle(app)
    flow.grab().save(str(OUT / "workflow-bank-validation.png"))
    print("wrote workflow-bank-validation.png")
    flow.pane.set_definition(window.doc.node(node_id).params["definition"])
    editor.text_edit.setPlainText(editor.text_edit.toPlainText())  # back to the model's text
    flow.refresh()
    settle(app)
    # Halfway through a paced run: the engine streams the figures of each state.
    run_ui = window.run_ui
    run_ui.bar.speed.setCurrentIndex(run_ui.bar.speed.findData(1000.0))
    record = run_ui.start()
    if record is None:
        return 1
    wait_until(lambda: record.finished or record.time >= 0.5 * record.params.duration, 120)
    settle(app)
    flow.pane.view.fit()
    settle(app)
    flow.grab().save(str(OUT / "workflow-bank-live.png"))
    print("wrote workflow-bank-live.png")
    run_ui.controller.stop()
    wait_until(lambda: record.finished, 30)
    if not run_to_end(window):
        print("the run did not finish", file=sys.stderr)
        return 1
    settle(app)
    flow.pane.view.fit()
    settle(app)
    flow.grab().save(str(OUT / "workflow-bank-after-run.png"))
    print("wrote workflow-bank-after-run.png")
    window.view.fit()
    settle(app)
    window.grab().save(str(OUT / "workflow-bank-canvas.png"))
    print("wrote workflow-bank-canvas.png")
    # Import an existing definition: a Map over items and a polling loop; its Tasks are not
    # wired yet, so the window lists them as the design's problems.
    imported = window.workflows.import_asl(
        ROOT / "tests" / "designer" / "asl" / "poll-and-map.asl.json"
    )
    if imported is None:
        return 1
    window.validator.run_now()
    other = window.workflows.open(imported)
    other.resize(1400, 900)
    settle(app)
    other.pane.view.fit()
    settle(app)
    other.grab().save(str(OUT / "workflow-imported-map.png"))
    print("wrote workflow-imported-map.png")
    window.doc.undo_stack.setClean()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
