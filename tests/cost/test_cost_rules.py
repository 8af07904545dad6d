"""The counting rules of the cost model, checked on runs with hand-computed bills."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.cost import default_prices
from simulator.engine import run
from simulator.model import Edge, Node, Scenario, Topology

X86_GB_S = 0.0000166667
ARM_GB_S = 0.0000133334


def events_at(rate: float, n: int, **template: Any) -> tuple[Node, float]:
    """A producer making exactly `n` evenly spaced events, and the run length it needs."""
    events = [{"source": "shop", "detail-type": "Order", "detail": {"n": 1}, **template}]
    load = {"profile": "constant", "rate": rate}
    return Node("web", "producer", params={"load": load, "events": events}), n / rate + 0.5 / rate


def design(nodes: list[Node], edges: list[tuple[str, str]], duration: float) -> Topology:
    """A topology with flow edges."""
    scenario = Scenario(duration=duration, seed=1)
    return Topology("t", nodes, [Edge(a, b) for a, b in edges], scenario)


def test_bus_to_512_mb_function_matches_the_hand_computed_bill() -> None:
    """10,000 events through a bus to a 512 MB function running 0.1 s cost $0.010 for
    EventBridge, $0.002 for the invocations and $0.00833 for the duration."""
    web, duration = events_at(100, 10_000)
    fn = Node("fn", "consumer", params={"service_time": 0.1, "memory_mb": 512, "concurrency": 20})
    cost = run(design([web, Node("bus", "router"), fn], [("web", "bus"), ("bus", "fn")], duration))
    assert cost.cost is not None
    data = cost.cost.to_json_dict()
    assert data["requests"] == {
        "eventbridge": 10_000, "sns": 0, "sqs": 0, "lambda": 10_000, "stepfunctions": 0,
    }  # fmt: skip
    assert data["services"]["eventbridge"] == pytest.approx(0.010)
    assert data["services"]["lambda"] == pytest.approx(0.002 + 10_000 * 0.1 * 0.5 * X86_GB_S)
    assert data["services"]["lambda"] == pytest.approx(0.002 + 0.00833, abs=1e-5)
    assert data["total"] == pytest.approx(0.010 + 0.002 + 0.0083333, abs=1e-6)
    assert data["nodes"] == {"bus": pytest.approx(0.010), "fn": data["services"]["lambda"]}
    assert data["per_million_events"] == pytest.approx(data["total"] * 100, rel=1e-6)


def test_arm64_duration_is_priced_lower_and_memory_scales_it() -> None:
    """arm64 GB-seconds cost $0.0000133334; doubling memory doubles the duration cost."""
    web, duration = events_at(10, 1000)
    bills = {}
    for memory, arch in ((1024, "arm64"), (2048, "arm64"), (1024, "x86_64")):
        fn = Node("fn", "consumer", params={"service_time": 0.25, "memory_mb": memory,
                                             "architecture": arch, "concurrency": 5})  # fmt: skip
        result = run(design([web, fn], [("web", "fn")], duration))
        assert result.cost is not None
        bills[memory, arch] = result.cost.services()["lambda"] - 1000 * 0.2e-6
    assert bills[1024, "arm64"] == pytest.approx(1000 * 0.25 * 1.0 * ARM_GB_S)
    assert bills[2048, "arm64"] == pytest.approx(2 * bills[1024, "arm64"])
    assert bills[1024, "x86_64"] == pytest.approx(1000 * 0.25 * X86_GB_S)


def test_duration_is_rounded_up_to_the_millisecond_and_includes_cold_starts() -> None:
    """A 0.1004 s function is billed 101 ms; a 0.5 s init is billed on the first call."""
    web, duration = events_at(1, 10)
    fn = Node("fn", "consumer", params={"service_time": 0.1004, "cold_start": 0.5})
    result = run(design([web, fn], [("web", "fn")], duration))
    assert result.usage["fn"]["billed_ms"] == 10 * 101 + 500
    assert result.usage["fn"]["invocations"] == 10


@pytest.mark.parametrize(("size_kb", "chunks"), [(1, 1), (64, 1), (64.1, 2), (256, 4)])
def test_payloads_are_billed_in_64_kb_chunks(size_kb: float, chunks: int) -> None:
    """EventBridge, SNS and SQS bill each started 64 KB chunk of a payload as a request."""
    web, duration = events_at(10, 100, size_kb=size_kb)
    nodes = [web, Node("bus", "router"), Node("topic", "topic"), Node("q", "queue")]
    result = run(design(nodes, [("web", "bus"), ("bus", "topic"), ("topic", "q")], duration))
    assert result.usage["bus"]["published"] == 100 * chunks
    assert result.usage["topic"]["published"] == 100 * chunks
    assert result.usage["q"]["sends"] == 100 * chunks


def test_default_size_is_the_generated_envelope() -> None:
    """Without size_kb an event's size is its JSON envelope: a 70 KB detail makes 2 chunks."""
    web, duration = events_at(10, 50, detail={"blob": "x" * 70_000})
    result = run(design([web, Node("bus", "router")], [("web", "bus")], duration))
    assert result.usage["bus"]["published"] == 100


def test_retries_are_billed_where_they_happen() -> None:
    """A function failing every try is invoked 3 times per event (2 retries, all billed);
    the bus that delivered each event once is billed once."""
    web, duration = events_at(1, 20)
    fn = Node("fn", "consumer", params={"service_time": 0.01, "failure_rate": 1,
                                         "retry_delay": 0.01})  # fmt: skip
    result = run(
        design([web, Node("bus", "router"), fn], [("web", "bus"), ("bus", "fn")], duration)
    )
    assert result.usage["fn"]["invocations"] == 60
    assert result.usage["bus"]["published"] == 20
    assert result.cost is not None
    assert result.cost.requests()["lambda"] == 60


def test_throttled_bus_retries_are_free() -> None:
    """Deliveries a rate-limited bus retries are not billed again: one event, one charge."""
    web, duration = events_at(50, 200)
    nodes = [web, Node("bus", "router", params={"max_rate": 5}), Node("fn", "consumer")]
    result = run(design(nodes, [("web", "bus"), ("bus", "fn")], duration))
    assert result.nodes["bus"]["retries"] > 0
    assert result.usage["bus"]["published"] == 200


def test_an_idle_queue_costs_its_pollers_empty_receives() -> None:
    """A queue nobody sends to, read by one function: 5 pollers x 3 receives a minute."""
    web = Node("web", "producer", params={"load": {"profile": "constant", "rate": 0.0001}})
    nodes = [web, Node("q", "queue"), Node("fn", "consumer")]
    result = run(design(nodes, [("web", "q"), ("q", "fn")], 600))
    assert result.cost is not None
    assert result.cost.requests()["sqs"] == 5 * 600 // 20
    assert result.cost.services()["sqs"] == pytest.approx(150 * 0.4e-6)


def test_polling_requests_are_bounded_by_the_poller_model() -> None:
    """SQS requests of a busy queue: sends, at most one receive and one delete per batch,
    and empty receives no more than 5 pollers make over the run."""
    web, duration = events_at(20, 2000)
    nodes = [
        web,
        Node("q", "queue"),
        Node("fn", "consumer", params={"batch_size": 10, "service_time": 0.02, "concurrency": 10}),
    ]
    result = run(design(nodes, [("web", "q"), ("q", "fn")], duration))
    usage = result.usage["q"]
    assert usage["sends"] == 2000
    assert 2000 / 10 <= usage["receives"] <= 2000
    assert usage["deletes"] == usage["receives"]
    assert result.cost is not None
    polling = result.cost.requests()["sqs"] - usage["sends"] - usage["receives"] - usage["deletes"]
    assert 0 <= polling <= 5 * duration / 20 + 1


def test_fifo_requests_use_the_fifo_price() -> None:
    """FIFO queue requests cost $0.50 per million, standard ones $0.40."""
    web, duration = events_at(10, 100)
    prices = {}
    for fifo in (False, True):
        nodes = [web, Node("q", "queue", params={"fifo": fifo})]
        result = run(design(nodes, [("web", "q")], duration))
        assert result.cost is not None
        prices[fifo] = result.cost.services()["sqs"]
    assert prices[False] == pytest.approx(100 * 0.4e-6)
    assert prices[True] == pytest.approx(100 * 0.5e-6)


def workflow(kind: str, states: dict[str, Any], tasks: dict[str, Any]) -> Node:
    definition = {"StartAt": next(iter(states)), "States": states}
    return Node("wf", "workflow", params={"definition": definition, "type": kind, "tasks": tasks})


def test_standard_workflows_are_billed_per_transition_retries_included() -> None:
    """A Standard execution entering 2 states, one retried twice: 4 transitions each."""
    states = {
        "Start": {"Type": "Pass", "Next": "Work"},
        "Work": {"Type": "Task", "Resource": "work", "End": True,
                 "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2,
                            "IntervalSeconds": 1, "BackoffRate": 1}]},
    }  # fmt: skip
    tasks = {"Work": {"service_time": 0.1, "failure_rate": 1}}
    web, _ = events_at(0.25, 10)  # events at 4, 8, ..., 40 s; each execution takes 2.3 s
    result = run(design([web, workflow("standard", states, tasks)], [("web", "wf")], 43.9))
    assert result.usage["wf"]["transitions"] == 10 * 4
    assert result.cost is not None
    assert result.cost.services()["stepfunctions"] == pytest.approx(40 * 0.025 / 1000)


def test_express_workflows_are_billed_per_request_and_100_ms_of_duration() -> None:
    """An Express execution of 0.25 s is billed 3 steps of 100 ms at 64 MB, plus $1 per
    million requests."""
    states = {"Work": {"Type": "Task", "Resource": "work", "End": True}}
    web, duration = events_at(1, 10)
    wf = workflow("express", states, {"Work": {"service_time": 0.25}})
    result = run(design([web, wf], [("web", "wf")], duration))
    assert result.usage["wf"]["billed_100ms"] == 30
    assert result.cost is not None
    expected = 10 * 1e-6 + 30 * 0.1 * (64 / 1024) * 0.00001667
    assert result.cost.services()["stepfunctions"] == pytest.approx(expected)


def test_monthly_scales_the_window_to_730_hours_and_free_tier_lowers_it() -> None:
    """monthly = window cost x 730 h / window; the free tier takes free amounts off."""
    web, duration = events_at(10, 600)
    fn = Node("fn", "consumer", params={"service_time": 0.1})
    topology = design([web, fn], [("web", "fn")], duration)
    paid = run(topology).cost
    free = run(topology, free_tier=True).cost
    assert paid is not None and free is not None
    assert paid.monthly == pytest.approx(paid.total * 730 * 3600 / duration)
    # a month: 26.3 M invocations (1 M free), 328,500 GB-s at 128 MB (all free)
    months = 730 * 3600 / duration
    assert free.monthly == pytest.approx((600 * months - 1e6) * 0.2e-6, rel=1e-6)
    assert default_prices().month_hours == 730


def test_cost_covers_the_window_after_warm_up() -> None:
    """Warm-up work is not billed: half the events fall in the warm-up, half the bill."""
    web, _ = events_at(10, 1000)
    topology = design([web, Node("bus", "router")], [("web", "bus")], 100.05)
    topology.scenario.warmup = 50.0
    result = run(topology)
    assert result.usage["bus"]["published"] == pytest.approx(500, abs=1)


def test_pollers_scale_back_over_an_idle_gap_at_300_a_minute() -> None:
    """Poller-seconds of an empty queue: 25 pollers scale back to 5 at 5 a second (4 s,
    60 poller-seconds), then 5 stay; at or below 5 it is 5 pollers all along."""
    from simulator.engine.nodes.idle import ramp_down_area

    assert ramp_down_area(25, 10) == pytest.approx(60 + 5 * 6)
    assert ramp_down_area(25, 2) == pytest.approx(25 * 2 - 5 * 2 * 2 / 2)
    assert ramp_down_area(3, 10) == 50


def test_empty_receives_follow_the_pollers_after_a_burst() -> None:
    """After a burst that makes the mapping add pollers, the idle queue's empty receives
    exceed 5 pollers' but stay under the peak pollers' (x idle seconds / 20 s)."""
    burst = {"profile": "spiky", "rate": 0.001, "spike_rate": 200, "spike_every": 50,
             "spike_duration": 5}  # fmt: skip  # one burst of ~1,000 messages at 50-55 s
    web = Node("web", "producer", params={"load": burst})
    fn = Node("fn", "consumer", params={"service_time": 0.5, "concurrency": 200})
    result = run(design([web, Node("q", "queue"), fn], [("web", "q"), ("q", "fn")], 99))
    usage = result.usage["q"]
    assert result.cost is not None
    empty = usage["poller_seconds"] / 20
    assert 5 * usage["idle_seconds"] / 20 < empty <= 200 * usage["idle_seconds"] / 20


@pytest.mark.parametrize("read", [False, True])
def test_dead_letters_sent_to_a_queue_are_billed_sends(read: bool) -> None:
    """A function failing every try sends each of 20 events to its on-failure queue after
    its retries: the queue is billed 20 sends (Lambda's SendMessage), whether or not
    anything reads it (a queue nobody reads parks them; the bill must not depend on that)."""
    web, duration = events_at(1, 20)
    fn = Node("fn", "consumer", params={"service_time": 0.01, "failure_rate": 1,
                                         "retry_delay": 0.01})  # fmt: skip
    nodes = [web, fn, Node("dlq", "queue")]
    edges = [Edge("web", "fn"), Edge("fn", "dlq", kind="on-failure")]
    if read:
        nodes.append(Node("ops", "consumer", params={"service_time": 0.01}))
        edges.append(Edge("dlq", "ops"))
    result = run(Topology("t", nodes, edges, Scenario(duration=duration, seed=1)))
    assert result.nodes["dlq"]["arrivals"] == 20
    assert result.usage["dlq"]["sends"] == 20
    assert result.cost is not None
    dlq = [line for line in result.cost.lines if line.node == "dlq" and line.what == "sends"]
    assert [line.cost for line in dlq] == [pytest.approx(20 * 0.4e-6)]


def test_provisioned_concurrency_bills_its_environments_and_cheaper_duration() -> None:
    """2 provisioned 1,024 MB environments over a 600.5 s window: 2 x 1 GB x 600.5 s at
    $0.0000041667, used or not; the 600 invocations of 0.1 s all start on them, so their
    60 GB-s cost $0.0000097222 each (not the on-demand $0.0000166667); requests unchanged."""
    web, duration = events_at(1, 600)
    params = {"service_time": 0.1, "memory_mb": 1024, "provisioned": 2}
    result = run(design([web, Node("fn", "consumer", params=params)], [("web", "fn")], duration))
    assert result.nodes["fn"]["provisioned_used"] == 600
    assert result.cost is not None
    items = {line.item: line.cost for line in result.cost.lines}
    assert items["lambda.provisioned_x86_64"] == pytest.approx(2 * 1 * 600.5 * 0.0000041667)
    assert items["lambda.provisioned_duration_x86_64"] == pytest.approx(60 * 0.0000097222)
    assert "lambda.duration_x86_64" not in items  # nothing ran on demand
    assert items["lambda.requests"] == pytest.approx(600 * 0.2e-6)
    assert result.cost.requests()["lambda"] == 600


def test_work_beyond_the_provisioned_environments_is_billed_on_demand() -> None:
    """1 provisioned arm64 environment and a burst that needs more: the invocations that
    start elsewhere are billed at the on-demand arm64 rate, the rest at the provisioned
    one, and the two duration lines add up to the whole billed time."""
    web, duration = events_at(20, 400)
    params = {"service_time": 0.5, "provisioned": 1, "architecture": "arm64", "concurrency": 20}
    result = run(design([web, Node("fn", "consumer", params=params)], [("web", "fn")], duration))
    used, calls = result.nodes["fn"]["provisioned_used"], result.usage["fn"]["invocations"]
    assert 0 < used < calls
    assert result.cost is not None
    quantity = {line.item: line.quantity for line in result.cost.lines}
    gb_s = result.usage["fn"]["billed_ms"] / 1000 * 128 / 1024
    on, off = quantity["lambda.provisioned_duration_arm64"], quantity["lambda.duration_arm64"]
    assert on + off == pytest.approx(gb_s)
    assert on == pytest.approx(gb_s * used / calls)
    assert quantity["lambda.provisioned_arm64"] == pytest.approx(1 * 0.125 * duration)
