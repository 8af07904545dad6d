"""The az-failure fault in files: its share, the kinds it applies to, and a round trip."""

from __future__ import annotations

import textwrap

import pytest

from simulator.files import dumps, loads
from simulator.model import Fault
from simulator.problems import TopologyError

NODES = "nodes:\n  - {id: c, kind: consumer}\n  - {id: q, kind: queue}\n"


def _file(fault: str) -> str:
    return f"format: eventscape/topology\nversion: 1\nscenario:\n  faults: [{fault}]\n{NODES}"


def _messages(fault: str) -> list[str]:
    with pytest.raises(TopologyError) as info:
        loads(textwrap.dedent(_file(fault)))
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (
            "{node: c, kind: az-failure, start: 0, duration: 5}",
            "scenario.faults[0]: an az-failure fault needs 'share'",
        ),
        (
            "{node: c, kind: az-failure, start: 0, duration: 5, share: 1}",
            "scenario.faults[0].share: must be < 1 (losing every zone is an outage), got 1",
        ),
        (
            "{node: c, kind: az-failure, start: 0, duration: 5, share: 0}",
            "scenario.faults[0].share: must be > 0, got 0",
        ),
        (
            "{node: q, kind: az-failure, start: 0, duration: 5, share: 0.3}",
            "scenario.faults[0].node: an az-failure fault needs a consumer, router or topic; "
            "'q' is a queue",
        ),
        (
            "{node: c, kind: outage, start: 0, duration: 5, share: 0.3}",
            "scenario.faults[0].share: only az-failure faults have 'share'",
        ),
    ],
)
def test_bad_az_failure_faults_are_named(fault: str, message: str) -> None:
    """Each mistake in an az-failure fault gets one message naming the fault and the key."""
    assert message in _messages(fault)


def test_az_failure_round_trips() -> None:
    """An az-failure fault reads into Fault(share=...) and writes back the same."""
    topology = loads(_file("{node: c, kind: az-failure, start: 10, duration: 60, share: 0.33}"))
    assert topology.scenario.faults == [Fault("c", "az-failure", 10, 60, share=0.33)]
    assert loads(dumps(topology)).scenario.faults == topology.scenario.faults
