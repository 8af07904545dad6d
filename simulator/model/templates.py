"""Event templates: the weighted mix of EventBridge-style envelopes a producer emits.

Inside `detail`, objects with a single `$`-key are generators: `$choice`, `$weighted`,
`$uniform`, `$randint` and `$seq`. `check_templates` validates a file value;
`EventFactory` compiles templates once and then builds events cheaply.
"""

from __future__ import annotations

import itertools
import json
import math
from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.model.limits import MAX_DEPTH, MAX_MAGNITUDE
from simulator.model.params import is_number, type_name

if TYPE_CHECKING:
    import numpy as np

ENVELOPE_KEYS = ("source", "detail-type", "detail", "account", "region", "resources")
TEMPLATE_KEYS = ("weight", "size_kb", *ENVELOPE_KEYS)
MAX_SIZE_KB = 1024  # SQS's largest message (1 MiB); EventBridge and SNS take up to 256 KB
GENERATORS = ("$choice", "$weighted", "$uniform", "$randint", "$seq")
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
ID_AND_TIME_BYTES = len(',"id":"00000000-0000-0000-0000-000000000000"') + len(
    ',"time":"2024-01-01T00:00:00Z"'
)


def check_templates(value: Any) -> list[str]:
    """Problems of a producer's `events` list."""
    if not isinstance(value, list) or not value:
        return ["must be a non-empty list of event templates"]
    problems: list[str] = []
    for i, template in enumerate(value):
        problems += [f"[{i}]{m}" for m in check_envelope(template, allow_weight=True)]
    return problems


def check_envelope(template: Any, *, allow_weight: bool = False) -> list[str]:
    """Problems of one template (or an `emits` override); messages start with `.key` or `:`."""
    if not isinstance(template, dict):
        return [f": must be an object, got {type_name(template)}"]
    allowed = TEMPLATE_KEYS if allow_weight else ENVELOPE_KEYS
    problems = [
        f": unknown key {k!r} (allowed: {', '.join(allowed)})" for k in template if k not in allowed
    ]
    weight = template.get("weight", 1)
    if allow_weight and (not is_number(weight) or weight <= 0):
        problems.append(f".weight: must be a number > 0, got {weight!r}")
    size = template.get("size_kb", 1)
    if allow_weight and (not is_number(size) or not 0 < size <= MAX_SIZE_KB):
        problems.append(f".size_kb: must be a number > 0 and <= {MAX_SIZE_KB}, got {size!r}")
    for key in ("source", "detail-type", "account", "region"):
        if key in template and not isinstance(template[key], str | dict):
            problems.append(f".{key}: must be a string, got {type_name(template[key])}")
    if "resources" in template and not isinstance(template["resources"], list):
        problems.append(f".resources: must be a list, got {type_name(template['resources'])}")
    if "detail" in template:
        if not isinstance(template["detail"], dict):
            problems.append(f".detail: must be an object, got {type_name(template['detail'])}")
        else:
            problems += [f".detail{m}" for m in check_value(template["detail"])]
    for key in ("source", "detail-type", "account", "region", "resources"):
        if isinstance(template.get(key), dict):
            problems += [f".{key}{m}" for m in check_value(template[key])]
    return problems


def check_value(value: Any, depth: int = 0) -> list[str]:
    """Problems of a literal-or-generator value, recursively (at most MAX_DEPTH deep)."""
    if isinstance(value, list | dict) and depth >= MAX_DEPTH:
        return [f": nested deeper than {MAX_DEPTH} levels"]
    if isinstance(value, list):
        return [
            m for i, v in enumerate(value) for m in (f"[{i}]{p}" for p in check_value(v, depth + 1))
        ]
    if not isinstance(value, dict):
        return []
    dollar = [k for k in value if isinstance(k, str) and k.startswith("$")]
    if not dollar:
        return [
            m for k, v in value.items() for m in (f".{k}{p}" for p in check_value(v, depth + 1))
        ]
    if len(value) != 1:
        return [f": a generator object must have exactly one key, got {', '.join(map(str, value))}"]
    name = dollar[0]
    if name not in GENERATORS:
        return [f": unknown generator {name!r} (known: {', '.join(GENERATORS)})"]
    return [f".{name}: {m}" for m in _check_generator(name, value[name])]


def _check_generator(name: str, arg: Any) -> list[str]:
    if name == "$choice":
        return [] if isinstance(arg, list) and arg else ["must be a non-empty list of values"]
    if name == "$weighted":
        if not isinstance(arg, dict) or not arg:
            return ["must be a non-empty object of value: weight"]
        bad = [k for k, w in arg.items() if not is_number(w) or w < 0]
        if bad:
            return [f"weights must be numbers >= 0 (see {bad[0]!r})"]
        return [] if sum(arg.values()) > 0 else ["at least one weight must be > 0"]
    if name in ("$uniform", "$randint"):
        if not (isinstance(arg, list) and len(arg) == 2 and all(is_number(x) for x in arg)):
            return ["must be a [low, high] pair of numbers"]
        if any(abs(x) > MAX_MAGNITUDE for x in arg):
            return [f"bounds must be between -{MAX_MAGNITUDE:g} and {MAX_MAGNITUDE:g}"]
        if name == "$randint" and not all(float(x).is_integer() for x in arg):
            return ["bounds must be integers"]
        return [] if arg[0] <= arg[1] else [f"low must be <= high, got {arg}"]
    ok: bool = arg is None or (
        is_number(arg) and abs(arg) <= MAX_MAGNITUDE and float(arg).is_integer()
    )
    first = f"an integer of size at most {MAX_MAGNITUDE:g}"
    return [] if ok else [f"must be the first number of the sequence ({first}) or null"]


Builder = Callable[[], Any]


def compile_value(value: Any, rng: np.random.Generator) -> Builder:
    """Compile a literal-or-generator value into a zero-argument builder."""
    if isinstance(value, list):
        parts = [compile_value(v, rng) for v in value]
        return lambda: [p() for p in parts]
    if not isinstance(value, dict):
        return lambda: value
    if len(value) == 1 and next(iter(value)) in GENERATORS:
        name, arg = next(iter(value.items()))
        return _compile_generator(name, arg, rng)
    return _compile_object(value, rng)


_SCALARS = (str, int, float, bool, type(None))


def _compile_object(value: dict[str, Any], rng: np.random.Generator) -> Builder:
    """An object's builder: a copy of its literal scalar fields (in key order, generated
    fields as placeholders) with only the generated and container fields built again, in
    key order (so the random draws keep their order)."""
    shape = {k: (v if isinstance(v, _SCALARS) else None) for k, v in value.items()}
    built = [(k, compile_value(v, rng)) for k, v in value.items() if not isinstance(v, _SCALARS)]
    if not built:
        return shape.copy
    if len(built) == len(shape):
        return lambda: {k: b() for k, b in built}

    def build() -> dict[str, Any]:
        out = shape.copy()
        for k, b in built:
            out[k] = b()
        return out

    return build


def _compile_generator(name: str, arg: Any, rng: np.random.Generator) -> Builder:
    if name == "$choice":
        options = list(arg)
        return lambda: options[int(rng.integers(len(options)))]
    if name == "$weighted":
        keys = list(arg)
        cumulative = _cumulative([float(w) for w in arg.values()])
        last = len(keys) - 1
        return lambda: keys[min(bisect_right(cumulative, rng.random()), last)]
    if name == "$uniform":
        low, high = float(arg[0]), float(arg[1])
        return lambda: round(float(rng.uniform(low, high)), 2)
    if name == "$randint":
        first, last_int = int(arg[0]), int(arg[1])  # not low/high: those are floats above
        return lambda: int(rng.integers(first, last_int + 1))
    counter = itertools.count(1 if arg is None else int(arg))
    return lambda: next(counter)


def _cumulative(weights: list[float]) -> list[float]:
    """Cumulative shares of `weights` (the last is 1) for picking by bisection."""
    total = sum(weights)
    return list(itertools.accumulate(w / total for w in weights))


class EventFactory:
    """Builds envelopes from a producer's weighted templates."""

    def __init__(
        self,
        templates: list[dict[str, Any]],
        default_source: str,
        rng: np.random.Generator,
        account: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
    ):
        self._rng = rng
        self._place = (account, region)  # the producer's: envelopes carry them by default
        self._cumulative = _cumulative([float(t.get("weight", 1)) for t in templates])
        self._builders = [self._compile(t, default_source) for t in templates]
        self._sizes: list[int | None] = [
            None if t.get("size_kb") is None else math.ceil(float(t["size_kb"]) * 1024)
            for t in templates
        ]

    def _compile(self, template: dict[str, Any], source: str) -> Builder:
        envelope = {
            "source": template.get("source", source),
            "detail-type": template.get("detail-type", "Event"),
            "account": template.get("account", self._place[0]),
            "region": template.get("region", self._place[1]),
            "resources": template.get("resources", []),
            "detail": template.get("detail", {}),
        }
        return compile_value(envelope, self._rng)

    def make(self) -> dict[str, Any]:
        """A new envelope (without `id` and `time`, which the engine assigns)."""
        if len(self._builders) == 1:
            return self._builders[0]()
        i = bisect_right(self._cumulative, self._rng.random())
        return self._builders[min(i, len(self._builders) - 1)]()

    def make_sized(self) -> tuple[dict[str, Any], int]:
        """A new envelope and its payload size in bytes: the template's `size_kb`, else the
        size of the template's compact JSON envelope, measured on its first event (plus
        the `id` and `time` the engine adds)."""
        i = 0
        if len(self._builders) > 1:
            i = min(bisect_right(self._cumulative, self._rng.random()), len(self._builders) - 1)
        envelope = self._builders[i]()
        size = self._sizes[i]
        if size is None:
            size = self._sizes[i] = envelope_size(envelope)
        return envelope, size


def envelope_size(envelope: dict[str, Any]) -> int:
    """Bytes of an envelope as compact JSON, with room for the `id` and `time` fields."""
    text = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False, default=str)
    return len(text.encode("utf-8")) + ID_AND_TIME_BYTES


__all__ = [
    "DEFAULT_ACCOUNT",
    "DEFAULT_REGION",
    "GENERATORS",
    "MAX_SIZE_KB",
    "TEMPLATE_KEYS",
    "EventFactory",
    "check_envelope",
    "check_templates",
    "compile_value",
    "envelope_size",
]
