"""Hypothesis over structured hostile documents: every one reads, checks, exports and runs
to a clear error or a correct result.

A document starts as a random valid topology (tests/topology_strategies.py) in file form;
hypothesis then plants hostile values at random places (huge, tiny and non-finite
numbers, deep nesting, long or control-character strings, generator and `$or` keys,
wrong types), or damages the text (alias bombs, truncation, stray bytes). Each document
is parsed as YAML or JSON; if the reader accepts it, the graph checks must not crash and
it must export to every format (JSON and YAML round-trip exactly, Mermaid ids stay
distinct); if it also passes the graph checks (it validates) and is small enough to
finish in a second, it must run, with a balanced ledger. `run_fuzz` is called in
the memory-capped worker (tests/hostile/worker.py) with a time limit per example.
"""

from __future__ import annotations

import json
import math
import signal
import traceback
from collections import Counter
from typing import Any

import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from simulator.checks import check
from simulator.export import EXPORT_FORMATS, export_text
from simulator.files import loads
from simulator.files.write import to_dict
from simulator.problems import TopologyError
from tests.topology_strategies import topologies

EXAMPLE_SECONDS = 10.0
RUN_EVENTS = 5_000  # run a valid document only if it produces at most this many events

HUGE_INTS = st.integers(15, 3000).map(lambda k: 10**k) | st.integers(-(10**20), 10**20)
NUMBERS = st.one_of(
    HUGE_INTS,
    st.sampled_from([1e308, -1e308, 5e-324, 1e-12, 1e15, 1e15 + 2, 1e-13, -0.0, 0.0, 3e11]),
    st.floats(allow_nan=True, allow_infinity=True),
)
CONTROL = st.text(st.characters(max_codepoint=0x9F, exclude_categories=("Cs",)), max_size=12)
STRINGS = st.one_of(
    CONTROL,
    st.sampled_from(["a.b", "a-b", "a_b", "x: y\n---\ntitle: z", "$or", "$seq", "../../x"]),
    st.integers(1000, 12_000).map(lambda n: "x" * n),
)
LEAVES = st.one_of(NUMBERS, STRINGS, st.none(), st.booleans())


def _nest(depth: int, leaf: Any, key: str) -> Any:
    value = leaf
    for i in range(depth):
        value = {key: value} if i % 2 else [value]
    return value


VALUES = st.one_of(
    LEAVES,
    st.builds(_nest, st.integers(1, 200), LEAVES, st.sampled_from(["a", "$or", "detail"])),
    st.builds(lambda k, v: {k: v}, st.sampled_from(["$randint", "$uniform", "$seq"]), LEAVES),
    st.builds(lambda a, b: {"$randint": [a, b]}, NUMBERS, NUMBERS),
    st.lists(LEAVES, max_size=4),
)


def _containers(doc: Any) -> list[Any]:
    """Every dict and list of `doc` (iteratively)."""
    found, stack = [], [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, dict | list):
            found.append(value)
            stack.extend(value.values() if isinstance(value, dict) else value)
    return found


@st.composite
def hostile_documents(draw: st.DrawFn) -> tuple[str, str]:
    """(text, fmt) of a topology with hostile values planted or its text damaged."""
    doc = json.loads(json.dumps(to_dict(draw(topologies(max_nodes=5)))))
    if draw(st.booleans()):  # names and labels may hold anything: they stay valid
        doc["name"] = draw(STRINGS)
        doc["description"] = draw(STRINGS)
        for node in doc["nodes"][:2]:
            node["label"] = draw(STRINGS)
    for _ in range(draw(st.integers(0, 3))):
        containers = _containers(doc)
        target = containers[draw(st.integers(0, len(containers) - 1))]
        value = draw(VALUES)
        if isinstance(target, dict):
            keys = [*target, "extra"]
            target[keys[draw(st.integers(0, len(keys) - 1))]] = value
        elif target:
            target[draw(st.integers(0, len(target) - 1))] = value
    fmt = draw(st.sampled_from(["yaml", "json"]))
    try:
        text = json.dumps(doc) if fmt == "json" else yaml.safe_dump(doc, width=100)
    except (ValueError, RecursionError, yaml.YAMLError):  # the generator's own limits
        text, fmt = "format: eventscape/topology\nversion: 1\nnodes: []\n", "yaml"
    damage = draw(st.sampled_from(["none", "none", "truncate", "bomb", "byte"]))
    if damage == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "bomb" and fmt == "yaml":
        levels = ["&b0 [x, x, x, x, x, x, x, x, x]"]
        levels += [f"&b{i} [" + ", ".join([f"*b{i - 1}"] * 9) + "]" for i in range(1, 9)]
        text = text.replace("name:", "description: [" + ", ".join(levels) + "]\nname:", 1)
    elif damage == "byte":
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.sampled_from(["\x00", "\ufeff", "\x1b[2J", "&", "*", "{"]))
            + text[at:]
        )
    return text, fmt


class Tally:
    """Counts of how the fuzzed documents ended."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.slowest = 0.0


def exercise(text: str, fmt: str, tally: Tally) -> None:
    """Read, check, export and (when small) run one document; raise on any wrong outcome."""
    try:
        topology = loads(text, fmt)
    except TopologyError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        assert len(exc.report()) < 60_000, "a message must not quote a huge value"
        tally.counts["clean error"] += 1
        return
    errors = [p for p in check(topology) if p.severity == "error"]  # validate's graph checks
    for target in EXPORT_FORMATS:
        out = export_text(topology, target)
        if target in ("json", "yaml"):  # positions are rounded to 0.1 once, then stable
            again = export_text(loads(out, target), target)
            assert again == out, f"{target} export does not round-trip"
        if target == "mermaid":
            lines = out.splitlines()
            assert lines[:4:3] == ["---", "flowchart LR"], "front matter is one title line"
            defined = [line.split("[")[0].split("(")[0].split("{")[0] for line in lines[4:]]
            ids = {d.strip() for d in defined[: len(topology.nodes)]}
            assert len(ids) == len(topology.nodes), "every node has its own Mermaid id"
    if errors:
        assert all(str(p) for p in errors)
        tally.counts["clean error (graph check)"] += 1
        return
    events = _events(topology)
    if events <= RUN_EVENTS:
        from simulator.engine import run

        result = run(topology, duration=min(topology.scenario.duration, 600))  # validates: runs
        assert result.to_json_dict()["ledger"]["balanced"]
        tally.counts["valid, ran"] += 1
    else:
        tally.counts["valid, too large to run here"] += 1


def _events(topology: Any) -> float:
    """Events the producers emit over a run (at their peak rate), +inf when unknown."""
    from simulator.model.loads import LoadProfile

    duration = min(topology.scenario.duration, 600)
    total = 0.0
    for node in topology.nodes:
        if node.kind == "producer":
            load = node.get("load")
            if load.get("profile") == "trace":
                return math.inf
            total += LoadProfile.parse(load).peak * duration
    return total * max(1, len(topology.edges))


def _alarm(signum: int, frame: Any) -> None:
    raise TimeoutError(f"example still running after {EXAMPLE_SECONDS:g} s")


def _explain(exc: BaseException) -> str:
    """Each failure: its exception, the project frames it passed and the falsifying example."""
    if isinstance(exc, BaseExceptionGroup):
        return "\n\n".join(_explain(sub) for sub in exc.exceptions)
    frames = [
        f"  {f.filename.split('/work/main/')[-1]}:{f.lineno} {f.name}: {f.line}"
        for f in traceback.extract_tb(exc.__traceback__)
        if "/site-packages/" not in f.filename
    ][-6:]
    notes = "\n".join(getattr(exc, "__notes__", []))[:3000]
    return f"{type(exc).__name__}: {str(exc)[:500]}\n" + "\n".join(frames) + f"\n{notes}"


def run_fuzz(examples: int, fuzz_seed: int = 0) -> dict[str, Any]:
    """Run `examples` hostile documents; the worker's outcome dict (crash on any failure)."""
    tally = Tally()
    failure: list[str] = []

    @seed(fuzz_seed)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), print_blob=False)  # fmt: skip
    @given(hostile_documents())
    def one(document: tuple[str, str]) -> None:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, EXAMPLE_SECONDS)
        try:
            exercise(*document, tally)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)

    try:
        one()
    except BaseException as exc:  # reported as the outcome
        failure.append(_explain(exc))
    return {"code": 0 if not failure else 1, "crash": failure[0] if failure else None,
            "stdout": json.dumps(dict(tally.counts)), "stderr": ""}  # fmt: skip
