"""Turn file bytes into plain data, safely, with line and column on syntax errors."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from simulator.files.jsonpos import locate_json_problem
from simulator.model.limits import MAX_ALIAS_NODES, MAX_DEPTH, too_deep
from simulator.problems import Problem, TopologyError

MAX_FILE_BYTES = 10 * 1024 * 1024


class StrictYamlLoader(yaml.SafeLoader):
    """A safe loader with YAML 1.2 booleans and numbers, no duplicate keys, bounded size.

    `NO` stays a string, `1e3` is a number. Composing counts nesting and the values that
    aliases (`*name`) repeat: a document nested deeper than MAX_DEPTH, or whose aliases
    would expand to more than MAX_ALIAS_NODES values ("billion laughs"), is refused before
    anything is built from it. An alias inside its own anchor (a cycle) is refused too.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._count = 0  # values composed so far, with aliased ones counted once per use
        self._aliased = 0
        self._sizes: dict[str, int] = {}  # anchor -> values below it, aliases expanded
        self._open: set[str] = set()  # anchors whose node is still being composed

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose one node, counting depth, size and alias expansion."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            return self._compose_alias(parent, index, event)
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested deeper than {MAX_DEPTH} levels", _mark(event)
            )
        anchor = event.anchor
        if anchor is not None:
            self._open.add(anchor)
        self._depth += 1
        before = self._count
        self._count += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if anchor is not None:
            self._open.discard(anchor)
            self._sizes[anchor] = self._count - before
        return node

    def _compose_alias(self, parent: Any, index: Any, event: yaml.AliasEvent) -> Any:
        anchor = event.anchor
        if anchor in self._open:
            raise yaml.composer.ComposerError(
                None, None, f"alias *{anchor} refers to a value that contains it", _mark(event)
            )
        self._aliased += self._sizes.get(anchor or "", 1)
        self._count += self._sizes.get(anchor or "", 1)
        if self._aliased > MAX_ALIAS_NODES:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"aliases (*name) repeat more than {MAX_ALIAS_NODES:,} values; "
                "write the values out instead",
                _mark(event),
            )
        return super().compose_node(parent, index)


def _mark(event: Any) -> yaml.error.Mark | None:
    mark = event.start_mark
    return mark if isinstance(mark, yaml.error.Mark) else None


# YAML 1.1 reads yes/no/on/off as booleans ("the Norway problem"); keep only true/false.
StrictYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
# YAML 1.2 floats: `1e3` and `5e-324` are numbers (YAML 1.1 wants a dot: `1.0e+3`).
YAML12_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")
StrictYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", YAML12_FLOAT, list("-+0123456789")
)


def _construct_mapping(loader: StrictYamlLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            kind = "a list" if isinstance(key, list) else "an object"
            message = f"a key must be a name, not {kind}"
            raise yaml.constructor.ConstructorError(
                None, None, message, key_node.start_mark
            ) from None
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
        data = json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise TopologyError([Problem(f"malformed JSON: {_json_reason(exc)}", where)]) from None
    except RecursionError:
        message = f"malformed JSON: nested deeper than {MAX_DEPTH} levels"
        raise TopologyError([Problem(message)]) from None
    except ValueError as exc:
        where, reason = locate_json_problem(text) or ("", str(exc))
        raise TopologyError([Problem(f"malformed JSON: {reason}", where)]) from None
    deep = too_deep(data)  # YAML is checked while composing; JSON once parsed
    if deep is not None:
        message = f"malformed JSON: nested deeper than {MAX_DEPTH} levels"
        raise TopologyError([Problem(message, deep)])
    return data


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
    except RecursionError:
        message = f"malformed YAML: nested deeper than {MAX_DEPTH} levels"
        raise TopologyError([Problem(message)]) from None
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise TopologyError([Problem(f"malformed YAML: {exc}")]) from None


def format_of(name: str) -> str:
    """`json` for *.json, `yaml` otherwise."""
    return "json" if name.lower().endswith(".json") else "yaml"


__all__ = ["MAX_FILE_BYTES", "format_of", "parse_text"]
