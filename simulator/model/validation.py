"""What a valid topology is: the model's rules, shared by the file reader and the designer.

Each rule returns messages relative to the item it checks; a message may start with a
sub-path (`.group_by: ...`, `[2].mean: ...`) that `join_path` appends to the item's path.
`problems(topology)` applies them all to a model and locates each problem the way the file
reader does (`nodes[2] (pay).concurrency`, `edges[0] (a -> b)`, `scenario.faults[1]`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from simulator.model.archive import check_replay, replay_rule_problems
from simulator.model.distributions import check_distribution
from simulator.model.kinds import EDGE_KEYS, EDGE_KINDS, KINDS, NodeKind
from simulator.model.limits import document_problems, excerpt, scenario_problems
from simulator.model.params import check_range, fmt, is_number, type_name
from simulator.model.policy import edge_access_problems
from simulator.model.problems import Problem, join_path
from simulator.model.templates import check_envelope
from simulator.model.topology import (
    AZ_FAULT_NODE_KINDS,
    FAULT_KINDS,
    Edge,
    Fault,
    Node,
    Scenario,
    Topology,
)

FAULT_VALUES = {"slowdown": "factor", "errors": "failure_rate", "az-failure": "share"}
OWNERS = {value: kind for kind, value in FAULT_VALUES.items()}  # value key -> its fault kind

ID_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
PatternCheck = Callable[[Any, bool], list[str]]
_pattern_checks: list[PatternCheck] = []


def use_pattern_check(check: PatternCheck) -> None:
    """Install the checker of EventBridge patterns and SNS filter policies (`simulator`'s
    package init installs `simulator.patterns`; the model itself imports no other package)."""
    _pattern_checks[:] = [check]


def pattern_problems(pattern: Any, *, sns: bool) -> list[str]:
    """The matcher's verdict on an EventBridge pattern or SNS filter policy."""
    if not _pattern_checks:
        raise RuntimeError("no pattern checker installed (import simulator first)")
    return _pattern_checks[0](pattern, sns)


def id_problem(node_id: Any) -> str | None:
    """Why `node_id` cannot be a node id (None when it can)."""
    if isinstance(node_id, str) and ID_RE.fullmatch(node_id):
        return None
    return f"must be 1-64 letters, digits, '_', '-' or '.', got {excerpt(node_id)}"


def kind_problem(kind: Any) -> str | None:
    """Why `kind` names no node kind (None when it does)."""
    if isinstance(kind, str) and kind in KINDS:
        return None
    return f"must be one of {', '.join(KINDS)}, got {kind!r}"


def param_problems(kind: NodeKind, params: Mapping[str, Any]) -> list[str]:
    """Problems of explicitly set parameters: each on its own, then against each other."""
    problems: list[str] = []
    for param in kind.params:
        if param.name in params:
            problems += [join_path(f".{param.name}", m) for m in param.check(params[param.name])]
    return problems + kind.rules(params)


def wiring_problems(edge: Edge, source: Node, target: Node) -> list[str]:
    """Why an edge between these nodes is not allowed (empty when it is)."""
    problems: list[str] = []
    src_kind, dst_kind = source.spec, target.spec
    if edge.source == edge.target:
        problems.append("an edge cannot connect a node to itself")
    elif not src_kind.may_target(edge.kind, dst_kind):
        problems.append(_wiring_reason(edge.kind, src_kind, dst_kind))
    if edge.kind != "flow" and edge.pattern is not None:
        problems.append(f".pattern: only flow edges (rules) have a pattern, not {edge.kind}")
    for key in ("pattern", "filter", "emits"):
        if getattr(edge, key) is not None and key not in src_kind.edge_keys:
            owner = " or ".join(f"a {k.name}" for k in KINDS.values() if key in k.edge_keys)
            leaves = f"this one leaves a {src_kind.name}"
            problems.append(f".{key}: only edges leaving {owner} have a {key} ({leaves})")
    return problems


def _wiring_reason(edge_kind: str, src: NodeKind, dst: NodeKind) -> str:
    names = f"{src.name} -> {dst.name}"
    if edge_kind == "dead-letter":
        return f"a dead-letter edge must go from a queue, router or topic to a queue, not {names}"
    if edge_kind == "on-failure":
        return f"an on-failure edge must leave a consumer and reach a receiver, not {names}"
    if not dst.receives:
        return f"a {dst.name} cannot receive events"
    if src.polled:
        readers = " or ".join(f"{k}s" for k in sorted(src.targets.get(edge_kind, ())))
        return f"a {src.name} delivers only to {readers} (they poll it), not to a {dst.name}"
    return f"a {src.name} cannot send events to a {dst.name}"


def edge_value_problems(edge: Edge, keys: Collection[str] | None = None) -> list[str]:
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


def edge_problems(edge: Edge, source: Node, target: Node) -> list[str]:
    """Wiring and value problems of an edge between two existing nodes."""
    keys = source.spec.edge_keys | {"latency"}
    return wiring_problems(edge, source, target) + edge_value_problems(edge, keys)


UNRESERVED_MIN = 100  # AWS keeps at least this much account concurrency unreserved


def check_scenario(raw: Mapping[str, Any]) -> list[str]:
    """Problems of a scenario's duration, warmup and seed (faults: `check_fault`)."""
    problems: list[str] = []
    window = {"duration": Scenario.duration, "warmup": Scenario.warmup}
    for key, minimum, exclusive in (("duration", 0, True), ("warmup", 0, False)):
        if key in raw:
            value: Any = raw[key]
            if not is_number(value):
                problems.append(f".{key}: must be a number, got {type_name(value)}")
                continue
            problems += [f".{key}: {m}" for m in check_range(value, minimum, None, exclusive, "s")]
            window[key] = value
    if "seed" in raw:
        seed = raw["seed"]
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            problems.append(f".seed: must be an integer >= 0, got {seed!r}")
    if "account_concurrency" in raw:
        account = raw["account_concurrency"]
        if not isinstance(account, int) or isinstance(account, bool) or account < 100:
            problems.append(f".account_concurrency: must be an integer >= 100, got {account!r}")
    problems += _placement_problems(raw)
    pricing = raw.get("pricing")
    if "pricing" in raw and pricing is not None and (not isinstance(pricing, str) or not pricing):
        problems.append(f".pricing: must be the path of a price table file, got {pricing!r}")
    if window["warmup"] >= window["duration"]:
        duration, warmup = window["duration"], window["warmup"]
        problems.append(f".warmup: must be < duration ({duration}), got {warmup}")
    return problems


def _placement_problems(raw: Mapping[str, Any]) -> list[str]:
    """The scenario's default account and Region (issue 16)."""
    from simulator.model.regions import check_account, check_region

    problems: list[str] = []
    for key, check in (("account", check_account), ("region", check_region)):
        if key in raw:
            problems += [f".{key}: {m}" for m in check(raw[key])]
    return problems


def reservation_problems(topology: Topology) -> list[str]:
    """Reserved concurrency (and the provisioned concurrency of functions without a
    reservation, which AWS also allocates from the account) must leave at least 100 of
    each account's pool in each Region unreserved (AWS rule)."""
    from simulator.model.concurrency import claims, consumer_placements, placement_text

    account = topology.scenario.account_concurrency
    if not isinstance(account, int):
        return []
    problems = []
    for key, nodes in consumer_placements(topology).items():
        reserved, provisioned = claims(nodes)
        total = reserved + provisioned
        if total <= account - UNRESERVED_MIN:
            continue
        names = ", ".join(
            n.id
            for n in nodes
            if is_number(n.params.get("reserved_concurrency")) or n.params.get("provisioned")
        )
        what = "reserved and provisioned" if provisioned else "reserved"
        problems.append(
            f".account_concurrency: {what} concurrency ({total}, by {names}) must leave at "
            f"least {UNRESERVED_MIN} of the account's {account} unreserved"
            + placement_text(topology, key)
        )
    return problems


def check_fault(raw: Mapping[str, Any], node_ids: Collection[str]) -> list[str]:
    """Problems of one fault: its node, kind, window and the value its kind needs."""
    node, kind = raw.get("node"), raw.get("kind")
    problems: list[str] = _region_fault_problems(raw)
    if kind != "region-outage" and (not isinstance(node, str) or node not in node_ids):
        problems.append(f".node: unknown node {node!r}")
    if kind not in FAULT_KINDS:
        problems.append(f".kind: must be one of {', '.join(FAULT_KINDS)}, got {kind!r}")
    elif kind == "az-failure":
        problems += _az_node_problems(node, node_ids)
    for key, minimum, exclusive in (("start", 0, False), ("duration", 0, True)):
        value: Any = raw.get(key)
        if not is_number(value):
            problems.append(f".{key}: must be a number, got {type_name(value)}")
        else:
            problems += [f".{key}: {m}" for m in check_range(value, minimum, None, exclusive, "s")]
    needs = FAULT_VALUES.get(kind if isinstance(kind, str) else "")
    for key, owner in OWNERS.items():
        if key == needs and key not in raw:
            article = "an" if str(kind)[:1] in "aeiou" else "a"
            problems.append(f"{article} {kind} fault needs {key!r}")
        elif key != needs and key in raw:
            problems.append(f".{key}: only {owner} faults have {key!r}")
        elif key in raw:
            problems += _fault_value(key, raw[key])
    return problems


def _az_node_problems(node: Any, node_ids: Collection[str]) -> list[str]:
    """An az-failure needs a node whose work runs in several zones and can fail over."""
    target = node_ids.get(node) if isinstance(node_ids, Mapping) else None
    kind = getattr(target, "kind", None)
    if kind is None or kind in AZ_FAULT_NODE_KINDS:
        return []
    return [f".node: an az-failure fault needs a consumer, router or topic; {node!r} is a {kind}"]


def _region_fault_problems(raw: Mapping[str, Any]) -> list[str]:
    """A region-outage names a Region instead of a node; no other fault has a Region."""
    from simulator.model.regions import check_region

    if raw.get("kind") != "region-outage":
        return [".region: only region-outage faults have 'region'"] if "region" in raw else []
    problems: list[str] = []
    if raw.get("node") not in (None, ""):
        problems.append(
            ".node: a region-outage fault has no node (it stops every node of its Region)"
        )
    if "region" not in raw:
        problems.append("a region-outage fault needs 'region'")
    else:
        problems += [f".region: {m}" for m in check_region(raw["region"])]
    return problems


def _fault_value(key: str, value: Any) -> list[str]:
    if not is_number(value):
        return [f".{key}: must be a number, got {type_name(value)}"]
    if key == "share":
        if value >= 1:
            return [f".share: must be < 1 (losing every zone is an outage), got {fmt(value)}"]
        return [f".share: {m}" for m in check_range(value, 0, 1, True)]
    minimum, maximum, exclusive = (0, None, True) if key == "factor" else (0, 1, False)
    return [f".{key}: {m}" for m in check_range(value, minimum, maximum, exclusive)]


def problems(topology: Topology) -> list[Problem]:
    """Every rule the topology breaks, located as the file reader locates them.

    Values beyond the limits (nesting, number size, run length) are reported alone, as the
    reader does before anything else.
    """
    beyond = _limit_problems(topology)
    if beyond:
        return beyond
    out: list[Problem] = []
    _node_problems(topology, out)
    _edge_problems(topology, out)
    index = {node.id: i for i, node in enumerate(topology.nodes)}
    for node in _valid_nodes(topology).values():
        path = f"nodes[{index[node.id]}] ({node.id})"
        rules = node.spec.wiring_rules(node, topology.nodes, topology.edges)
        out += [_problem(path, m, node=node.id) for m in rules]
    _scenario_problems(topology, out)
    for i, message in edge_access_problems(topology):  # needs the scenario's account
        edge = topology.edges[i]
        out.append(_problem(f"edges[{i}] ({edge.source} -> {edge.target})", message, edge=i))
    return out


def _problem(path: str, message: str, node: str | None = None, edge: int | None = None) -> Problem:
    """A problem at `path` (the message may start with a sub-path), split as the reader does."""
    full = join_path(path, message)
    where, _, text = full.partition(": ") if ": " in full else ("", "", full)
    return Problem(text, where, node=node, edge=edge)


def _valid_nodes(topology: Topology) -> dict[str, Node]:
    """Nodes with a good id and kind by id (the first of duplicates), as the reader keeps them."""
    nodes: dict[str, Node] = {}
    for node in topology.nodes:
        if id_problem(node.id) is None and node.kind in KINDS:
            nodes.setdefault(node.id, node)
    return nodes


def _node_problems(topology: Topology, out: list[Problem]) -> None:
    seen: set[str] = set()
    for i, node in enumerate(topology.nodes):
        bad_id = id_problem(node.id)
        if bad_id:
            out.append(_problem(f"nodes[{i}].id", bad_id))
            continue
        path = f"nodes[{i}] ({node.id})"
        bad_kind = kind_problem(node.kind)
        if bad_kind:
            out.append(_problem(f"{path}.kind", bad_kind, node.id))
            continue
        unknown = [k for k in node.params if node.spec.param(k) is None]
        out += [_problem(f"{path}.{k}", "unknown parameter", node.id) for k in unknown]
        out += [_problem(path, m, node.id) for m in param_problems(node.spec, node.params)]
        if node.id in seen:
            out.append(_problem(f"{path}.id", f"duplicate id {node.id!r}", node.id))
        seen.add(node.id)


def _edge_problems(topology: Topology, out: list[Problem]) -> None:
    nodes = _valid_nodes(topology)
    seen: dict[tuple[str, str, str], int] = {}
    for i, edge in enumerate(topology.edges):
        path = f"edges[{i}] ({edge.source} -> {edge.target})"
        found = [
            _problem(f"{path}.{key}", f"unknown node {value!r}", edge=i)
            for key, value in (("from", edge.source), ("to", edge.target))
            if value not in nodes
        ]
        if edge.kind not in EDGE_KINDS:
            message = f"must be one of {', '.join(EDGE_KINDS)}, got {edge.kind!r}"
            found.append(_problem(f"{path}.kind", message, edge=i))
        if not found:
            found = [
                _problem(path, m, edge=i)
                for m in edge_problems(edge, nodes[edge.source], nodes[edge.target])
            ]
            if edge.key in seen:
                found.append(
                    _problem(
                        f"edges[{i}] ({edge.name})", f"duplicate of edges[{seen[edge.key]}]", edge=i
                    )
                )
            seen.setdefault(edge.key, i)
        out += found


def _scenario_problems(topology: Topology, out: list[Problem]) -> None:
    scenario = topology.scenario
    raw: dict[str, Any] = {"duration": scenario.duration, "warmup": scenario.warmup}
    raw.update(seed=scenario.seed, pricing=scenario.pricing)
    raw["account_concurrency"] = scenario.account_concurrency
    raw.update(account=scenario.account, region=scenario.region)
    out += [_problem("scenario", m) for m in check_scenario(raw)]
    out += [_problem("scenario", m) for m in reservation_problems(topology)]
    nodes = {n.id: n for n in topology.nodes}
    for i, replay in enumerate(scenario.replays):
        found = check_replay(replay.to_dict(), nodes) or replay_rule_problems(replay, topology)
        out += [_problem(f"scenario.replays[{i}]", m) for m in found]
    ids = {n.id: n for n in topology.nodes}
    for i, fault in enumerate(scenario.faults):
        fields = _set_fields(fault)
        out += [_problem(f"scenario.faults[{i}]", m) for m in check_fault(fields, ids)]


def _set_fields(item: Edge | Fault, *skip: str) -> dict[str, Any]:
    """The fields of an edge or fault that are set, in file form (None: absent)."""
    return {k: v for k, v in vars(item).items() if v is not None and k not in skip}


def _limit_problems(topology: Topology) -> list[Problem]:
    """Nesting, number-size and run-length limits, on the topology's plain values."""
    plain = {
        "nodes": [
            {"id": n.id, "kind": n.kind, "label": n.label, **n.params} for n in topology.nodes
        ],
        "edges": [
            {"from": e.source, "to": e.target, **_set_fields(e, "source", "target")}
            for e in topology.edges
        ],
        "scenario": {
            "duration": topology.scenario.duration,
            "warmup": topology.scenario.warmup,
            "seed": topology.scenario.seed,
            "faults": [_set_fields(f) for f in topology.scenario.faults],
        },
    }
    found = document_problems(plain) + scenario_problems(plain)
    return [Problem(message, path) for path, message in found]


__all__ = [
    "ID_RE",
    "check_fault",
    "check_scenario",
    "edge_problems",
    "edge_value_problems",
    "id_problem",
    "kind_problem",
    "param_problems",
    "pattern_problems",
    "problems",
    "use_pattern_check",
    "wiring_problems",
]
