"""Generates the straight-line function that checks the fields of one pattern object.

A pattern object with n fields becomes one Python function with n unrolled checks (no loop,
no per-field dispatch), built once at compile time with `exec`, like `dataclasses` does.
Only generated identifiers appear in the source; every pattern value (field names, sets,
closures) is passed in through the function's globals, so no pattern text is ever executed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType
from typing import Any

from simulator.patterns.leaf import ABSENT, FAIL, MISSING, POS

NodeFn = Callable[[Any], int]


@dataclass(frozen=True)
class ChildCheck:
    """How to check one field of an object; `node` alone is always correct, the rest faster."""

    segment: str
    node: NodeFn  # the field's full closure (any value, arrays, missing)
    exact: frozenset[str] | None = None  # a plain exact-string field: its allowed strings
    str_test: Callable[[str], bool] | None = None  # a field's test for a plain string value
    num_test: Callable[[Any], bool] | None = None  # ... and for a plain int/float value
    fields: NodeFn | None = None  # a nested object: its object-only closure


def dotted(obj: Mapping[str, Any], segment: str) -> Any:
    """Event keys containing dots stand for nesting: {"a.b": 1} reads like {"a": {"b": 1}}."""
    try:
        if "." not in "".join(obj):
            return MISSING
    except TypeError:  # non-string keys; only string keys can hold dots
        pass
    prefix = segment + "."
    cut = len(prefix)
    nested = {
        key[cut:]: value
        for key, value in obj.items()
        if isinstance(key, str) and key.startswith(prefix)
    }
    return nested if nested else MISSING


def generate_fields(
    children: Sequence[ChildCheck],
    groups: Sequence[Sequence[NodeFn]],
    *,
    predicate_for: NodeFn | None = None,
) -> Callable[[Any], Any]:
    """Build `fields(obj) -> FAIL | ABSENT | POS` for an object with these checks.

    Every child must hold; each `$or` group needs one alternative (an object-only closure
    evaluated on the same object) that holds. POS if any value matched, else ABSENT.
    With `predicate_for` (the node closure of the same object) the result is instead a
    `matches(event) -> bool` that accepts any event and returns True unless FAIL.
    """
    namespace: dict[str, Any] = {"MISSING": MISSING, "dotted": dotted, "NODE": predicate_for}
    if predicate_for is None:
        lines = ["def fields(obj):", "    p = False"]
    else:
        lines = ["def matches(obj):", '    """True if the event matches the pattern."""']
        lines += ["    if obj.__class__ is not dict:", "        return NODE(obj) != 0"]
        lines += ["    p = False"]
    for i, child in enumerate(children):
        namespace[f"K{i}"] = child.segment
        namespace[f"F{i}"] = child.node
        lines += [f"    v = obj.get(K{i}, MISSING)", "    c = v.__class__"]
        generic = _generic(i, 8)
        if child.exact is not None:
            namespace[f"S{i}"] = child.exact
            lines += ["    if c is str:", f"        if v not in S{i}:", "            return 0"]
            lines += ["        p = True", "    else:", *generic]
        elif child.str_test is not None and child.num_test is not None:
            namespace[f"T{i}"], namespace[f"N{i}"] = child.str_test, child.num_test
            lines += ["    if c is str:", f"        if not T{i}(v):", "            return 0"]
            lines += ["        p = True", "    elif c is int or c is float:"]
            lines += [f"        if not N{i}(v):", "            return 0", "        p = True"]
            lines += ["    else:", *generic]
        elif child.fields is not None:
            namespace[f"U{i}"] = child.fields
            namespace[f"A{i}"] = child.node(MISSING) == ABSENT
            lines += ["    if c is dict:", f"        r = U{i}(v)", *_verdict(8)]
            lines += ["    elif c is list and v:", *_array(i), *_verdict(8), "    else:", *generic]
        else:
            lines += _generic(i, 4)
    for j, group in enumerate(groups):
        namespace[f"G{j}"] = tuple(group)
        lines += ["    b = 0", f"    for alternative in G{j}:", "        r = alternative(obj)"]
        lines += ["        if r == 2:", "            b = 2", "            break"]
        lines += ["        if r == 1:", "            b = 1", "    r = b", *_verdict(4)]
    lines.append("    return 2 if p else 1")
    if predicate_for is not None:  # a match is anything but FAIL
        lines = [line.replace("return 0", "return False") for line in lines[:-1]]
        lines.append("    return True")
    exec(_compiled("\n".join(lines)), namespace)
    return namespace["fields" if predicate_for is None else "matches"]


@lru_cache(maxsize=1024)
def _compiled(source: str) -> CodeType:
    """Compile generated source once per shape (the source holds no pattern values)."""
    return compile(source, "<event-pattern>", "exec")


def _generic(i: int, indent: int) -> list[str]:
    """Lines for any value: dotted-key fallback when missing, then the child's closure."""
    pad = " " * indent
    return [
        f"{pad}if v is MISSING:",
        f"{pad}    v = dotted(obj, K{i})",
        f"{pad}r = F{i}(v)",
        *_verdict(indent),
    ]


def _array(i: int) -> list[str]:
    """Lines for an array of objects, inlined from the nested object's node closure."""
    return [
        "        r = 0",
        "        a = True",
        "        for e in v:",
        f"            x = U{i}(e) if e.__class__ is dict else F{i}(e)",
        "            if x == 2:",
        "                r = 2",
        "                break",
        "            if not x:",
        "                a = False",
        "        else:",
        f"            if a and A{i}:",
        "                r = 1",
    ]


def _verdict(indent: int) -> list[str]:
    """Lines that stop on FAIL (0) and remember a POS (2) result held in `r`."""
    pad = " " * indent
    return [f"{pad}if not r:", f"{pad}    return 0", f"{pad}if r == 2:", f"{pad}    p = True"]


assert (FAIL, ABSENT, POS) == (0, 1, 2)  # the generated code uses the literal values
