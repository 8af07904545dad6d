"""Sweeps with a target interval instead of a fixed count (`sweep --target-ci`, the panel's
"until the interval is within"): each point runs until its metric is precise enough."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from experiment_topologies import mmc, mmc_file

from simulator.cli import main
from simulator.experiments import Precision, SerialRunner, apply, run_sweep, until_precise

POINTS = [{"c.concurrency": 3}, {"c.concurrency": 4}]


def test_each_point_runs_until_its_metric_is_precise() -> None:
    """Every point meets 10% on latency.mean, and its figures are those `run --target-ci`
    gives for that point's design (same seeds, same count)."""
    base = mmc(1.5, duration=400)
    target = Precision("latency.mean", 0.1, 40)
    result = run_sweep(base, POINTS, SerialRunner(), precision=target)
    assert [p.set for p in result.points] == POINTS
    for point in result.points:
        metric = point.metrics["latency.mean"]
        assert point.met is True
        assert metric["half_width"] is not None and metric["mean"] is not None
        assert metric["half_width"] <= 0.1 * metric["mean"]
        alone = until_precise(
            apply(base, point.set), "latency.mean", 0.1, 40, SerialRunner(), seed=1
        )
        assert point.replications == len(alone.results) >= 5
        assert point.seeds == alone.seeds


def test_a_point_that_reaches_the_cap_says_so() -> None:
    """A target no cap of 6 can reach: 6 replications and target_met false in the JSON."""
    result = run_sweep(
        mmc(1.5, duration=200), POINTS[:1], SerialRunner(), precision=Precision(cap=6,
        relative=1e-6),
    )  # fmt: skip
    data = result.to_json_dict()["points"][0]
    assert data["replications"] == 6 and data["target_met"] is False


def test_progress_ends_at_the_replications_run_and_a_cancel_keeps_finished_points() -> None:
    """Progress counts every replication and ends at (n, n); cancelled during the second
    point, the first point is kept whole and the sweep says cancelled."""
    seen: list[tuple[int, int]] = []
    target = Precision("latency.mean", 0.2, 10)
    full = run_sweep(mmc(1.5, duration=300), POINTS, SerialRunner(), precision=target,
                     progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    runs = sum(p.replications for p in full.points)
    assert seen[-1] == (runs, runs)
    assert [d for d, _ in seen] == list(range(1, runs + 1))

    class AfterFirstPoint:
        def is_set(self) -> bool:
            return len(seen) > full.points[0].replications

    seen.clear()
    cut = run_sweep(mmc(1.5, duration=300), POINTS, SerialRunner(), precision=target,
                    progress=lambda d, t: seen.append((d, t)),
                    cancel=AfterFirstPoint())  # fmt: skip
    assert cut.stopped == "cancelled"
    assert cut.points[0] == full.points[0]


@pytest.fixture
def design(tmp_path: Path) -> str:
    """An M/M/2 design file at 1 arrival/s, 400 s long."""
    return mmc_file(tmp_path, 1.0, 400)


def test_sweep_target_ci_on_the_command_line(design: str, capsys) -> None:
    """`sweep --target-ci 0.1`: each point's replications and target_met in the JSON;
    --replications beside it is one clear error."""
    argv = ["sweep", design, "--set", "c.concurrency=2,3", "--target-ci", "0.1", "--json"]
    assert main([*argv, "--max-replications", "30"]) == 0
    points = json.loads(capsys.readouterr().out)["points"]
    assert [p["set"] for p in points] == [{"c.concurrency": 2}, {"c.concurrency": 3}]
    for p in points:
        mean = p["metrics"]["latency.mean"]
        assert p["target_met"] is True and p["replications"] >= 5
        assert mean["half_width"] <= 0.1 * mean["mean"]
    assert main([*argv, "--replications", "3"]) == 1
    err = capsys.readouterr().err
    assert "give --replications R or --target-ci REL, not both" in err and "Traceback" not in err


def test_the_dialog_offers_a_target_interval_instead_of_a_count(qtbot) -> None:
    """Ticking 'until the 95% interval of' makes a spec with target_ci, metric and cap (the
    count is then greyed out and the grid's size is an upper bound); it round-trips
    through the file form."""
    from designer.experiments.dialog import ExperimentDialog
    from designer.experiments.spec import SWEEP, from_dict

    dialog = ExperimentDialog(SWEEP, "c.concurrency", 3, "c")
    qtbot.addWidget(dialog)
    dialog.values.setText("2,3,4")
    assert dialog.spec().target_ci is None and dialog.replications.isEnabled()
    dialog.precise.enabled.setChecked(True)
    dialog.precise.relative.setValue(2.5)
    dialog.precise.metric_box.setCurrentText("latency.p99")
    dialog.precise.cap.setValue(20)
    spec = dialog.spec()
    assert (spec.target_ci, spec.metric, spec.max_replications) == (0.025, "latency.p99", 20)
    assert not dialog.replications.isEnabled()
    assert dialog.grid_size.text().startswith("at most 3 points × 20 replications")
    assert spec.to_dict() == {"kind": "sweep", "set": {"c.concurrency": "2,3,4"},
                              "target_ci": 0.025, "metric": "latency.p99",
                              "max_replications": 20}  # fmt: skip
    again = from_dict(spec.to_dict())
    assert again is not None and again.to_dict() == spec.to_dict()


def test_the_panel_runs_each_point_until_precise_and_marks_a_cap(qtbot) -> None:
    """A panel sweep with a target interval: every row has at least 5 replications; with a
    cap of 6 and an unreachable target, each row says '6 (cap)' and the status says so."""
    from designer.experiments.panel import ExperimentsPanel
    from designer.experiments.spec import SWEEP, Spec

    panel = ExperimentsPanel()
    qtbot.addWidget(panel)
    spec = Spec(SWEEP, "c.concurrency", values="3,4", target_ci=0.1, max_replications=40)
    with qtbot.waitSignal(panel.finished, timeout=60_000):
        panel.start(spec, mmc(1.5, duration=400), SerialRunner())
    counts = [int(panel.table.item(r, 1).text()) for r in range(2)]
    assert min(counts) >= 5 and panel.unmet == set()
    capped = Spec(SWEEP, "c.concurrency", values="3,4", target_ci=1e-6, max_replications=6)
    with qtbot.waitSignal(panel.finished, timeout=60_000):
        panel.start(capped, mmc(1.5, duration=200), SerialRunner())
    assert [panel.table.item(r, 1).text() for r in range(2)] == ["6 (cap)", "6 (cap)"]
    assert "2 reached the most replications first" in panel.status.text()


def test_a_saved_list_of_numbers_reruns() -> None:
    """A saved sweep whose values are a list of numbers (the file allows it) becomes the
    dialog's text 10,20,40 and checks, instead of the unparsable '[10, 20, 40]'."""
    from designer.experiments.spec import from_dict

    spec = from_dict({"kind": "sweep", "set": {"c.concurrency": [10, 20, 40]}})
    assert spec is not None and spec.values == "10,20,40" and spec.check() is None
