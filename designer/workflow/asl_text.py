"""ASL text: parsing with located errors, checking, and finding a state in the text (Qt-free)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TextProblem:
    """A problem of the text: the state it concerns ('' for the whole document), a message
    and where in the text (line and column from 1; 0 when unknown)."""

    state: str
    message: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}state {self.state}: {self.message}" if self.state else where + self.message


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def parse(text: str) -> tuple[Any, TextProblem | None]:
    """The JSON value of `text`, or None and the syntax error with its line and column."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates), None
    except json.JSONDecodeError as exc:
        message = f"JSON syntax: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        return None, TextProblem("", message, exc.lineno, exc.colno)
    except _Duplicate as exc:
        line = key_line(text, exc.key, nth=2)
        message = f'the key "{exc.key}" appears twice in one object (JSON keeps only one)'
        return None, TextProblem("", message, line)


def check(text: str) -> tuple[Any, list[TextProblem]]:
    """The parsed document and every problem: JSON syntax first, then the ASL rules."""
    from simulator.workflow import lint  # the ASL checker loads on first use (start-up)

    document, syntax = parse(text)
    if syntax is not None:
        return None, [syntax]
    problems = [
        TextProblem(state, message, problem_line(text, state, message))
        for state, message in lint(document)
    ]
    return document, problems


def dump(document: Any) -> str:
    """The text the editor shows for a document: two-space indented JSON."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def key_line(text: str, key: str, nth: int = 1) -> int:
    """The line (from 1) of the `nth` occurrence of `"key":` in `text` (0 when absent)."""
    pattern = re.compile(r'"' + re.escape(json.dumps(key)[1:-1]) + r'"\s*:')
    for count, match in enumerate(pattern.finditer(text), start=1):
        if count == nth:
            return text.count("\n", 0, match.start()) + 1
    return 0


def _state_match(text: str, state: str) -> re.Match[str] | None:
    name = re.escape(json.dumps(state)[1:-1])
    return re.search(r'"' + name + r'"\s*:\s*\{', text)


def state_line(text: str, state: str) -> int:
    """The line where the state called `state` is defined: its name as a key whose value is
    an object (0 when not found)."""
    match = _state_match(text, state) if state else None
    return text.count("\n", 0, match.start()) + 1 if match else 0


def problem_line(text: str, state: str, message: str) -> int:
    """The line a problem of `state` is on: the line inside the state's definition holding
    the value it quotes (`No state found named "X"`) or the field it names (`at Default`),
    else the state's own line (0 when the state is not found)."""
    match = _state_match(text, state) if state else None
    if match is None:
        return 0
    start, end = match.start(), _object_end(text, match.end() - 1)
    body = text[start:end]
    spots = [r'"' + re.escape(q) + r'"(?!\s*:)' for q in re.findall(r'"([^"]+)"', message)]
    field = re.search(r"\bat ([A-Za-z]+)\b", message) or re.match(
        r"(?:[A-Za-z]+(?:\[\d+\])?\.)*([A-Za-z]+) ", message
    )  # `... referenced at Default` or `Retry[0].IntervalSeconds is -2 ...`
    if field:
        spots.append(r'"' + field.group(1) + r'"\s*:')
    for pattern in spots:
        found = re.search(pattern, body)
        if found:
            return text.count("\n", 0, start + found.start()) + 1
    return text.count("\n", 0, start) + 1


def _object_end(text: str, start: int) -> int:
    """The index just past the object opening at text[start] ('{'); len(text) if unclosed."""
    depth, i, in_string = 0, start, False
    while i < len(text):
        char = text[i]
        if in_string:
            if char == "\\":
                i += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def state_at(text: str, offset: int, names: list[str]) -> str:
    """The innermost state whose definition holds character `offset` ('' when none)."""
    best, best_size = "", len(text) + 1
    for name in names:
        match = _state_match(text, name)
        if match is None:
            continue
        end = _object_end(text, match.end() - 1)
        if match.start() <= offset < end and end - match.start() < best_size:
            best, best_size = name, end - match.start()
    return best


def state_names(document: Any) -> list[str]:
    """Every state name in the document, nested scopes included, in document order."""
    names: list[str] = []
    if not isinstance(document, dict) or not isinstance(document.get("States"), dict):
        return names
    for name, state in document["States"].items():
        names.append(name)
        if not isinstance(state, dict):
            continue
        branches = state.get("Branches")
        for branch in branches if isinstance(branches, list) else []:
            names.extend(state_names(branch))
        for key in ("ItemProcessor", "Iterator"):
            names.extend(state_names(state.get(key)))
    return names
