"""A workflow's `definition_file`: where it may lie, how much is read, what it must hold.

The file is read by `eventscape-sim validate` and at run start alike, with the rules of
trace files: a path relative to the topology's folder, no `..`, no symbolic link out of
the folder, a regular file of at most MAX_DEFINITION_BYTES (Step Functions' own limit on
a definition) holding UTF-8 JSON nested at most MAX_DEPTH levels.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.model.limits import MAX_DEPTH, read_capped, too_deep
from simulator.model.loads import trace_path_problems

if TYPE_CHECKING:
    from simulator.model.topology import Edge, Node

MAX_DEFINITION_BYTES = 1_048_576  # 1 MiB: the largest definition Step Functions accepts


def path_problems(name: Any) -> list[str]:
    """Why `name` cannot be a definition_file (checked without reading anything)."""
    if not isinstance(name, str) or not name.strip():
        return ["must be a file name such as 'flow.asl.json'"]
    return trace_path_problems(name)


def read_definition(base_dir: Path | None, name: str) -> Any:
    """The parsed JSON of `name` next to the topology; ValueError naming the file if not."""
    where = f"definition_file {name}"
    problems = path_problems(name)
    if problems:
        raise ValueError(f"{where}: {problems[0]}")
    if base_dir is None:
        raise ValueError(f"{where}: the topology has no folder (save it first)")
    folder = base_dir.resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):  # a symbolic link out of the folder
        raise ValueError(f"{where}: leads outside the topology's folder")
    try:
        text = read_capped(path, MAX_DEFINITION_BYTES).decode("utf-8-sig")
        doc = json.loads(text)
    except UnicodeDecodeError:
        raise ValueError(f"{where}: not UTF-8 text") from None
    except RecursionError:
        raise ValueError(f"{where}: nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: not JSON ({exc.msg}, line {exc.lineno})") from None
    except ValueError as exc:  # read_capped: missing, not a regular file, too large
        raise ValueError(f"{where}: {exc}") from None
    deep = too_deep(doc)
    if deep is not None:
        raise ValueError(f"{where}: nested deeper than {MAX_DEPTH} levels at {deep}")
    return doc


def file_problems(
    node: Node, nodes: list[Node], edges: list[Edge], base_dir: Path | None
) -> list[str]:
    """What `validate` reports about a node's definition_file: it cannot be read, its ASL
    problems, or Tasks nothing can run; each message names the file (and the state)."""
    from simulator.model.kinds.workflow import binding_problems, check_definition

    name = node.params.get("definition_file")
    if name is None:
        return []
    try:
        doc = read_definition(base_dir, str(name))
    except ValueError as exc:
        return [str(exc)]
    problems = check_definition(doc) or binding_problems(node, nodes, edges, doc)
    return [f"definition_file {name}: {message}" for message in problems]
