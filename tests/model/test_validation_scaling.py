"""Validation of issue 15's keys: account concurrency, reservations, batching windows."""

from __future__ import annotations

import pytest

from simulator.checks import check
from simulator.files import loads
from simulator.problems import TopologyError

HEAD = """
format: eventscape/topology
version: 1
name: t
"""


def problems_of(text: str) -> list[str]:
    """The messages (with their places) the file reader gives for `text`."""
    with pytest.raises(TopologyError) as caught:
        loads(HEAD + text)
    return [str(p) for p in caught.value.problems]


def test_reservations_must_leave_100_unreserved() -> None:
    """Reserved concurrency summing above account - 100 is refused, naming the functions."""
    text = """
scenario: {account_concurrency: 1000}
nodes:
  - {id: a, kind: consumer, reserved_concurrency: 600}
  - {id: b, kind: consumer, reserved_concurrency: 350}
"""
    [message] = problems_of(text)
    assert "scenario.account_concurrency" in message
    assert "950, by a, b" in message


def test_account_concurrency_is_read_and_written() -> None:
    """`scenario.account_concurrency` round-trips and must be an integer >= 100."""
    topo = loads(HEAD + "scenario: {account_concurrency: 3000}\nnodes: []\n")
    assert topo.scenario.account_concurrency == 3000
    small = problems_of("scenario: {account_concurrency: 50}\nnodes: []\n")
    assert "account_concurrency" in small[0]


def test_environment_counts_go_up_to_100000() -> None:
    """A function under a raised quota may have 30,000 environments, 20,000 of them
    provisioned (AWS sets no 10,000 limit on either); 100,001 is refused."""
    text = """
scenario: {account_concurrency: 100000}
nodes:
  - {id: a, kind: consumer, concurrency: 30000, reserved_concurrency: 30000, provisioned: 20000}
"""
    node = loads(HEAD + text).node("a")
    assert (node.get("concurrency"), node.get("provisioned")) == (30000, 20000)
    big = "nodes:\n  - {id: a, kind: consumer, concurrency: 100001, provisioned: 100001}\n"
    found = problems_of(big)
    assert "nodes[0] (a).concurrency: must be <= 100000, got 100001" in found
    assert "nodes[0] (a).provisioned: must be <= 100000, got 100001" in found


def test_batches_above_10_need_a_window() -> None:
    """A batch size above 10 without batch_window >= 1 s is an error (AWS refuses the mapping)."""
    text = """
nodes:
  - {id: q, kind: queue}
  - {id: c, kind: consumer, batch_size: 100}
edges:
  - {from: q, to: c}
"""
    [error] = [p for p in check(loads(HEAD + text)) if "batch_window" in p.message]
    assert "batch_size 100 > 10" in error.message and error.node == "c"
    assert error.severity == "error"
    fixed = check(loads(HEAD + text.replace("batch_size: 100", "batch_size: 100, batch_window: 1")))
    assert not [p for p in fixed if "batch_window" in p.message]


def test_fifo_queues_take_no_window() -> None:
    """A batching window on a FIFO queue's reader is an error (AWS refuses the mapping)."""
    text = """
nodes:
  - {id: q, kind: queue, fifo: true}
  - {id: c, kind: consumer, batch_window: 2}
edges:
  - {from: q, to: c}
"""
    [error] = [p for p in check(loads(HEAD + text)) if "batch_window" in p.message]
    assert "FIFO queue (q) takes none" in error.message and error.severity == "error"


def test_provisioned_within_concurrency() -> None:
    """Provisioned environments may not exceed the function's concurrency."""
    text = "nodes:\n  - {id: c, kind: consumer, concurrency: 5, provisioned: 10}\n"
    assert "provisioned" in problems_of(text)[0]


def test_reservations_are_counted_per_account_and_region() -> None:
    """600 + 350 reserved in one account and Region is refused; split across Regions or
    accounts, each pool keeps its 100 (named in the message when there are several)."""
    text = """
scenario: {account_concurrency: 1000}
nodes:
  - {id: a, kind: consumer, reserved_concurrency: 600}
  - {id: b, kind: consumer, reserved_concurrency: 350, region: eu-west-1}
  - {id: c, kind: consumer, reserved_concurrency: 600, account: "111122223333"}
"""
    loads(HEAD + text)  # valid: three pools
    [message] = problems_of(text.replace("350, region: eu-west-1", "350"))
    assert "950, by a, b" in message
    assert message.endswith("unreserved (account 123456789012 in us-east-1)")


def test_provisioned_concurrency_counts_against_the_unreserved_pool() -> None:
    """A function without a reservation keeping 400 provisioned beside 600 reserved leaves
    fewer than 100 unreserved: refused, naming both."""
    text = """
scenario: {account_concurrency: 1000}
nodes:
  - {id: a, kind: consumer, reserved_concurrency: 600}
  - {id: b, kind: consumer, concurrency: 400, provisioned: 400}
"""
    [message] = problems_of(text)
    assert "reserved and provisioned concurrency (1000, by a, b)" in message
    loads(HEAD + text.replace("provisioned: 400", "provisioned: 300"))
