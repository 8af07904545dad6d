"""Availability-zone failures: work fails over to the other zones with a latency bump."""

from __future__ import annotations

import pytest
from engine_topologies import chain, consumer, node, producer

from simulator.engine import run
from simulator.engine.nodes.zones import FAILOVER_DELAY, lost_share
from simulator.model import Fault


def _run(faults: list[Fault]) -> dict:
    topo = chain(
        producer("p", 5),
        node("bus", "router"),
        consumer("c", concurrency=50, service_time=0.2),
        duration=600,
        faults=faults,
    )
    return run(topo).to_json_dict()


def test_az_failure_raises_latency_without_failures() -> None:
    """Losing a third of the zones adds about a third of the failover delay per hop to the
    mean latency; no event fails, expires or is throttled."""
    normal = _run([])
    hit = _run(
        [
            Fault("c", "az-failure", 0, 600, share=1 / 3),
            Fault("bus", "az-failure", 0, 600, share=1 / 3),
        ]
    )
    bump = hit["latency"]["mean"] - normal["latency"]["mean"]
    assert bump == pytest.approx(2 / 3 * FAILOVER_DELAY, rel=0.15)
    assert hit["latency"]["max"] >= normal["latency"]["max"]
    for outcome in ("failed", "throttled", "expired", "dead_lettered"):
        assert hit["events"][outcome] == 0
    assert hit["nodes"]["c"]["failures"] == 0


def test_az_failure_only_acts_inside_its_window() -> None:
    """An az-failure after the run's end leaves the run unchanged."""
    assert _run([Fault("c", "az-failure", 700, 60, share=0.5)]) == _run([])


def test_overlapping_zone_losses_combine_as_independent() -> None:
    """Two overlapping losses of 0.5 leave a quarter of the zones."""
    faults = [Fault("c", "az-failure", 0, 10, share=0.5)] * 2
    assert lost_share(faults) == pytest.approx(0.75)
