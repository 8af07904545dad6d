"""`eventscape-sim run`: simulate a topology file and report (table, contract JSON, files).

Exit status: 0 after a run whose ledger balances; 1 when the file or the options cannot
be used (the problems are printed on stderr), when the run would not fit the memory budget
or stopped because its copies in flight passed it (the figures up to there are printed);
3 when a run's ledger does not balance (an engine bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator import budget
from simulator.engine import Result, resolve_prices, run, run_iter
from simulator.engine.audit import JsonlAudit
from simulator.engine.replications import run_replications, summarize
from simulator.engine.report import table, write_out
from simulator.model import Topology
from simulator.model.limits import duration_problem
from simulator.outputs import output_dir_problem, output_error, output_file_problem
from simulator.problems import Problem, TopologyError, printable

DESCRIPTION = """\
Simulate a topology with the discrete-event engine and report end-to-end latency,
outcome counts (completed, failed, dead-lettered, ...), per-node figures and the ledger
check (every event copy ends in exactly one outcome or is still in flight).
Flags override the file's scenario. The same file and seed always give the same output.
"""


def _positive(text: str) -> float:
    value = float(text)
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text}")
    return value


def _non_negative(text: str) -> float:
    value = float(text)
    if not (value >= 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def _warmup(text: str) -> float | str:
    return "auto" if text == "auto" else _non_negative(text)


def _count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text}")
    return value


def _seed(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def add_parser(subparsers: Any, load: Callable[[str], Topology]) -> argparse.ArgumentParser:
    """Register the `run` sub-command on an argparse sub-parsers object.

    `load(path)` reads a topology file (the main command line passes
    `simulator.files.load`; the engine itself knows no file formats).
    """
    p = subparsers.add_parser(
        "run",
        help="simulate a topology",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="topology file (.json, .yaml, .yml)")
    p.add_argument("--duration", type=_positive, metavar="S", help="simulated seconds")
    p.add_argument("--seed", type=_seed, metavar="N", help="random seed")
    p.add_argument(
        "--warmup", type=_warmup, metavar="S",
        help="seconds left out of statistics, or auto (chosen by MSER-5 from a pilot run)",
    )  # fmt: skip
    p.add_argument("--interval", type=_positive, metavar="S", help="time-series interval")
    p.add_argument("--json", action="store_true", help="print the result as JSON (the contract)")
    p.add_argument("--out", metavar="DIR", help="write summary.json, timeseries.csv, traces.jsonl")
    p.add_argument(
        "--replications", type=_count, default=1, metavar="R",
        help="independent runs with seeds seed, seed+1, ...: means and 95%% intervals",
    )  # fmt: skip
    p.add_argument("--workers", type=_count, default=1, metavar="N", help="parallel processes")
    p.add_argument(
        "--memory-budget", type=_positive, metavar="MB",
        help=f"refuse runs estimated not to fit, stop runs that outgrow it (default "
        f"{budget.DEFAULT_BUDGET_MB} or $EVENTSCAPE_MEMORY_BUDGET)",
    )  # fmt: skip
    add_pricing_options(p)
    p.add_argument(
        "--audit", metavar="FILE",
        help="write one JSON line per decision (publish, deliver, deny, dead-letter, ...) "
        "to FILE (JSON Lines; one run only)",
    )  # fmt: skip
    p.set_defaults(handler=handle, load=load)
    return p


def add_pricing_options(p: argparse.ArgumentParser) -> None:
    """--pricing and --free-tier (run, sweep and goal)."""
    p.add_argument(
        "--pricing", metavar="FILE",
        help="price table for the cost figures (default: scenario.pricing, else the shipped "
        "assets/pricing/aws-us-east-1.yaml)",
    )  # fmt: skip
    p.add_argument(
        "--free-tier", action="store_true",
        help="take the monthly free amounts (AWS Free Tier) off the monthly cost",
    )  # fmt: skip


def handle(args: argparse.Namespace) -> int:
    """Run the simulation the arguments describe; returns the exit status."""
    try:
        topology = args.load(args.file)
        args.prices = resolve_prices(topology, args.pricing)
        refuse_what_cannot_fit(args, topology)
        problem = output_dir_problem(Path(args.out)) if args.out else None
        if problem:
            print(f"error: {printable(args.out)}: {problem}", file=sys.stderr)
            return 1
        if getattr(args, "audit", None) and _audit_problem(args):
            return 1
        if args.replications > 1:
            return _replicated(args, topology)
        if getattr(args, "audit", None):
            result = _audited(args, topology)
        else:
            result = _single(args, topology)
    except TopologyError as exc:  # run-time errors name the file too
        print(TopologyError(exc.problems, exc.source or args.file).report(), file=sys.stderr)
        return 1
    except _AuditFailed as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    data = result.to_json_dict()
    if args.json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        sys.stdout.write(table(data, priced=_priced(args)))
    if args.out:
        try:
            paths = write_out(result, Path(args.out))
        except OSError as exc:
            print(f"{args.out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1
        for path in paths:
            print(f"wrote {path}", file=sys.stderr)
    if result.stopped:
        print(f"{printable(args.file)}: error: {result.stopped}", file=sys.stderr)
        return 1
    return _ledger_status([data])


def refuse_what_cannot_fit(args: argparse.Namespace, topology: Topology) -> None:
    """Raise TopologyError for a run length beyond the limits, a loop that multiplies
    events, or a run estimated to need more memory than the budget."""
    duration = topology.scenario.duration if args.duration is None else args.duration
    message = duration_problem(duration)
    if message is not None:
        where = "--duration" if args.duration else "scenario.duration"
        problems = [Problem(message, where)]
    else:
        problems = budget.amplifying_loops(topology)
        problems += budget.budget_problems(
            topology,
            budget=args.memory_budget,
            duration=duration,
            interval=args.interval,
            severity="error",
        )
    if problems:
        raise TopologyError(problems, args.file)


def run_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "duration": args.duration,
        "warmup": args.warmup,
        "interval": args.interval,
        "max_in_flight": budget.max_in_flight(args.memory_budget),
        "pricing": getattr(args, "prices", None),
        "free_tier": bool(getattr(args, "free_tier", False)),
    }


class _AuditFailed(Exception):
    """The audit file could not be written (the message names the path)."""


def _audit_problem(args: argparse.Namespace) -> bool:
    """Print why `--audit FILE` cannot be used (one line) and return True; else False."""
    problem = output_file_problem(Path(args.audit))
    if problem is None and args.replications > 1:
        problem = "--audit records one run; leave out --replications"
    if problem is not None:
        print(f"error: {printable(args.audit)}: {problem}", file=sys.stderr)
        return True
    return False


def _audited(args: argparse.Namespace, topology: Topology) -> Result:
    """A single run streaming its audit records to `--audit FILE` (renamed in at the end)."""
    path = Path(args.audit)
    try:
        sink = JsonlAudit(path)
    except OSError as exc:
        raise _AuditFailed(output_error(path, exc)) from None
    try:
        with sink:
            result = _single(args, topology, sink)
    except OSError as exc:
        raise _AuditFailed(output_error(path, exc)) from None
    print(f"wrote {printable(args.audit)} ({sink.lines:,} audit records)", file=sys.stderr)
    return result


def _single(
    args: argparse.Namespace, topology: Topology, audit: JsonlAudit | None = None
) -> Result:
    tty = sys.stderr.isatty()
    options = run_options(args)
    if not tty:  # no progress bar: one stretch, no snapshots (slicing never changes a run)
        return run(topology, seed=args.seed, audit=audit, **options)
    result = None
    for snapshot in run_iter(topology, seed=args.seed, audit=audit, **options):
        if tty:
            _progress(snapshot.progress, f"t={snapshot.time:,.0f}/{snapshot.duration:,.0f} s")
        result = snapshot.result
    assert result is not None
    if tty:
        rate = result.visits / result.wall_seconds if result.wall_seconds else 0.0
        print(
            f"\r{result.duration:g} s simulated in {result.wall_seconds:.2f} s wall time "
            f"({rate:,.0f} node visits/s)".ljust(60),
            file=sys.stderr,
        )
    return result


def _replicated(args: argparse.Namespace, topology: Topology) -> int:
    first = topology.scenario.seed if args.seed is None else args.seed
    seeds = [first + i for i in range(args.replications)]
    tty = sys.stderr.isatty()

    def progress(done: int) -> None:
        if tty:
            _progress(done / len(seeds), f"{done}/{len(seeds)} replications")

    results = run_replications(topology, seeds, args.workers, progress, **run_options(args))
    if tty:
        print(file=sys.stderr)
    return report_replicated(args, results, seeds)


def report_replicated(
    args: argparse.Namespace,
    results: list[dict[str, Any]],
    seeds: list[int],
    extra: dict[str, Any] | None = None,
) -> int:
    """Print (and write to --out) the replications' summary; `extra` joins its
    `replications` entry (run-length control adds its target there). Exit status."""
    summary = summarize(results, seeds)
    summary["replications"].update(extra or {})
    if args.json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    else:
        sys.stdout.write(f"{len(seeds)} replications (seeds {seeds[0]}..{seeds[-1]}), ")
        sys.stdout.write("means with 95% confidence half-widths\n")
        sys.stdout.write(table(summary, summary["replications"]["ci95"], _priced(args)))
    if args.out:
        out = Path(args.out)
        try:
            out.mkdir(parents=True, exist_ok=True)
            text = json.dumps(summary, indent=2) + "\n"
            (out / "summary.json").write_text(text, encoding="utf-8")
            text = json.dumps(results, indent=2) + "\n"
            (out / "replications.json").write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"error: {printable(args.out)}: cannot write: {exc.strerror}", file=sys.stderr)
            return 1
        print(f"wrote {out / 'summary.json'} and {out / 'replications.json'}", file=sys.stderr)
    stopped = [r["stopped"] for r in results if r.get("stopped")]
    if stopped:
        print(f"{printable(args.file)}: error: {stopped[0]}", file=sys.stderr)
        return 1
    return _ledger_status(results)


def _ledger_status(results: list[dict[str, Any]]) -> int:
    if all(r["ledger"]["balanced"] for r in results):
        return 0
    print("error: the ledger does not balance (an engine bug; please report it)", file=sys.stderr)
    return 3


def _progress(fraction: float, text: str) -> None:
    filled = int(30 * fraction)
    bar = "#" * filled + "." * (30 - filled)
    print(f"\r[{bar}] {fraction:4.0%} {text}", end="", file=sys.stderr, flush=True)


def _priced(args: argparse.Namespace) -> str:
    """Which prices the cost line used: `us-east-1 prices of 2026-11-29`, and the free
    tier when it was taken off the month."""
    prices = getattr(args, "prices", None)
    if prices is None:
        return ""
    free = ", free tier off the month" if getattr(args, "free_tier", False) else ""
    return f"{prices.region} prices of {prices.date}{free}"
