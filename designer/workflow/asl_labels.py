"""Short texts that describe ASL states and Choice rules on the diagram (Qt-free)."""

from __future__ import annotations

from typing import Any

CALLBACK = ".waitForTaskToken"
SYNC = ".sync"

_OPERATORS = {  # longest suffix first: GreaterThanEquals before Equals
    "GreaterThanEquals": ">=",
    "LessThanEquals": "<=",
    "GreaterThan": ">",
    "LessThan": "<",
    "Equals": "==",
}
MAX_RULE = 30


def short(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resource_text(resource: Any) -> str:
    """A Task's Resource as a reader says it: `λ identity`, `sqs:sendMessage`, `callback`."""
    if not isinstance(resource, str) or not resource:
        return "no Resource"
    base = resource
    suffix = ""
    for tail, words in ((CALLBACK, " · callback"), (SYNC, " · sync")):
        if base.endswith(tail):
            base, suffix = base[: -len(tail)], words
    if ":function:" in base:
        name = base.split(":function:", 1)[1].split(":", 1)[0]
        return f"λ {name}{suffix}"
    if base.startswith("arn:aws:states:::"):
        return base[len("arn:aws:states:::") :] + suffix
    if base.startswith("arn:"):
        return base.rsplit(":", 1)[-1] + suffix
    return base + suffix


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def state_detail(state: dict[str, Any]) -> str:
    """The one line under a state's name: what it does in a few words."""
    kind = state.get("Type")
    if kind == "Task":
        return resource_text(state.get("Resource"))
    if kind == "Wait":
        for key in ("Seconds", "SecondsPath", "Timestamp", "TimestampPath"):
            if key in state:
                value = state[key]
                return f"wait {_number(value)} s" if key == "Seconds" else f"wait {value}"
        return "wait"
    if kind == "Choice":
        rules = state.get("Choices")
        count = len(rules) if isinstance(rules, list) else 0
        return f"{count} rule{'s' * (count != 1)}" + (" + default" if "Default" in state else "")
    if kind == "Parallel":
        branches = state.get("Branches")
        count = len(branches) if isinstance(branches, list) else 0
        return f"{count} branch{'es' * (count != 1)}"
    if kind == "Map":
        items = state.get("ItemsPath", "$")
        limit = state.get("MaxConcurrency", 0)
        return f"over {items} · " + (f"max {_number(limit)}" if limit else "unlimited")
    if kind == "Fail":
        return str(state.get("Error", "fails"))
    if kind == "Pass":
        return "result" if "Result" in state else ""
    return ""


def rule_text(rule: Any) -> str:
    """A Choice rule in one line: `$.detail.risk == "high"`, `$.a > 1 and $.b is null`."""
    if not isinstance(rule, dict):
        return "?"
    for combinator in ("And", "Or"):
        if isinstance(rule.get(combinator), list):
            parts = [rule_text(r) for r in rule[combinator]]
            return f" {combinator.lower()} ".join(parts)
    if "Not" in rule:
        return "not " + rule_text(rule["Not"])
    variable = str(rule.get("Variable", "?"))
    for key, value in rule.items():
        if key in ("Variable", "Next"):
            continue
        return _comparison(variable, key, value)
    return variable


def _comparison(variable: str, operator: str, value: Any) -> str:
    if operator.startswith("Is"):
        test = operator[2:].lower()
        return f"{variable} is {test}" if value else f"{variable} not {test}"
    path = operator.endswith("Path")
    name = operator[: -len("Path")] if path else operator
    if name == "StringMatches":
        return f"{variable} ~ {value!s}"
    for suffix, symbol in _OPERATORS.items():
        if name.endswith(suffix):
            shown = str(value) if path else _literal(value)
            return f"{variable} {symbol} {shown}"
    return f"{variable} {operator} {value}"


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return _number(value)


def retry_text(retriers: Any) -> str:
    """Every Retry rule in one line each: errors, attempts, first interval, backoff."""
    if not isinstance(retriers, list):
        return ""
    lines = []
    for rule in retriers:
        if not isinstance(rule, dict):
            continue
        errors = ", ".join(str(e) for e in rule.get("ErrorEquals", []) or ["?"])
        attempts = rule.get("MaxAttempts", 3)
        interval = rule.get("IntervalSeconds", 1)
        backoff = rule.get("BackoffRate", 2.0)
        line = f"{errors}: {attempts}× from {_number(interval)} s, ×{_number(backoff)}"
        if "MaxDelaySeconds" in rule:
            line += f", at most {_number(rule['MaxDelaySeconds'])} s"
        if rule.get("JitterStrategy") == "FULL":
            line += ", full jitter"
        lines.append(line)
    return "\n".join(lines)


def retry_badge(retriers: Any) -> str:
    """The mark on a retried state: `↻ retry ×3` (the most attempts any rule allows)."""
    if not isinstance(retriers, list) or not retriers:
        return ""
    attempts = [r.get("MaxAttempts", 3) for r in retriers if isinstance(r, dict)]
    numbers = [a for a in attempts if isinstance(a, int | float)]
    return f"↻ retry ×{_number(max(numbers))}" if numbers else "↻ retry"


def errors_text(rule: Any) -> str:
    """A Catch rule's error names, for an edge label (the layout shortens it)."""
    if not isinstance(rule, dict):
        return "catch"
    errors = rule.get("ErrorEquals")
    names = [str(e) for e in errors] if isinstance(errors, list) else ["?"]
    return "catch " + ", ".join(names)
