"""Graph checks: each structural problem is found and attributed to the right node."""

from __future__ import annotations

from simulator.checks import check
from simulator.model import Edge, Node, Topology


def topology(nodes: list[tuple[str, str]], edges: list[tuple], **params) -> Topology:
    """A topology from (id, kind) pairs and (source, target[, kind]) tuples."""
    return Topology(
        nodes=[Node(i, k, params=dict(params.get(i, {}))) for i, k in nodes],
        edges=[Edge(*e) for e in edges],
    )


def problems_of(t: Topology) -> dict[str, list[str]]:
    """Messages grouped by node id."""
    found: dict[str, list[str]] = {}
    for problem in check(t):
        found.setdefault(problem.node or "", []).append(problem.message)
    return found


def test_clean_pipeline_has_no_problems() -> None:
    """Producer -> queue -> consumer raises nothing."""
    t = topology([("p", "producer"), ("q", "queue"), ("c", "consumer")], [("p", "q"), ("q", "c")])
    assert check(t) == []


def test_unreached_node_is_reported() -> None:
    """A consumer no producer reaches is flagged."""
    t = topology([("p", "producer"), ("c", "consumer"), ("lonely", "consumer")], [("p", "c")])
    assert "no producer's events reach this node" in problems_of(t)["lonely"]


def test_producer_without_consumer_is_reported() -> None:
    """A producer whose events end in a router with no consumer behind it is flagged."""
    t = topology([("p", "producer"), ("bus", "router")], [("p", "bus")])
    assert "this producer's events reach no consumer" in problems_of(t)["p"]


def test_unconsumed_queue_is_reported_but_not_a_dead_letter_queue() -> None:
    """A queue nobody reads is flagged; a dead-letter queue is not."""
    t = topology(
        [("p", "producer"), ("q", "queue"), ("dlq", "queue"), ("c", "consumer"), ("idle", "queue")],
        [("p", "q"), ("q", "c"), ("q", "dlq", "dead-letter"), ("p", "idle")],
    )
    found = problems_of(t)
    assert any("no consumer reads this queue" in m for m in found["idle"])
    assert "dlq" not in found


def test_router_without_rules_is_reported() -> None:
    """A router with no outgoing rule is flagged."""
    t = topology(
        [("p", "producer"), ("bus", "router"), ("c", "consumer")], [("p", "bus"), ("p", "c")]
    )
    assert any("router has no rules" in m for m in problems_of(t)["bus"])


def test_loop_without_exit_is_an_error() -> None:
    """Consumers forwarding to each other with no way out is an error."""
    t = topology(
        [("p", "producer"), ("a", "consumer"), ("b", "consumer")],
        [("p", "a"), ("a", "b"), ("b", "a")],
    )
    errors = [p for p in check(t) if p.severity == "error"]
    assert [p.node for p in errors] == ["a"]
    assert "every event circulates forever" in errors[0].message


def test_loop_with_an_exit_is_fine() -> None:
    """A consumer publishing back to a bus that also routes elsewhere is not a loop problem."""
    t = topology(
        [("p", "producer"), ("bus", "router"), ("pay", "consumer"), ("ship", "consumer")],
        [("p", "bus"), ("bus", "pay"), ("pay", "bus"), ("bus", "ship")],
    )
    assert not [p for p in check(t) if "loop" in p.message]


def test_visibility_shorter_than_timeout_is_warned() -> None:
    """A queue whose visibility timeout is below its consumer's timeout gets a warning."""
    t = topology(
        [("p", "producer"), ("q", "queue"), ("c", "consumer")],
        [("p", "q"), ("q", "c")],
        q={"visibility_timeout": 10},
        c={"timeout": 60},
    )
    assert any("shorter than c's timeout" in m for m in problems_of(t)["q"])


def test_on_failure_of_a_queue_fed_consumer_is_a_silent_no_op() -> None:
    """An on-failure edge from a consumer only queues feed is warned about, by name."""
    nodes = [
        Node("p", "producer"),
        Node("q", "queue"),
        Node("c", "consumer"),
        Node("dlq", "queue"),
    ]
    edges = [Edge("p", "q"), Edge("q", "c"), Edge("c", "dlq", "on-failure")]
    problems = check(Topology(nodes=nodes, edges=edges))
    [warning] = [p for p in problems if "never fires" in p.message]
    assert warning.severity == "warning"
    assert "c -(on-failure)-> dlq" in warning.message
    edges[1] = Edge("p", "c")  # invoked asynchronously: the edge is used
    assert not [p for p in check(Topology(nodes=nodes, edges=edges)) if "never fires" in p.message]


def test_events_over_256_kb_reaching_a_bus_or_topic_are_errors() -> None:
    """A 300 KB event template is an error when its events reach a topic (even through a
    queue and a function that emits: copies keep the event's size); 256 KB is fine, and
    300 KB straight into a queue (SQS takes up to 1 MiB) is fine."""
    events = [{"source": "a", "detail-type": "b", "size_kb": 300}]
    nodes = [("p", "producer"), ("q", "queue"), ("c", "consumer"), ("t", "topic")]
    t = topology(nodes, [("p", "q"), ("q", "c"), ("c", "t")], p={"events": events})
    [error] = [p for p in check(t) if p.node == "p" and "256" in p.message]
    assert error.severity == "error"
    assert "events[0].size_kb 300 > 256" in error.message and "reach t" in error.message
    events[0]["size_kb"] = 256
    assert not [p for p in check(t) if "256" in p.message]
    events[0]["size_kb"] = 300
    queue_only = topology(nodes[:3], [("p", "q"), ("q", "c")], p={"events": events})
    assert not [p for p in check(queue_only) if "256" in p.message]
