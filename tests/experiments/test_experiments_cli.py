"""The command line: sweep, goal, run --target-ci and --warmup auto (contract shapes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from experiment_topologies import mmc_file

from simulator.cli import main


@pytest.fixture
def design(tmp_path: Path) -> str:
    """An M/M/2 design file at 1 arrival/s, 500 s long."""
    return mmc_file(tmp_path, 1.0, 500)


def test_sweep_json_has_points_with_flattened_metrics(design: str, capsys, tmp_path: Path) -> None:
    """`sweep --json`: one point per value, R replications, dotted metrics with intervals;
    --out writes the same JSON and a CSV."""
    out = tmp_path / "out"
    status = main(["sweep", design, "--set", "c.concurrency=2,3", "--replications", "2",
                   "--json", "--out", str(out)])  # fmt: skip
    assert status == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["set"] for p in data["points"]] == [{"c.concurrency": 2}, {"c.concurrency": 3}]
    point = data["points"][0]
    assert point["replications"] == 2
    for name in ("latency.mean", "latency.p99", "events.completed", "nodes.c.utilization"):
        assert set(point["metrics"][name]) == {"mean", "half_width"}
    assert json.loads((out / "sweep.json").read_text()) == data
    assert (out / "sweep.csv").read_text().startswith("c.concurrency,replications,metric,")


def test_sweep_table_shows_the_chosen_metrics(design: str, capsys) -> None:
    """Without --json: a table of the set values and the --show metrics."""
    assert main(["sweep", design, "--set", "p.load.rate=1:2:1", "--replications", "2",
                 "--show", "nodes.c.utilization"]) == 0  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["p.load.rate", "reps", "nodes.c.utilization"]
    assert len(lines) == 3


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--set", "nope.concurrency=1,2"], "no node or scenario value"),
        (["--set", "c.concurrency=0,1"], "with c.concurrency=0"),
        (["--set", "c.concurrency=x"], "not a number"),
    ],
)
def test_sweep_errors_are_clear(design: str, capsys, argv: list[str], words: str) -> None:
    """A bad path or value: exit 1, a message naming it, no traceback."""
    assert main(["sweep", design, *argv]) == 1
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err


def test_goal_json_and_the_unreachable_case(design: str, capsys) -> None:
    """`goal --json` gives value, satisfied, metric and the evaluated values; a target no
    value meets exits 1 with a message."""
    argv = ["goal", design, "--vary", "c.concurrency=2:6", "--replications", "2", "--json"]
    assert main([*argv, "--until", "nodes.c.utilization<=0.4"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["value"] == 3 and data["satisfied"] is True  # 1/c <= 0.4 from c = 3
    assert {"value", "metric"} <= set(data["evaluated"][0])
    assert main([*argv, "--until", "nodes.c.utilization>=0.7"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["satisfied"] is False
    assert "no value of c.concurrency in [2, 6] meets" in captured.err


def test_goal_with_an_unknown_metric_names_it(design: str, capsys) -> None:
    """A metric the run does not report: exit 1 and close names."""
    argv = ["goal", design, "--vary", "c.concurrency=2:3", "--until", "nodes.c.speed<=1"]
    assert main(argv) == 1
    assert "no metric 'nodes.c.speed'" in capsys.readouterr().err


def test_run_target_ci_reports_like_replications(design: str, capsys) -> None:
    """`run --target-ci`: the replications summary with count, ci95 and the target met."""
    argv = ["run", design, "--target-ci", "0.1", "--max-replications", "30", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    reps = data["replications"]
    assert reps["target"] == {"metric": "latency.mean", "relative": 0.1, "met": True}
    assert reps["count"] >= 5
    assert reps["ci95"]["latency"]["mean"] <= 0.1 * data["latency"]["mean"]


def test_run_target_ci_says_when_the_cap_stops_it(design: str, capsys) -> None:
    """A cap reached before the target: a note on stderr and met False."""
    argv = ["run", design, "--target-ci", "0.0001", "--max-replications", "5", "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["replications"]["target"]["met"] is False
    assert "reached --max-replications 5" in captured.err


def test_run_warmup_auto_reports_the_chosen_value(design: str, capsys) -> None:
    """`--warmup auto`: the value chosen by MSER-5 is said on stderr and used by the run."""
    assert main(["run", design, "--warmup", "auto", "--json"]) == 0
    captured = capsys.readouterr()
    assert "chosen by MSER-5" in captured.err
    chosen = float(captured.err.split("warm-up: ")[1].split(" s")[0])
    assert json.loads(captured.out)["warmup"] == chosen
    assert 0 <= chosen <= 250


def test_plain_run_is_unchanged(design: str, capsys) -> None:
    """Without the new options, `run --json` is the engine's own output."""
    from simulator.engine import run
    from simulator.files import load

    assert main(["run", design, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(
        json.dumps(run(load(design)).to_json_dict())
    )


def test_ctrl_c_prints_the_points_that_finished(design: str, capsys, monkeypatch) -> None:
    """Ctrl-C during the third replication: exit 130, the first point (two replications) is
    printed, and stderr says the sweep stopped."""
    from simulator.experiments import runners

    real = runners.replicate
    calls: list[int] = []

    def interrupted(task):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(runners, "replicate", interrupted)
    argv = ["sweep", design, "--set", "c.concurrency=2,3", "--replications", "2", "--json"]
    assert main(argv) == 130
    captured = capsys.readouterr()
    points = json.loads(captured.out)["points"]
    assert [p["set"] for p in points] == [{"c.concurrency": 2}]
    assert json.loads(captured.out)["stopped"] == "interrupted"
    assert "stopped (interrupted)" in captured.err


def test_run_target_ci_checks_what_run_checks(design: str, capsys, tmp_path: Path) -> None:
    """--target-ci refuses a run length beyond the limits like a plain run, before running."""
    argv = ["run", design, "--target-ci", "0.1", "--duration", "1e15"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "--duration" in err and "Traceback" not in err


def test_a_terminal_gets_a_progress_bar_with_an_eta(monkeypatch, capsys) -> None:
    """On a terminal the bar shows done/total and an ETA; off a terminal nothing."""
    from simulator.experiments.progress import Bar

    with Bar("sweep", 4) as bar:
        bar.update(2)
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    with Bar("sweep", 4) as bar:
        bar.update(4)
    err = capsys.readouterr().err
    assert "4/4" in err and "ETA" in err


def test_goal_s_bar_has_a_total_and_ends_full(design: str, monkeypatch, capsys) -> None:
    """goal on a terminal: the bar counts values against the search's plan (an ETA needs a
    total) and ends full; the plan is close to what a search evaluates."""
    from simulator.experiments import planned_evaluations

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    argv = ["goal", design, "--vary", "c.concurrency=1:16", "--until",
            "nodes.c.utilization<=0.4", "--replications", "2", "--json"]  # fmt: skip
    assert main(argv) == 0
    captured = capsys.readouterr()
    count = len(json.loads(captured.out)["evaluated"])
    assert f"{count}/{count}" in captured.err and "/?" not in captured.err
    assert abs(planned_evaluations(1, 16) - count) <= 1
