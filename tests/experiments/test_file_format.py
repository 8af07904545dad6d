"""`experiments:` in a design file: read, written back, checked, in the JSON Schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from simulator.files import dumps, loads
from simulator.files.schema import generate_schema
from simulator.model import TopologyError

DESIGN = """\
format: eventscape/topology
version: 1
name: saved
nodes:
  - {id: p, kind: producer, load: {profile: poisson, rate: 2}}
  - {id: c, kind: consumer, concurrency: 3}
edges:
  - {from: p, to: c}
"""
SAVED = [
    {"kind": "sweep", "set": {"c.concurrency": "1,2,4"}, "replications": 3},
    {
        "kind": "sweep",
        "set": {"c.concurrency": [1, 2]},
        "target_ci": 0.05,
        "metric": "latency.p99",
        "max_replications": 20,
    },
    {"kind": "goal", "vary": "c.concurrency=1:16", "until": "latency.p99<=2", "name": "size"},
]


def test_saved_experiments_survive_a_round_trip() -> None:
    """Read from YAML, written as JSON and YAML, read again: the same entries."""
    text = DESIGN + "experiments:\n" + "".join(f"  - {json.dumps(e)}\n" for e in SAVED)
    topology = loads(text)
    assert topology.experiments == SAVED
    for fmt in ("json", "yaml"):
        assert loads(dumps(topology, fmt), fmt).experiments == SAVED


def test_a_design_without_experiments_writes_none() -> None:
    """The key is optional and not written when empty (files stay as they were)."""
    assert "experiments" not in dumps(loads(DESIGN), "yaml")


@pytest.mark.parametrize(
    ("entry", "where"),
    [
        ({"kind": "race"}, "experiments[0].kind"),
        ({"kind": "sweep", "set": {}}, "experiments[0].set"),
        ({"kind": "goal", "vary": "c.concurrency", "until": "x<=1"}, "experiments[0].vary"),
        ({"kind": "goal", "vary": "c.concurrency=1:4", "until": "x<1"}, "experiments[0].until"),
        ({"kind": "sweep", "set": {"a.b": "1"}, "replications": 0}, "experiments[0].replications"),
        ({"kind": "sweep", "set": {"a.b": "1"}, "colour": 1}, "experiments[0].colour"),
        ({"kind": "sweep", "set": {"a.b": "1"}, "target_ci": 2}, "experiments[0].target_ci"),
        (
            {"kind": "sweep", "set": {"a.b": "1"}, "max_replications": 1},
            "experiments[0].max_replications",
        ),
        (
            {"kind": "goal", "vary": "c.concurrency=1:4", "until": "x<=1", "target_ci": 0.1},
            "experiments[0].target_ci",
        ),
    ],
)
def test_bad_entries_are_refused_where_they_are(entry: dict, where: str) -> None:
    """A malformed entry is a file error located at the entry's key."""
    text = DESIGN + "experiments:\n  - " + json.dumps(entry) + "\n"
    with pytest.raises(TopologyError) as caught:
        loads(text)
    assert [p.path for p in caught.value.problems] == [where]


def test_the_schema_accepts_saved_experiments_and_refuses_others() -> None:
    """Editors that use the JSON Schema agree with the reader."""
    document = {**json.loads(dumps(loads(DESIGN), "json")), "experiments": SAVED}
    validator = jsonschema.Draft202012Validator(generate_schema())
    assert not list(validator.iter_errors(document))
    document["experiments"] = [{"kind": "race"}]
    assert list(validator.iter_errors(document))
