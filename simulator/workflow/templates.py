"""Payload templates: `Parameters`, `ResultSelector`, `ItemSelector`.

A key ending in `.$` takes its value from a path (into the data or, with `$$`, the
context object) or from an intrinsic function; other values are copied as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.workflow.errors import PARAMETERS, StatesError
from simulator.workflow.intrinsics import compile_intrinsic, is_intrinsic
from simulator.workflow.paths import PathMissing, compile_path

Template = Callable[[Any, Any], Any]


def compile_template(template: Any) -> Template:
    """A function `(data, context) -> payload` for a template (raises PathSyntaxError)."""
    if isinstance(template, dict):
        fields: list[tuple[str, bool, Any]] = []
        for key, value in template.items():
            if key.endswith(".$") and isinstance(value, str):
                getter = compile_intrinsic(value) if is_intrinsic(value) else compile_path(value)
                fields.append((key[:-2], True, getter))
            else:
                fields.append((key, False, compile_template(value)))
        return lambda data, ctx: _build(fields, data, ctx)
    if isinstance(template, list):
        items = [compile_template(item) for item in template]
        return lambda data, ctx: [item(data, ctx) for item in items]
    return lambda data, ctx: template


def _build(fields: list[tuple[str, bool, Any]], data: Any, ctx: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, dynamic, getter in fields:
        if dynamic:
            try:
                out[key] = getter(data, ctx)
            except PathMissing as exc:
                raise StatesError(PARAMETERS, f"field {key}.$: {exc}") from None
        else:
            out[key] = getter(data, ctx)
    return out
