"""Measured durations for `empirical` distributions: reading and checking the file.

A sample file sits in the topology's folder (a relative path without `..`; a symbolic link
may not lead out of the folder) and holds one duration per line, or a CSV whose `column`
(a header name such as CloudWatch Logs Insights' `@duration`, or a 0-based index; default
the first) holds them. `unit` is `s` (default) or `ms` (Lambda's REPORT lines and the
CloudWatch `Duration` metric are in milliseconds). A header row is skipped; every other
value must be a finite number >= 0. Limits as for trace files: a regular file of at most
50 MB and 2,000,000 values. Files are read once per path and modification time.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator.model.limits import excerpt, read_capped
from simulator.model.loads import (
    MAX_TRACE_BYTES,
    MAX_TRACE_ROWS,
    duration_cell,
    trace_path_problems,
)

UNITS = {"s": 1.0, "ms": 0.001}
_BASE: ContextVar[Path | None] = ContextVar("empirical_base", default=None)


@contextlib.contextmanager
def files_relative_to(base_dir: Path | None) -> Iterator[None]:
    """Resolve sample files against `base_dir` (the topology's folder) inside the block."""
    token = _BASE.set(base_dir)
    try:
        yield
    finally:
        _BASE.reset(token)


def sample_file_problems(name: Any, column: Any = None, unit: Any = None) -> list[str]:
    """Problems of an empirical distribution's keys that need no file access."""
    problems: list[str] = []
    if not isinstance(name, str) or not name.strip():
        problems.append(f".file: must be a non-empty path, got {name!r}")
    else:
        problems += [f".file: {m}" for m in trace_path_problems(name)]
    if column is not None and (
        isinstance(column, bool) or not isinstance(column, str | int) or column == ""
    ):
        problems.append(f".column: must be a header name or a 0-based index, got {column!r}")
    elif isinstance(column, int) and column < 0:
        problems.append(f".column: must be >= 0, got {column}")
    if unit is not None and unit not in UNITS:
        problems.append(f".unit: must be one of {', '.join(UNITS)}, got {unit!r}")
    return problems


def read_samples(
    name: str,
    column: str | int | None = None,
    unit: str | None = None,
    base_dir: Path | None = None,
) -> tuple[float, ...]:
    """The durations (seconds) of sample file `name`; ValueError naming the file and row."""
    problems = sample_file_problems(name, column, unit)
    if problems:
        raise ValueError(f"empirical file{problems[0]}")
    folder = (base_dir or _BASE.get() or Path.cwd()).resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise ValueError(f"empirical file {name}: leads outside the topology's folder")
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise ValueError(f"empirical file {name}: {exc.strerror or 'cannot be read'}") from None
    samples = _read(str(path), stamp, column, UNITS[unit or "s"])
    if not samples:
        raise ValueError(f"empirical file {name}: no durations in it")
    return samples


@lru_cache(maxsize=32)
def _read(path: str, stamp: int, column: str | int | None, scale: float) -> tuple[float, ...]:
    name = Path(path).name
    try:
        text = read_capped(path, MAX_TRACE_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"empirical file {name}: not UTF-8 text") from None
    except ValueError as exc:
        raise ValueError(f"empirical file {name}: {exc}") from None
    rows = csv.reader(io.StringIO(text, newline=""))
    index = column if isinstance(column, int) else 0
    values: list[float] = []
    for lineno, row in enumerate(rows, start=1):
        if lineno == 1 and isinstance(column, str):
            if column not in row:
                raise ValueError(f"empirical file {name}: no column {excerpt(column, 40)}")
            index = row.index(column)
            continue
        cell = row[index].strip() if index < len(row) else ""
        if not cell:
            continue
        value = duration_cell(cell, f"empirical file {name}", lineno)
        if value is None:
            continue  # a header
        values.append(value * scale)
        if len(values) > MAX_TRACE_ROWS:
            raise ValueError(f"empirical file {name}: more than {MAX_TRACE_ROWS:,} values")
    return tuple(values)


__all__ = ["UNITS", "files_relative_to", "read_samples", "sample_file_problems"]
