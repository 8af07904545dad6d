"""Per-state time series of a workflow: executions entering and in each state per interval."""

from __future__ import annotations

from typing import Any

from simulator.engine import run
from simulator.model import Edge, Node, Scenario, Topology


def design(warmup: float = 0.0) -> Topology:
    """Poisson events (1/s) into Wait 5 s -> Pass, over 300 s."""
    definition = {
        "StartAt": "Hold",
        "States": {
            "Hold": {"Type": "Wait", "Seconds": 5, "Next": "Done"},
            "Done": {"Type": "Pass", "End": True},
        },
    }
    nodes = [
        Node("p", "producer", params={"load": {"profile": "poisson", "rate": 1}}),
        Node("wf", "workflow", params={"definition": definition}),
    ]
    scenario = Scenario(duration=300, warmup=warmup, seed=3)
    return Topology(name="t", nodes=nodes, edges=[Edge("p", "wf")], scenario=scenario)


def column(series: dict[str, Any], name: str) -> list[float]:
    return list(series[f"wf.state.{name}"])


def test_entered_per_interval_adds_up_to_the_run_figure() -> None:
    """Summed over the rows, `state.X.entered` is the run's entered count of X."""
    result = run(design())
    states = result.nodes["wf"]["states"]
    for name in ("Hold", "Done"):
        assert sum(column(result.series, f"{name}.entered")) == states[name]["entered"]


def test_active_is_the_executions_in_the_state_at_each_row() -> None:
    """A 5 s Wait at 1 arrival/s holds about 5 executions at a time (Little's law), and
    the zero-time Pass holds none."""
    series = run(design()).series
    hold = column(series, "Hold.active")
    assert 3.5 < sum(hold[10:]) / len(hold[10:]) < 6.5
    assert set(column(series, "Done.active")) == {0.0}


def test_the_series_keeps_counting_through_the_warmup() -> None:
    """The warm-up restarts the per-state figures but not the series: its rows sum to
    the executions of the whole run, the figures to those of the measured window."""
    result = run(design(warmup=100))
    entered = sum(column(result.series, "Hold.entered"))
    measured = result.nodes["wf"]["states"]["Hold"]["entered"]
    assert measured < entered
    assert entered == sum(result.series["produced"])
