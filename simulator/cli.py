"""`eventscape-sim`: the headless command line (validate, export, run, sweep, goal,
test-pattern, schema)."""

from __future__ import annotations

import argparse
import sys

from simulator import __version__, compiled
from simulator.budget import budget_problems
from simulator.engine import cli as engine_cli
from simulator.experiments import cli as experiments_cli
from simulator.export import EXPORT_FORMATS, export_text
from simulator.files import load
from simulator.files.definitions import definition_problems
from simulator.files.write import write_output
from simulator.iac import import_cli
from simulator.model import Topology
from simulator.patterns import cli as patterns_cli
from simulator.problems import TopologyError

DESCRIPTION = """\
Eventscape's headless simulator: check, convert and run event-driven topologies
(producers, routers, topics, queues, consumers) described in JSON or YAML files.
"""
EPILOG = """\
examples:
  eventscape-sim validate assets/examples/*.yaml
  eventscape-sim export assets/examples/ecommerce.yaml --to mermaid -o shop.mmd
  eventscape-sim run assets/examples/ecommerce.yaml --duration 600 --seed 3
  eventscape-sim run shop.yaml --json > result.json
  eventscape-sim sweep shop.yaml --set payments.concurrency=10,20,40 --replications 5
  eventscape-sim goal shop.yaml --vary payments.concurrency=1:64 --until 'latency.p99<=2'
  eventscape-sim test-pattern '{"detail-type": ["OrderPlaced"]}' @event.json
  eventscape-sim import template.yaml -o topology.yaml

Run `eventscape-sim COMMAND --help` for each command's options.
"""


def _validate(args: argparse.Namespace) -> int:
    failed = False
    for name in args.files:
        try:
            topology = load(name)
        except TopologyError as exc:
            print(exc.report(), file=sys.stderr)
            failed = True
            continue
        from simulator.checks import check  # networkx: only `validate` needs it

        problems = definition_problems(topology) + check(topology)
        if not any(p.severity == "error" for p in problems):  # the run's size estimate
            problems += budget_problems(topology)
        for problem in problems:
            stream = sys.stderr if problem.severity == "error" else sys.stdout
            print(f"{name}: {problem.severity}: {problem}", file=stream)
        errors = [p for p in problems if p.severity == "error"]
        failed |= bool(errors)
        if not errors and not args.quiet:
            warnings = len(problems)
            note = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
            sizes = f"{_count(topology.nodes, 'node')}, {_count(topology.edges, 'edge')}"
            print(f"{name}: valid: {sizes}{note}")
    return 1 if failed else 0


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'s' * (len(items) != 1)}"


def _load_runnable(path: str) -> Topology:
    """A design for `run`, `sweep` and `goal`: refused, with every error named, when
    `validate` finds errors the run would otherwise pass over (what AWS would not
    deploy, a loop no event leaves), as the designer refuses to run it."""
    from simulator.checks import run_errors

    topology = load(path)
    errors = run_errors(topology)
    if errors:
        raise TopologyError(errors, path)
    return topology


def _export(args: argparse.Namespace) -> int:
    try:
        topology = load(args.file)
    except TopologyError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    side = (args.account, args.region)
    if side != (None, None) and args.to != "sam":
        print(
            "export: --account and --region choose the SAM template's side: use them with --to sam",
            file=sys.stderr,
        )
        return 2
    if args.to in ("sam", "asyncapi"):
        return _export_iac(topology, args)
    return write_output(export_text(topology, args.to), args.output)


def _export_iac(topology: Topology, args: argparse.Namespace) -> int:
    """SAM or AsyncAPI: the file, then its report (notes, lint findings) on stderr."""
    from simulator.iac import export_with_report, sides

    account = args.account or topology.scenario.account
    region = args.region or topology.scenario.region
    places = sides(topology)
    if args.to == "sam" and (account, region) not in places:
        listed = ", ".join(f"{a} {r}" for a, r in places) or "none"
        print(
            f"export: no node of the design runs in account {account}, Region {region} "
            f"(its accounts and Regions: {listed})",
            file=sys.stderr,
        )
        return 1
    text, report = export_with_report(topology, args.to, account, region)
    status = write_output(text, args.output)
    for line in report.lines():
        print(line, file=sys.stderr)
    return status or (1 if report.errors else 0)


def _schema(args: argparse.Namespace) -> int:
    from simulator.files.schema import schema_text

    return write_output(schema_text(), args.output)


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check topology files",
        description=(
            "Check topology files: syntax, every key and value, wiring, patterns and filters, "
            "then graph checks (unreachable nodes, queues nobody reads, loops with no exit). "
            "Every error is printed on stderr with its location; warnings are printed but do "
            "not fail. Exit status: 0 when all files are valid, 1 otherwise."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="topology files (.json, .yaml, .yml)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.set_defaults(handler=_validate)


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="convert a topology to another format",
        description=(
            "Convert a topology: json and yaml are Eventscape files (the same model, stable key "
            "order); graphml keeps every node and edge attribute for graph tools (yEd, Gephi, "
            "networkx); mermaid is a flowchart for Markdown docs; dot is Graphviz "
            "(`dot -Tsvg out.dot -o out.svg`); sam is a deployable AWS SAM template (checked "
            "with cfn-lint: notes and findings on stderr, exit 1 on errors); asyncapi is an "
            "AsyncAPI 3.0.0 document (checked against the official schema)."
        ),
    )
    p.add_argument("file", metavar="FILE", help="topology file")
    p.add_argument("--to", required=True, choices=EXPORT_FORMATS, help="output format")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    p.add_argument(
        "--account",
        metavar="ACCOUNT",
        help="sam: the account whose side to export (default: the scenario's); nodes "
        "elsewhere are kept in the template's metadata",
    )
    p.add_argument(
        "--region",
        metavar="REGION",
        help="sam: the Region whose side to export (default: the scenario's)",
    )
    p.set_defaults(handler=_export)


def _add_schema(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of topology files",
        description="Print the JSON Schema that editors such as VS Code use to check topologies.",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    p.set_defaults(handler=_schema)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="eventscape-sim",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    engine = f"engine {compiled.state}"  # compiled (mypyc), interpreted, pure or stale
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__} ({engine})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_validate(sub)
    _add_export(sub)
    import_cli.add_parser(sub)
    experiments_cli.extend_run(engine_cli.add_parser(sub, _load_runnable))
    experiments_cli.add_parsers(sub, _load_runnable)
    patterns_cli.add_parser(sub)
    _add_schema(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `eventscape-sim`; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
