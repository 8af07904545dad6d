"""`test-pattern`: check an event against an EventBridge pattern or SNS filter policy."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.model.limits import read_capped
from simulator.patterns.compiler import compile_pattern
from simulator.patterns.errors import PatternError

EXIT_MATCH = 0
EXIT_NO_MATCH = 1
EXIT_ERROR = 2
MAX_INPUT_BYTES = 10 * 1024 * 1024

DESCRIPTION = """\
Test whether EVENT matches PATTERN, the way Amazon EventBridge evaluates event patterns
(or, with --sns, the way Amazon SNS evaluates a subscription filter policy).

PATTERN and EVENT are each a JSON document, given inline or as @path/to/file.json.

exit status:
  0  match     (prints "match")
  1  no match  (prints "no match")
  2  invalid pattern or unreadable input (prints "error: ..." to stderr; for an invalid
     pattern the message gives the service's reason and the offending field)"""

EPILOG = """\
examples:
  %(prog)s '{"source": ["shop"]}' '{"source": "shop", "detail": {}}'
  %(prog)s '{"detail": {"amount": [{"numeric": [">", 100]}]}}' @event.json
  %(prog)s @rule.json @event.json
  %(prog)s --sns '{"store": [{"prefix": "eu-"}]}' '{"store": "eu-west"}'

With --sns, EVENT is the dict the filter policy applies to (the message attributes or
the message body), not a whole EventBridge event."""


def add_parser(subparsers: Any) -> None:
    """Register the `test-pattern` sub-command on an argparse subparsers object."""
    parser = subparsers.add_parser(
        "test-pattern",
        help="check an event against an EventBridge pattern or SNS filter policy",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("pattern", metavar="PATTERN", help="event pattern: JSON or @file")
    parser.add_argument("event", metavar="EVENT", help="event to test: JSON or @file")
    parser.add_argument(
        "--sns",
        action="store_true",
        help="treat PATTERN as an SNS subscription filter policy (SNS rules and limits)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handle `test-pattern`; return the exit code (0 match, 1 no match, 2 error)."""
    try:
        pattern = _load(args.pattern, "PATTERN")
        event = _load(args.event, "EVENT")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        matcher = compile_pattern(pattern, sns=args.sns)
    except PatternError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if not isinstance(event, dict):
        print("error: EVENT must be a JSON object", file=sys.stderr)
        return EXIT_ERROR
    if matcher.matches(event):
        print("match")
        return EXIT_MATCH
    print("no match")
    return EXIT_NO_MATCH


def _load(text: str, name: str) -> Any:
    """Parse a JSON argument, reading it from a file when it starts with `@`.

    Only regular files of at most MAX_INPUT_BYTES are read (a FIFO or a device is refused).
    """
    source = "argument"
    if text.startswith("@"):
        source = text[1:]
        try:
            text = read_capped(Path(source), MAX_INPUT_BYTES).decode("utf-8")
        except ValueError as exc:  # also UnicodeDecodeError
            reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)
            raise ValueError(f"cannot read {name} file {source}: {reason}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name} is not valid JSON ({source}): {exc}") from None
    except RecursionError:
        raise ValueError(f"{name} is nested too deeply ({source})") from None
    except ValueError as exc:  # integers of more than 4,300 digits
        raise ValueError(f"{name} is not usable JSON ({source}): {exc}") from None
