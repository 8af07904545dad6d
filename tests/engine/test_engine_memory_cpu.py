"""A function's CPU follows its memory: `measured_at_mb` and `cpu_share` scale service times.

Lambda gives CPU in proportion to memory, one vCPU at 1,769 MB. A service time measured at
128 MB and run at 1,769 MB, all of it CPU work, takes 128/1769 of the time (13.8x faster).
Tolerances allow about 4 standard deviations of the estimate at the run length used.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from engine_topologies import chain, consumer, exp, producer

from simulator.analysis import expected_load
from simulator.budget import estimate
from simulator.cli import main
from simulator.engine import run
from simulator.model import Topology
from simulator.model.cpu import ONE_VCPU_MB, cpu, time_factor


def mm1(rate: float = 0.5, duration: float = 20_000, **params: object) -> Topology:
    """An M/M/1 consumer (exponential service, mean 1 s as measured) fed by Poisson arrivals."""
    return chain(
        producer("p", rate),
        consumer("c", service_time=exp(1.0), retries=0, **params),
        duration=duration,
        warmup=200,
        seed=5,
    )


def test_cpu_bound_function_at_one_vcpu_is_13_8_times_faster() -> None:
    """Measured at 128 MB, run at 1,769 MB, cpu_share 1: the mean service time is 128/1769 s,
    so the busy share falls 13.8x and the mean latency is M/M/1's 1/(mu - lambda)."""
    slow = run(mm1(memory_mb=128, measured_at_mb=128))
    fast = run(mm1(memory_mb=1769, measured_at_mb=128, cpu_share=1.0))
    mu = ONE_VCPU_MB / 128  # 13.82 per second
    busy_ratio = slow.nodes["c"]["utilization"] / fast.nodes["c"]["utilization"]
    assert math.isclose(busy_ratio, mu, rel_tol=0.06)
    assert math.isclose(slow.latency["mean"], 1 / (1 - 0.5), rel_tol=0.1)
    # SD of the mean sojourn over 10,000 events at rho 0.036: about 0.001 s of 0.075 s.
    assert math.isclose(fast.latency["mean"], 1 / (mu - 0.5), rel_tol=0.06)
    assert slow.latency["mean"] / fast.latency["mean"] > 20  # 13.8x service, less queueing


def test_cpu_share_zero_changes_nothing() -> None:
    """cpu_share 0 (all waiting on other services): memory changes no figure of the run."""
    plain = run(mm1(duration=2000, memory_mb=1769))
    shared = run(mm1(duration=2000, memory_mb=1769, measured_at_mb=128, cpu_share=0.0))
    assert json.dumps(shared.to_json_dict(), sort_keys=True) == json.dumps(
        plain.to_json_dict(), sort_keys=True
    )


def test_memory_above_one_vcpu_gives_single_threaded_work_nothing_more() -> None:
    """4,096 MB runs single-threaded work no faster than 1,769 MB: the same latencies."""
    one = run(mm1(duration=2000, memory_mb=1769, measured_at_mb=128))
    more = run(mm1(duration=2000, memory_mb=4096, measured_at_mb=128))
    assert more.latency == one.latency
    assert more.nodes["c"]["utilization"] == one.nodes["c"]["utilization"]


def test_partial_cpu_share_scales_only_its_share() -> None:
    """cpu_share 0.5, measured at 1,769 MB, run at 442 MB (a quarter vCPU): the CPU half
    takes 4x, the rest as measured, so the mean service time is 0.5*4 + 0.5 = 2.5x."""
    topo = mm1(rate=0.1, memory_mb=442, measured_at_mb=1769, cpu_share=0.5)
    factor = 0.5 * cpu(1769) / cpu(442) + 0.5
    assert math.isclose(factor, 2.5, rel_tol=0.002)
    utilization = run(topo).nodes["c"]["utilization"]
    # SD of the utilization over 2,000 events: about 0.006 of 0.25.
    assert math.isclose(utilization, 0.1 * factor, rel_tol=0.1)


def test_unset_measured_at_mb_keeps_service_time_at_every_memory_size() -> None:
    """Without measured_at_mb the factor is exactly 1 whatever memory_mb and cpu_share say."""
    topo = mm1(memory_mb=10240, cpu_share=0.3)
    assert time_factor(topo.nodes[1]) == 1.0


def test_billed_duration_follows_the_shorter_work() -> None:
    """Billed GB-seconds are memory x the shorter duration: a fully CPU-bound function
    bills about the same GB-s at 128 and 1,769 MB (13.8x the memory, 1/13.8 the time)."""
    slow = run(mm1(duration=4000, memory_mb=128, measured_at_mb=128))
    fast = run(mm1(duration=4000, memory_mb=1769, measured_at_mb=128))
    assert fast.usage["c"]["billed_ms"] < slow.usage["c"]["billed_ms"] / 12
    gb_s = {
        memory: result.usage["c"]["billed_ms"] / 1000 * memory / 1024
        for memory, result in ((128, slow), (1769, fast))
    }
    # the same events (same arrival stream), each draw 13.8x shorter, rounded up to 1 ms
    assert math.isclose(gb_s[1769], gb_s[128], rel_tol=0.02)
    assert slow.cost is not None and fast.cost is not None
    items = {line.item: line.quantity for line in fast.cost.lines}
    assert math.isclose(items["lambda.duration_x86_64"], gb_s[1769], rel_tol=1e-9)


def test_analytic_check_uses_the_scaled_service_time() -> None:
    """The pre-run utilization estimate follows memory: rho 0.5 at 128 MB, 0.5/13.8 at 1,769."""
    slow = expected_load(mm1(memory_mb=128, measured_at_mb=128))
    fast = expected_load(mm1(memory_mb=1769, measured_at_mb=128))
    assert slow["c"].utilization == pytest.approx(0.5, rel=1e-9)
    assert fast["c"].utilization == pytest.approx(0.5 * 128 / 1769, rel=1e-9)


SWEPT = """format: eventscape/topology
version: 1
name: power tuning
scenario: {duration: 2000, seed: 3}
nodes:
  - {id: p, kind: producer, load: {profile: poisson, rate: 0.5}}
  - id: c
    kind: consumer
    service_time: {dist: exponential, mean: 1.0}
    retries: 0
    measured_at_mb: 128
    cpu_share: SHARE
edges:
  - {from: p, to: c}
"""


def _sweep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], share: float
) -> list[dict[str, Any]]:
    design = tmp_path / f"tuning{share}.yaml"
    design.write_text(SWEPT.replace("SHARE", str(share)))
    argv = ["sweep", str(design), "--set", "c.memory_mb=128,512,1769", "--json"]
    assert main(argv) == 0
    points = json.loads(capsys.readouterr().out)["points"]
    return [point["metrics"] for point in points]


def test_memory_sweep_finds_latency_falling_and_cost_following(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sweep --set c.memory_mb=128,512,1769`: latency falls at every step; a fully
    CPU-bound function costs about the same at each size (GB-s constant), one half waiting
    on other services costs more as memory grows (that half bills at the larger size)."""
    bound = _sweep(tmp_path, capsys, 1.0)
    latency = [m["latency.mean"]["mean"] for m in bound]
    assert latency[0] > 4 * latency[1] > 4 * 3 * latency[2]
    cost = [m["cost.services.lambda"]["mean"] for m in bound]
    assert max(cost) / min(cost) < 1.03
    waiting = _sweep(tmp_path, capsys, 0.5)
    latency = [m["latency.mean"]["mean"] for m in waiting]
    assert latency[0] > latency[1] > latency[2]
    cost = [m["cost.services.lambda"]["mean"] for m in waiting]
    assert cost[0] < cost[1] < cost[2]


def test_memory_budget_estimate_sees_the_faster_function() -> None:
    """An overloaded function at 128 MB (rho 2) builds a backlog the budget estimate
    counts; at 1,769 MB (rho 0.14) the same design has none."""
    slow = estimate(mm1(rate=2.0, duration=1000, memory_mb=128, measured_at_mb=128))
    fast = estimate(mm1(rate=2.0, duration=1000, memory_mb=1769, measured_at_mb=128))
    assert slow is not None and fast is not None
    assert slow.backlog_node == "c" and slow.backlog > 500  # about 2 x (1 - 1/2) x 1000
    assert fast.backlog == 0
