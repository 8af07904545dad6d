"""Workflow interpreter speed: state transitions per wall second (a script, not a test).

    python benchmarks/bench_workflow.py            # 200,000 executions, 3 repetitions
    python benchmarks/bench_workflow.py --quick    # 20,000 executions, one repetition

A Task/Choice/Pass workflow (Task -> Choice on $.detail.amount -> Pass -> Task -> Pass, 5
transitions per execution) run two ways: `run()` of a topology (producer -> workflow, the
whole engine: ledger, series, figures) and the interpreter alone on the engine's scheduler.
Issue 11 asks for at least 50,000 transitions/s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from simulator.engine import run  # noqa: E402
from simulator.engine.core import Env  # noqa: E402
from simulator.model import Edge, Node, Scenario, Topology  # noqa: E402
from simulator.workflow import Execution, TimedTask, compile_machine  # noqa: E402

DEFINITION: dict[str, Any] = {
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Task", "Resource": "check", "Next": "Size"},
        "Size": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.detail.amount", "NumericGreaterThan": 50, "Next": "Big"}],
            "Default": "Small",
        },
        "Big": {"Type": "Pass", "Result": {"big": True}, "ResultPath": "$.size", "Next": "Book"},
        "Small": {"Type": "Pass", "Next": "Book"},
        "Book": {"Type": "Task", "Resource": "book", "Next": "Done"},
        "Done": {"Type": "Pass", "End": True},
    },
}
TASKS = {
    "Check": {"service_time": {"dist": "exponential", "mean": 0.5}},
    "Book": {"service_time": {"dist": "exponential", "mean": 0.2}},
}


def topology(executions: int) -> Topology:
    """Poisson arrivals at 100/s into the workflow for executions/100 seconds."""
    events = [{"detail-type": "Order", "detail": {"amount": {"$randint": [1, 100]}}}]
    nodes = [
        Node(
            "orders",
            "producer",
            params={"load": {"profile": "poisson", "rate": 100}, "events": events},
        ),
        Node("flow", "workflow", params={"definition": DEFINITION, "tasks": TASKS}),
    ]
    scenario = Scenario(duration=executions / 100, seed=1)
    return Topology(name="bench", nodes=nodes, edges=[Edge("orders", "flow")], scenario=scenario)


def engine_rate(executions: int) -> tuple[float, int]:
    """Transitions per wall second of the whole engine."""
    started = time.perf_counter()
    result = run(topology(executions))
    wall = time.perf_counter() - started
    transitions = result.nodes["flow"]["transitions"]
    return transitions / wall, transitions


class Host:
    """The interpreter alone: executions started 100/s on the engine's scheduler."""

    def __init__(self) -> None:
        self.env = Env()
        rng = np.random.default_rng(1)
        self.uniform = rng.random
        self.transitions = 0
        self.machine = compile_machine(DEFINITION)
        for name, mean in (("Check", 0.5), ("Book", 0.2)):
            draws = iter(rng.exponential(mean, 10_000_000).tolist()).__next__
            self.machine.states[name].runner = TimedTask(self.env, draws)

    def finished(self, execution: Execution, ok: bool, error: str, cause: str) -> None:
        """Executions end silently."""

    def entered(self, run: Any, name: str) -> None:
        """No tracing."""

    def retried(self, run: Any, name: str) -> None:
        """No tracing."""


def interpreter_rate(executions: int) -> tuple[float, int]:
    """Transitions per wall second of the interpreter on its own."""
    host = Host()
    rng = np.random.default_rng(2)
    inputs = [{"detail": {"amount": int(a)}} for a in rng.integers(1, 101, executions)]
    started = time.perf_counter()
    for i, data in enumerate(inputs):
        host.env.at(
            i / 100, lambda call: Execution(host, host.machine, call._value, "e").start(), data
        )
    host.env.advance(executions / 100 + 1e6)
    wall = time.perf_counter() - started
    return host.transitions / wall, host.transitions


def main() -> None:
    """Print transitions/s of both ways, best of the repetitions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    executions, repeats = (20_000, 1) if args.quick else (200_000, 3)
    for name, measure in (("engine run()", engine_rate), ("interpreter", interpreter_rate)):
        rates = [measure(executions) for _ in range(repeats)]
        best, transitions = max(rates)
        print(f"{name:>14}: {best:>10,.0f} transitions/s ({transitions:,} transitions)")


if __name__ == "__main__":
    main()
