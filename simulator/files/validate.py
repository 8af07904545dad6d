"""Read plain data into the model: check the document's structure, apply the model's rules.

This module knows the file form (keys, types, `from`/`to`, where each item sits in the
document); what a valid topology is lives in `simulator.model.validation`. Every problem is
collected with its path in the document.
"""

from __future__ import annotations

import copy
from typing import Any

from simulator.files.migrate import migrate
from simulator.model import FORMAT, KINDS, VERSION, check_experiments
from simulator.model.archive import Replay, check_replay, replay_from, replay_rule_problems
from simulator.model.kinds import EDGE_KINDS
from simulator.model.limits import document_problems, excerpt, scenario_problems
from simulator.model.params import is_number, type_name
from simulator.model.policy import edge_access_problems
from simulator.model.problems import Problem, TopologyError, join_path
from simulator.model.topology import Edge, Fault, Node, Scenario, Topology
from simulator.model.validation import (  # ID_RE ... pattern_problems: re-exported, old home
    ID_RE,
    check_fault,
    check_scenario,
    edge_problems,
    edge_value_problems,
    id_problem,
    kind_problem,
    param_problems,
    pattern_problems,
    reservation_problems,
    wiring_problems,
)

MAX_NODES = 5000
MAX_EDGES = 20000
TOP_KEYS = ("format", "version", "name", "description", "scenario", "nodes", "edges", "experiments")
NODE_KEYS = ("id", "kind", "label", "position")
EDGE_FILE_KEYS = ("from", "to", "kind", "pattern", "filter", "emits", "latency")
SCENARIO_KEYS = (
    "duration",
    "warmup",
    "seed",
    "faults",
    "pricing",
    "account_concurrency",
    "account",
    "region",
    "replays",
)
FAULT_KEYS = ("node", "kind", "start", "duration", "factor", "failure_rate", "share", "region")


class Collector:
    """Gathers problems while walking a document."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, path: str, message: str, node: str | None = None, edge: int | None = None
    ) -> None:
        """Record one problem at `path` (the message may start with a sub-path)."""
        full = join_path(path, message)
        where, _, text = full.partition(": ") if ": " in full else ("", "", full)
        self.problems.append(Problem(text, where, node=node, edge=edge))

    def unknown_keys(
        self, data: dict[str, Any], allowed: tuple[str, ...], path: str, **ids: Any
    ) -> None:
        """Report keys of `data` that are not in `allowed`."""
        for key in data:
            if key not in allowed:
                hint = _closest(str(key), allowed)
                self.add(f"{path}.{key}" if path else str(key), f"unknown key{hint}", **ids)


def _closest(key: str, allowed: tuple[str, ...]) -> str:
    import difflib

    match = difflib.get_close_matches(key, allowed, n=1)
    return f" (did you mean {match[0]!r}?)" if match else f" (allowed: {', '.join(allowed)})"


def build_topology(data: Any) -> Topology:
    """Check `data` (parsed file content) and build a Topology; raise TopologyError."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type_name(data)
        raise TopologyError(
            [Problem(f"not a topology file: 'format' must be {FORMAT!r}, got {excerpt(found)}")]
        )
    beyond = document_problems(data) + scenario_problems(data)
    if beyond:  # nesting, number and run-length limits: what validates also runs and exports
        raise TopologyError([Problem(message, path) for path, message in beyond])
    data = _check_version(data)
    out = Collector()
    out.unknown_keys(data, TOP_KEYS, "")
    name = data.get("name", "Untitled")
    if not isinstance(name, str):
        out.add("name", f"must be a string, got {type_name(name)}")
    description = data.get("description", "")
    if not isinstance(description, str):
        out.add("description", f"must be a string, got {type_name(description)}")
    nodes = _build_nodes(data.get("nodes"), out)
    edges = _build_edges(data.get("edges", []), nodes, out)
    _check_wiring_rules(data.get("nodes"), nodes, edges, out)
    scenario = _build_scenario(data.get("scenario", {}), nodes, out)
    placed = Topology(nodes=list(nodes.values()), edges=edges, scenario=scenario)
    for i, message in edge_access_problems(placed):  # needs the scenario's default account
        out.add(f"edges[{i}] ({edges[i].source} -> {edges[i].target})", message, edge=i)
    for i, replay in enumerate(scenario.replays):  # `rules` must be rules of the bus
        for message in replay_rule_problems(replay, placed):
            out.add(f"scenario.replays[{i}]", message)
    reserving = Topology(nodes=list(nodes.values()), scenario=scenario)
    for message in reservation_problems(reserving):
        out.add("scenario", message)
    experiments = data.get("experiments", [])
    for message in check_experiments(experiments):
        out.add("experiments", message)
    if out.problems:
        raise TopologyError(out.problems)
    return Topology(
        name=name,
        description=description,
        nodes=list(nodes.values()),
        edges=edges,
        scenario=scenario,
        experiments=copy.deepcopy(experiments),
    )


def _check_version(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TopologyError([Problem(f"must be a positive integer, got {version!r}", "version")])
    if version > VERSION:
        message = (
            f"this file is format version {version}, but this Eventscape reads up to version "
            f"{VERSION}: please update Eventscape"
        )
        raise TopologyError([Problem(message, "version")])
    try:
        return migrate(dict(data), version)
    except ValueError as exc:
        raise TopologyError([Problem(str(exc), "version")]) from None


def _build_nodes(raw: Any, out: Collector) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    if not isinstance(raw, list):
        out.add("nodes", f"must be a list of nodes, got {type_name(raw)}")
        return nodes
    if len(raw) > MAX_NODES:
        out.add("nodes", f"too many nodes: {len(raw)} (at most {MAX_NODES})")
        return nodes
    for i, item in enumerate(raw):
        node = _build_node(i, item, out)
        if node is None:
            continue
        if node.id in nodes:
            out.add(f"nodes[{i}] ({node.id}).id", f"duplicate id {node.id!r}", node=node.id)
            continue
        nodes[node.id] = node
    return nodes


def _build_node(i: int, item: Any, out: Collector) -> Node | None:
    path = f"nodes[{i}]"
    if not isinstance(item, dict):
        out.add(path, f"must be an object, got {type_name(item)}")
        return None
    bad_id = id_problem(item.get("id"))
    if bad_id:
        out.add(f"{path}.id", bad_id)
        return None
    node_id: str = item["id"]
    path = f"{path} ({node_id})"
    bad_kind = kind_problem(item.get("kind"))
    if bad_kind:
        out.add(f"{path}.kind", bad_kind, node_id)
        return None
    kind = KINDS[item["kind"]]
    allowed = NODE_KEYS + tuple(p.name for p in kind.params)
    out.unknown_keys(item, allowed, path, node=node_id)
    label = item.get("label", "")
    if not isinstance(label, str):
        out.add(f"{path}.label", f"must be a string, got {type_name(label)}", node_id)
    position = _check_position(item.get("position"), f"{path}.position", node_id, out)
    params = {p.name: item[p.name] for p in kind.params if p.name in item}
    for message in param_problems(kind, params):
        out.add(path, message, node_id)
    return Node(node_id, kind.name, label if isinstance(label, str) else "", position, params)


def _check_wiring_rules(
    raw: Any, nodes: dict[str, Node], edges: list[Edge], out: Collector
) -> None:
    """Each kind's rules that need the topology (a workflow's Tasks must be able to run)."""
    items = raw if isinstance(raw, list) else []
    index = {item.get("id"): i for i, item in enumerate(items) if _has_str_id(item)}
    for node in nodes.values():
        path = f"nodes[{index.get(node.id)}] ({node.id})"
        for message in node.spec.wiring_rules(node, list(nodes.values()), edges):
            out.add(path, message, node.id)


def _has_str_id(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("id"), str)


def _check_position(
    value: Any, path: str, node_id: str, out: Collector
) -> tuple[float, float] | None:
    if value is None:
        return None
    if isinstance(value, list) and len(value) == 2 and all(is_number(v) for v in value):
        return (value[0], value[1])
    out.add(path, f"must be [x, y] numbers, got {value!r}", node_id)
    return None


def _build_edges(raw: Any, nodes: dict[str, Node], out: Collector) -> list[Edge]:
    if not isinstance(raw, list):
        out.add("edges", f"must be a list of edges, got {type_name(raw)}")
        return []
    if len(raw) > MAX_EDGES:
        out.add("edges", f"too many edges: {len(raw)} (at most {MAX_EDGES})")
        return []
    edges: list[Edge] = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, item in enumerate(raw):
        edge = _build_edge(i, item, nodes, out)
        if edge is None:
            continue
        if edge.key in seen:
            out.add(f"edges[{i}] ({edge.name})", f"duplicate of edges[{seen[edge.key]}]", edge=i)
            continue
        seen[edge.key] = i
        edges.append(edge)
    return edges


def _build_edge(i: int, item: Any, nodes: dict[str, Node], out: Collector) -> Edge | None:
    path = f"edges[{i}]"
    if not isinstance(item, dict):
        out.add(path, f"must be an object with 'from' and 'to', got {type_name(item)}", edge=i)
        return None
    src, dst, kind = item.get("from"), item.get("to"), item.get("kind", "flow")
    path = f"edges[{i}] ({src} -> {dst})"
    out.unknown_keys(item, EDGE_FILE_KEYS, path, edge=i)
    ok = True
    for key, value in (("from", src), ("to", dst)):
        if not isinstance(value, str):
            out.add(f"{path}.{key}", f"must be a node id, got {type_name(value)}", edge=i)
            ok = False
        elif value not in nodes:
            out.add(f"{path}.{key}", f"unknown node {value!r}", edge=i)
            ok = False
    if kind not in EDGE_KINDS:
        out.add(f"{path}.kind", f"must be one of {', '.join(EDGE_KINDS)}, got {kind!r}", edge=i)
        ok = False
    if not ok or not isinstance(src, str) or not isinstance(dst, str):
        return None
    edge = Edge(
        src,
        dst,
        kind,
        item.get("pattern"),
        item.get("filter"),
        item.get("emits"),
        item.get("latency"),
    )
    for message in edge_problems(edge, nodes[src], nodes[dst]):
        out.add(path, message, edge=i)
    return edge


def _build_scenario(raw: Any, nodes: dict[str, Node], out: Collector) -> Scenario:
    scenario = Scenario()
    if not isinstance(raw, dict):
        out.add("scenario", f"must be an object, got {type_name(raw)}")
        return scenario
    out.unknown_keys(raw, SCENARIO_KEYS, "scenario")
    for message in check_scenario(raw):
        out.add("scenario", message)
    for key in ("duration", "warmup"):
        if is_number(raw.get(key)):
            setattr(scenario, key, raw[key])
    seed = raw.get("seed")
    if isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0:
        scenario.seed = seed
    if isinstance(raw.get("pricing"), str) and raw["pricing"]:
        scenario.pricing = raw["pricing"]
    account = raw.get("account_concurrency")
    if isinstance(account, int) and not isinstance(account, bool) and account >= 100:
        scenario.account_concurrency = account
    for key in ("account", "region"):  # checked by check_scenario above
        if isinstance(raw.get(key), str):
            setattr(scenario, key, raw[key])
    scenario.replays = _build_replays(raw.get("replays", []), nodes, out)
    faults = raw.get("faults", [])
    if not isinstance(faults, list):
        out.add("scenario.faults", f"must be a list, got {type_name(faults)}")
        return scenario
    scenario.faults = [f for i, r in enumerate(faults) if (f := _build_fault(i, r, nodes, out))]
    return scenario


def _build_replays(raw: Any, nodes: dict[str, Node], out: Collector) -> list[Replay]:
    """`scenario.replays`: archive replays, each checked against its router."""
    if not isinstance(raw, list):
        out.add("scenario.replays", f"must be a list, got {type_name(raw)}")
        return []
    replays = []
    for i, item in enumerate(raw):
        problems = check_replay(item, nodes)
        for message in problems:
            out.add(f"scenario.replays[{i}]", message)
        if not problems:
            replays.append(replay_from(item))
    return replays


def _build_fault(i: int, raw: Any, nodes: dict[str, Node], out: Collector) -> Fault | None:
    path = f"scenario.faults[{i}]"
    if not isinstance(raw, dict):
        out.add(path, f"must be an object, got {type_name(raw)}")
        return None
    out.unknown_keys(raw, FAULT_KEYS, path)
    problems = check_fault(raw, nodes)
    for message in problems:
        out.add(path, message)
    if problems:
        return None
    return Fault(
        raw.get("node", ""),  # a region-outage has none
        raw["kind"],
        raw["start"],
        raw["duration"],
        raw.get("factor"),
        raw.get("failure_rate"),
        raw.get("share"),
        region=raw.get("region"),
    )


__all__ = ["ID_RE", "build_topology", "edge_value_problems", "pattern_problems", "wiring_problems"]
