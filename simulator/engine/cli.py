"""`eventscape-sim run`: simulate a topology file and report (table, contract JSON, files).

Exit status: 0 after a run whose ledger balances; 1 when the file or the options cannot
be used (the problems are printed on stderr); 3 when a run's ledger does not balance
(an engine bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.engine import Result, run_iter
from simulator.engine.replications import run_replications, summarize
from simulator.engine.report import table, write_out
from simulator.files import load
from simulator.model import Topology
from simulator.problems import TopologyError

DESCRIPTION = """\
Simulate a topology with the discrete-event engine and report end-to-end latency,
outcome counts (completed, failed, dead-lettered, ...), per-node figures and the ledger
check (every event copy ends in exactly one outcome or is still in flight).
Flags override the file's scenario. The same file and seed always give the same output.
"""


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def _non_negative(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


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


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the `run` sub-command on an argparse sub-parsers object."""
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
        "--warmup", type=_non_negative, metavar="S", help="seconds left out of statistics"
    )
    p.add_argument("--interval", type=_positive, metavar="S", help="time-series interval")
    p.add_argument("--json", action="store_true", help="print the result as JSON (the contract)")
    p.add_argument("--out", metavar="DIR", help="write summary.json, timeseries.csv, traces.jsonl")
    p.add_argument(
        "--replications", type=_count, default=1, metavar="R",
        help="independent runs with seeds seed, seed+1, ...: means and 95%% intervals",
    )  # fmt: skip
    p.add_argument("--workers", type=_count, default=1, metavar="N", help="parallel processes")
    p.set_defaults(handler=handle)
    return p


def handle(args: argparse.Namespace) -> int:
    """Run the simulation the arguments describe; returns the exit status."""
    try:
        topology = load(args.file)
        if args.replications > 1:
            return _replicated(args, topology)
        result = _single(args, topology)
    except TopologyError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    data = result.to_json_dict()
    if args.json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        sys.stdout.write(table(data))
    if args.out:
        try:
            paths = write_out(result, Path(args.out))
        except OSError as exc:
            print(f"{args.out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1
        for path in paths:
            print(f"wrote {path}", file=sys.stderr)
    return _ledger_status([data])


def _options(args: argparse.Namespace) -> dict[str, Any]:
    return {"duration": args.duration, "warmup": args.warmup, "interval": args.interval}


def _single(args: argparse.Namespace, topology: Topology) -> Result:
    tty = sys.stderr.isatty()
    result = None
    for snapshot in run_iter(topology, seed=args.seed, **_options(args)):
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

    results = run_replications(topology, seeds, args.workers, progress, **_options(args))
    if tty:
        print(file=sys.stderr)
    summary = summarize(results, seeds)
    if args.json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    else:
        sys.stdout.write(f"{len(seeds)} replications (seeds {seeds[0]}..{seeds[-1]}), ")
        sys.stdout.write("means with 95% confidence half-widths\n")
        sys.stdout.write(table(summary, summary["replications"]["ci95"]))
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        (out / "replications.json").write_text(
            json.dumps(results, indent=2) + "\n", encoding="utf-8"
        )
        print(f"wrote {out / 'summary.json'} and {out / 'replications.json'}", file=sys.stderr)
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


def main(argv: list[str] | None = None) -> int:
    """`python -m simulator.engine.cli run FILE ...` without the main command line."""
    parser = argparse.ArgumentParser(prog="eventscape-sim")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
