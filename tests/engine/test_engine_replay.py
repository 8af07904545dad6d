"""Archives and replays (issue 16): what is kept, what is re-sent, when, and the ledger."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from engine_topologies import consumer, edge, node, producer, queue, topology

from simulator.engine import AuditCollector, run
from simulator.engine.replay import REPLAY_NAME, SLICE
from simulator.files import load
from simulator.model import Fault
from simulator.model.archive import Replay
from simulator.problems import TopologyError


def _bus(
    archive: dict[str, Any],
    replays: list[Replay],
    duration: float = 900.0,
    seed: int = 1,
    faults: list[Fault] | None = None,
) -> Any:
    """Orders and refunds, Poisson, through an archived bus to a queue and a consumer."""
    nodes = [
        producer("p", 3.0, events=[
            {"detail-type": "Order", "weight": 2}, {"detail-type": "Refund", "weight": 1},
        ]),
        node("bus", "router", archive=archive),
        queue("q"),
        consumer("c", service_time=0.05),
    ]  # fmt: skip
    edges = [edge("p", "bus"), edge("bus", "q"), edge("q", "c")]
    topo = topology(nodes, edges, duration=duration, seed=seed, faults=faults)
    topo.scenario.replays = replays
    return topo


def _records(topo: Any) -> tuple[Any, list[dict[str, Any]]]:
    sink = AuditCollector()
    result = run(topo, audit=sink)
    return result, sink.records


def test_a_replay_resends_exactly_the_archived_events_of_its_window() -> None:
    """The replayed event ids are the ids archived in [from, to), each once, and
    events.replayed and the router's figure count them."""
    result, records = _records(_bus({}, [Replay("bus", 100, 220, 400)]))
    archived = [r for r in records if r["action"] == "archive" and 100 <= r["time"] < 220]
    replayed = [r for r in records if r["action"] == "replay"]
    assert len(archived) > 300
    assert sorted(r["event_id"] for r in replayed) == sorted(r["event_id"] for r in archived)
    assert result.events["replayed"] == len(replayed)
    assert result.nodes["bus"]["replayed"] == len(replayed)
    assert result.ledger["balanced"]


def test_only_events_matching_the_archive_pattern_are_kept_and_replayed() -> None:
    """With a pattern on Refund the archive keeps refunds only; orders are never replayed."""
    topo = _bus({"pattern": {"detail-type": ["Refund"]}}, [Replay("bus", 0, 300, 300)])
    result, records = _records(topo)
    published = {r["event_id"] for r in records if r["action"] == "publish"}
    kept = {r["event_id"] for r in records if r["action"] == "archive"}
    assert 0 < len(kept) < len(published) / 2
    assert result.nodes["bus"]["archived"] == len(kept)
    replayed = {r["event_id"] for r in records if r["action"] == "replay"}
    assert replayed == {r["event_id"] for r in records if r["action"] == "archive"
                        and r["time"] < 300}  # fmt: skip


def test_replayed_copies_are_marked_and_not_archived_again() -> None:
    """A replayed event carries replay-name (a rule matching on it gets exactly the
    replayed events); the archive counts only original events."""
    topo = _bus({}, [Replay("bus", 0, 120, 200, name="recover")], duration=400)
    topo.nodes += [queue("rq"), consumer("rc")]
    marked = {REPLAY_NAME: [{"exists": True}]}
    topo.edges += [edge("bus", "rq", pattern=marked), edge("rq", "rc")]
    seen: list[dict[str, Any]] = []
    result = run(topo, audit=seen.append)
    assert result.nodes["bus"]["archived"] == result.events["produced"]
    assert result.events["replayed"] > 0
    assert result.nodes["rc"]["processed"] == result.events["replayed"]
    assert {r["decided_by"] for r in seen if r["action"] == "replay"} == {"replay recover"}


def test_events_past_the_retention_are_not_replayed() -> None:
    """With retention 300 s a replay at t=400 of [0, 200) re-sends only events archived
    at t >= 100 (older ones are gone)."""
    _, records = _records(_bus({"retention": 300}, [Replay("bus", 0, 200, 400)]))
    archived = [r for r in records if r["action"] == "archive" and r["time"] < 200]
    replayed = {r["event_id"] for r in records if r["action"] == "replay"}
    assert replayed == {r["event_id"] for r in archived if r["time"] >= 100}
    assert any(r["time"] < 100 for r in archived)


def test_a_replay_goes_through_its_window_one_minute_slice_at_a_time() -> None:
    """Events archived in minute k of the window are re-sent during minute k after `at`;
    within a slice the order is shuffled, and the same seed shuffles the same way."""
    _, records = _records(_bus({}, [Replay("bus", 30, 270, 500)]))
    archived_at = {r["event_id"]: r["time"] for r in records if r["action"] == "archive"}
    by_slice: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for r in records:
        if r["action"] == "replay":
            k = int((archived_at[r["event_id"]] - 30) // SLICE)
            assert 500 + k * SLICE <= r["time"] < 500 + (k + 1) * SLICE
            by_slice[k].append((r["time"], archived_at[r["event_id"]]))
    assert sorted(by_slice) == [0, 1, 2, 3]
    orders = [[archived for _, archived in sorted(pairs)] for pairs in by_slice.values()]
    assert any(order != sorted(order) for order in orders)
    _, again = _records(_bus({}, [Replay("bus", 30, 270, 500)]))
    assert [r for r in again if r["action"] == "replay"] == [
        r for r in records if r["action"] == "replay"
    ]


def test_a_replay_after_an_outage_completes_what_the_outage_lost() -> None:
    """A consumer outage sends failed messages to a dead-letter queue nobody reads; a
    replay of the outage window after recovery completes as many events again as were
    dead-lettered, and the ledger balances with the replayed copies."""
    nodes = [
        producer("p", 2.0, profile="constant"),
        node("bus", "router", archive={}),
        queue("q", max_receive_count=1, visibility_timeout=5),
        consumer("c", service_time=0.05),
        queue("dlq"),
    ]
    edges = [edge("p", "bus"), edge("bus", "q"), edge("q", "c"), edge("q", "dlq", "dead-letter")]
    outage = [Fault("c", "outage", 100, 100)]
    topo = topology(nodes, edges, duration=600, faults=outage)
    lost = run(topo)
    topo.scenario.replays = [Replay("bus", 95, 200, 300)]
    recovered = run(topo)
    assert lost.events["dead_lettered"] > 150
    assert recovered.events["replayed"] >= lost.events["dead_lettered"]
    assert recovered.events["completed"] == lost.events["completed"] + recovered.events["replayed"]
    assert recovered.ledger["balanced"]
    created = recovered.ledger["created"]
    assert created == recovered.events["produced"] + recovered.events["replayed"]


def test_the_ledger_balances_with_denied_publishes_and_replays() -> None:
    """A bus admitting a partner account and denying another: the stranger's events all end
    denied and are never archived; the replay re-sends the partner's archived events; the
    ledger balances with both (created = produced + replayed)."""
    nodes = [
        producer("partner", 2.0, account="111122223333"),
        producer("stranger", 1.0, account="444455556666"),
        node("bus", "router", archive={}, policy=[
            {"effect": "Allow", "principals": ["111122223333"], "actions": ["publish"]},
        ]),
        queue("q"),
        consumer("c", service_time=0.05),
    ]  # fmt: skip
    edges = [edge("partner", "bus"), edge("stranger", "bus"), edge("bus", "q"), edge("q", "c")]
    topo = topology(nodes, edges, duration=600)
    topo.scenario.replays = [Replay("bus", 0, 240, 300)]
    result, records = _records(topo)
    events = result.events
    assert events["denied"] == result.nodes["stranger"]["processed"] > 0
    denied = {r["correlation_id"] for r in records if r["action"] == "deny"}
    archived = {r["event_id"] for r in records if r["action"] == "archive" and r["time"] < 240}
    replayed = {r["event_id"] for r in records if r["action"] == "replay"}
    assert len(denied) == events["denied"]
    assert replayed == archived and not denied & archived
    assert events["replayed"] == len(replayed) > 0
    assert result.ledger["balanced"]
    assert result.ledger["created"] == events["produced"] + events["replayed"]


def test_the_example_replay_brings_the_central_side_back_to_complete() -> None:
    """In the cross-account example every partner order the us-east-1 outage dead-lettered
    at the partner bus completes at the central fulfilment function after the replay
    (and not without it); the unknown account's events all end denied."""
    example = Path(__file__).resolve().parents[2] / "assets/examples/cross-account-replay.yaml"
    topo = load(example)
    result, records = _records(topo)

    def fulfilled(rs: list[dict[str, Any]]) -> set[str]:
        done = [r for r in rs if r["node"] == "fulfil" and r["action"] == "complete"]
        return {r["correlation_id"] for r in done}

    lost = {r["correlation_id"] for r in records if r["action"] == "dead-letter"}
    assert len(lost) == result.events["dead_lettered"] > 100
    assert lost <= fulfilled(records)
    assert result.events["denied"] == result.nodes["stranger"]["processed"] > 0
    assert result.ledger["balanced"]
    topo.scenario.replays = []
    _, without = _records(topo)
    assert not lost & fulfilled(without)


def test_a_replay_of_a_router_without_archive_is_a_clear_error() -> None:
    """A topology built in code whose replay names a router with no archive is refused
    with a problem naming the replay (validation catches it in files)."""
    topo = _bus({}, [Replay("q", 0, 60, 120)])
    with pytest.raises(TopologyError) as caught:
        run(topo)
    assert str(caught.value.problems[0]) == (
        "scenario.replays[0].router: router 'q' has no archive to replay from"
    )


def _two_rules(rules: tuple[str, ...] | None) -> Any:
    """The bus with a second rule (to `audit`); a replay of [0, 120) at 200."""
    topo = _bus({}, [Replay("bus", 0, 120, 200, name="fix", rules=rules)], duration=400)
    topo.nodes += [consumer("audit")]
    topo.edges += [edge("bus", "audit")]
    return topo


def test_a_replay_with_rules_reaches_only_those_rules() -> None:
    """`rules` (EventBridge's FilterArns): the replayed events go to the queue's rule only;
    the other rule's target gets the original events alone, and the ledger balances."""
    plain, limited = run(_two_rules(None)), run(_two_rules(("q",)))
    replayed = limited.events["replayed"]
    assert replayed > 300 and replayed == plain.events["replayed"]
    assert limited.nodes["q"]["processed"] == plain.nodes["q"]["processed"]
    assert limited.nodes["audit"]["processed"] == plain.nodes["audit"]["processed"] - replayed
    assert limited.ledger["balanced"]


def test_replay_rules_must_be_rules_of_the_bus() -> None:
    """A rule the bus does not have is an error naming the replay and the bus's rules."""
    from simulator.model.validation import problems

    found = [str(p) for p in problems(_two_rules(("q", "nowhere")))]
    assert found == [
        "scenario.replays[0].rules[1]: router 'bus' has no rule to 'nowhere' (its rules: audit, q)"
    ]


def test_the_table_names_denials_replays_and_cross_region_bytes() -> None:
    """`run`'s table lists below the nodes each node that denied publishes, replayed
    archived events or sent bytes to another Region, with the figures of --json (the
    columns show none of them); a run without any adds no such line."""
    from simulator.engine.report import table

    example = Path(__file__).resolve().parents[2] / "assets/examples/cross-account-replay.yaml"
    data = run(load(example)).to_json_dict()
    nodes = data["nodes"]
    lines = table(data).splitlines()
    denied = nodes["central-bus"]["denied"]
    replayed = nodes["partner-bus"]["replayed"]
    sent = {n: f["cross_region_bytes"] for n, f in nodes.items() if f.get("cross_region_bytes")}
    assert denied > 0 and replayed > 0 and set(sent) == {"central-bus", "partner-bus"}
    assert f"denied:       central-bus refused {denied:,} publishes (its policy)" in lines
    assert f"replayed:     partner-bus re-sent {replayed:,} archived events" in lines
    central = f"cross-Region: central-bus sent {sent['central-bus']:,} bytes to other Regions"
    partner = f"              partner-bus sent {sent['partner-bus']:,} bytes to other Regions"
    assert lines[-2:] == [central, partner]
    plain = table(run(_bus({}, [])).to_json_dict())
    assert "denied:" not in plain and "replayed:" not in plain and "cross-Region:" not in plain
