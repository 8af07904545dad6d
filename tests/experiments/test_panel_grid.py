"""The Experiments panel's grid sweeps (several parameters), the grid-size guard of the
set-up dialog, and the cost-against-latency (trade-off) chart."""

from __future__ import annotations

import numpy as np
import pytest
from experiment_topologies import mmc

from designer.experiments.dialog import ExperimentDialog
from designer.experiments.grid import LARGE_RUNS, size_text, sweepable_paths
from designer.experiments.panel import TRADEOFF, ExperimentsPanel
from designer.experiments.spec import SWEEP, Spec, from_dict
from designer.experiments.tradeoff import frontier
from simulator.experiments import SerialRunner

GRID = Spec(SWEEP, "c.concurrency", values="2,3", replications=2, more=(("p.load.rate", "0.5,1"),))


@pytest.fixture
def panel(qtbot) -> ExperimentsPanel:
    """A shown panel."""
    widget = ExperimentsPanel()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _run_grid(qtbot, panel: ExperimentsPanel) -> None:
    with qtbot.waitSignal(panel.finished, timeout=60_000):
        panel.start(GRID, mmc(1.0, duration=300), SerialRunner())


def test_a_grid_spec_round_trips_and_counts_its_points() -> None:
    """Two settings of 2 values: 4 points, named in the title; the file form keeps both."""
    assert GRID.grid_shape() == [2, 2]
    assert "4 points" in GRID.title
    assert GRID.to_dict()["set"] == {"c.concurrency": "2,3", "p.load.rate": "0.5,1"}
    assert from_dict(GRID.to_dict()) == GRID


def test_a_saved_grid_with_a_bad_value_list_still_has_a_title(panel: ExperimentsPanel) -> None:
    """A file entry whose second values are not numbers is offered (titled); checking or
    running it names the problem instead of raising."""
    bad = from_dict({"kind": "sweep", "set": {"c.concurrency": "1,2", "c.memory_mb": "x"}})
    assert bad is not None
    panel.set_saved([bad])
    assert "a grid" in panel.saved_box.itemText(0)
    assert bad.check() is not None
    panel.start(bad, mmc(1.0), SerialRunner())  # Run again on it: the problem, no run
    assert not panel.running()
    assert panel.status.text() == bad.check()


def test_a_grid_refuses_a_path_twice_and_a_huge_grid() -> None:
    """The same parameter twice, or more than 10,000 points, is refused with a message."""
    twice = Spec(SWEEP, "c.concurrency", values="1,2", more=(("c.concurrency", "3"),))
    assert twice.check() == "each parameter may be swept once"
    huge = Spec(SWEEP, "c.concurrency", values="1:200:1", more=(("p.load.rate", "1:100:1"),))
    assert "the grid has 20000 points (at most 10000)" in (huge.check() or "")


def test_a_grid_runs_every_combination(qtbot, panel: ExperimentsPanel) -> None:
    """2 x 2 values: 4 rows with a column per parameter; the chart draws one series per
    value of the second parameter (bars and curve each, two metrics), with a legend."""
    _run_grid(qtbot, panel)
    assert panel.table.rowCount() == 4
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(2)]
    assert headers == ["c.concurrency", "p.load.rate"]
    cells = {(panel.table.item(r, 0).text(), panel.table.item(r, 1).text()) for r in range(4)}
    assert cells == {("2", "0.5"), ("2", "1"), ("3", "0.5"), ("3", "1")}
    groups = panel.groups()
    assert [label for label, _ in groups] == ["load.rate=0.5", "load.rate=1"]
    assert len(panel.chart.items) == 2 * 2 * 2
    assert panel.chart.legend is not None


def test_the_tradeoff_chart_shows_one_labelled_point_per_sweep_point(
    qtbot, panel: ExperimentsPanel
) -> None:
    """Cost against latency: 4 spots at (cost.monthly, latency.p99), each labelled with its
    values (the title names the parameters); a click selects the point's row and shows
    its figures; the tool tip has them."""
    _run_grid(qtbot, panel)
    panel.view_box.setCurrentText(TRADEOFF)
    panel.metric_box.setCurrentText("latency.p99")
    assert panel.cost_box.currentText() == "cost.monthly"
    offered = [panel.cost_box.itemText(i) for i in range(panel.cost_box.count())]
    assert {"cost.per_million_events", "cost.services.lambda", "cost.nodes.c"} <= set(offered)
    chart = panel.tradeoff
    assert chart.scatter is not None and len(chart.scatter.points()) == 4
    labels = {text.toPlainText() for text in chart.labels}
    assert labels == {"2, 0.5", "2, 1", "3, 0.5", "3, 1"}
    assert chart.plot.titleLabel.text == "points labelled concurrency, load.rate"
    spot = chart.scatter.points()[2]
    index = int(spot.data())
    _settings, metrics = panel.points[index]
    assert spot.pos().x() == pytest.approx(metrics["cost.monthly"]["mean"])
    assert spot.pos().y() == pytest.approx(metrics["latency.p99"]["mean"])
    chart._clicked([spot])
    assert panel.table.currentRow() == index
    assert chart.marker is not None and len(chart.marker.points()) == 1  # the spot is ringed
    assert chart.marker.points()[0].pos() == spot.pos()
    assert panel.status.text().startswith("selected: ")
    assert "cost.monthly" in panel.status.text()
    assert "cost.monthly" in chart._tip(0.0, 0.0, index)
    assert chart.widget.isVisible() and not panel.chart.widget.isVisible()


def test_frontier_keeps_the_points_nothing_beats_on_both_axes() -> None:
    """(cost, latency): (1, 5), (2, 3), (3, 4) and (4, 1): (3, 4) is beaten by (2, 3)."""
    xs, ys = np.array([1.0, 2.0, 3.0, 4.0]), np.array([5.0, 3.0, 4.0, 1.0])
    assert frontier(xs, ys) == [0, 1, 3]


def test_the_dialog_shows_the_grid_size_and_guards_a_huge_grid(qtbot) -> None:
    """A second parameter makes '3 × 2 = 6 points × 3 replications = 18 runs'; a grid of
    more than 1,000 runs needs the confirmation box ticked before OK runs it."""
    topology = mmc(1.0)
    dialog = ExperimentDialog(SWEEP, "c.concurrency", 2, "c", None, sweepable_paths(topology),
                              lambda _p: 1.0)  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.values.setText("1,2,3")
    dialog.grid.add_row("p.load.rate", "0.5,1")
    assert dialog.grid_size.text() == "3 × 2 = 6 points × 3 replications = 18 runs"
    assert dialog.spec().more == (("p.load.rate", "0.5,1"),)
    dialog.values.setText("1:400:1")  # 800 points x 3 = 2,400 runs
    assert dialog.runs() == 2400 > LARGE_RUNS
    assert not dialog.confirm.isHidden()
    dialog._accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "2,400 replications" in dialog.error.text()
    dialog.confirm.setChecked(True)
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_sweepable_paths_and_size_text() -> None:
    """Numbers of every node, a producer's load rate and the scenario's duration; one
    setting's size has no product."""
    paths = sweepable_paths(mmc(1.0))
    assert {"c.concurrency", "c.memory_mb", "p.load.rate", "scenario.duration"} <= set(paths)
    assert size_text([5], 2) == "5 points × 2 replications = 10 runs"
