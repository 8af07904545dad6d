"""The consumer's `measured_at_mb` and `cpu_share`: ranges, the schema and the check."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from simulator.checks import check
from simulator.files import loads
from simulator.files.schema import generate_schema
from simulator.problems import TopologyError

HEAD = "format: eventscape/topology\nversion: 1\n"


def _design(keys: str) -> str:
    return (
        HEAD + "nodes:\n  - {id: p, kind: producer}\n"
        f"  - {{id: fn, kind: consumer, {keys}}}\n"
        "edges:\n  - {from: p, to: fn}\n"
    )


def _warnings(keys: str) -> list[str]:
    return [str(p) for p in check(loads(_design(keys))) if p.severity == "warning"]


@pytest.mark.parametrize(
    ("keys", "where"),
    [
        ("measured_at_mb: 64", "measured_at_mb"),
        ("measured_at_mb: 20000", "measured_at_mb"),
        ("measured_at_mb: 512.5", "measured_at_mb"),
        ("cpu_share: 1.5, measured_at_mb: 512", "cpu_share"),
        ("cpu_share: -0.1, measured_at_mb: 512", "cpu_share"),
    ],
)
def test_out_of_range_values_are_errors_naming_node_and_key(keys: str, where: str) -> None:
    """A memory size outside 128-10,240 MB (or not whole) or a share outside 0-1 is refused,
    the error naming the node and the key."""
    with pytest.raises(TopologyError) as caught:
        loads(_design(keys))
    assert any("fn" in str(p) and where in str(p) for p in caught.value.problems)


def test_cpu_share_without_measured_at_mb_is_a_warning_naming_the_node() -> None:
    """cpu_share alone scales nothing: the check warns at the node (the run is still valid)."""
    found = _warnings("cpu_share: 0.7")
    assert [w for w in found if "cpu_share" in w] == [
        "node fn: cpu_share has no effect without measured_at_mb (the memory size "
        "service_time was measured at): memory_mb does not change this function's service time"
    ]
    assert not [w for w in _warnings("cpu_share: 0.7, measured_at_mb: 512") if "cpu_share" in w]


def test_the_schema_describes_both_keys() -> None:
    """The generated JSON Schema takes both keys in range and refuses them out of it."""
    schema = generate_schema()
    good = yaml.safe_load(_design("measured_at_mb: 512, cpu_share: 0.8, memory_mb: 2048"))
    jsonschema.validate(good, schema)
    bad = yaml.safe_load(_design("measured_at_mb: 64"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
