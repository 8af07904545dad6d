"""Audit records (issue 16): one record per decision, the contract keys in order, no cost."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from engine_topologies import consumer, edge, node, producer, queue, topology

from simulator.cli import main
from simulator.engine import AuditCollector, run
from simulator.engine.audit import ACTIONS, KEYS, JsonlAudit
from simulator.model import Fault

EXAMPLE = str(Path(__file__).resolve().parents[2] / "assets" / "examples" / "ecommerce.yaml")


def _routed() -> Any:
    """Two kinds of events through a bus: one rule to a queue read by a failing consumer
    with a dead-letter queue, one kind matched by no rule."""
    nodes = [
        producer("p", 5.0, profile="constant", events=[
            {"detail-type": "Order", "weight": 1}, {"detail-type": "Other", "weight": 1},
        ]),
        node("bus", "router"),
        queue("q", max_receive_count=2, visibility_timeout=5),
        consumer("c", failure_rate=0.3, service_time=0.1),
        queue("dlq"),
    ]  # fmt: skip
    edges = [
        edge("p", "bus"),
        edge("bus", "q", pattern={"detail-type": ["Order"]}),
        edge("q", "c"),
        edge("q", "dlq", "dead-letter"),
    ]
    return topology(nodes, edges, duration=200.0)


def test_collector_gets_one_record_per_decision_with_the_keys_in_order() -> None:
    """Every record has exactly the contract keys in order; publishes equal events
    produced, and each outcome has as many records as the ledger counted."""
    sink = AuditCollector()
    result = run(_routed(), audit=sink)
    assert sink.records and sink.dropped == 0
    assert all(tuple(r) == KEYS for r in sink.records)
    actions = Counter(r["action"] for r in sink.records)
    assert set(actions) <= set(ACTIONS)
    events = result.events
    assert actions["publish"] == events["produced"]
    assert actions["complete"] == events["completed"]
    assert actions["unmatched"] == events["unmatched"] > 0
    assert actions["dead-letter"] == events["dead_lettered"] > 0


def test_records_name_what_decided() -> None:
    """A rule delivery names the rule, a poller delivery the queue and reader, a dead
    letter the queue's max_receive_count, an unmatched event the missing rule."""
    sink = AuditCollector()
    run(_routed(), audit=sink)
    by_action: dict[str, set[Any]] = {}
    for record in sink.records:
        by_action.setdefault(record["action"], set()).add((record["node"], record["decided_by"]))
    assert ("bus", "rule bus->q") in by_action["deliver"]
    assert ("q", "poller q->c") in by_action["deliver"]
    assert by_action["dead-letter"] == {("q", "max_receive_count 2")}
    assert by_action["unmatched"] == {("bus", "no rule matched")}
    assert by_action["publish"] == {("p", None)}


def test_records_follow_one_event_by_its_ids() -> None:
    """An event's records share its correlation id, start with its publish and are in
    time order; account and region are the node's (the defaults here)."""
    sink = AuditCollector()
    run(_routed(), audit=sink)
    first = sink.records[0]
    trail = [r for r in sink.records if r["correlation_id"] == first["correlation_id"]]
    assert trail[0]["action"] == "publish" and trail[0]["event_id"] == first["event_id"]
    assert [r["time"] for r in trail] == sorted(r["time"] for r in trail)
    assert len(trail) >= 2
    assert {(r["account"], r["region"]) for r in trail} == {("123456789012", "us-east-1")}


def test_collector_caps_records_and_counts_the_rest() -> None:
    """Past its cap the collector keeps no more records and counts them as dropped."""
    full = AuditCollector()
    run(_routed(), audit=full)
    capped = AuditCollector(cap=10)
    run(_routed(), audit=capped)
    assert len(capped.records) == 10
    assert capped.records == full.records[:10]
    assert capped.dropped == len(full.records) - 10


def test_an_audit_sink_leaves_the_result_unchanged() -> None:
    """The same run with and without a sink gives the same contract JSON."""
    plain = run(_routed()).to_json_dict()
    audited = run(_routed(), audit=AuditCollector()).to_json_dict()
    assert plain == audited


def test_jsonl_audit_is_renamed_in_only_when_complete(tmp_path: Path) -> None:
    """Lines go to a temporary file; the target appears on close and not after a failure."""
    target = tmp_path / "a.jsonl"
    with JsonlAudit(target) as sink:
        sink({"time": 1.0})
        assert not target.exists()
    assert target.read_text() == '{"time":1.0}\n'
    other = tmp_path / "b.jsonl"
    with pytest.raises(RuntimeError), JsonlAudit(other) as sink:
        sink({"time": 2.0})
        raise RuntimeError("the run failed")
    assert not other.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.jsonl"]


def test_cli_audit_writes_one_json_line_per_decision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`run --audit FILE` writes JSON lines with the contract keys in order, as many
    publishes as events produced, and prints the same JSON as a run without it."""
    path = tmp_path / "audit.jsonl"
    args = [EXAMPLE, "--duration", "120", "--warmup", "0", "--json"]
    assert main(["run", *args, "--audit", str(path)]) == 0
    audited, err = capsys.readouterr()
    assert main(["run", *args]) == 0
    plain = capsys.readouterr().out
    assert audited == plain
    lines = path.read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert all(list(r) == list(KEYS) for r in records)
    publishes = sum(r["action"] == "publish" for r in records)
    assert publishes == json.loads(plain)["events"]["produced"]
    assert f"{len(lines):,} audit records" in err


def test_cli_audit_path_problems_are_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder, a missing folder or replications give one error line and exit 1."""
    for target, extra in (
        (tmp_path, []),
        (tmp_path / "missing" / "a.jsonl", []),
        (tmp_path / "a.jsonl", ["--replications", "2"]),
    ):
        argv = ["run", EXAMPLE, "--duration", "10", "--warmup", "0", "--audit", str(target)]
        code = main([*argv, *extra])
        err = capsys.readouterr().err
        assert code == 1
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
        assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_queue_and_router_outcomes_name_their_settings() -> None:
    """A full queue's rejects name its capacity, expiries its retention; a router giving
    up on a target in an outage names its retry policy."""
    nodes = [
        producer("p", 20.0, profile="constant"),
        node("bus", "router", retry_max_age=60),
        queue("small", capacity=5, retention=60),
        consumer("slow", service_time=30.0, concurrency=1),
        consumer("down"),
    ]
    edges = [edge("p", "bus"), edge("bus", "small"), edge("small", "slow"), edge("bus", "down")]
    topo = topology(nodes, edges, duration=300.0, faults=[Fault("down", "outage", 0, 300)])
    sink = AuditCollector()
    result = run(topo, audit=sink)
    reasons = {(r["node"], r["action"]): r["decided_by"] for r in sink.records}
    assert reasons[("small", "reject")] == "capacity 5"
    assert reasons[("small", "expire")] == "retention 60"
    assert reasons[("bus", "throttle")] == "retry policy (retry_attempts 185, retry_max_age 60)"
    assert result.events["rejected"] > 0 and result.events["throttled"] > 0
    assert result.events["expired"] > 0


def test_topic_deliveries_name_the_subscription() -> None:
    """A topic's deliveries name the subscription, one record per matching subscription."""
    nodes = [
        producer("p", 2.0, profile="constant"),
        node("t", "topic"),
        consumer("a"),
        consumer("b"),
    ]
    edges = [edge("p", "t"), edge("t", "a"), edge("t", "b")]
    sink = AuditCollector()
    result = run(topology(nodes, edges, duration=50.0), audit=sink)
    delivered = Counter(r["decided_by"] for r in sink.records if r["action"] == "deliver")
    produced = result.events["produced"]
    assert delivered == {"subscription t->a": produced, "subscription t->b": produced}


def test_a_rule_delivery_is_recorded_when_it_is_sent() -> None:
    """A delivery to a target in an outage is recorded as 'deliver' only if a retry gets
    it through: ones the outage outlasts end 'throttle' with no 'deliver' record, ones
    retried after it have one record each, at the time they were sent (after the outage)."""
    nodes = [producer("p", 1.0, profile="constant"), node("bus", "router", retry_max_age=60)]
    nodes.append(consumer("down"))
    edges = [edge("p", "bus"), edge("bus", "down")]
    outage = Fault("down", "outage", 0, 100)
    sink = AuditCollector()
    result = run(topology(nodes, edges, duration=300.0, faults=[outage]), audit=sink)
    delivers = [r for r in sink.records if r["action"] == "deliver"]
    throttled = {r["event_id"] for r in sink.records if r["action"] == "throttle"}
    assert throttled and len(throttled) == result.events["throttled"]
    assert not throttled & {r["event_id"] for r in delivers}
    assert all(r["time"] >= 100 for r in delivers)
    assert len(delivers) == result.events["produced"] - result.events["throttled"]
