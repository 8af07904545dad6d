"""Event templates that pass a node's routes, for the producers an import has to invent.

From each rule's event pattern (or subscription's filter policy) one example is built:
the first exact value of each field, a value fitting a `prefix`/`suffix`/`numeric`
condition, and nothing for fields that must not exist. An example is kept only when the
compiled pattern really matches it, so a run of the import routes events as the rules do.
"""

from __future__ import annotations

from typing import Any

from simulator.iac.import_draft import Draft
from simulator.model.templates import DEFAULT_ACCOUNT, DEFAULT_REGION, check_envelope
from simulator.patterns import compile_pattern

MAX_TEMPLATES = 8
_ABSENT = object()


def events_for(draft: Draft, node_id: str) -> list[dict[str, Any]]:
    """One template per distinct route of `node_id` that an example can pass."""
    node = draft.nodes[node_id]
    templates: list[dict[str, Any]] = []
    for edge in draft.edges.values():
        if edge.source != node_id or edge.kind != "flow":
            continue
        if node.kind == "router" and edge.pattern is not None:
            template = _from_pattern(edge.pattern)
        elif node.kind == "topic" and edge.filter is not None:
            template = _from_filter(edge.filter)
        else:
            continue
        if template is not None and template not in templates and not check_envelope(template):
            templates.append(template)
    return templates[:MAX_TEMPLATES]


def _from_pattern(pattern: dict[str, Any]) -> dict[str, Any] | None:
    """An envelope template that `pattern` matches, or None."""
    pattern = _first_alternative(pattern)
    example = _example(pattern)
    if not isinstance(example, dict):
        return None
    envelope = {
        "source": example.get("source", "external"),
        "detail-type": example.get("detail-type", "Event"),
        "account": example.get("account", DEFAULT_ACCOUNT),
        "region": example.get("region", DEFAULT_REGION),
        "resources": example.get("resources", []),
        "detail": example.get("detail", {}),
    }
    if not all(isinstance(envelope[k], str) for k in ("source", "detail-type")):
        return None
    if not isinstance(envelope["detail"], dict) or not _matches(pattern, envelope, sns=False):
        return None
    template = {k: envelope[k] for k in ("source", "detail-type", "detail")}
    for key in ("account", "region"):
        if key in example:
            template[key] = envelope[key]
    return template


def _from_filter(policy: dict[str, Any]) -> dict[str, Any] | None:
    """A template whose detail `policy` (applied to detail, as the model does) matches."""
    policy = _first_alternative(policy)
    detail = _example(policy)
    if not isinstance(detail, dict) or not _matches(policy, detail, sns=True):
        return None
    return {"source": "external", "detail-type": "Event", "detail": detail}


def _first_alternative(pattern: dict[str, Any]) -> dict[str, Any]:
    """For a top-level `$or`, its first alternative merged with the other keys."""
    alternatives = pattern.get("$or")
    if isinstance(alternatives, list) and alternatives and isinstance(alternatives[0], dict):
        rest = {k: v for k, v in pattern.items() if k != "$or"}
        return {**rest, **alternatives[0]}
    return pattern


def _example(pattern: Any) -> Any:
    """A value `pattern` accepts: objects recurse, arrays give their first usable value."""
    if isinstance(pattern, dict):
        out = {}
        for key, sub in pattern.items():
            if key == "$or":
                continue
            value = _example(sub)
            if value is not _ABSENT:
                out[key] = value
        return out
    if isinstance(pattern, list):
        for item in pattern:
            value = _leaf(item)
            if value is not _ABSENT:
                return value
    return _ABSENT


def _leaf(item: Any) -> Any:
    """A value matching one array element of a pattern (a literal or an operator)."""
    if item is None or isinstance(item, str | int | float | bool):
        return item
    if not isinstance(item, dict) or len(item) != 1:
        return _ABSENT
    ((operator, arg),) = item.items()
    if operator == "prefix" and isinstance(arg, str):
        return arg + "x"
    if operator == "suffix" and isinstance(arg, str):
        return "x" + arg
    if operator == "equals-ignore-case" and isinstance(arg, str):
        return arg
    if operator == "wildcard" and isinstance(arg, str):
        return arg.replace("*", "x")
    if operator == "exists":
        return "x" if arg is True else _ABSENT
    if operator == "numeric" and isinstance(arg, list):
        return _numeric(arg)
    if operator == "anything-but":
        return "eventscape-other"
    return _ABSENT


def _numeric(conditions: list[Any]) -> Any:
    """A number satisfying `[op, n, op, n]` (tries bounds +/- a little)."""
    candidates = [c for c in conditions if isinstance(c, int | float) and not isinstance(c, bool)]
    for base in candidates or [0]:
        for delta in (0, 1, -1, 0.5, -0.5):
            value = base + delta
            if _numeric_ok(conditions, value):
                return value
    return _ABSENT


def _numeric_ok(conditions: list[Any], value: float) -> bool:
    checks = {
        "=": value.__eq__,
        "<": value.__lt__,
        "<=": value.__le__,
        ">": value.__gt__,
        ">=": value.__ge__,
    }
    for op, bound in zip(conditions[::2], conditions[1::2], strict=False):
        check = checks.get(op) if isinstance(op, str) else None
        if check is None or not isinstance(bound, int | float) or not check(bound):
            return False
    return True


def _matches(pattern: dict[str, Any], event: dict[str, Any], sns: bool) -> bool:
    try:
        return bool(compile_pattern(pattern, sns=sns).matches(event))
    except Exception:  # an example that cannot be checked is not used
        return False
