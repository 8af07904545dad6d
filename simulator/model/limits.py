"""Limits on what a topology document may hold, so that whatever validates also runs and exports.

A topology file is something people download and share, so the reader bounds what a file
can make the simulator do: how deep values nest, how large numbers are, how long a run
is. `document_problems` walks parsed file content iteratively (no recursion, so even a
pathological document cannot overflow the stack) and reports every value beyond a limit
with its path. The reader, the validator and the exports all rely on these bounds.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Any

MAX_DEPTH = 64  # nesting levels of objects and arrays anywhere in a document
MAX_MAGNITUDE = 1e15  # largest |number| (integers beyond 2**53 are not exact as floats)
MIN_MAGNITUDE = 1e-12  # smallest |number| other than 0 (below it, 1/x and logs misbehave)
MAX_STRING = 10_000  # characters in one string or key
MIN_DURATION = 1e-3  # seconds: the shortest run
MAX_DURATION = 1e9  # seconds (~31.7 years): timestamps stay within the calendar
MAX_PROBLEMS = 50  # stop listing after this many problems
MAX_ALIAS_NODES = 10_000  # values a YAML document may repeat through aliases (*name)
EXCERPT = 40  # characters of a user's value quoted in a message

Problem = tuple[str, str]  # (path, message)


def excerpt(value: Any, width: int = EXCERPT) -> str:
    """A short, escaped rendering of `value` for messages (never a huge or raw string)."""
    if isinstance(value, str):
        text = repr(value[: width + 1])
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    elif isinstance(value, dict | list):
        text = f"{'an object' if isinstance(value, dict) else 'an array'} of {len(value)}"
        return text + (" entries" if isinstance(value, dict) else " items")
    else:
        text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def number_problem(value: float) -> str | None:
    """Why a number is beyond the limits (None when it is fine)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, got {value!r}"
    if value != 0 and not MIN_MAGNITUDE <= abs(value) <= MAX_MAGNITUDE:
        return (
            f"numbers must be 0 or between {MIN_MAGNITUDE:g} and {MAX_MAGNITUDE:g} in size, "
            f"got {excerpt(value)}"
        )
    return None


def duration_problem(value: float) -> str | None:
    """Why a run length is outside [MIN_DURATION, MAX_DURATION] seconds (None when fine)."""
    if not MIN_DURATION <= value <= MAX_DURATION:
        return (
            f"a run must last between {MIN_DURATION:g} s and {MAX_DURATION:g} s "
            f"(~31 years), got {excerpt(value)}"
        )
    return None


def scenario_problems(data: Any) -> list[Problem]:
    """The run length a document's scenario asks for, when outside the limits."""
    scenario = data.get("scenario") if isinstance(data, dict) else None
    duration = scenario.get("duration") if isinstance(scenario, dict) else None
    if isinstance(duration, int | float) and not isinstance(duration, bool):
        message = duration_problem(duration) if number_problem(duration) is None else None
        if message:
            return [("scenario.duration", message)]
    return []


def _child_path(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    name = key if isinstance(key, str) else repr(key)
    if len(name) > EXCERPT:
        name = name[: EXCERPT - 3] + "..."
    return f"{path}.{name}" if path else name


def _short_path(path: str) -> str:
    """A deep path shortened to its start and end."""
    return path if len(path) <= 120 else f"{path[:60]}...{path[-50:]}"


def too_deep(data: Any) -> str | None:
    """The (shortened) path of the first value nested deeper than MAX_DEPTH, else None."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                return _short_path(path) or "(top)"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((_child_path(path, key), item, depth + 1) for key, item in items)
    return None


def document_problems(data: Any) -> list[Problem]:
    """Every value of parsed file content beyond a limit, as (path, message) pairs."""
    problems: list[Problem] = []
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack and len(problems) < MAX_PROBLEMS:
        path, value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                problems.append((_short_path(path), f"nested deeper than {MAX_DEPTH} levels"))
                continue
            items = value.items() if isinstance(value, dict) else enumerate(value)
            children = []
            for key, item in items:
                if isinstance(key, str) and len(key) > MAX_STRING:
                    problems.append((_short_path(path), f"a key is longer than {MAX_STRING:,}"))
                children.append((_child_path(path, key), item, depth + 1))
            stack.extend(reversed(children))
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int | float):
            message = number_problem(value)
            if message:
                problems.append((_short_path(path), message))
        elif isinstance(value, str) and len(value) > MAX_STRING:
            problems.append(
                (_short_path(path), f"strings must be at most {MAX_STRING:,} characters long")
            )
    return problems


def read_capped(path: str | Path, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes; ValueError saying why not.

    Opening never blocks (a FIFO or a terminal is refused, not waited on) and at most
    `cap + 1` bytes are read whatever the file's reported size (devices report 0).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ValueError(f"cannot read file: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ValueError(f"not a regular file ({_file_type(mode)}): refusing to read it")
        chunks: list[bytes] = []
        size = 0
        while size <= cap:
            chunk = os.read(fd, min(1 << 20, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ValueError(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > cap:
        raise ValueError(f"file too large (more than {cap:,} bytes)")
    return b"".join(chunks)


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a plain file"


__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "document_problems",
    "duration_problem",
    "excerpt",
    "read_capped",
    "scenario_problems",
    "too_deep",
]
