"""Memory stays bounded whatever the file says: estimates refuse, the in-flight guard stops."""

from __future__ import annotations

from simulator import budget
from simulator.engine import run
from simulator.files import load
from tests.hostile.cases import FILES


def test_loop_that_doubles_is_an_error_naming_the_loop() -> None:
    """Routers copying every event twice round a loop: an error naming r1, r2 and r3."""
    (problem,) = budget.amplifying_loops(load(FILES / "router-loop-doubles.yaml"))
    assert problem.severity == "error"
    assert "(r1, r2, r3)" in problem.message and "multiplies" in problem.message


def test_examples_have_no_amplifying_loop_and_fit_the_budget() -> None:
    """The shipped examples (one has a loop through the bus) pass both checks."""
    for path in sorted((FILES.parents[2] / "assets" / "examples").glob("*.yaml")):
        topology = load(path)
        assert budget.amplifying_loops(topology) == [], path.name
        assert budget.budget_problems(topology, severity="error") == [], path.name


def test_overloaded_consumer_for_1e7_s_is_refused_with_its_estimate() -> None:
    """rho 5 for 1e7 s: a backlog of ~4e7 events at c, more than 2 GB: refused."""
    (problem,) = budget.budget_problems(load(FILES / "rho-5-1e7s.yaml"), severity="error")
    assert "backlog of 4e+07 events at c" in problem.message
    assert "more than the memory budget of 2 GB" in problem.message


def test_tiny_interval_is_refused_for_its_rows() -> None:
    """--interval 1e-6 over 60 s means 6e7 time-series rows: refused."""
    problems = budget.budget_problems(load(FILES / "ok.yaml"), interval=1e-6, severity="error")
    assert "60,000,000 time-series rows" in problems[0].message


def test_budget_comes_from_the_environment(monkeypatch) -> None:
    """EVENTSCAPE_MEMORY_BUDGET (MB) overrides the default; nonsense falls back to it."""
    monkeypatch.setenv("EVENTSCAPE_MEMORY_BUDGET", "512")
    assert budget.budget_mb() == 512
    monkeypatch.setenv("EVENTSCAPE_MEMORY_BUDGET", "nan")
    assert budget.budget_mb() == budget.DEFAULT_BUDGET_MB


def test_run_stops_when_copies_in_flight_pass_the_limit() -> None:
    """A loop doubling behind patterns stops with a reason and the figures so far."""
    result = run(load(FILES / "router-loop-filtered.yaml"), max_in_flight=20_000)
    assert result.cancelled and result.stopped.startswith("stopped at t=")
    data = result.to_json_dict()
    assert 20_000 < data["events"]["in_flight"] < 20_000 + 2 * 4096
    assert data["stopped"] == result.stopped and data["ledger"]["balanced"]


def test_analytic_check_takes_bounded_time_on_a_loop_that_fans_out() -> None:
    """expected_load (the designer's analytic check) stops after MAX_SENDS hops (~1 s)."""
    import time

    from simulator.analysis import expected_load

    started = time.perf_counter()
    loads = expected_load(load(FILES / "router-loop-filtered.yaml"))
    assert time.perf_counter() - started < 10
    assert loads["r1"].rate > 1  # a lower bound, still showing the loop's traffic
