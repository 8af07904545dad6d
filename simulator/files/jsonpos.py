"""Find where in JSON text a duplicate key or a NaN/Infinity constant is (line and column).

Python's JSON decoder reports these through hooks that do not know the position, so when
one fires the reader scans the text once more with this small tokenizer to point at it.
"""

from __future__ import annotations

import json
import re

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|-?[A-Za-z0-9_.+]+|\s+', re.DOTALL)
CONSTANTS = ("NaN", "Infinity", "-Infinity")


def where(text: str, index: int) -> str:
    """`line L, column C` of a character index (both counted from 1)."""
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return f"line {line}, column {column}"


def locate_json_problem(text: str) -> tuple[str, str] | None:
    """(`line L, column C`, reason) of the first duplicate key or NaN/Infinity, or None."""
    frames: list[set[str] | None] = []  # one per open object (its keys) or array (None)
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first.isspace():
            continue
        if first in "{[":
            frames.append(set() if first == "{" else None)
            expect_key = first == "{"
        elif first in "}]":
            if frames:
                frames.pop()
            expect_key = False
        elif first == ",":
            expect_key = bool(frames) and frames[-1] is not None
        elif first == ":":
            expect_key = False
        elif first == '"' and expect_key and frames and frames[-1] is not None:
            key = json.loads(token)
            if key in frames[-1]:
                return where(text, match.start()), f"duplicate key {key!r}"
            frames[-1].add(key)
            expect_key = False
        elif token in CONSTANTS:
            return where(text, match.start()), f"{token} is not a number in a topology file"
    return None
