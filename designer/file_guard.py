"""Guards around document files: changes made on disk by others, and files that would not reopen.

`stamp` identifies a file's content on disk cheaply (modification time and size), so the
window can tell when another program changed the file it has open. `reopen_problems`
serializes a design as it would be saved and reads it back with the file reader: a
design that could not be opened again (say, past the node cap) is never saved.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from simulator.files import TopologyError, dumps, format_of, loads
from simulator.model import Topology

Stamp = tuple[int, int]


def stamp(path: Path | None) -> Stamp | None:
    """(modification time in ns, size) of `path`, or None when it does not exist."""
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def read_only(path: Path) -> bool:
    """True for an existing file marked read-only (or that this user may not write)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def reopen_problems(topology: Topology, path: Path) -> list[str]:
    """Why the file `topology` would be saved as could not be opened again (empty: it could)."""
    fmt = format_of(path.name)
    try:
        loads(dumps(topology, fmt), fmt)
    except TopologyError as exc:
        return [str(p) for p in exc.problems]
    return []
