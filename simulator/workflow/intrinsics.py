"""Intrinsic functions in payload templates (`"key.$": "States.Format('{}', $.name)"`).

Supported: States.Format, States.StringToJson, States.JsonToString, States.Array,
States.ArrayLength, States.ArrayContains, States.ArrayGetItem, States.ArrayRange,
States.ArrayUnique, States.MathAdd, States.StringSplit. Others are refused when the
definition is compiled, so a workflow never fails at run time for want of one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from simulator.workflow.errors import INTRINSIC, StatesError
from simulator.workflow.paths import Getter, PathSyntaxError, compile_path

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*')|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
    r"|(?P<path>\$\$?[^,()\s]*)|(?P<name>States\.[A-Za-z]+)|(?P<lit>true|false|null)"
    r"|(?P<punct>[(),]))"
)


def _format(template: str, *args: Any) -> str:
    parts = re.split(r"(?<!\\)\{\}", template)
    if len(parts) - 1 != len(args):
        raise StatesError(INTRINSIC, "States.Format: placeholders and arguments differ")
    text = parts[0]
    for arg, part in zip(args, parts[1:], strict=True):
        text += (arg if isinstance(arg, str) else json.dumps(arg)) + part
    return text.replace("\\{", "{").replace("\\}", "}")


def _range(start: int, end: int, step: int) -> list[int]:
    if step == 0:
        raise StatesError(INTRINSIC, "States.ArrayRange: step must not be 0")
    return list(range(int(start), int(end) + (1 if step > 0 else -1), int(step)))


def _unique(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "States.Format": _format,
    "States.StringToJson": lambda text: json.loads(text),
    "States.JsonToString": lambda value: json.dumps(value, separators=(",", ":")),
    "States.Array": lambda *items: list(items),
    "States.ArrayLength": lambda items: len(items),
    "States.ArrayContains": lambda items, value: value in items,
    "States.ArrayGetItem": lambda items, index: items[int(index)],
    "States.ArrayRange": _range,
    "States.ArrayUnique": _unique,
    "States.MathAdd": lambda a, b: a + b,
    "States.StringSplit": lambda text, sep: [p for p in re.split(f"[{re.escape(sep)}]", text) if p],
}


def is_intrinsic(text: str) -> bool:
    """True when a template value is an intrinsic function call."""
    return text.startswith("States.")


def compile_intrinsic(text: str) -> Getter:
    """Compile one intrinsic call into a getter `(data, context) -> value`."""
    tokens = _tokenize(text)
    getter, rest = _call(tokens, text)
    if rest:
        raise PathSyntaxError(f"{text!r}: unexpected text after the function call")
    return getter


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise PathSyntaxError(f"{text!r}: cannot read the function call at {text[pos:]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


def _call(tokens: list[tuple[str, str]], text: str) -> tuple[Getter, list[tuple[str, str]]]:
    if len(tokens) < 3 or tokens[0][0] != "name" or tokens[1] != ("punct", "("):
        raise PathSyntaxError(f"{text!r} is not an intrinsic function call")
    name = tokens[0][1]
    if name not in FUNCTIONS:
        raise PathSyntaxError(f"{text!r}: intrinsic function {name} is not supported")
    args: list[Getter] = []
    rest = tokens[2:]
    while rest and rest[0] != ("punct", ")"):
        arg, rest = _argument(rest, text)
        args.append(arg)
        if rest and rest[0] == ("punct", ","):
            rest = rest[1:]
    if not rest:
        raise PathSyntaxError(f"{text!r}: missing ')'")
    function = FUNCTIONS[name]

    def call(data: Any, ctx: Any) -> Any:
        values = [arg(data, ctx) for arg in args]
        try:
            return function(*values)
        except StatesError:
            raise
        except Exception as exc:  # a wrong argument type, a bad JSON string, ...
            raise StatesError(INTRINSIC, f"{name}: {exc}") from None

    return call, rest[1:]


def _argument(tokens: list[tuple[str, str]], text: str) -> tuple[Getter, list[tuple[str, str]]]:
    kind, value = tokens[0]
    if kind == "name":
        return _call(tokens, text)
    if kind == "path":
        return compile_path(value), tokens[1:]
    if kind == "str":
        literal = re.sub(
            r"\\(.)", lambda m: m.group(1) if m.group(1) == "'" else m.group(0), value[1:-1]
        )
        return (lambda data, ctx: literal), tokens[1:]
    if kind == "num":
        number = float(value) if any(c in value for c in ".eE") else int(value)
        return (lambda data, ctx: number), tokens[1:]
    if kind == "lit":
        constant = {"true": True, "false": False, "null": None}[value]
        return (lambda data, ctx: constant), tokens[1:]
    raise PathSyntaxError(f"{text!r}: unexpected {value!r}")
