"""KMS requests of encrypted queues and topics, and data sent between Regions, priced from
the counters the engine reports (`kms_requests`, `cross_region_bytes`)."""

from __future__ import annotations

import pytest

from simulator.cost import default_prices, price_run
from simulator.model import Edge, Node, Scenario, Topology

MONTH = 730 * 3600.0


def design() -> Topology:
    """A producer sending to a queue (the nodes only name the lines)."""
    nodes = [Node("web", "producer"), Node("q", "queue")]
    return Topology("t", nodes, [Edge("web", "q")], Scenario(duration=60, seed=1))


def test_kms_requests_cost_3_cents_per_10000() -> None:
    """50,000 KMS requests of an encrypted queue: $0.15, a `kms` service and request count."""
    figures = {"q": {"kind": "queue", "kms_requests": 50_000}}
    cost = price_run(design(), {}, 60.0, 1, default_prices(), figures=figures)
    assert cost.services()["kms"] == pytest.approx(0.15)
    assert cost.requests()["kms"] == 50_000
    assert cost.nodes() == {"q": pytest.approx(0.15)}


def test_cross_region_bytes_cost_2_cents_per_gb() -> None:
    """5 GB (5 x 2^30 bytes) sent to another Region: $0.10 of data transfer, no requests."""
    figures = {"web": {"kind": "producer", "cross_region_bytes": 5 * 2**30}}
    cost = price_run(design(), {}, 60.0, 1, default_prices(), figures=figures)
    assert cost.services()["data_transfer"] == pytest.approx(0.10)
    assert "data_transfer" not in cost.requests()
    assert cost.to_json_dict()["nodes"] == {"web": pytest.approx(0.10)}


def test_designs_without_them_keep_the_five_services() -> None:
    """No counters (or zero): the cost object lists exactly the five services as before."""
    figures = {"q": {"kind": "queue"}, "web": {"kind": "producer", "cross_region_bytes": 0}}
    cost = price_run(design(), {}, 60.0, 1, default_prices(), figures=figures)
    assert list(cost.services()) == ["eventbridge", "sns", "sqs", "lambda", "stepfunctions"]
    assert list(cost.requests()) == ["eventbridge", "sns", "sqs", "lambda", "stepfunctions"]


def test_the_free_tier_takes_20000_kms_requests_a_month_off() -> None:
    """A month of 30,000 KMS requests with the free tier: 10,000 billed, $0.03."""
    figures = {"q": {"kind": "queue", "kms_requests": 30_000}}
    cost = price_run(design(), {}, MONTH, 1, default_prices(), True, figures=figures)
    assert cost.monthly == pytest.approx(0.03)


def test_a_run_across_regions_prices_the_bytes_its_producer_sends() -> None:
    """A producer in us-east-1 sending to a queue in us-west-2: the run's data transfer
    cost is the producer's cross_region_bytes / 2^30 x $0.02."""
    from simulator.engine import run

    load = {"profile": "constant", "rate": 10}
    nodes = [
        Node("web", "producer", params={"load": load}),
        Node("q", "queue", params={"region": "us-west-2"}),
    ]
    topology = Topology("t", nodes, [Edge("web", "q")], Scenario(duration=100, seed=1))
    result = run(topology)
    sent = result.nodes["web"]["cross_region_bytes"]
    assert sent > 1000 * 100  # 1,000 envelopes of over 100 bytes
    assert result.cost is not None
    assert result.cost.services()["data_transfer"] == pytest.approx(sent / 2**30 * 0.02)


def test_a_run_with_an_encrypted_topic_prices_its_kms_requests() -> None:
    """An encrypted SNS topic reuses its publisher's data key for 5 minutes: 1,000
    publishes in 100 s from one publisher make 2 KMS requests (GenerateDataKey and
    Decrypt), $0.000006 of `kms` beside the $0.0005 of publishes."""
    from simulator.engine import run

    load = {"profile": "constant", "rate": 10}
    nodes = [
        Node("web", "producer", params={"load": load}),
        Node("t", "topic", params={"encrypted": True}),
    ]
    topology = Topology("t", nodes, [Edge("web", "t")], Scenario(duration=100.05, seed=1))
    result = run(topology)
    assert result.nodes["t"]["kms_requests"] == 2
    assert result.cost is not None
    assert result.cost.services()["kms"] == pytest.approx(2 * 0.03 / 10_000)
    assert result.cost.requests()["kms"] == 2
    assert result.cost.services()["sns"] == pytest.approx(1000 * 0.5e-6)
