"""The compiled engine (mypyc, simulator/compiled.py) and the interpreted one agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import compiled

ROOT = Path(__file__).resolve().parents[2]
DESIGNS = [
    *sorted(ROOT.glob("assets/examples/*.yaml")),
    ROOT / "benchmarks" / "bench_engine_tandem.yaml",
    ROOT / "benchmarks" / "bench_engine_mm10.yaml",
]
FIGURES = """
import json, sys
from simulator import compiled
from simulator.engine import run
from simulator.files import load
out = {"state": compiled.state}
for path in sys.argv[1:]:
    topology = load(path)
    duration = min(topology.scenario.duration, 3000)
    out[path] = run(topology, duration=duration, seed=7).to_json_dict()
print(json.dumps(out, sort_keys=True))
"""


def _figures(pure: bool) -> dict[str, object]:
    env = {key: value for key, value in os.environ.items() if key != "EVENTSCAPE_PURE"}
    if pure:
        env["EVENTSCAPE_PURE"] = "1"
    child = subprocess.run(
        [sys.executable, "-c", FIGURES, *map(str, DESIGNS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, object] = json.loads(child.stdout)
    return figures


@pytest.mark.skipif(compiled.state != "compiled", reason="the engine is not compiled here")
def test_compiled_and_interpreted_runs_are_equal_to_the_bit() -> None:
    """Every example and both benchmark networks give the same figures either way."""
    native, pure = _figures(pure=False), _figures(pure=True)
    assert (native.pop("state"), pure.pop("state")) == ("compiled", "pure")
    assert native == pure


@pytest.mark.skipif(
    not os.environ.get("EVENTSCAPE_REQUIRE_COMPILED"), reason="a build without a compiler"
)
def test_the_build_compiled_the_engine() -> None:
    """Where the build must compile (CI sets EVENTSCAPE_REQUIRE_COMPILED), it did."""
    assert compiled.state == "compiled"
    from simulator.engine.nodes import queue

    assert not queue.__file__.endswith(".py")


def test_an_edited_source_is_not_hidden_by_an_older_build() -> None:
    """A source whose digest differs from the build's, or that was never compiled,
    counts as changed; the sources as they are count as unchanged."""
    built = compiled.manifest()
    assert compiled._changed(built) == []
    edited = {**built, "simulator.engine.core": "0" * 64}
    assert compiled._changed(edited) == ["simulator.engine.core"]
    del built["simulator.engine.ledger"]
    assert compiled._changed(built) == ["simulator.engine.ledger"]


def test_pure_runs_every_engine_module_from_its_source() -> None:
    """With EVENTSCAPE_PURE=1 all compiled modules load from their .py files."""
    code = (
        "import importlib, simulator.compiled as c;"
        "print(c.state, all(importlib.import_module(m).__file__.endswith('.py')"
        " for m in c.MODULES))"
    )
    env = {**os.environ, "EVENTSCAPE_PURE": "1"}
    child = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert child.stdout.split() == ["pure", "True"], child.stderr


def test_version_says_which_engine_runs() -> None:
    """`eventscape-sim --version` names the engine: interpreted when EVENTSCAPE_PURE=1."""
    env = {**os.environ, "EVENTSCAPE_PURE": "1"}
    child = subprocess.run(
        [sys.executable, "-m", "simulator", "--version"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert child.stdout.strip().endswith("(engine pure)"), child.stdout + child.stderr
