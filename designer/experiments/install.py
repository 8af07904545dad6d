"""Put the Experiments panel into the main window and wire the inspector's entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDialog

from designer.experiments import menu
from designer.experiments.dialog import ExperimentDialog
from designer.experiments.grid import sweepable_paths
from designer.experiments.panel import ExperimentsPanel
from designer.experiments.spec import Spec, from_dict
from simulator.experiments import apply
from simulator.model import TopologyError

if TYPE_CHECKING:
    from designer.document import Document
    from designer.main_window import MainWindow

ROOM = 0.45  # the share of the window's height the panel gets when an experiment starts


class SaveExperiment(QUndoCommand):
    """Keep an experiment's set-up in the design (`experiments:` in the file); undoable."""

    def __init__(self, doc: Document, entry: dict[str, object]) -> None:
        super().__init__("Save experiment")
        self.doc, self.entry = doc, entry

    def redo(self) -> None:
        """Append the entry."""
        self.doc.topology.experiments.append(self.entry)
        self.doc.changed.emit()

    def undo(self) -> None:
        """Remove it again."""
        if self.entry in self.doc.topology.experiments:
            self.doc.topology.experiments.remove(self.entry)
        self.doc.changed.emit()


class RemoveExperiment(QUndoCommand):
    """Take a saved experiment out of the design; undo puts it back where it was."""

    def __init__(self, doc: Document, index: int) -> None:
        super().__init__("Remove experiment")
        self.doc, self.index = doc, index
        self.entry = doc.topology.experiments[index]

    def redo(self) -> None:
        """Remove the entry."""
        del self.doc.topology.experiments[self.index]
        self.doc.changed.emit()

    def undo(self) -> None:
        """Put it back at its place."""
        self.doc.topology.experiments.insert(self.index, self.entry)
        self.doc.changed.emit()


class Experiments:
    """The panel, its dock and what the inspector's entries and the panel's points do."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.panel = ExperimentsPanel()
        self.dock = window.add_dock(
            "Experiments", self.panel, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.dock.hide()
        self.panel.openPoint.connect(self.open_point)
        self.panel.rerun.connect(self.rerun)
        self.panel.forget.connect(self.forget)
        window.doc.topologyReset.connect(self.refresh_saved)
        window.doc.changed.connect(self.refresh_saved)
        menu.set_handler(self.ask)
        self.refresh_saved()

    def saved(self) -> list[Spec]:
        """The design's saved experiments the panel can run."""
        specs = (from_dict(e) for e in self.window.doc.topology.experiments)
        return [s for s in specs if s is not None]

    def refresh_saved(self) -> None:
        """Offer the design's saved experiments in the panel."""
        self.panel.set_saved(self.saved())

    def forget(self, spec: Spec) -> None:
        """Remove the saved experiment `spec` shows from the design (undoable)."""
        entries = self.window.doc.topology.experiments
        index = next((i for i, e in enumerate(entries) if from_dict(e) == spec), None)
        if index is not None:
            self.window.doc.push(RemoveExperiment(self.window.doc, index))

    def reveal(self) -> None:
        """Show the panel with room for its chart: at least ROOM of the window's height (the
        bottom row of docks is low; a chart squeezed under the controls cannot be read)."""
        self.dock.show()
        self.dock.raise_()
        wanted = int(self.window.height() * ROOM)
        if not self.dock.isFloating() and self.dock.height() < wanted:
            self.window.resizeDocks([self.dock], [wanted], Qt.Orientation.Vertical)

    def rerun(self, spec: Spec) -> None:
        """Run a saved experiment again on the design as it is now."""
        self.reveal()
        self.panel.start(spec, self.window.doc.topology)

    def current_value(self, node_id: str, path: str) -> float:
        """The parameter's value now (a load key inside the load profile)."""
        node = self.window.doc.topology.node(node_id)
        if path.startswith("load."):
            value = node.get("load").get(path[len("load.") :], 0)
        else:
            value = node.get(path)
        return float(value) if isinstance(value, int | float) else 0.0

    def value_of(self, full: str) -> float:
        """The value now of a full path (`node.param`, `node.load.rate`, `scenario.duration`)."""
        head, _, rest = full.partition(".")
        if head == "scenario":
            value = getattr(self.window.doc.topology.scenario, rest, 0.0)
            return float(value) if isinstance(value, int | float) else 0.0
        try:
            return self.current_value(head, rest)
        except (KeyError, ValueError):  # a path typed by hand that the design lacks
            return 0.0

    def ask(self, kind: str, node_id: str, path: str) -> None:
        """Show the set-up dialog for `node_id.path`, then run the experiment."""
        full = f"{node_id}.{path}"
        paths = sweepable_paths(self.window.doc.topology)
        dialog = ExperimentDialog(kind, full, self.current_value(node_id, path), node_id,
                                  self.window, paths, self.value_of)  # fmt: skip
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        spec = dialog.spec()
        entry = spec.to_dict()
        if entry not in self.window.doc.topology.experiments:  # saved with the design
            self.window.doc.push(SaveExperiment(self.window.doc, entry))
        self.reveal()
        self.panel.start(spec, self.window.doc.topology)

    def open_point(self, overrides: dict[str, float], seed: int) -> None:
        """Run the point like a normal run: charts, overlays and results of the run panel."""
        run_ui = getattr(self.window, "run_ui", None)
        if run_ui is None:
            return
        try:
            topology = apply(self.window.doc.topology, overrides)
        except TopologyError as exc:  # the design changed since the experiment ran
            self.panel.status.setText("; ".join(str(p) for p in exc.problems))
            return
        params = run_ui.controller.default_params().with_seed(seed)
        label = ", ".join(f"{p}={v:g}" for p, v in overrides.items())
        run_ui.controller.start(params, topology=topology, source=f"experiment point {label}")

    def shutdown(self) -> None:
        """Stop a running experiment (the window closes)."""
        self.panel.stop()
        menu.set_handler(None)


def install(window: MainWindow) -> Experiments | None:
    """Add the panel (available afterwards as `window.experiments`)."""
    experiments = Experiments(window)
    window.experiments = experiments
    return experiments
