"""The engine's API: run_iter snapshots, cancelling, determinism, random streams, histogram."""

from __future__ import annotations

import json
import pickle
import threading
from pathlib import Path

import numpy as np
import pytest
from engine_topologies import chain, consumer, exp, producer, queue

from simulator.engine import run, run_iter
from simulator.engine.histogram import LogHistogram
from simulator.files import load
from simulator.problems import TopologyError

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


def _mm1(duration: float = 2000):
    return chain(
        producer("p", 5), queue("q"), consumer("c", service_time=exp(0.1)), duration=duration
    )


def test_run_iter_streams_snapshots_to_the_result() -> None:
    """Snapshots advance in time; new series rows add up; the last one carries the result."""
    snapshots = list(run_iter(_mm1(), slice_seconds=100, interval=10))
    times = [s.time for s in snapshots]
    assert times == sorted(times) and times[-1] == 2000
    assert [s.done for s in snapshots].count(True) == 1 and snapshots[-1].done
    assert sum(len(s.series["t"]) for s in snapshots) == snapshots[-1].series_rows == 200
    final = snapshots[-1].result
    assert final is not None and final.ledger["balanced"]
    assert set(snapshots[5].nodes["q"]) >= {"depth", "busy", "processed", "in_flight"}
    assert 0 < snapshots[5].progress < 1
    pickle.loads(pickle.dumps(snapshots[-1]))  # plain data: can cross a process boundary


def test_snapshots_do_not_share_state_with_the_engine() -> None:
    """A snapshot taken earlier is not changed by the run going on."""
    iterator = run_iter(_mm1(), slice_seconds=100)
    first = next(iterator)
    frozen = json.dumps(first.events), json.dumps(first.nodes)
    for _ in iterator:
        pass
    assert (json.dumps(first.events), json.dumps(first.nodes)) == frozen


def test_cancel_flag_stops_the_run_with_a_final_result() -> None:
    """Setting the cancel flag ends the run early; the final snapshot says so."""
    cancel = threading.Event()
    snapshots = []
    for snapshot in run_iter(_mm1(), slice_seconds=100, cancel=cancel):
        snapshots.append(snapshot)
        if snapshot.time >= 500:
            cancel.set()
    last = snapshots[-1]
    assert last.done and last.cancelled and last.time == 500
    assert last.result is not None and last.result.cancelled and last.result.ledger["balanced"]
    assert last.result.to_json_dict()["cancelled"] is True


def test_closing_the_generator_stops_the_run() -> None:
    """A run_iter generator can simply be closed."""
    iterator = run_iter(_mm1(), slice_seconds=100)
    next(iterator)
    iterator.close()


def test_same_seed_same_result_different_seed_differs() -> None:
    """A seed reproduces a run exactly; another seed gives another run."""
    topo = load(EXAMPLES / "ecommerce.yaml")
    one = json.dumps(run(topo, duration=200).to_json_dict())
    assert one == json.dumps(run(topo, duration=200, slice_seconds=7).to_json_dict())
    assert one != json.dumps(run(topo, duration=200, seed=8).to_json_dict())


def test_changing_one_node_keeps_other_nodes_randomness() -> None:
    """Each node has its own random stream: editing one node leaves others' draws alone."""
    topo = load(EXAMPLES / "ecommerce.yaml")
    before = run(topo, duration=300)
    topo.node("payments").params["service_time"] = {"dist": "exponential", "mean": 0.5}
    topo.nodes.append(producer("extra", 3))
    after = run(topo, duration=300)
    for producer_id in ("web", "mobile"):
        assert after.nodes[producer_id]["processed"] == before.nodes[producer_id]["processed"]
    assert after.nodes["payments"]["processed"] != before.nodes["payments"]["processed"]


def test_run_does_not_touch_the_topology() -> None:
    """The engine runs on a frozen copy: the caller's topology is unchanged."""
    topo = load(EXAMPLES / "ecommerce.yaml")
    snapshot = repr(topo)
    run(topo, duration=100)
    assert repr(topo) == snapshot


def test_bad_run_window_is_a_topology_error() -> None:
    """A warm-up not shorter than the duration is reported as a TopologyError."""
    with pytest.raises(TopologyError, match="warmup"):
        run(_mm1(), duration=10, warmup=10)


def test_histogram_quantiles_to_3_significant_digits_and_bounded_memory() -> None:
    """Log-bucketed quantiles are within 0.05% (3 significant digits) of exact ones; memory
    depends on the values' range, not on their count."""
    values = np.random.default_rng(1).lognormal(0.0, 2.0, 200_000)
    hist = LogHistogram()
    for value in values.tolist():
        hist.add(value)
    for q in (0.5, 0.9, 0.95, 0.99, 0.999):
        exact = float(np.quantile(values, q, method="inverted_cdf"))
        assert abs(hist.quantile(q) - exact) <= 0.0005 * exact
    assert hist.max == values.max() and abs(hist.mean - values.mean()) < 1e-9 * values.mean()
    buckets = len(hist.counts)
    hist.add_many(values.tolist() * 5)
    assert len(hist.counts) == buckets < 25_000


def test_a_constant_reports_itself() -> None:
    """A constant 180.3 s reports p95 180.3 (the old 1% buckets said 179.49)."""
    hist = LogHistogram()
    hist.add_many([180.3] * 1000)
    assert hist.quantiles((0.5, 0.95, 0.99)) == [180.3, 180.3, 180.3]


def test_replicated_quantiles_never_get_a_zero_width_interval() -> None:
    """Seeds whose quantiles tie in one bucket still get a half-width of the precision."""
    from simulator.engine.replications import summarize

    result = {
        "name": "t",
        "duration": 10,
        "warmup": 0,
        "events": {"produced": 1},
        "latency": {"mean": 2.0, "p50": 2.0, "p95": 3.0, "p99": 4.0, "max": 4.0},
        "nodes": {},
        "ledger": {"created": 1, "balanced": True},
    }
    ci = summarize([result, result, result], [1, 2, 3])["replications"]["ci95"]["latency"]
    assert ci["p95"] == 3.0 * 0.0005 and ci["p50"] == 2.0 * 0.0005
    assert ci["mean"] == 0.0  # exact figures keep their exact interval
