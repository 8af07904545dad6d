"""Producers: every load profile produces the expected number of events."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from engine_topologies import chain, consumer, producer

from simulator.engine import run
from simulator.model.loads import LoadProfile

PROFILES = {
    "poisson": {"profile": "poisson", "rate": 20},
    "spiky": {
        "profile": "spiky",
        "rate": 5,
        "spike_rate": 50,
        "spike_every": 100,
        "spike_duration": 10,
    },
    "diurnal": {"profile": "diurnal", "rate": 10, "amplitude": 8, "period": 200},
    "ramp": {"profile": "ramp", "rate": 0, "end_rate": 40, "ramp_time": 300, "start": 100},
    "step": {"profile": "step", "steps": [[0, 5], [200, 30], [350, 0]]},
    "rates": {"profile": "trace", "file": "rates.csv", "mode": "rates", "bin": 50},
}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_time_varying_profiles_produce_the_integral_of_their_rate(
    name: str, tmp_path: Path
) -> None:
    """Thinned Poisson arrivals: the count matches the integrated rate within 4 SD."""
    (tmp_path / "rates.csv").write_text("rate\n" + "\n".join(["2", "30", "0", "12"] * 3))
    load = PROFILES[name]
    topo = chain(producer("p", 0, load=load), consumer("c"), duration=500)
    topo.base_dir = tmp_path
    expected = LoadProfile.parse(load, tmp_path).mean_rate(500, samples=20_000) * 500
    produced = run(topo).events["produced"]
    assert abs(produced - expected) < 4 * math.sqrt(expected) + 1


def test_constant_profile_is_evenly_spaced() -> None:
    """`constant` emits exactly every 1/rate seconds."""
    topo = chain(producer("p", 4, "constant"), consumer("c"), duration=100)
    result = run(topo, interval=10)
    assert result.events["produced"] == 399
    assert result.series["produced"][1:] == [40] * 9


def test_trace_replays_timestamps(tmp_path: Path) -> None:
    """A trace of timestamps is replayed exactly (times beyond the run are ignored)."""
    (tmp_path / "times.csv").write_text("t\n0.5\n2\n2\n7.25\n99\n")
    topo = chain(producer("p", 0, load={"profile": "trace", "file": "times.csv"}), consumer("c"))
    topo.base_dir = tmp_path
    result = run(topo, duration=10, trace_sample=1)
    assert sorted(t["created"] for t in result.traces) == [0.5, 2.0, 2.0, 7.25]
