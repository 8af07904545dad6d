"""Model defaults follow the services' documented defaults."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.model import KINDS, Node
from simulator.model.distributions import Distribution
from simulator.model.loads import LoadProfile
from simulator.model.templates import EventFactory


@pytest.mark.parametrize(
    ("kind", "name", "default"),
    [
        ("queue", "visibility_timeout", 30),
        ("queue", "retention", 345600),
        ("queue", "delay", 0),
        ("queue", "max_receive_count", None),
        ("queue", "fifo", False),
        ("consumer", "concurrency", 1),
        ("consumer", "keep_alive", 600),
        ("consumer", "batch_size", 1),
        ("consumer", "retries", 2),
        ("consumer", "failure_rate", 0),
        ("router", "retry_attempts", 185),
        ("router", "retry_max_age", 86400),
    ],
)
def test_default_values(kind: str, name: str, default: object) -> None:
    """Each parameter's default matches the semantics document."""
    assert Node("n", kind).get(name) == default


def test_explicit_value_overrides_default() -> None:
    """A value set on the node wins over the default."""
    assert Node("n", "consumer", params={"concurrency": 7}).get("concurrency") == 7


def test_every_default_is_valid() -> None:
    """No parameter's default fails its own check."""
    for kind in KINDS.values():
        for param in kind.params:
            assert param.check(param.default) == [], (kind.name, param.name)


def test_lognormal_has_the_requested_mean_and_sd() -> None:
    """Lognormal parameters are the variable's own mean and sd, not its log's."""
    dist = Distribution.parse({"dist": "lognormal", "mean": 2.0, "sd": 1.0})
    rng = np.random.default_rng(1)
    samples = np.array([dist.sample(rng) for _ in range(100_000)])
    assert samples.mean() == pytest.approx(2.0, rel=0.02)
    assert samples.std() == pytest.approx(1.0, rel=0.05)


def test_spiky_profile_spikes_on_schedule() -> None:
    """The spiky profile runs at spike_rate for spike_duration every spike_every seconds."""
    load = LoadProfile.parse(
        {"profile": "spiky", "rate": 5, "spike_rate": 50, "spike_every": 100, "spike_duration": 10}
    )
    assert [load.rate(t) for t in (0, 50, 100, 109.9, 110, 205)] == [5, 5, 50, 50, 5, 50]
    assert load.peak == 50


def test_event_factory_applies_generators_and_weights() -> None:
    """Templates are mixed by weight and generators produce values in range."""
    templates = [
        {"weight": 3, "detail-type": "A", "detail": {"n": {"$randint": [1, 3]}, "s": {"$seq": 10}}},
        {"weight": 1, "detail-type": "B"},
    ]
    factory = EventFactory(templates, "web", np.random.default_rng(0))
    events = [factory.make() for _ in range(4000)]
    share_a = sum(e["detail-type"] == "A" for e in events) / len(events)
    assert share_a == pytest.approx(0.75, abs=0.03)
    a_events = [e for e in events if e["detail-type"] == "A"]
    assert {e["detail"]["n"] for e in a_events} == {1, 2, 3}
    assert [e["detail"]["s"] for e in a_events[:3]] == [10, 11, 12]
    assert events[0]["source"] == "web"
