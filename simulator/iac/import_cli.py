"""`eventscape-sim import TEMPLATE [-o topology.yaml]`: a SAM/CloudFormation template in."""

from __future__ import annotations

import argparse
import json
import sys

from simulator.files import dumps
from simulator.files.parse import format_of
from simulator.files.write import write_output
from simulator.problems import printable

DESCRIPTION = (
    "Import an AWS SAM or CloudFormation template (YAML with short-form intrinsics, or JSON) "
    "as a topology: event buses and rules, SNS topics and subscriptions, SQS queues and "
    "redrive, Lambda functions with their event sources and destinations, Step Functions "
    "state machines, schedules. What no template states (work times, failure rates, loads "
    "of outside callers) gets a stated default; the report (on stderr) lists every assumed "
    "value and every resource not modelled. A template exported by Eventscape gives back "
    "the design it came from. Exit status: 0 when imported, 1 when the template cannot be."
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the `import` sub-command."""
    p = sub.add_parser(
        "import", help="import a SAM/CloudFormation template", description=DESCRIPTION
    )
    p.add_argument("template", metavar="TEMPLATE", help="template file (.yaml, .yml, .json)")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="topology file, JSON or YAML by extension (default: stdout)",
    )
    p.add_argument(
        "--report", metavar="FILE", help="also write the report to FILE (JSON when it ends .json)"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="do not print the report")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Import, write the topology and the report; the exit status."""
    from simulator.iac.sam_import import TemplateError, import_template

    try:
        result = import_template(args.template)
    except TemplateError as exc:
        for line in str(exc).splitlines():
            print(printable(line if line.startswith(" ") else f"error: {line}"), file=sys.stderr)
        return 1
    topology, report = result.topology, result.report
    text = report.text(len(topology.nodes), len(topology.edges))
    if not args.quiet:
        sys.stderr.write(text)
    if args.report:
        body = (
            json.dumps(report.to_dict(), indent=2) + "\n" if args.report.endswith(".json") else text
        )
        if write_output(body, args.report, quiet=True):
            return 1
    output = args.output
    fmt = format_of(output) if output and output != "-" else "yaml"
    return write_output(dumps(topology, fmt), output)
