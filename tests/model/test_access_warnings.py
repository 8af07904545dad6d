"""Warnings of designs that run but lose events to accounts and Regions (issue 16)."""

from __future__ import annotations

from simulator.checks import check
from simulator.files import loads

HEAD = "format: eventscape/topology\nversion: 1\n"


def _warnings(text: str) -> list[str]:
    return [str(p) for p in check(loads(HEAD + text)) if p.severity == "warning"]


def test_an_edge_whose_every_event_is_denied_is_a_warning() -> None:
    """A producer of another account publishing to a bus with no Allow for it: every
    event is denied, which the check names at the edge with the reason."""
    found = _warnings(
        "nodes:\n  - {id: p, kind: producer, account: '111122223333'}\n"
        "  - {id: bus, kind: router}\n  - {id: c, kind: consumer}\n"
        "edges:\n  - {from: p, to: bus}\n  - {from: bus, to: c}\n"
    )
    assert found == [
        "edges[0] (p -> bus): every event p publishes is denied: policy bus: no statement "
        "allows account 111122223333 to publish"
    ]


def test_a_deliberate_deny_is_not_warned_about() -> None:
    """An explicit Deny of every event of an account says the design means it."""
    found = _warnings(
        "nodes:\n  - {id: p, kind: producer, account: '111122223333'}\n"
        "  - id: bus\n    kind: router\n    policy:\n"
        "      - {effect: Deny, principals: ['111122223333'], actions: [publish]}\n"
        "  - {id: c, kind: consumer}\n"
        "edges:\n  - {from: p, to: bus}\n  - {from: bus, to: c}\n"
    )
    assert not [w for w in found if "denied" in w]


def test_a_conditional_or_allowed_publisher_is_not_warned_about() -> None:
    """A condition makes denial depend on the event; an Allow admits the account."""
    found = _warnings(
        "nodes:\n  - {id: p, kind: producer, account: '111122223333'}\n"
        "  - id: bus\n    kind: topic\n    policy:\n"
        "      - {effect: Allow, principals: ['111122223333'], actions: [publish]}\n"
        "      - {effect: Deny, principals: ['*'], actions: [publish],"
        " condition: {detail-type: [Bad]}}\n"
        "  - {id: c, kind: consumer}\n"
        "edges:\n  - {from: p, to: bus}\n  - {from: bus, to: c}\n"
    )
    assert not [w for w in found if "denied" in w]


def test_a_region_outage_of_an_empty_region_is_a_warning() -> None:
    """A region-outage where no node runs stops nothing: the check says so."""
    found = _warnings(
        "scenario:\n  faults: [{kind: region-outage, region: ap-south-1, start: 0, duration: 9}]\n"
        "nodes:\n  - {id: p, kind: producer}\n  - {id: c, kind: consumer}\n"
        "edges:\n  - {from: p, to: c}\n"
    )
    assert "scenario.faults[0]: no node runs in ap-south-1: this region-outage stops nothing" in (
        found
    )
