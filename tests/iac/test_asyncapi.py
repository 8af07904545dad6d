"""AsyncAPI export: documents valid against the official 3.0.0 schema, with real payloads."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from simulator.files import load
from simulator.iac.asyncapi import SCHEMA_PATH, asyncapi_document, validate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from topology_strategies import topologies

EXAMPLES = sorted(Path(__file__).resolve().parents[2].glob("assets/examples/*.yaml"))
BANK = next(p for p in EXAMPLES if p.stem == "bank-account-opening")
ECOMMERCE = next(p for p in EXAMPLES if p.stem == "ecommerce")


def test_schema_is_shipped_with_its_licence() -> None:
    """The official 3.0.0 schema is in assets/asyncapi with the Apache licence beside it."""
    assert SCHEMA_PATH.is_file()
    assert "Apache License" in (SCHEMA_PATH.parent / "LICENSE").read_text()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_validate(path: Path) -> None:
    """Every example's document validates against the AsyncAPI 3.0.0 JSON Schema."""
    assert validate(asyncapi_document(load(path))) == []


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(topologies())
def test_random_topologies_validate(topology: Any) -> None:
    """Documents of random valid topologies validate against the 3.0.0 schema."""
    assert validate(asyncapi_document(topology)) == []


def test_validator_rejects_a_broken_document() -> None:
    """An operation with an action AsyncAPI 3 does not know is reported."""
    document = asyncapi_document(load(ECOMMERCE))
    document["operations"]["web.send.bus"]["action"] = "publish"
    assert validate(document) != []


def test_channels_operations_and_payloads() -> None:
    """Rules are channels; senders list only what they send; payloads follow the templates."""
    document = asyncapi_document(load(ECOMMERCE))
    assert {"bus", "orders", "bus.rule.orders"} <= set(document["channels"])
    rule = document["channels"]["bus.rule.orders"]["messages"]
    assert set(rule) == {"ShopWebOrderPlaced", "ShopMobileOrderPlaced"}
    send = document["operations"]["mobile.send.bus"]
    assert send["action"] == "send"
    assert send["messages"] == [{"$ref": "#/channels/bus/messages/ShopMobileOrderPlaced"}]
    assert document["operations"]["payments.receive.orders"]["action"] == "receive"
    payload = document["components"]["messages"]["ShopWebOrderPlaced"]["payload"]
    amount = payload["properties"]["detail"]["properties"]["amount"]
    assert amount == {"type": "number", "minimum": 5, "maximum": 500}
    assert payload["properties"]["detail-type"]["const"] == "OrderPlaced"
