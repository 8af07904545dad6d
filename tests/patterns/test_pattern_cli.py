"""The `test-pattern` sub-command: exit codes 0/1/2, @file input and --sns."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from simulator import patterns

PATTERN = '{"source": ["shop"], "detail": {"amount": [{"numeric": [">", 100]}]}}'


def run(*argv: str) -> int:
    """Parse `argv` with a parser wired the way eventscape-sim wires it, then run it."""
    parser = argparse.ArgumentParser(prog="eventscape-sim")
    sub = parser.add_subparsers(dest="command")
    patterns.cli.add_parser(sub)
    args = parser.parse_args(argv)
    assert args.command == "test-pattern"
    return args.handler(args)


def test_match_prints_match_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """A matching event prints "match" and returns 0."""
    assert run("test-pattern", PATTERN, '{"source": "shop", "detail": {"amount": 150}}') == 0
    assert capsys.readouterr().out == "match\n"


def test_no_match_prints_no_match_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """A non-matching event prints "no match" and returns 1."""
    assert run("test-pattern", PATTERN, '{"source": "shop", "detail": {"amount": 50}}') == 1
    assert capsys.readouterr().out == "no match\n"


def test_invalid_pattern_exits_2_with_error_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A pattern the service would reject prints "error: ..." to stderr and returns 2."""
    assert run("test-pattern", '{"detail": {"amount": [{"numeric": 10}]}}', "{}") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: Event pattern is not valid. Reason: detail.amount:")


@pytest.mark.parametrize("which", ["pattern", "event"])
def test_malformed_json_exits_2(which: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Input that is not JSON is reported (naming the argument) and returns 2."""
    args = [PATTERN, "{}"]
    args[0 if which == "pattern" else 1] = "{not json"
    assert run("test-pattern", *args) == 2
    assert f"error: {which.upper()} is not valid JSON" in capsys.readouterr().err


def test_event_must_be_an_object(capsys: pytest.CaptureFixture[str]) -> None:
    """An event that is valid JSON but not an object is an input error (exit 2)."""
    assert run("test-pattern", PATTERN, "[1, 2]") == 2
    assert "EVENT must be a JSON object" in capsys.readouterr().err


def test_at_file_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`@path` reads the pattern and the event from files."""
    pattern_file = tmp_path / "rule.json"
    event_file = tmp_path / "event.json"
    pattern_file.write_text(PATTERN, encoding="utf-8")
    event_file.write_text(json.dumps({"source": "shop", "detail": {"amount": 101}}), "utf-8")
    assert run("test-pattern", f"@{pattern_file}", f"@{event_file}") == 0
    assert capsys.readouterr().out == "match\n"


def test_missing_at_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unreadable @file is an input error (exit 2) naming the file."""
    missing = tmp_path / "nope.json"
    assert run("test-pattern", PATTERN, f"@{missing}") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot read EVENT file")
    assert str(missing) in err


def test_sns_flag_applies_filter_policy_rules(capsys: pytest.CaptureFixture[str]) -> None:
    """--sns validates as an SNS filter policy: wildcard is rejected there."""
    policy = '{"file": [{"wildcard": "*.png"}]}'
    assert run("test-pattern", policy, '{"file": "a.png"}') == 0
    assert run("test-pattern", "--sns", policy, '{"file": "a.png"}') == 2
    assert "error: Invalid parameter: FilterPolicy: file:" in capsys.readouterr().err
    assert run("test-pattern", "--sns", '{"store": [{"prefix": "eu-"}]}', '{"store": "eu-1"}') == 0


def test_help_describes_usage_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """--help explains the arguments, exit codes and shows examples."""
    with pytest.raises(SystemExit) as info:
        run("test-pattern", "--help")
    assert info.value.code == 0
    text = capsys.readouterr().out
    for needle in ("PATTERN", "EVENT", "--sns", "@path/to/file.json", "examples:", "exit status"):
        assert needle in text
