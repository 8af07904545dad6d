"""Turn file bytes into plain data, safely, with line and column on syntax errors."""

from __future__ import annotations

import json
from typing import Any

import yaml

from simulator.problems import Problem, TopologyError

MAX_FILE_BYTES = 10 * 1024 * 1024


class StrictYamlLoader(yaml.SafeLoader):
    """A safe loader with YAML 1.2 booleans (`NO` stays a string) and no duplicate keys."""


# YAML 1.1 reads yes/no/on/off as booleans ("the Norway problem"); keep only true/false.
StrictYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: StrictYamlLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", mark)
        seen[key] = loader.construct_object(value_node, deep=True)
    return seen


StrictYamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number in a topology file")


def parse_text(text: str, fmt: str) -> Any:
    """Parse JSON (`fmt == "json"`) or YAML text; raise TopologyError with line/column."""
    if fmt == "json":
        return _parse_json(text)
    return _parse_yaml(text)


def _parse_json(text: str) -> Any:
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise TopologyError([Problem(f"malformed JSON: {_json_reason(exc)}", where)]) from None
    except (ValueError, RecursionError) as exc:
        raise TopologyError([Problem(f"malformed JSON: {exc}")]) from None


def _json_reason(exc: json.JSONDecodeError) -> str:
    """The decoder's message, naming a trailing comma (JSON's most common slip) as such."""
    before = exc.doc[: exc.pos].rstrip()
    closing = exc.doc[exc.pos : exc.pos + 1]
    if before.endswith(",") and closing in ("]", "}"):
        return f"trailing comma before '{closing}' (JSON allows none)"
    return exc.msg


def _parse_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=StrictYamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = exc.problem or exc.context or "syntax error"
        if "could not determine a constructor" in str(reason):
            reason = f"unsupported YAML tag ({reason.split('tag ')[-1]})"
        raise TopologyError([Problem(f"malformed YAML: {reason}", where)]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise TopologyError([Problem(f"malformed YAML: {exc}")]) from None


def format_of(name: str) -> str:
    """`json` for *.json, `yaml` otherwise."""
    return "json" if name.lower().endswith(".json") else "yaml"
