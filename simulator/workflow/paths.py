"""JSONPath as the States language uses it: paths, reference paths and result paths.

A path is compiled once into a getter `get(data, context) -> value`; `$` reads the state's
data and `$$` the context object (execution, state, task token, map item). Supported
steps: `.name`, `['name']`, `[n]` and, outside reference paths, `[*]` / `.*` (the result is
then a list, as JSONPath returns every match). A missing field raises `PathMissing`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Getter = Callable[[Any, Any], Any]
Putter = Callable[[Any, Any], Any]

WILD = object()  # a `[*]` step
_STEP = re.compile(
    r"\.([^.\[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[\"((?:[^\"\\]|\\.)*)\"\]|\[(-?\d+)\]|\[\*\]"
)


class PathSyntaxError(ValueError):
    """A path that is not a JSONPath (or not a reference path where one is required)."""


class PathMissing(LookupError):
    """A path names a field or index the data does not have."""

    def __init__(self, path: str):
        super().__init__(f"path {path} does not exist in the input")
        self.path = path


def parse(text: Any, *, reference: bool = False) -> tuple[bool, list[Any]]:
    """Split a path into (reads the context object, steps); names, ints or WILD."""
    if not isinstance(text, str) or not text.startswith("$"):
        raise PathSyntaxError(f"{text!r} is not a path (it must start with '$')")
    context = text.startswith("$$")
    rest = text[2:] if context else text[1:]
    steps: list[Any] = []
    pos = 0
    while pos < len(rest):
        match = _STEP.match(rest, pos)
        if match is None:
            if rest[pos:] == ".*" or rest.startswith(".*", pos):
                steps.append(WILD)
                pos += 2
                continue
            raise PathSyntaxError(f"{text!r}: cannot read the path from {rest[pos:]!r}")
        name, single, double, index = match.groups()
        if name is not None:
            steps.append(name)
        elif single is not None or double is not None:
            steps.append((single if single is not None else double).replace("\\", ""))
        elif index is not None:
            steps.append(int(index))
        else:
            steps.append(WILD)
        pos = match.end()
    if reference and WILD in steps:
        raise PathSyntaxError(f"{text!r} is not a reference path (no wildcards allowed)")
    return context, steps


def compile_path(text: str, *, reference: bool = False) -> Getter:
    """A getter for `text`; `$` alone is the identity."""
    context, steps = parse(text, reference=reference)
    if not steps:
        return (lambda data, ctx: ctx) if context else (lambda data, ctx: data)
    if WILD not in steps and len(steps) <= 3 and all(isinstance(s, str) for s in steps):
        return _fast_getter(text, context, steps)

    def get(data: Any, ctx: Any) -> Any:
        return _walk(ctx if context else data, steps, text)

    return get


def _fast_getter(text: str, context: bool, steps: list[str]) -> Getter:
    """Dotted names only: a plain nested lookup (the common case in Choice rules)."""

    def get(data: Any, ctx: Any) -> Any:
        value = ctx if context else data
        try:
            for step in steps:
                value = value[step]
        except (KeyError, TypeError, IndexError):
            raise PathMissing(text) from None
        return value

    return get


def _walk(value: Any, steps: list[Any], text: str) -> Any:
    for i, step in enumerate(steps):
        if step is WILD:
            items = value.values() if isinstance(value, dict) else value
            if not isinstance(items, list) and not isinstance(value, dict):
                raise PathMissing(text)
            out = []
            for item in items:
                try:
                    found = _walk(item, steps[i + 1 :], text)
                except PathMissing:
                    continue
                if WILD in steps[i + 1 :] and isinstance(found, list):
                    out.extend(found)
                else:
                    out.append(found)
            return out
        if isinstance(step, int):
            if not isinstance(value, list) or not -len(value) <= step < len(value):
                raise PathMissing(text)
        elif not isinstance(value, dict) or step not in value:
            raise PathMissing(text)
        value = value[step]
    return value


def compile_result_path(text: str | None) -> Putter:
    """`ResultPath`: where a state's result goes in its input (`None`: discard the result)."""
    if text is None:
        return lambda data, result: data
    context, steps = parse(text, reference=True)
    if context:
        raise PathSyntaxError(f"{text!r}: a ResultPath cannot write the context object ($$)")
    if not steps:
        return lambda data, result: result

    def put(data: Any, result: Any) -> Any:
        return _put(data, steps, result, text)

    return put


def _put(data: Any, steps: list[Any], result: Any, text: str) -> Any:
    """A copy of `data` with `result` at `steps` (copies only the objects on the way)."""
    step = steps[0]
    if isinstance(step, int):
        if not isinstance(data, list) or not -len(data) <= step < len(data):
            raise PathMissing(text)
        out_list = list(data)
        out_list[step] = result if len(steps) == 1 else _put(data[step], steps[1:], result, text)
        return out_list
    if not isinstance(data, dict):
        raise PathMissing(text)
    out = dict(data)
    if len(steps) == 1:
        out[step] = result
    else:
        inner = data.get(step)
        out[step] = _put({} if inner is None else inner, steps[1:], result, text)
    return out
