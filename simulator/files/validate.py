"""Validate plain data against the format and build the model, collecting every problem."""

from __future__ import annotations

import re
from typing import Any

from simulator.files.migrate import migrate
from simulator.model import FAULT_KINDS, FORMAT, KINDS, VERSION
from simulator.model.distributions import check_distribution
from simulator.model.kinds import EDGE_KEYS, EDGE_KINDS
from simulator.model.limits import document_problems, excerpt, scenario_problems
from simulator.model.params import check_range, is_number, type_name
from simulator.model.templates import check_envelope
from simulator.model.topology import Edge, Fault, Node, Scenario, Topology
from simulator.problems import Problem, TopologyError, join_path

ID_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
MAX_NODES = 5000
MAX_EDGES = 20000
TOP_KEYS = ("format", "version", "name", "description", "scenario", "nodes", "edges")
NODE_KEYS = ("id", "kind", "label", "position")
EDGE_FILE_KEYS = ("from", "to", "kind", "pattern", "filter", "emits", "latency")
SCENARIO_KEYS = ("duration", "warmup", "seed", "faults")
FAULT_KEYS = ("node", "kind", "start", "duration", "factor", "failure_rate")


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
    _check_workflows(data.get("nodes"), nodes, edges, out)
    scenario = _build_scenario(data.get("scenario", {}), nodes, out)
    if out.problems:
        raise TopologyError(out.problems)
    return Topology(
        name=name,
        description=description,
        nodes=list(nodes.values()),
        edges=edges,
        scenario=scenario,
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
    node_id = item.get("id")
    if not isinstance(node_id, str) or not ID_RE.fullmatch(node_id):
        out.add(
            f"{path}.id", f"must be 1-64 letters, digits, '_', '-' or '.', got {excerpt(node_id)}"
        )
        return None
    path = f"{path} ({node_id})"
    kind = KINDS.get(item["kind"]) if isinstance(item.get("kind"), str) else None
    if kind is None:
        out.add(
            f"{path}.kind", f"must be one of {', '.join(KINDS)}, got {item.get('kind')!r}", node_id
        )
        return None
    allowed = NODE_KEYS + tuple(p.name for p in kind.params)
    out.unknown_keys(item, allowed, path, node=node_id)
    label = item.get("label", "")
    if not isinstance(label, str):
        out.add(f"{path}.label", f"must be a string, got {type_name(label)}", node_id)
    position = _check_position(item.get("position"), f"{path}.position", node_id, out)
    params: dict[str, Any] = {}
    for param in kind.params:
        if param.name not in item:
            continue
        for message in param.check(item[param.name]):
            out.add(f"{path}.{param.name}", message, node_id)
        params[param.name] = item[param.name]
    if kind.name == "queue" and params.get("group_by") and not params.get("fifo"):
        out.add(
            f"{path}.group_by", "only FIFO queues have message groups (set fifo: true)", node_id
        )
    return Node(node_id, kind.name, label if isinstance(label, str) else "", position, params)


def _check_workflows(raw: Any, nodes: dict[str, Node], edges: list[Edge], out: Collector) -> None:
    """A workflow has one definition; every Task can run (checks that need the topology)."""
    from simulator.model.kinds.workflow import binding_problems

    items = raw if isinstance(raw, list) else []
    index = {item.get("id"): i for i, item in enumerate(items) if _has_str_id(item)}
    for node in nodes.values():
        if node.kind != "workflow":
            continue
        path = f"nodes[{index.get(node.id)}] ({node.id})"
        inline, named = node.params.get("definition"), node.params.get("definition_file")
        if (inline is None) == (named is None):
            out.add(path, "give a definition or a definition_file (exactly one)", node.id)
        elif inline is not None:
            for message in binding_problems(node, list(nodes.values()), edges):
                out.add(f"{path}.definition", message, node.id)


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
    if not ok:
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
    for message in wiring_problems(edge, nodes[src], nodes[dst]):
        out.add(path, message, edge=i)
    for message in edge_value_problems(edge, nodes[src].spec.edge_keys | {"latency"}):
        out.add(path, message, edge=i)
    return edge


def wiring_problems(edge: Edge, source: Node, target: Node) -> list[str]:
    """Why an edge between these nodes is not allowed (empty when it is)."""
    problems: list[str] = []
    src_kind, dst_kind = source.spec, target.spec
    if edge.source == edge.target:
        problems.append("an edge cannot connect a node to itself")
    elif not src_kind.may_target(edge.kind, dst_kind):
        problems.append(_wiring_reason(edge.kind, src_kind.name, dst_kind.name))
    for key in ("pattern", "filter", "emits"):
        if getattr(edge, key) is not None and key not in src_kind.edge_keys:
            owner = {"pattern": "a router", "filter": "a topic", "emits": "a consumer"}[key]
            leaves = f"this one leaves a {src_kind.name}"
            problems.append(f".{key}: only edges leaving {owner} have a {key} ({leaves})")
    return problems


def _wiring_reason(edge_kind: str, src: str, dst: str) -> str:
    if edge_kind == "dead-letter":
        return f"a dead-letter edge must go from a queue to a queue, not {src} -> {dst}"
    if edge_kind == "on-failure":
        return f"an on-failure edge must leave a consumer and reach a receiver, not {src} -> {dst}"
    if dst == "producer":
        return "a producer cannot receive events"
    if src == "queue":
        return f"a queue delivers only to consumers (they poll it), not to a {dst}"
    return f"a {src} cannot send events to a {dst}"


def edge_value_problems(edge: Edge, keys: frozenset[str] | set[str] | None = None) -> list[str]:
    """Problems of an edge's pattern, filter, emits and latency values (only `keys` if given)."""
    wanted = set(EDGE_KEYS) if keys is None else set(keys)
    problems: list[str] = []
    if edge.latency is not None and "latency" in wanted:
        problems += [join_path(".latency", m) for m in check_distribution(edge.latency)]
    if edge.emits is not None and "emits" in wanted:
        problems += [join_path(".emits", m) for m in check_envelope(edge.emits)]
    for key, sns in (("pattern", False), ("filter", True)):
        value = getattr(edge, key)
        if value is not None and key in wanted:
            problems += [f".{key}: {m}" for m in pattern_problems(value, sns=sns)]
    return problems


def pattern_problems(pattern: Any, *, sns: bool) -> list[str]:
    """The matcher's verdict on an EventBridge pattern or SNS filter policy."""
    from simulator.patterns import PatternError, compile_pattern

    try:
        compile_pattern(pattern, sns=sns)
    except PatternError as exc:
        return [str(exc)]
    return []


def _build_scenario(raw: Any, nodes: dict[str, Node], out: Collector) -> Scenario:
    scenario = Scenario()
    if not isinstance(raw, dict):
        out.add("scenario", f"must be an object, got {type_name(raw)}")
        return scenario
    out.unknown_keys(raw, SCENARIO_KEYS, "scenario")
    for key, minimum, exclusive in (("duration", 0, True), ("warmup", 0, False)):
        if key in raw:
            value = raw[key]
            if not is_number(value):
                out.add(f"scenario.{key}", f"must be a number, got {type_name(value)}")
                continue
            for message in check_range(value, minimum, None, exclusive, "s"):
                out.add(f"scenario.{key}", message)
            setattr(scenario, key, value)
    if "seed" in raw:
        seed = raw["seed"]
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            out.add("scenario.seed", f"must be an integer >= 0, got {seed!r}")
        else:
            scenario.seed = seed
    if scenario.warmup >= scenario.duration:
        out.add(
            "scenario.warmup", f"must be < duration ({scenario.duration}), got {scenario.warmup}"
        )
    faults = raw.get("faults", [])
    if not isinstance(faults, list):
        out.add("scenario.faults", f"must be a list, got {type_name(faults)}")
        return scenario
    scenario.faults = [f for i, r in enumerate(faults) if (f := _build_fault(i, r, nodes, out))]
    return scenario


def _build_fault(i: int, raw: Any, nodes: dict[str, Node], out: Collector) -> Fault | None:
    path = f"scenario.faults[{i}]"
    if not isinstance(raw, dict):
        out.add(path, f"must be an object, got {type_name(raw)}")
        return None
    out.unknown_keys(raw, FAULT_KEYS, path)
    node, kind = raw.get("node"), raw.get("kind")
    problems = len(out.problems)
    if not isinstance(node, str) or node not in nodes:
        out.add(f"{path}.node", f"unknown node {node!r}")
    if kind not in FAULT_KINDS:
        out.add(f"{path}.kind", f"must be one of {', '.join(FAULT_KINDS)}, got {kind!r}")
    for key, minimum, exclusive in (("start", 0, False), ("duration", 0, True)):
        value = raw.get(key)
        if not is_number(value):
            out.add(f"{path}.{key}", f"must be a number, got {type_name(value)}")
        else:
            for message in check_range(value, minimum, None, exclusive, "s"):
                out.add(f"{path}.{key}", message)
    needs = {"slowdown": "factor", "errors": "failure_rate"}.get(
        kind if isinstance(kind, str) else ""
    )
    for key in ("factor", "failure_rate"):
        if key == needs and key not in raw:
            out.add(path, f"a {kind} fault needs {key!r}")
        elif key != needs and key in raw:
            out.add(
                f"{path}.{key}",
                f"only {'slowdown' if key == 'factor' else 'errors'} faults have {key!r}",
            )
        elif key in raw:
            value = raw[key]
            limits = (0, None, True) if key == "factor" else (0, 1, False)
            if not is_number(value):
                out.add(f"{path}.{key}", f"must be a number, got {type_name(value)}")
            else:
                for message in check_range(value, limits[0], limits[1], limits[2]):
                    out.add(f"{path}.{key}", message)
    if len(out.problems) > problems:
        return None
    return Fault(
        node, kind, raw["start"], raw["duration"], raw.get("factor"), raw.get("failure_rate")
    )
