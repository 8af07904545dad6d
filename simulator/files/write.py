"""Turn the model into plain data and text with a stable key order; save atomically."""

from __future__ import annotations

import glob
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from simulator.files.parse import YAML12_FLOAT
from simulator.model import FORMAT, VERSION, Topology
from simulator.model.topology import Edge, Fault, Node, Scenario
from simulator.outputs import output_dir_problem, output_error, output_file_problem

__all__ = [
    "STALE_SECONDS",
    "clean_stale_temps",
    "dumps",
    "edge_dict",
    "node_dict",
    "output_dir_problem",  # re-exported: what is wrong with an output path
    "output_error",
    "output_file_problem",
    "to_dict",
    "write_atomic",
]


def to_dict(topology: Topology) -> dict[str, Any]:
    """The file form of a topology (only explicitly set parameters are written)."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "name": topology.name}
    if topology.description:
        data["description"] = topology.description
    scenario = topology.scenario
    data["scenario"] = {
        "duration": scenario.duration,
        "warmup": scenario.warmup,
        "seed": scenario.seed,
        "faults": [_fault_dict(f) for f in scenario.faults],
    }
    if scenario.pricing is not None:
        data["scenario"]["pricing"] = scenario.pricing
    if scenario.account_concurrency != 1000:
        data["scenario"]["account_concurrency"] = scenario.account_concurrency
    defaults = Scenario()
    for key in ("account", "region"):  # the defaults stay implicit (older files unchanged)
        if getattr(scenario, key) != getattr(defaults, key):
            data["scenario"][key] = getattr(scenario, key)
    if scenario.replays:
        data["scenario"]["replays"] = [replay.to_dict() for replay in scenario.replays]
    data["nodes"] = [node_dict(n) for n in topology.nodes]
    data["edges"] = [edge_dict(e) for e in topology.edges]
    if topology.experiments:
        data["experiments"] = [dict(e) for e in topology.experiments]
    return data


def node_dict(node: Node) -> dict[str, Any]:
    """A node in file form: id, kind, label, position, then parameters in spec order."""
    data: dict[str, Any] = {"id": node.id, "kind": node.kind}
    if node.label:
        data["label"] = node.label
    if node.position is not None:
        data["position"] = [_tidy(node.position[0]), _tidy(node.position[1])]
    for param in node.spec.params:
        if param.name in node.params:
            data[param.name] = node.params[param.name]
    return data


def edge_dict(edge: Edge) -> dict[str, Any]:
    """An edge in file form."""
    data: dict[str, Any] = {"from": edge.source, "to": edge.target}
    if edge.kind != "flow":
        data["kind"] = edge.kind
    for key in ("pattern", "filter", "emits", "latency"):
        value = getattr(edge, key)
        if value is not None:
            data[key] = value
    return data


def _fault_dict(fault: Fault) -> dict[str, Any]:
    data: dict[str, Any] = {"node": fault.node} if fault.node else {}  # region-outage: none
    data |= {
        "kind": fault.kind,
        "start": fault.start,
        "duration": fault.duration,
    }
    if fault.factor is not None:
        data["factor"] = fault.factor
    if fault.failure_rate is not None:
        data["failure_rate"] = fault.failure_rate
    if fault.share is not None:
        data["share"] = fault.share
    if fault.region is not None:
        data["region"] = fault.region
    return data


def _tidy(x: float) -> float | int:
    """Positions as integers when whole, rounded to 0.1 otherwise (clean diffs)."""
    x = round(float(x), 1)
    return int(x) if x.is_integer() else x


class _Dumper(yaml.SafeDumper):
    """Block style for structure, flow style for small leaf objects and lists."""


def _represent_dict(dumper: _Dumper, data: dict[str, Any]) -> yaml.Node:
    flow = _is_leaf(data.values()) and len(repr(data)) <= 90
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _represent_list(dumper: _Dumper, data: list[Any]) -> yaml.Node:
    flow = _is_leaf(data) and len(repr(data)) <= 90
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _is_leaf(values: Any) -> bool:
    return all(
        not isinstance(v, dict | list) or (isinstance(v, list) and _is_leaf(v)) for v in values
    )


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
# A string such as "1e100" is a number to the reader (YAML 1.2 floats): write it quoted.
_Dumper.add_implicit_resolver("tag:yaml.org,2002:float", YAML12_FLOAT, list("-+0123456789"))


def dumps(topology: Topology, fmt: str = "yaml") -> str:
    """The topology as JSON or YAML text."""
    data = to_dict(topology)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


STALE_SECONDS = 60.0  # a temporary file this old belongs to a save that was interrupted


def clean_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files interrupted saves of `path` left next to it; their paths.

    Only files named like write_atomic's (`.NAME.*.tmp`) and older than STALE_SECONDS go,
    so a save in progress in another process is never disturbed.
    """
    path = Path(path)
    removed = []
    cutoff = time.time() - STALE_SECONDS
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))
    except OSError:
        return []
    for tmp in candidates:
        try:
            if tmp.is_file() and tmp.stat().st_mtime < cutoff:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file and a rename: never a half-written file.

    Temporary files that earlier, interrupted saves of `path` left behind are removed first.
    """
    path = Path(path)
    clean_stale_temps(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(text: str, output: str | None, quiet: bool = False) -> int:
    """Write `text` to stdout (no OUT, or `-`) or atomically to the file OUT; exit status.

    A bad OUT (a missing folder, a folder, a device) is one `error:` line on stderr, never
    a traceback; `wrote OUT` follows a write unless `quiet`.
    """
    import sys

    from simulator.model.problems import printable

    if output is None or output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(output)
    problem = output_file_problem(path)
    if problem:
        print(f"error: {printable(output)}: {problem}", file=sys.stderr)
        return 1
    try:
        write_atomic(path, text)
    except OSError as exc:
        print(f"error: {printable(output_error(path, exc))}", file=sys.stderr)
        return 1
    if not quiet:
        print(f"wrote {printable(output)}", file=sys.stderr)
    return 0
