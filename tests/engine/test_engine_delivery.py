"""Failed push deliveries: EventBridge target retries and SNS subscription retries."""

from __future__ import annotations

import itertools
import math

from engine_topologies import consumer, edge, node, producer, queue, topology

from simulator.engine import run
from simulator.engine.nodes.delivery import SNS_TRIES, sns_delay
from simulator.model import Fault


def _times() -> list[float]:
    """Offsets of every SNS try from the first (the first try at 0)."""
    times, t, retry = [0.0], 0.0, 1
    while (delay := sns_delay(retry)) is not None:
        t += delay
        times.append(t)
        retry += 1
    return times


def test_sns_schedule_has_the_documented_tries_and_span() -> None:
    """100,015 tries: 3 at once, 2 a second apart, 10 backing off 1..20 s, then every 20 s
    (about 23 days in all)."""
    times = _times()
    assert len(times) == SNS_TRIES == 100_015
    assert times[:5] == [0.0, 0.0, 0.0, 1.0, 2.0]
    backoff = [b - a for a, b in itertools.pairwise(times[4:15])]
    assert len(backoff) == 10
    assert math.isclose(backoff[0], 1.0) and math.isclose(backoff[-1], 20.0)
    assert all(b > a for a, b in itertools.pairwise(backoff))
    assert all(math.isclose(b - a, 20.0) for a, b in itertools.pairwise(times[14:30]))
    assert 23 <= times[-1] / 86_400 < 23.2


def _bus_to_function(faults: list[Fault], **bus: object) -> tuple[list, list]:
    nodes = [
        producer("p", 1, "constant"),
        node("bus", "router", **bus),
        consumer("c", service_time=0.1, retries=0),
    ]
    return nodes, [edge("p", "bus"), edge("bus", "c")]


def test_router_retries_a_target_in_an_outage_and_delivers_after_it() -> None:
    """Deliveries to a function in an outage are retried by the bus and complete after it:
    nothing fails, and the longest latency is about the outage's length."""
    faults = [Fault("c", "outage", start=100, duration=60)]
    nodes, edges = _bus_to_function(faults)
    result = run(topology(nodes, edges, 400, faults=faults))
    assert result.events["completed"] == result.events["produced"] - result.events["in_flight"]
    assert result.events["failed"] == result.events["throttled"] == 0
    assert result.nodes["c"]["failures"] == 0
    assert result.nodes["bus"]["retries"] > 60
    assert 60 <= result.latency["max"] < 60 + 61  # waited at most one backoff beyond the end


def test_router_gives_up_refused_deliveries_to_its_dead_letter_edge() -> None:
    """A delivery still refused when retry_max_age runs out goes to the bus's dead-letter
    queue (not failed at the function)."""
    faults = [Fault("c", "outage", start=100, duration=600)]
    nodes, edges = _bus_to_function(faults, retry_max_age=60)
    nodes.append(queue("dlq"))
    edges.append(edge("bus", "dlq", "dead-letter"))
    result = run(topology(nodes, edges, 1000, faults=faults))
    assert result.events["dead_lettered"] == result.nodes["bus"]["throttled"] >= 500
    assert result.nodes["dlq"]["depth_max"] == result.events["dead_lettered"]
    assert result.events["failed"] == 0


def _topic_to_queue(outage: float, dead_letter: bool, rate: float = 1.0) -> dict:
    nodes = [producer("p", rate, "constant"), node("sns", "topic"), queue("q"), consumer("c")]
    edges = [edge("p", "sns"), edge("sns", "q"), edge("q", "c")]
    if dead_letter:
        nodes.append(queue("dlq"))
        edges.append(edge("sns", "dlq", "dead-letter"))
    faults = [Fault("q", "outage", start=10, duration=outage)]
    return run(topology(nodes, edges, outage + 200, faults=faults)).to_json_dict()


def test_sns_retries_a_queue_in_an_outage_on_its_schedule() -> None:
    """An event published at the start of a 100 s queue outage gets there within 20 s of its
    end (the retries are 20 s apart by then) and nothing is lost."""
    result = _topic_to_queue(100, dead_letter=False)
    events = result["events"]
    assert events["completed"] == events["produced"] - events["in_flight"]
    assert events["throttled"] == 0
    assert 100 <= result["latency"]["max"] <= 120
    assert result["nodes"]["sns"]["retries"] > 100  # immediate and 1 s tries of each event


def test_sns_gives_up_after_100015_tries_to_its_dead_letter_queue() -> None:
    """A queue down for 35 days: the event published on day 11.6 ends in the topic's
    dead-letter queue after its 100,015th try, 23.1 days later; later ones are still being
    tried when the queue comes back and get there."""
    last_try = sum(sns_delay(n) or 0.0 for n in range(1, SNS_TRIES))
    result = _topic_to_queue(35 * 86_400, dead_letter=True, rate=1e-6)
    events = result["events"]
    assert events["produced"] == 3  # at 1e6, 2e6 and 3e6 s
    assert 1e6 + last_try < result["duration"] < 2e6 + last_try
    assert events["dead_lettered"] == 1
    assert events["completed"] == 2
    assert result["nodes"]["sns"]["throttled"] == events["dead_lettered"]
    assert result["nodes"]["dlq"]["depth_max"] == events["dead_lettered"]
