"""Start-up of `eventscape-sim run` (issue 17): it imports only what a run needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.budget import has_cycle

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("networkx", "jsonschema", "cfnlint", "dask", "rich", "designer", "PySide6")

PROBE = """
import io, json, sys, contextlib
from simulator.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    status = main(["run", sys.argv[1], "--json", "--duration", "300"])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps({"status": status, "heavy": heavy}))
"""


def test_run_imports_no_heavy_packages() -> None:
    """`run` on a design without loops (the benchmark tandem) loads none of networkx,
    jsonschema, cfn-lint, dask, rich or the designer (start-up `run` does not need)."""
    example = ROOT / "benchmarks" / "bench_engine_tandem.yaml"
    command = [sys.executable, "-c", PROBE, str(example), json.dumps(HEAVY)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures == {"status": 0, "heavy": []}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=14))
def test_has_cycle_agrees_with_networkx(pairs: list[tuple[int, int]]) -> None:
    """The plain depth-first cycle check says what networkx says, self-loops included."""
    edges = [(f"n{a}", f"n{b}") for a, b in pairs]
    graph = nx.DiGraph(edges)
    assert has_cycle(edges) == (not nx.is_directed_acyclic_graph(graph))
