"""Problems found in a topology: by the reader, the model's rules or the graph checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
MAX_MESSAGE = 1000  # characters of one printed problem; longer ones are cut in the middle
# Control characters (ANSI escapes, carriage returns, newlines) print escaped, as \x1b.
_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(32), *range(127, 160))}


@dataclass(frozen=True)
class Problem:
    """One problem, located by a path (`nodes[2] (payments).concurrency`) and ids."""

    message: str
    path: str = ""
    severity: Severity = "error"
    node: str | None = None
    edge: int | None = None  # index into Topology.edges

    def __str__(self) -> str:
        return printable(join_path(self.path, self.message) if self.path else self.message)


def printable(text: str) -> str:
    """`text` safe for a terminal: control characters escaped, at most MAX_MESSAGE long."""
    text = text.translate(_ESCAPES)
    if len(text) > MAX_MESSAGE:
        half = MAX_MESSAGE // 2
        text = f"{text[:half]} ... {text[-half:]}"
    return text


def join_path(path: str, message: str) -> str:
    """Join a path and a checker message; messages may start with a sub-path (`.mean: ...`)."""
    if message.startswith((".", "[")):
        return path + message
    if message.startswith(":"):
        return path + message
    return f"{path}: {message}"


class TopologyError(Exception):
    """A file or topology that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = problems
        self.source = source
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one per line, prefixed with the file name when known."""
        prefix = f"{printable(self.source)}: " if self.source else ""
        return "\n".join(f"{prefix}{p}" for p in self.problems)


__all__ = ["MAX_MESSAGE", "Problem", "Severity", "TopologyError", "join_path", "printable"]
