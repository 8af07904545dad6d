"""The JSON Schema in assets/ matches the model and accepts the examples."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from simulator.files.schema import generate_schema, schema_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "assets" / "schema" / "topology.schema.json"


def test_schema_file_is_in_sync() -> None:
    """assets/schema/topology.schema.json is exactly what the model generates.

    Regenerate with: eventscape-sim schema -o assets/schema/topology.schema.json
    """
    assert SCHEMA_FILE.read_text() == schema_text()


@pytest.mark.parametrize(
    "path", sorted((ROOT / "assets" / "examples").glob("*.yaml")), ids=lambda p: p.stem
)
def test_examples_satisfy_the_schema(path: Path) -> None:
    """Editors validating against the schema accept every example."""
    jsonschema.validate(yaml.safe_load(path.read_text()), generate_schema())


def test_schema_rejects_an_unknown_node_key() -> None:
    """A typo in a node key is flagged by the schema, as it is by the reader."""
    doc = {
        "format": "eventscape/topology",
        "version": 1,
        "nodes": [{"id": "q", "kind": "queue", "visibilty_timeout": 3}],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json.loads(schema_text()))
