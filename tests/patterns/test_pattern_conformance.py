"""EventBridge conformance: every case recorded against the real service must agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simulator.patterns import PatternError, compile_pattern

DATA = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "eventbridge-patterns.jsonl"
EXPECTED_CASES = 155
PREFIX = "Event pattern is not valid. Reason: "
# Cases whose reason we word differently on purpose: AWS says "prefix match pattern must be
# a string" for a non-string `cidr` operand; we name the operator actually involved.
REWORDED = {"content_ip_address_type_EXC"}


def _load() -> list[dict[str, Any]]:
    """The recorded cases, or an empty list when the shared data file is not present."""
    if not DATA.is_file():
        return []
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


CASES = _load()
MISSING_REASON = (
    f"conformance data {DATA} not found: it lives in the shared workspace next to this "
    "repository, outside this repository's CI"
)


def _params() -> list[Any]:
    """One pytest parameter per case (a single skipped one when the data is absent)."""
    if not CASES:
        return [pytest.param(None, id="conformance-data-missing")]
    return [pytest.param(case, id=case["name"]) for case in CASES]


@pytest.mark.parametrize("case", _params())
def test_conformance_case(case: dict[str, Any] | None) -> None:
    """Our verdict (match / no_match / error) equals the one recorded against AWS."""
    if case is None:
        pytest.skip(MISSING_REASON)
    if case["expected"] == "error":
        with pytest.raises(PatternError) as info:
            compile_pattern(case["pattern"])
        aws_error = case.get("aws_error")
        if aws_error and case["name"] not in REWORDED:
            assert aws_error == PREFIX + info.value.reason
        return
    matched = compile_pattern(case["pattern"]).matches(case["event"])
    assert ("match" if matched else "no_match") == case["expected"]


def test_conformance_data_is_complete() -> None:
    """The shared data file holds every recorded case, so none can be silently lost."""
    if not CASES:
        pytest.skip(MISSING_REASON)
    assert len(CASES) == EXPECTED_CASES
    assert len({case["name"] for case in CASES}) == EXPECTED_CASES
