"""Reading and writing topology files (JSON and YAML, one schema)."""

from __future__ import annotations

from pathlib import Path

from simulator.files.parse import MAX_FILE_BYTES, format_of, parse_text
from simulator.files.validate import build_topology
from simulator.files.write import dumps, to_dict, write_atomic
from simulator.model import Topology
from simulator.problems import Problem, TopologyError


def loads(text: str, fmt: str = "yaml") -> Topology:
    """Parse and validate topology text; raise TopologyError listing every problem."""
    if len(text) > MAX_FILE_BYTES:
        raise TopologyError(
            [Problem(f"file too large ({len(text)} bytes, at most {MAX_FILE_BYTES})")]
        )
    return build_topology(parse_text(text, fmt))


def load(path: str | Path) -> Topology:
    """Read a topology file; raise TopologyError naming the file on any problem."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TopologyError(
                [Problem(f"file too large ({size} bytes, at most {MAX_FILE_BYTES})")]
            )
        text = path.read_text(encoding="utf-8")
        topology = loads(text, format_of(path.name))
    except TopologyError as exc:
        raise TopologyError(exc.problems, str(path)) from None
    except OSError as exc:
        raise TopologyError(
            [Problem(f"cannot read file: {exc.strerror or exc}")], str(path)
        ) from None
    except UnicodeDecodeError:
        raise TopologyError(
            [Problem("not a text file (expected UTF-8 JSON or YAML)")], str(path)
        ) from None
    topology.base_dir = path.resolve().parent
    return topology


def save(topology: Topology, path: str | Path) -> None:
    """Write `topology` to `path` atomically, as JSON or YAML by the file's extension."""
    path = Path(path)
    write_atomic(path, dumps(topology, format_of(path.name)))


__all__ = ["TopologyError", "dumps", "load", "loads", "save", "to_dict"]
