"""What `sweep` and `goal` share with `run`: the price table, the Free Tier, the memory
budget, and the refusals of runs that cannot fit (run length, multiplying loops, memory),
checked at every value an experiment runs, before it runs."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from simulator import budget
from simulator.engine import cli as engine_cli
from simulator.experiments.overrides import Value
from simulator.model import Problem, Topology, TopologyError


def add_options(p: argparse.ArgumentParser) -> None:
    """--memory-budget, --pricing and --free-tier, as `run` has them."""
    p.add_argument(
        "--memory-budget", type=engine_cli._positive, metavar="MB",
        help=f"refuse values whose runs are estimated not to fit, stop runs that outgrow it "
        f"(default {budget.DEFAULT_BUDGET_MB} or $EVENTSCAPE_MEMORY_BUDGET)",
    )  # fmt: skip
    p.add_argument("--interval", type=engine_cli._positive, metavar="S",
                   help="time-series interval of each run")  # fmt: skip
    engine_cli.add_pricing_options(p)


def options(args: argparse.Namespace, topology: Topology) -> dict[str, Any]:
    """The run options of every replication: duration, warm-up, the in-flight cap of the
    memory budget, the resolved price table and the Free Tier."""
    return {
        "duration": args.duration,
        "warmup": args.warmup,
        "interval": args.interval,
        "max_in_flight": budget.max_in_flight(args.memory_budget),
        "pricing": engine_cli.resolve_prices(topology, args.pricing),
        "free_tier": bool(args.free_tier),
    }


def refuse(args: argparse.Namespace, topology: Topology, values: Mapping[str, Value]) -> None:
    """TopologyError when a run of `topology` (the design at `values`) cannot fit, as `run`
    refuses it: run length, loops that multiply events, the memory budget."""
    plain = argparse.Namespace(
        duration=args.duration,
        memory_budget=args.memory_budget,
        interval=args.interval,
        file=args.file,
    )
    try:
        engine_cli.refuse_what_cannot_fit(plain, topology)
    except TopologyError as exc:
        at = ", ".join(f"{path}={value:g}" for path, value in values.items())
        head = f"with {at}: " if at else ""
        problems = [  # an option given on the command line is not the value's doing
            Problem(p.message if p.path.startswith("--") else f"{head}{p.message}", p.path)
            for p in exc.problems
        ]
        raise TopologyError(problems) from None


__all__ = ["add_options", "options", "refuse"]
