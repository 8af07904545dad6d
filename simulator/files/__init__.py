"""Reading and writing topology files (JSON and YAML, one schema)."""

from __future__ import annotations

from pathlib import Path

from simulator.files.definitions import definition_problems
from simulator.files.parse import MAX_FILE_BYTES, format_of, parse_text
from simulator.files.validate import MAX_EDGES, MAX_NODES, build_topology
from simulator.files.write import (
    STALE_SECONDS,
    clean_stale_temps,
    dumps,
    edge_dict,
    node_dict,
    to_dict,
    write_atomic,
)
from simulator.model import Topology
from simulator.model.limits import read_capped
from simulator.problems import Problem, TopologyError


def loads(text: str, fmt: str = "yaml") -> Topology:
    """Parse and validate topology text; raise TopologyError listing every problem."""
    if len(text) > MAX_FILE_BYTES:
        raise TopologyError(
            [Problem(f"file too large ({len(text)} bytes, at most {MAX_FILE_BYTES})")]
        )
    return build_topology(parse_text(text, fmt))


def load(path: str | Path) -> Topology:
    """Read a topology file; raise TopologyError naming the file on any problem.

    Only regular files are read, and at most MAX_FILE_BYTES of them (a device, a FIFO or a
    directory is refused with a message instead of blocking or filling memory).
    """
    path = Path(path)
    try:
        text = read_capped(path, MAX_FILE_BYTES).decode("utf-8")
        topology = loads(text, format_of(path.name))
    except TopologyError as exc:
        raise TopologyError(exc.problems, str(path)) from None
    except UnicodeDecodeError:
        raise TopologyError(
            [Problem("not a text file (expected UTF-8 JSON or YAML)")], str(path)
        ) from None
    except ValueError as exc:
        raise TopologyError([Problem(str(exc))], str(path)) from None
    topology.base_dir = path.resolve().parent
    return topology


def save(topology: Topology, path: str | Path) -> None:
    """Write `topology` to `path` atomically, as JSON or YAML by the file's extension."""
    path = Path(path)
    write_atomic(path, dumps(topology, format_of(path.name)))


__all__ = [
    "MAX_EDGES",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "STALE_SECONDS",
    "TopologyError",
    "build_topology",
    "clean_stale_temps",
    "definition_problems",
    "dumps",
    "edge_dict",
    "format_of",
    "load",
    "loads",
    "node_dict",
    "parse_text",
    "save",
    "to_dict",
    "write_atomic",
]
