"""A node kind added at run time shows in the run panel with nothing but its registrations.

The kind is a fixed `delay` stage, registered in three places: the model (`NodeKind`), the
engine (a `NodeSim` subclass) and the designer's presentation registry (`KindLook`). The
run panel picks up its node chart, its curve in the shared throughput chart and its badge.
The engine runs in a thread here: a spawned engine process would not see kinds registered
in this test process.
"""

from __future__ import annotations

import pytest
from conftest import Prompts, run_and_wait
from PySide6.QtCore import QSettings

from designer.look import LOOKS, BadgeFacts, Curve, KindLook, NodeSeries, register_look
from designer.main_window import MainWindow
from designer.run import install
from simulator.engine.nodes import NODE_TYPES, NodeSim
from simulator.engine.nodes import register as register_node
from simulator.model import KINDS, NodeKind, Param
from simulator.model import register as register_kind

DELAY_YAML = """\
format: eventscape/topology
version: 1
name: Delayed
scenario: {duration: 30, warmup: 0, seed: 1}
nodes:
  - {id: src, kind: producer, position: [0, 0], load: {profile: constant, rate: 10}}
  - {id: hold, kind: delay, position: [220, 0], seconds: 2}
  - {id: worker, kind: consumer, position: [440, 0], concurrency: 4, service_time: 0.01}
edges:
  - {from: src, to: hold}
  - {from: hold, to: worker}
"""


class DelaySim(NodeSim):
    """Holds each event for `seconds`, then passes it on along its first flow edge."""

    kind = "delay"

    def receive(self, copy) -> None:
        """Start holding one event."""
        self.arrivals += 1
        self.busy.add(1, self.env.now)
        self.env.later(float(self.node.get("seconds")), self._release, copy)

    def _release(self, call) -> None:
        self.busy.add(-1, self.env.now)
        self.processed += 1
        self.links[0].send(call._value)


def delay_badge(facts: BadgeFacts) -> tuple[str, str]:
    """Events being held."""
    return f"{facts.figures.busy:,.0f} held", "#0B7285"


@pytest.fixture
def delay_kind():
    """The `delay` kind in model, engine and designer, removed again afterwards."""
    register_kind(
        NodeKind(
            name="delay",
            title="Delay",
            aws="Step Functions Wait state",
            doc="Holds each event for a fixed time.",
            params=(Param("seconds", "number", 1.0, minimum=0, unit="s", doc="Hold time"),),
            targets={"flow": frozenset({"*"})},
        )
    )
    register_node(DelaySim)
    register_look(
        "delay",
        KindLook(
            color="#0B7285",
            icon="node",
            series=(NodeSeries("busy", "held"), NodeSeries("throughput", "released/s")),
            curves=frozenset({Curve.THROUGHPUT}),
            badge=delay_badge,
        ),
    )
    yield
    KINDS.pop("delay", None)
    NODE_TYPES.pop("delay", None)
    LOOKS.pop("delay", None)


@pytest.fixture
def thread_window(qtbot, tmp_path, delay_kind):
    """A main window whose run panel runs the engine in a thread."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings, Prompts(), tmp_path / "recovery", False, run_panel=False)
    ui = install(win, mode="thread")
    assert ui is not None
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    ui.controller.shutdown()
    win.doc.undo_stack.setClean()
    win.autosave_timer.stop()


def test_kind_registered_at_run_time_shows_in_the_run_panel(thread_window, tmp_path):
    """A run of producer -> delay -> consumer finishes; the delay node's badge, its own
    node chart and its curve in the throughput chart come from its registrations."""
    path = tmp_path / "delay.yaml"
    path.write_text(DELAY_YAML, encoding="utf-8")
    assert thread_window.open_file(path, ask=False)
    ui = thread_window.run_ui
    record = run_and_wait(ui)
    assert record.result is not None, record.error
    assert record.result.nodes["hold"]["processed"] > 200  # 10/s for 30 s, held 2 s each
    ui.board.show_node("hold")
    assert [line.label for line in ui.board.charts["node"].lines] == ["held", "released/s"]
    throughput = [line.label for line in ui.board.charts["throughput"].lines]
    assert throughput == ["produced", "hold", "worker"]
    row = record.series.rows // 2
    ui.bar.slider.setValue(row)
    assert thread_window.scene.node_items["hold"].overlay_text.endswith(" held")
