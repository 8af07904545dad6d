"""Saving and loading: round trips, atomic writes, stable order and fuzzed input."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from topology_strategies import topologies

from simulator.files import dumps, load, loads, save
from simulator.problems import TopologyError

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topologies(), st.sampled_from(["json", "yaml"]))
def test_random_topologies_survive_save_and_load(topology, fmt) -> None:
    """Load(save(model)) equals the model for random valid topologies, in JSON and YAML."""
    assert loads(dumps(topology, fmt), fmt) == topology


def test_number_like_strings_stay_strings() -> None:
    """A label such as "1e100" (a YAML 1.2 float when plain) is written quoted and read back
    as the same string."""
    node = '  - {id: a, kind: queue, label: "1e100"}\n'
    topology = loads("format: eventscape/topology\nversion: 1\nnodes:\n" + node)
    assert loads(dumps(topology)).nodes[0].label == "1e100"


def test_save_is_stable(tmp_path: Path) -> None:
    """Saving a loaded file twice produces identical bytes (clean diffs in git)."""
    topology = load(EXAMPLES / "ecommerce.yaml")
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    save(topology, first)
    save(load(first), second)
    assert first.read_bytes() == second.read_bytes()


def test_key_order_is_fixed(tmp_path: Path) -> None:
    """Top-level and node keys are written in the documented order."""
    data = json.loads(dumps(load(EXAMPLES / "ecommerce.yaml"), "json"))
    assert list(data)[:3] == ["format", "version", "name"]
    assert list(data["nodes"][0])[:4] == ["id", "kind", "label", "position"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    """A write that fails half-way leaves the previous file intact and no temp file behind."""
    target = tmp_path / "shop.yaml"
    target.write_text("old contents")
    topology = load(EXAMPLES / "ecommerce.yaml")

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", explode)
    with contextlib.suppress(OSError):
        save(topology, target)
    assert target.read_text() == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["shop.yaml"]


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    """A missing file is a TopologyError naming the path, not a traceback."""
    missing = tmp_path / "nope.yaml"
    try:
        load(missing)
    except TopologyError as exc:
        assert str(missing) in exc.report()
        assert "cannot read file" in exc.report()
    else:
        raise AssertionError("loading a missing file succeeded")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
NEAR_TOPOLOGY = st.fixed_dictionaries(
    {"format": st.just("eventscape/topology"), "version": st.sampled_from([1, 2, "1", 0])},
    optional={
        "nodes": JSON_VALUES,
        "edges": JSON_VALUES,
        "scenario": JSON_VALUES,
        "x": JSON_VALUES,
    },
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(JSON_VALUES, NEAR_TOPOLOGY), st.sampled_from(["json", "yaml"]))
def test_fuzzed_documents_raise_only_topology_errors(document, fmt) -> None:
    """Random (near-)topology documents either load or raise TopologyError, nothing else."""
    text = json.dumps(document) if fmt == "json" else yaml.safe_dump(document)
    with contextlib.suppress(TopologyError):
        loads(text, fmt)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["json", "yaml"]))
def test_fuzzed_text_raises_only_topology_errors(text, fmt) -> None:
    """Arbitrary text never raises anything but TopologyError."""
    with contextlib.suppress(TopologyError):
        loads(text, fmt)
