"""The JSON Schema of the topology format, generated from the model's parameter specs.

`assets/schema/topology.schema.json` is this output; a test keeps the two in sync.
Regenerate with `eventscape-sim schema -o assets/schema/topology.schema.json`.
"""

from __future__ import annotations

import json
from typing import Any

from simulator.files.validate import EDGE_FILE_KEYS, FAULT_KEYS, SCENARIO_KEYS, TOP_KEYS
from simulator.model import FAULT_KINDS, FORMAT, KINDS, VERSION
from simulator.model.archive import archive_schema, replays_schema
from simulator.model.distributions import DIST_KEYS
from simulator.model.kinds import EDGE_KINDS
from simulator.model.loads import PROFILE_KEYS, TRACE_MODES
from simulator.model.params import Param
from simulator.model.policy import policy_schema
from simulator.model.regions import region_codes
from simulator.model.templates import GENERATORS, MAX_SIZE_KB, TEMPLATE_KEYS

SCHEMA_ID = "https://eventscape.dev/schema/topology-v1.json"
NUMBER = {"type": "number"}


def _param_schema(param: Param) -> dict[str, Any]:
    schema: dict[str, Any]
    if param.type in ("int", "number"):
        schema = {"type": "integer" if param.type == "int" else "number"}
        if param.minimum is not None:
            key = "exclusiveMinimum" if param.exclusive_minimum else "minimum"
            schema[key] = param.minimum
        if param.maximum is not None:
            schema["maximum"] = param.maximum
    elif param.type == "bool":
        schema = {"type": "boolean"}
    elif param.type in ("string", "path"):
        schema = {"type": "string", "minLength": 1}
    elif param.type == "choice":
        schema = {"enum": list(param.choices)}
    elif param.type == "definition":
        schema = {"type": "object", "required": ["StartAt", "States"]}
    elif param.type == "tasks":
        task = {
            "type": "object",
            "required": ["service_time"],
            "properties": {
                "service_time": {"$ref": "#/$defs/distribution"},
                "failure_rate": {"type": "number", "minimum": 0, "maximum": 1},
                "error": {"type": "string", "minLength": 1},
            },
            "additionalProperties": False,
        }
        schema = {"type": "object", "additionalProperties": task}
    else:
        schema = {"$ref": f"#/$defs/{param.type}"}
    description = param.doc + (f" ({param.unit})" if param.unit else "")
    if param.optional:
        schema = {"anyOf": [schema, {"type": "null"}]}
    schema["description"] = description
    if param.default is not None:
        schema["default"] = param.default
    return schema


def _node_schema() -> dict[str, Any]:
    rules = []
    for kind in KINDS.values():
        properties: dict[str, Any] = {
            "id": {"$ref": "#/$defs/id"},
            "kind": {"const": kind.name},
            "label": {"type": "string"},
            "position": {"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2},
        }
        properties |= {p.name: _param_schema(p) for p in kind.params}
        then = {"properties": properties, "additionalProperties": False}
        rules.append({"if": {"properties": {"kind": {"const": kind.name}}}, "then": then})
    return {
        "type": "object",
        "required": ["id", "kind"],
        "properties": {"kind": {"enum": list(KINDS)}},
        "allOf": rules,
    }


def _dist_key(key: str) -> dict[str, Any]:
    """A distribution key: a number, a list of phase numbers, or an empirical file key."""
    if key in ("probs", "means"):
        return {"type": "array", "items": NUMBER, "minItems": 1, "maxItems": 10}
    if key == "file":
        return {"type": "string", "minLength": 1}
    if key == "column":
        return {"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}]}
    if key == "unit":
        return {"enum": ["s", "ms"]}
    return NUMBER


def _distribution_schema() -> dict[str, Any]:
    options: list[dict[str, Any]] = [{"type": "number", "minimum": 0}]
    for name, (required, optional) in DIST_KEYS.items():
        props = {"dist": {"const": name}} | {k: _dist_key(k) for k in (*required, *optional)}
        options.append(
            {
                "type": "object",
                "required": ["dist", *required],
                "properties": props,
                "additionalProperties": False,
            }
        )
    return {"oneOf": options}


def _load_schema() -> dict[str, Any]:
    options = []
    for name, keys in PROFILE_KEYS.items():
        props: dict[str, Any] = {"profile": {"const": name}}
        for key, (_, minimum, exclusive) in keys.items():
            if key == "steps":
                pair = {"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2}
                props[key] = {"type": "array", "items": pair, "minItems": 1}
            elif key == "file":
                props[key] = {"type": "string", "minLength": 1}
            elif key == "mode":
                props[key] = {"enum": list(TRACE_MODES)}
            else:
                bound = "exclusiveMinimum" if exclusive else "minimum"
                props[key] = {"type": "number", bound: minimum}
        required = ["profile", *(k for k, (req, _, _) in keys.items() if req)]
        options.append(
            {
                "type": "object",
                "required": required,
                "properties": props,
                "additionalProperties": False,
            }
        )
    return {"oneOf": options}


def _events_schema() -> dict[str, Any]:
    props: dict[str, Any] = {k: {} for k in TEMPLATE_KEYS}
    props["weight"] = {"type": "number", "exclusiveMinimum": 0}
    props["size_kb"] = {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_SIZE_KB}
    props["detail"] = {"type": "object"}
    template = {"type": "object", "properties": props, "additionalProperties": False}
    return {
        "type": "array",
        "minItems": 1,
        "items": template,
        "description": f"Generators inside detail: {', '.join(GENERATORS)}",
    }


def _edge_schema() -> dict[str, Any]:
    props: dict[str, dict[str, Any]] = {k: {"type": "object"} for k in EDGE_FILE_KEYS}
    props["from"] = props["to"] = {"$ref": "#/$defs/id"}
    props["kind"] = {"enum": list(EDGE_KINDS), "default": "flow"}
    props["latency"] = {"$ref": "#/$defs/distribution"}
    props["pattern"] = {"type": "object", "description": "EventBridge event pattern (router edges)"}
    props["filter"] = {"type": "object", "description": "SNS filter policy on detail (topic edges)"}
    props["emits"] = {
        "type": "object",
        "description": "Envelope fields of the event a consumer publishes",
    }
    return {
        "type": "object",
        "required": ["from", "to"],
        "properties": props,
        "additionalProperties": False,
    }


def _scenario_schema() -> dict[str, Any]:
    fault_props: dict[str, Any] = {k: NUMBER for k in FAULT_KEYS}
    fault_props["node"] = {"$ref": "#/$defs/id"}
    fault_props["kind"] = {"enum": list(FAULT_KINDS)}
    fault_props["region"] = {"$ref": "#/$defs/region"}
    fault = {
        "type": "object",
        "required": ["kind", "start", "duration"],  # region-outage: a region, no node
        "properties": fault_props,
        "additionalProperties": False,
    }
    props: dict[str, Any] = {k: NUMBER for k in SCENARIO_KEYS}
    props["seed"] = {"type": "integer", "minimum": 0}
    props["faults"] = {"type": "array", "items": fault}
    props["pricing"] = {"type": "string", "minLength": 1, "description": "price table file"}
    props["account_concurrency"] = {
        "type": "integer",
        "minimum": 100,
        "description": "Lambda concurrent executions of the account (default 1000)",
    }
    props["account"] = {"$ref": "#/$defs/account", "description": "nodes' default account"}
    props["region"] = {"$ref": "#/$defs/region", "description": "nodes' default Region"}
    props["replays"] = replays_schema()
    return {"type": "object", "properties": props, "additionalProperties": False}


def _experiments_schema() -> dict[str, Any]:
    """Saved sweeps and goal seeks (see simulator.model.experiments)."""
    common = {
        "name": {"type": "string"},
        "replications": {"type": "integer", "minimum": 1, "maximum": 10000},
    }
    values = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "number"}}]}
    sweep = {
        "properties": {"kind": {"const": "sweep"}, "set": {"type": "object",
                       "additionalProperties": values, "minProperties": 1}, **common,
                       "target_ci": {"type": "number", "exclusiveMinimum": 0,
                                     "exclusiveMaximum": 1},
                       "metric": {"type": "string"},
                       "max_replications": {"type": "integer", "minimum": 2,
                                            "maximum": 10000}},
        "required": ["kind", "set"],
    }  # fmt: skip
    goal = {
        "properties": {"kind": {"const": "goal"}, "vary": {"type": "string"},
                       "until": {"type": "string"}, **common},
        "required": ["kind", "vary", "until"],
    }  # fmt: skip
    entries = [{"type": "object", **s, "additionalProperties": False} for s in (sweep, goal)]
    return {
        "type": "array",
        "maxItems": 100,
        "description": "Saved experiments: sweeps and goal seeks the designer can rerun",
        "items": {"oneOf": entries},
    }


def generate_schema() -> dict[str, Any]:
    """The whole JSON Schema (draft 2020-12) of topology files."""
    props: dict[str, Any] = {k: {} for k in TOP_KEYS}
    props |= {
        "format": {"const": FORMAT},
        "version": {"type": "integer", "minimum": 1, "maximum": VERSION},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "scenario": _scenario_schema(),
        "nodes": {"type": "array", "items": {"$ref": "#/$defs/node"}},
        "edges": {"type": "array", "items": {"$ref": "#/$defs/edge"}},
        "experiments": _experiments_schema(),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Eventscape topology",
        "type": "object",
        "required": ["format", "version", "nodes"],
        "properties": props,
        "additionalProperties": False,
        "$defs": {
            "id": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"},
            "node": _node_schema(),
            "edge": _edge_schema(),
            "distribution": _distribution_schema(),
            "load": _load_schema(),
            "events": _events_schema(),
            "account": {
                "type": "string",
                "pattern": "^([0-9]{12}|[A-Za-z][A-Za-z0-9_.-]{0,63})$",
            },
            "region": {"enum": list(region_codes())},
            "policy": policy_schema(),
            "archive": archive_schema(),
        },
    }


def schema_text() -> str:
    """The schema as the text stored in assets/schema/."""
    return json.dumps(generate_schema(), indent=2) + "\n"


__all__ = ["schema_text"]
