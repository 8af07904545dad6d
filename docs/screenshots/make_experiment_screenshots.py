"""Regenerate the Experiments panel screenshots: a grid sweep and its cost/latency trade-off.

Run from the repository root:
    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_experiment_screenshots.py

It sweeps assets/examples/ecommerce.yaml (300 s, 2 replications a point) over
payments.concurrency 6, 8, 12, 24 x payments.memory_mb 512, 1024 and saves: the sweep
dialog with a second parameter and the grid's size (experiments-01-grid-dialog.png); the
panel's trade-off view, cost a month against latency p99 with a point selected
(experiments-02-cost-tradeoff.png); the same grid against the parameter, one series per
memory size with cost on the second axis (experiments-03-grid-parameter.png).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent

from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.experiments.dialog import ExperimentDialog  # noqa: E402
from designer.experiments.grid import sweepable_paths  # noqa: E402
from designer.experiments.panel import TRADEOFF, ExperimentsPanel  # noqa: E402
from designer.experiments.spec import SWEEP  # noqa: E402
from simulator.experiments import SerialRunner  # noqa: E402
from simulator.files import load  # noqa: E402


def settle(app: QApplication, seconds: float = 0.5) -> None:
    """Let Qt lay out and paint."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    """Make the three pictures."""
    app = QApplication(sys.argv)
    topology = load(ROOT / "assets" / "examples" / "ecommerce.yaml")
    topology.scenario.duration = 300.0
    dialog = ExperimentDialog(SWEEP, "payments.concurrency", 24, "payments", None,
                              sweepable_paths(topology), lambda p: 512.0)  # fmt: skip
    dialog.values.setText("6,8,12,24")
    dialog.grid.add_row("payments.memory_mb", "512,1024")
    dialog.replications.setValue(2)
    dialog.show()
    settle(app)
    dialog.grab().save(str(OUT / "experiments-01-grid-dialog.png"))
    spec = dialog.spec()
    dialog.close()
    assert spec.settings == [
        ("payments.concurrency", "6,8,12,24"),
        ("payments.memory_mb", "512,1024"),
    ]
    panel = ExperimentsPanel()
    panel.resize(1100, 800)
    panel.show()
    panel.start(spec, topology, SerialRunner())
    while panel.running():
        settle(app, 0.1)
    settle(app)
    panel.view_box.setCurrentText(TRADEOFF)
    panel.metric_box.setCurrentText("latency.p99")
    panel._clicked(6)  # concurrency 24 at 512 MB, on the frontier
    settle(app)
    panel.grab().save(str(OUT / "experiments-02-cost-tradeoff.png"))
    panel.view_box.setCurrentIndex(0)
    panel.second_box.setCurrentText("cost.monthly")
    settle(app)
    panel.grab().save(str(OUT / "experiments-03-grid-parameter.png"))


if __name__ == "__main__":
    main()
