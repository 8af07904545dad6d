"""CloudFormation building blocks: logical ids, intrinsic functions and YAML with short tags."""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

import yaml

from simulator.model import Topology

SUFFIX = {
    "router": "EventBus",
    "topic": "Topic",
    "queue": "Queue",
    "consumer": "Function",
    "workflow": "StateMachine",
}


def camel(text: str) -> str:
    """`orders-dlq` -> `OrdersDlq`: CamelCase of the alphanumeric parts."""
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^A-Za-z0-9]+", text) if p)


def _digest(text: str) -> str:
    return "N" + hashlib.sha1(text.encode()).hexdigest()[:8]


def node_names(topology: Topology) -> dict[str, str]:
    """Node id -> its stable `<Id>` part of logical ids (see the package docstring)."""
    names = {n.id: camel(n.id) for n in topology.nodes}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {
        node_id: name if name and counts[name] == 1 else name + _digest(node_id)
        for node_id, name in names.items()
    }


def unique(resources: dict[str, Any], logical_id: str, key: str) -> str:
    """`logical_id`, or it with a digest of `key` when the template already has it."""
    return logical_id if logical_id not in resources else logical_id + _digest(key)


def ref(logical_id: str) -> dict[str, Any]:
    """`!Ref logical_id`."""
    return {"Ref": logical_id}


def get_att(logical_id: str, attribute: str) -> dict[str, Any]:
    """`!GetAtt logical_id.attribute`."""
    return {"Fn::GetAtt": [logical_id, attribute]}


def sub(text: str) -> dict[str, Any]:
    """`!Sub text`."""
    return {"Fn::Sub": text}


def whole(value: float, low: int, high: int, up: bool = False) -> int:
    """`value` as a whole number in [low, high] (rounded, or rounded up with `up`)."""
    number = math.ceil(value) if up else round(value)
    return int(min(max(number, low), high))


_TAGS = ("!Ref", "!GetAtt", "!Sub")


class _Tagged:
    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


def _short_forms(value: Any) -> Any:
    """Long-form intrinsics as `_Tagged` short forms (`!Ref`, `!GetAtt`, `!Sub`)."""
    if isinstance(value, dict):
        if len(value) == 1:
            (key, arg), *_ = value.items()
            if key == "Ref" and isinstance(arg, str):
                return _Tagged("!Ref", arg)
            if key == "Fn::GetAtt" and isinstance(arg, list):
                return _Tagged("!GetAtt", ".".join(arg))
            if key == "Fn::Sub" and isinstance(arg, str):
                return _Tagged("!Sub", arg)
        return {k: _short_forms(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_short_forms(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def choose_scalar_style(self) -> str:
        """Short-form intrinsics unquoted when YAML allows (`!Ref Bus`, not `!Ref 'Bus'`)."""
        event = self.event
        if isinstance(event, yaml.ScalarEvent) and event.tag in _TAGS and not event.style:
            if self.analysis is None:
                self.analysis = self.analyze_scalar(event.value)
            analysis = self.analysis
            if analysis.allow_flow_plain and analysis.allow_block_plain and not analysis.empty:
                return ""
        return str(super().choose_scalar_style())


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    return dumper.represent_scalar(data.tag, data.value)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(_Tagged, _represent_tagged)
_Dumper.add_representer(str, _represent_str)


def to_yaml(template: dict[str, Any], header: str = "") -> str:
    """The template as YAML with short-form intrinsics, after the comment `header`."""
    body = yaml.dump(
        _short_forms(template),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return header + body
