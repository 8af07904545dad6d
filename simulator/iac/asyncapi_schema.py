"""JSON Schemas of event payloads, inferred from producers' event templates."""

from __future__ import annotations

from typing import Any

GENERATORS = ("$choice", "$weighted", "$uniform", "$randint", "$seq")


def envelope_schema(kind: tuple[str, str], templates: list[dict[str, Any]]) -> dict[str, Any]:
    """The EventBridge envelope of one event kind; `detail` inferred from its templates."""
    details = [t["detail"] for t in templates if isinstance(t.get("detail"), dict)]
    detail = merge([value_schema(d) for d in details]) if details else {"type": "object"}
    return {
        "type": "object",
        "required": ["id", "source", "detail-type", "time", "detail"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "source": {"type": "string", "const": kind[0]},
            "detail-type": {"type": "string", "const": kind[1]},
            "time": {"type": "string", "format": "date-time"},
            "account": {"type": "string"},
            "region": {"type": "string"},
            "resources": {"type": "array", "items": {"type": "string"}},
            "detail": detail,
        },
    }


def value_schema(value: Any) -> dict[str, Any]:
    """The schema of a template value: a literal, a generator or an object of them."""
    if isinstance(value, dict):
        dollar = [k for k in value if isinstance(k, str) and k in GENERATORS]
        if len(value) == 1 and dollar:
            return _generator(dollar[0], value[dollar[0]])
        return {
            "type": "object",
            "properties": {str(k): value_schema(v) for k, v in value.items()},
            "required": sorted(str(k) for k in value),
        }
    if isinstance(value, list):
        items = merge([value_schema(v) for v in value]) if value else {}
        return {"type": "array", "items": items} if items else {"type": "array"}
    return {"type": _type(value), "examples": [value]} if value is not None else {"type": "null"}


def _generator(name: str, arg: Any) -> dict[str, Any]:
    if name in ("$choice", "$weighted"):
        values: list[Any] = []
        for value in arg if isinstance(arg, list | dict) else []:
            if value not in values:  # JSON Schema wants unique enum items
                values.append(value)
        types = sorted({_type(v) for v in values})
        return {"type": types[0] if len(types) == 1 else types, "enum": values}
    if name == "$uniform":
        return {"type": "number", "minimum": arg[0], "maximum": arg[1]}
    if name == "$randint":
        return {"type": "integer", "minimum": arg[0], "maximum": arg[1]}
    return {"type": "integer", "minimum": 1 if arg is None else arg}


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def merge(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    """One schema for several: identical ones once, different ones as `anyOf`."""
    unique: list[dict[str, Any]] = []
    for schema in schemas:
        if schema not in unique:
            unique.append(schema)
    return unique[0] if len(unique) == 1 else {"anyOf": unique}
