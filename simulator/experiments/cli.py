"""`eventscape-sim sweep`, `eventscape-sim goal` and run-length control of `run`.

Exit status: 0 when done; 1 for a file or option that cannot be used, or a goal that no
value in range meets; 130 after Ctrl-C (what finished so far is printed first).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.engine import cli as engine_cli
from simulator.experiments import limits
from simulator.experiments.goal import Stopped, planned_evaluations, seek
from simulator.experiments.metrics import Target
from simulator.experiments.output import sweep_csv, sweep_table
from simulator.experiments.overrides import apply, grid, parse_setting, resolve
from simulator.experiments.progress import Bar
from simulator.experiments.runlength import auto_warmup, until_precise
from simulator.experiments.runners import Runner, Task, make_runner
from simulator.experiments.sweep import Precision, run_sweep
from simulator.model import Problem, Topology, TopologyError
from simulator.outputs import output_dir_problem
from simulator.problems import printable

INTERRUPTED = 130


def _common(p: argparse.ArgumentParser, replications: int) -> None:
    p.add_argument("file", metavar="FILE", help="topology file (.json, .yaml, .yml)")
    p.add_argument(
        "--replications", type=engine_cli._count, metavar="R",
        help=f"runs per value, seeds seed, seed+1, ... (default {replications})",
    )  # fmt: skip
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=engine_cli._count, default=1, metavar="N", help="local processes"
    )
    where.add_argument(
        "--scheduler", metavar="ADDRESS", help="a Dask scheduler, such as tcp://10.0.0.5:8786"
    )
    p.add_argument("--duration", type=engine_cli._positive, metavar="S", help="simulated seconds")
    p.add_argument("--warmup", type=engine_cli._non_negative, metavar="S", help="warm-up seconds")
    p.add_argument("--seed", type=engine_cli._seed, metavar="N", help="first seed")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    limits.add_options(p)


def add_parsers(subparsers: Any, load: Callable[[str], Topology]) -> None:
    """Register `sweep` and `goal`; `load(path)` reads a topology file."""
    p = subparsers.add_parser(
        "sweep",
        help="run a topology over a grid of parameter values",
        description=(
            "Run every combination of the --set values with R replications each and report "
            "every metric of `run --json` (flattened with dots) with 95%% intervals. PATH is "
            "NODE_ID.param, NODE_ID.load.KEY or scenario.duration; VALUES is 10,20,40 or "
            "LO:HI:STEP. With --target-ci each point gets replications until its metric is "
            "precise enough. Ctrl-C stops and prints the points finished so far."
        ),
    )
    _common(p, 3)
    p.add_argument(
        "--set", dest="settings", action="append", required=True, metavar="PATH=VALUES",
        help="a parameter and its values (repeat for a grid)",
    )  # fmt: skip
    p.add_argument(
        "--show", action="append", metavar="METRIC",
        help="metrics of the table (default latency.mean, latency.p99, events.completed)",
    )  # fmt: skip
    p.add_argument("--out", metavar="DIR", help="write sweep.json and sweep.csv")
    _add_precision(
        p,
        "instead of R replications, add them at each point until the metric's 95%% "
        "half-width is within REL of its mean (as run --target-ci)",
        "a point",
    )
    p.set_defaults(handler=_sweep, load=load, default_replications=3)
    p = subparsers.add_parser(
        "goal",
        help="find the smallest value of a parameter that meets a target",
        description=(
            "Find the smallest integer value of PATH in [LO, HI] whose metric meets the "
            "target with 95%% confidence (the interval's far side meets it), by bisection on "
            "a response assumed monotone, then a check of the value below. Exit 1 when no "
            "value in range meets it."
        ),
    )
    _common(p, 5)
    p.add_argument("--vary", required=True, metavar="PATH=LO:HI", help="the integer to search")
    p.add_argument("--until", required=True, type=_target, metavar="'METRIC<=X'", help="target")
    p.set_defaults(handler=_goal, load=load, default_replications=5)


def _target(text: str) -> Target:
    try:
        return Target(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _replications(args: argparse.Namespace) -> int:
    """--replications, or the command's default when not given."""
    return int(args.replications or args.default_replications)


def _precision(args: argparse.Namespace) -> Precision | None:
    """sweep --target-ci: the metric, the relative half-width and the cap per point."""
    if args.target_ci is None:
        return None
    if args.replications is not None:
        message = "give --replications R or --target-ci REL, not both"
        raise TopologyError([Problem(message, "--target-ci")])
    return Precision(args.metric, args.target_ci, args.max_replications)


def _fail(exc: TopologyError, file: str) -> int:
    print(TopologyError(exc.problems, exc.source or file).report(), file=sys.stderr)
    return 1


def _runner(args: argparse.Namespace) -> Runner:
    try:
        return make_runner(args.workers, args.scheduler)
    except OSError as exc:  # the scheduler cannot be reached
        where = args.scheduler or "--workers"
        raise TopologyError([Problem(f"cannot start the workers: {exc}", where)]) from None


def _sweep(args: argparse.Namespace) -> int:
    try:
        topology = args.load(args.file)
        points = grid([parse_setting(s) for s in args.settings])
        for path in points[0]:
            resolve(topology, path)
        for point in points:  # what `run` refuses, at every value, before any run
            limits.refuse(args, apply(topology, point), point)
        problem = output_dir_problem(Path(args.out)) if args.out else None
        if problem:
            raise TopologyError([Problem(problem, "--out")])
        precision = _precision(args)
        total = len(points) * _replications(args)
        runner = _runner(args)
        try:
            with Bar("sweep", None if precision else total) as bar:
                result = run_sweep(
                    topology, points, runner, replications=_replications(args), seed=args.seed,
                    options=limits.options(args, topology), progress=bar.update,
                    precision=precision,
                )  # fmt: skip
        finally:
            runner.close()
    except TopologyError as exc:
        return _fail(exc, args.file)
    data = result.to_json_dict()
    shown = args.show or ["latency.mean", "latency.p99", "events.completed"]
    sys.stdout.write(json.dumps(data, indent=2) + "\n" if args.json else sweep_table(data, shown))
    if args.out:
        out = Path(args.out)
        try:
            out.mkdir(parents=True, exist_ok=True)
            (out / "sweep.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            (out / "sweep.csv").write_text(sweep_csv(data), encoding="utf-8")
        except OSError as exc:
            print(f"error: {printable(args.out)}: cannot write: {exc.strerror}", file=sys.stderr)
            return 1
        print(f"wrote {out / 'sweep.json'} and {out / 'sweep.csv'}", file=sys.stderr)
    if result.stopped:
        print(f"stopped ({result.stopped}): the points above are what finished", file=sys.stderr)
        return INTERRUPTED
    return 0


def _vary(text: str) -> tuple[str, int, int]:
    path, sep, span = text.partition("=")
    lo, colon, hi = span.partition(":")
    try:
        if not (sep and colon and path.strip()):
            raise ValueError
        return path.strip(), int(lo), int(hi)
    except ValueError:
        message = (
            f"expected PATH=LO:HI with integers, such as payments.concurrency=1:64, got {text!r}"
        )
        raise TopologyError([Problem(message, "--vary")]) from None


def _goal(args: argparse.Namespace) -> int:
    try:
        topology = args.load(args.file)
        path, lo, hi = _vary(args.vary)
        resolve(topology, path)
        runner = _runner(args)
        try:
            planned = planned_evaluations(lo, hi)
            with Bar(f"goal {args.until}", planned) as bar:

                def shown(evaluation: Any) -> None:
                    verdict = "meets" if evaluation.met else "misses"
                    done = len(seen) + 1  # values evaluated; the plan grows if a check adds
                    note = f"{path}={evaluation.value} {verdict}"
                    bar.update(done, max(planned, done + 1), note)
                    seen.append(evaluation)

                seen: list[Any] = []
                result = seek(
                    topology, path, lo, hi, args.until, runner,
                    replications=_replications(args), seed=args.seed,
                    options=limits.options(args, topology), on_evaluated=shown,
                    check=lambda changed, at: limits.refuse(args, changed, at),
                )  # fmt: skip
                bar.update(len(seen), len(seen))  # done: the bar ends full
        finally:
            runner.close()
    except TopologyError as exc:
        return _fail(exc, args.file)
    except Stopped as stop:
        for e in stop.evaluated:
            print(f"{path}={e.value}: {args.until.metric} {_interval(e.metric)}", file=sys.stderr)
        print(f"stopped ({stop.reason}) before an answer", file=sys.stderr)
        return INTERRUPTED
    data = result.to_json_dict()
    if args.json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    for e in result.evaluated if not args.json else []:
        print(f"{path}={e.value}: {args.until.metric} {_interval(e.metric)}")
    if result.value is None:
        print(
            f"error: no value of {path} in [{lo}, {hi}] meets {args.until} with 95% confidence "
            f"(at {hi}: {_interval(data['metric'])})",
            file=sys.stderr,
        )
        return 1
    if not args.json:
        print(f"smallest {path} meeting {args.until}: {result.value}")
    return 0


def _interval(metric: dict[str, Any]) -> str:
    half = metric["half_width"]
    return f"{metric['mean']:g}" + (f" ± {half:g}" if half is not None else "")


def _add_precision(p: argparse.ArgumentParser, target_help: str, per: str) -> None:
    """--target-ci, --metric and --max-replications (`per`: "a point" for sweeps)."""
    p.add_argument("--target-ci", type=engine_cli._positive, metavar="REL", help=target_help)
    p.add_argument(
        "--metric", default="latency.mean", metavar="NAME",
        help="the metric of --target-ci, a dotted name of the --json output (latency.mean)",
    )  # fmt: skip
    p.add_argument(
        "--max-replications", type=engine_cli._count, default=50, metavar="R",
        help=f"at most this many replications{' ' + per if per else ''} for --target-ci "
        "(default 50)",
    )  # fmt: skip


def extend_run(p: argparse.ArgumentParser) -> None:
    """Add run-length control (--target-ci, --metric, --max-replications, --warmup auto)
    and --scheduler to the `run` sub-command's parser."""
    _add_precision(
        p,
        "add replications until the metric's 95%% half-width is within REL of its mean",
        "",
    )
    p.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="run the replications (--replications or --target-ci) on a Dask scheduler, "
        "such as tcp://10.0.0.5:8786, instead of local processes",
    )  # fmt: skip
    p.set_defaults(handler=handle_run)


def handle_run(args: argparse.Namespace) -> int:
    """`run` with --warmup auto, --target-ci, --replications or --scheduler; otherwise the
    engine's own `run`."""
    many = args.target_ci is not None or args.replications > 1 or bool(args.scheduler)
    if args.warmup != "auto" and not many:
        return engine_cli.handle(args)
    if getattr(args, "audit", None) and many:
        refused = "--audit records one run; leave out --replications and --target-ci"
        print(f"error: {printable(args.audit)}: {refused}", file=sys.stderr)
        return 1
    try:
        topology = args.load(args.file)
        args.prices = engine_cli.resolve_prices(topology, args.pricing)
        engine_cli.refuse_what_cannot_fit(args, topology)  # run length, loops, memory budget
        problem = output_dir_problem(Path(args.out)) if args.out else None
        if problem:
            raise TopologyError([Problem(problem, "--out")])
        _check_run_options(args)
        if args.warmup == "auto":
            seed = topology.scenario.seed if args.seed is None else args.seed
            options = {"duration": args.duration, "interval": args.interval}
            args.warmup, step, limit = auto_warmup(topology, seed, options)
            print(
                f"warm-up: {args.warmup:g} s, chosen by MSER-5 on the copies in flight "
                f"(sampled every {step:g} s) of a pilot run with seed {seed}",
                file=sys.stderr,
            )
            if limit:
                print(
                    "note: that is half the run, as much as MSER-5 may cut: the copies in "
                    "flight did not settle within it; a longer --duration gives a sounder "
                    "warm-up",
                    file=sys.stderr,
                )
        if args.target_ci is not None:
            return _precise(args, topology)
        if many:
            return _replicated(args, topology)
        return engine_cli.handle(args)
    except TopologyError as exc:
        return _fail(exc, args.file)


def _check_run_options(args: argparse.Namespace) -> None:
    """Options that do not go together with --scheduler or --target-ci."""
    many = args.target_ci is not None or args.replications > 1
    if args.scheduler and args.workers > 1:
        raise TopologyError([Problem("give --workers or --scheduler, not both", "--scheduler")])
    if args.scheduler and not many:
        message = "runs replications on the cluster: add --replications R (R > 1) or --target-ci"
        raise TopologyError([Problem(message, "--scheduler")])


def _replicated(args: argparse.Namespace, topology: Topology) -> int:
    """`run --replications R`: on local processes or a Dask cluster (`--scheduler`); Ctrl-C
    reports the replications that finished."""
    first = topology.scenario.seed if args.seed is None else args.seed
    seeds = [first + i for i in range(args.replications)]
    options = engine_cli.run_options(args)
    tasks = [Task(topology, {}, seed, dict(options)) for seed in seeds]
    runner = _runner(args)
    try:
        with Bar("replications", len(seeds)) as bar:
            finished: list[int] = []

            def done(index: int, _figures: dict[str, Any]) -> None:
                finished.append(index)
                bar.update(len(finished))

            batch = runner.map(tasks, done)
    finally:
        runner.close()
    pairs = [(s, r) for s, r in zip(seeds, batch.results, strict=True) if r is not None]
    if not pairs:
        print(f"stopped ({batch.stopped}) before any replication finished", file=sys.stderr)
        return INTERRUPTED
    if batch.stopped:
        print(f"stopped ({batch.stopped}): {len(pairs)} replications", file=sys.stderr)
    results, done_seeds = [r for _, r in pairs], [s for s, _ in pairs]
    status = engine_cli.report_replicated(args, results, done_seeds)
    return INTERRUPTED if batch.stopped else status


def _precise(args: argparse.Namespace, topology: Topology) -> int:
    seed = topology.scenario.seed if args.seed is None else args.seed
    options = engine_cli.run_options(args)  # duration, warm-up, interval, memory budget
    runner = _runner(args)
    try:
        with Bar(f"replications until ±{args.target_ci:.0%}", args.max_replications) as bar:
            found = until_precise(
                topology, args.metric, args.target_ci, args.max_replications, runner,
                seed=seed, options=options, progress=bar.update,
            )  # fmt: skip
    finally:
        runner.close()
    if not found.results:
        print(f"stopped ({found.stopped}) before any replication finished", file=sys.stderr)
        return INTERRUPTED
    target = {"metric": args.metric, "relative": args.target_ci, "met": found.met}
    if found.stopped:
        print(f"stopped ({found.stopped}): {len(found.results)} replications", file=sys.stderr)
    elif not found.met:
        print(
            f"note: reached --max-replications {args.max_replications}: the half-width of "
            f"{args.metric} is {_relative(found.metric)} of its mean, above the target "
            f"{args.target_ci:.2%}",
            file=sys.stderr,
        )
    status = engine_cli.report_replicated(args, found.results, found.seeds, {"target": target})
    return INTERRUPTED if found.stopped else status


def _relative(metric: dict[str, Any]) -> str:
    mean, half = metric["mean"], metric["half_width"]
    return f"{half / abs(mean):.2%}" if half is not None and mean else "undefined"


__all__ = ["add_parsers", "extend_run", "handle_run"]
