"""Archives and replays (EventBridge): a router keeps the events it receives; a replay
re-sends a window of them into the bus later (issue 16).

A router's `archive: {pattern: <optional EventBridge pattern>, retention: <seconds>}`
keeps every event the bus receives that matches `pattern` (all events without one) for
`retention` seconds (absent: indefinitely, as EventBridge's default). A scenario's
`replays: [{router: bus, from: 0, to: 600, at: 1800, name: ...}]` re-sends the events the
router archived in [from, to) at time `at` (see `simulator/engine/replay.py`); `rules:
[target ids]` replays them to those of the bus's rules only (EventBridge's FilterArns; a
rule is the bus's flow edge to its target), all rules without it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.model.params import check_range, fmt, is_number, type_name

if TYPE_CHECKING:
    from simulator.model.problems import Problem
    from simulator.model.topology import Node, Topology

ARCHIVE_KEYS = ("pattern", "retention")
REPLAY_KEYS = ("router", "from", "to", "at", "name", "rules")
NAME_RE = re.compile(r"^[.\-_A-Za-z0-9]{1,64}$")  # EventBridge's ReplayName


@dataclass
class Replay:
    """Re-send the events `router` archived in [start, end) into it at time `at`."""

    router: str
    start: float  # `from` in files
    end: float  # `to` in files
    at: float
    name: str | None = None  # EventBridge's ReplayName; None: `<router>-replay-<n>`
    rules: tuple[str, ...] | None = None  # FilterArns: the rules' targets; None: every rule

    def label(self, index: int) -> str:
        """The replay's name (the `replay-name` its events carry)."""
        return self.name or f"{self.router}-replay-{index + 1}"

    def renamed(self, old: str, new: str) -> Replay:
        """This replay with node `old` called `new` (its router or one of its rules)."""
        rules = self.rules
        if rules is not None:
            rules = tuple(new if rule == old else rule for rule in rules)
        router = new if self.router == old else self.router
        return Replay(router, self.start, self.end, self.at, self.name, rules)

    def without(self, gone: set[str]) -> Replay | None:
        """This replay once the nodes `gone` are deleted: None when its router went, or
        every rule it names (replaying to no rule has no meaning; to all would change it)."""
        if self.router in gone:
            return None
        if self.rules is None:
            return self
        rules = tuple(rule for rule in self.rules if rule not in gone)
        if not rules:
            return None
        return Replay(self.router, self.start, self.end, self.at, self.name, rules)

    def to_dict(self) -> dict[str, Any]:
        """The file form."""
        data: dict[str, Any] = {"router": self.router, "from": self.start, "to": self.end}
        data["at"] = self.at
        if self.name is not None:
            data["name"] = self.name
        if self.rules is not None:
            data["rules"] = list(self.rules)
        return data


def check_archive(value: Any) -> list[str]:
    """Problems of a router's `archive` value (messages start with a sub-path)."""
    if not isinstance(value, dict):
        return [f"must be an object with 'pattern' and/or 'retention', got {type_name(value)}"]
    allowed = ", ".join(ARCHIVE_KEYS)
    problems = [f".{k}: unknown key (allowed: {allowed})" for k in value if k not in ARCHIVE_KEYS]
    if "pattern" in value:
        from simulator.model.validation import pattern_problems

        pattern = value["pattern"]
        if not isinstance(pattern, dict):
            problems.append(f".pattern: must be an event pattern object, got {type_name(pattern)}")
        else:
            problems += [f".pattern: {m}" for m in pattern_problems(pattern, sns=False)]
    if "retention" in value:
        retention = value["retention"]
        if not is_number(retention):
            problems.append(f".retention: must be a number of seconds, got {type_name(retention)}")
        else:
            problems += [f".retention: {m}" for m in check_range(retention, 0, None, True, "s")]
    return problems


def check_replay(raw: Any, nodes: Mapping[str, Node]) -> list[str]:
    """Problems of one `scenario.replays` entry: its router, window, time and name."""
    if not isinstance(raw, dict):
        return [f"must be an object with router, from, to and at, got {type_name(raw)}"]
    allowed = ", ".join(REPLAY_KEYS)
    problems = [f".{k}: unknown key (allowed: {allowed})" for k in raw if k not in REPLAY_KEYS]
    router = raw.get("router")
    node = nodes.get(router) if isinstance(router, str) else None
    if node is None:
        problems.append(f".router: unknown node {router!r}")
    elif node.kind != "router":
        problems.append(f".router: {router!r} is a {node.kind}; only a router has an archive")
    elif node.params.get("archive") is None:
        problems.append(f".router: router {router!r} has no archive to replay from")
    times: dict[str, float] = {}
    for key in ("from", "to", "at"):
        value: Any = raw.get(key)
        if not is_number(value):
            problems.append(f".{key}: must be a number of seconds, got {type_name(value)}")
            continue
        found = check_range(value, 0, None, False, "s")
        problems += [f".{key}: {m}" for m in found]
        if not found:
            times[key] = value
    if len(times) == 3:
        start, end, at = times["from"], times["to"], times["at"]
        if end <= start:
            problems.append(f".to: must be > from ({fmt(start)}), got {fmt(end)}")
        elif at < end:
            problems.append(
                f".at: must be >= to ({fmt(end)}): a replay re-sends events archived "
                f"before it starts, got {fmt(at)}"
            )
    name = raw.get("name")
    if "name" in raw and (not isinstance(name, str) or not NAME_RE.match(name)):
        problems.append(f".name: must be 1-64 letters, digits, '.', '-' or '_', got {name!r}")
    if "rules" in raw:
        problems += [f".rules: {m}" for m in _rules_problems(raw["rules"])]
    return problems


def _rules_problems(rules: Any) -> list[str]:
    """The shape of a replay's `rules`: a non-empty list of distinct node ids."""
    if not isinstance(rules, list) or not rules:
        return [f"must be a non-empty list of the bus's rule targets, got {type_name(rules)}"]
    if not all(isinstance(r, str) and r for r in rules):
        return ["must list node ids (strings)"]
    if len(set(rules)) != len(rules):
        return ["lists a rule twice"]
    return []


def replay_rule_problems(replay: Replay, topology: Topology) -> list[str]:
    """Rules a replay names that its router does not have (a flow edge to that target)."""
    if replay.rules is None:
        return []
    targets = {e.target for e in topology.edges_from(replay.router, "flow")}
    have = ", ".join(sorted(targets)) or "none"
    return [
        f".rules[{i}]: router {replay.router!r} has no rule to {rule!r} (its rules: {have})"
        for i, rule in enumerate(replay.rules)
        if rule not in targets
    ]


def replay_from(raw: Mapping[str, Any]) -> Replay:
    """The Replay of a checked `scenario.replays` entry."""
    rules = raw.get("rules")
    return Replay(
        raw["router"], raw["from"], raw["to"], raw["at"], raw.get("name"),
        tuple(rules) if rules is not None else None,
    )  # fmt: skip


def replay_warnings(topology: Topology) -> list[Problem]:
    """Replays that reach back further than their archive keeps events, and replays
    starting at or after the end of the run."""
    from simulator.model.problems import Problem

    found = []
    ids = {node.id: node for node in topology.nodes}
    for i, replay in enumerate(topology.scenario.replays):
        where = f"scenario.replays[{i}]"
        node = ids.get(replay.router)
        archive = node.params.get("archive") if node is not None else None
        retention: Any = archive.get("retention") if isinstance(archive, dict) else None
        if is_number(retention) and replay.at - replay.start > retention:
            lost = replay.at - retention
            part = "none" if lost >= replay.end else "part"
            message = (
                f"the archive of {replay.router} keeps events {fmt(retention)} s: at "
                f"t={fmt(replay.at)} those archived before t={fmt(lost)} are gone, so "
                f"{part} of the window [{fmt(replay.start)}, {fmt(replay.end)}) is replayed"
            )
            found.append(Problem(message, where, "warning", node=replay.router))
        if replay.at >= topology.scenario.duration:
            message = (
                f"starts at t={fmt(replay.at)}, not before the run ends "
                f"({fmt(topology.scenario.duration)} s): nothing is replayed"
            )
            found.append(Problem(message, where, "warning", node=replay.router))
    return found


def archive_schema() -> dict[str, Any]:
    """The JSON Schema of a router's `archive`."""
    return {
        "type": "object",
        "properties": {
            "pattern": {"type": "object", "description": "EventBridge pattern of kept events"},
            "retention": {"type": "number", "exclusiveMinimum": 0, "description": "seconds"},
        },
        "additionalProperties": False,
    }


def replays_schema() -> dict[str, Any]:
    """The JSON Schema of `scenario.replays`."""
    seconds = {"type": "number", "minimum": 0}
    replay = {
        "type": "object",
        "required": ["router", "from", "to", "at"],
        "properties": {
            "router": {"$ref": "#/$defs/id"},
            "from": seconds,
            "to": seconds,
            "at": seconds,
            "name": {"type": "string", "pattern": NAME_RE.pattern},
            "rules": {
                "type": "array",
                "items": {"$ref": "#/$defs/id"},
                "minItems": 1,
                "uniqueItems": True,
                "description": "replay to these of the bus's rules (their targets) only",
            },
        },
        "additionalProperties": False,
    }
    return {"type": "array", "items": replay, "description": "archive replays (EventBridge)"}


__all__ = [
    "ARCHIVE_KEYS",
    "REPLAY_KEYS",
    "Replay",
    "archive_schema",
    "check_archive",
    "check_replay",
    "replay_from",
    "replay_rule_problems",
    "replay_warnings",
    "replays_schema",
]
