"""A table of broken files and the exact message a user sees for each."""

from __future__ import annotations

import textwrap

import pytest

from simulator.files import loads
from simulator.problems import TopologyError

HEAD = "format: eventscape/topology\nversion: 1\n"
CONSUMER = "  - {id: payments, kind: consumer}\n"


def messages(text: str, fmt: str = "yaml") -> list[str]:
    """Every problem reported for `text`, as the user reads them."""
    with pytest.raises(TopologyError) as info:
        loads(textwrap.dedent(text), fmt)
    return [str(p) for p in info.value.problems]


BAD_FILES = [
    (
        "concurrency zero",
        HEAD + "nodes:\n  - {id: web, kind: producer}\n  - {id: q, kind: queue}\n"
        "  - {id: payments, kind: consumer, concurrency: 0}\n",
        "nodes[2] (payments).concurrency: must be >= 1, got 0",
    ),
    (
        "negative rate",
        HEAD + "nodes:\n  - {id: web, kind: producer, load: {profile: poisson, rate: -5}}\n",
        "nodes[0] (web).load.rate: must be >= 0, got -5",
    ),
    (
        "visibility timeout above 12 h",
        HEAD + "nodes:\n  - {id: q, kind: queue, visibility_timeout: 50000}\n",
        "nodes[0] (q).visibility_timeout: must be <= 43200 s, got 50000",
    ),
    (
        "unknown key with a suggestion",
        HEAD + "nodes:\n  - {id: q, kind: queue, visibilty_timeout: 30}\n",
        "nodes[0] (q).visibilty_timeout: unknown key (did you mean 'visibility_timeout'?)",
    ),
    (
        "wrong type",
        HEAD + "nodes:\n  - {id: q, kind: queue, fifo: 'yes'}\n",
        "nodes[0] (q).fifo: must be true or false, got string",
    ),
    (
        "duplicate id",
        HEAD + "nodes:\n" + CONSUMER + CONSUMER,
        "nodes[1] (payments).id: duplicate id 'payments'",
    ),
    (
        "edge to an unknown node",
        HEAD + "nodes:\n" + CONSUMER + "edges:\n  - {from: payments, to: ghost}\n",
        "edges[0] (payments -> ghost).to: unknown node 'ghost'",
    ),
    (
        "dead-letter edge not queue to queue",
        HEAD
        + "nodes:\n  - {id: q, kind: queue}\n"
        + CONSUMER
        + "edges:\n  - {from: q, to: payments, kind: dead-letter}\n",
        "edges[0] (q -> payments): a dead-letter edge must go from a queue, router or topic to a "
        "queue, "
        "not queue -> consumer",
    ),
    (
        "pattern on an edge that does not leave a router",
        HEAD
        + "nodes:\n  - {id: q, kind: queue}\n"
        + CONSUMER
        + "edges:\n  - {from: q, to: payments, pattern: {source: [a]}}\n",
        "edges[0] (q -> payments).pattern: only edges leaving a router have a pattern "
        "(this one leaves a queue)",
    ),
    (
        "filter on an edge that does not leave a topic",
        HEAD
        + "nodes:\n  - {id: bus, kind: router}\n"
        + CONSUMER
        + "edges:\n  - {from: bus, to: payments, filter: {a: [1]}}\n",
        "edges[0] (bus -> payments).filter: only edges leaving a topic have a filter "
        "(this one leaves a router)",
    ),
    (
        "invalid EventBridge pattern names the edge",
        HEAD
        + "nodes:\n  - {id: bus, kind: router}\n"
        + CONSUMER
        + "edges:\n  - {from: bus, to: payments, pattern: {source: []}}\n",
        "edges[0] (bus -> payments).pattern: Event pattern is not valid. Reason: source: "
        "Empty arrays are not allowed",
    ),
    (
        "wildcard is not allowed in an SNS filter policy",
        HEAD
        + "nodes:\n  - {id: t, kind: topic}\n"
        + CONSUMER
        + "edges:\n  - {from: t, to: payments, filter: {a: [{wildcard: 'x*'}]}}\n",
        "edges[0] (t -> payments).filter: Invalid parameter: FilterPolicy: a: Unrecognized "
        "match type wildcard (SNS filter policies do not support it)",
    ),
    (
        "queue delivering to a router",
        HEAD
        + "nodes:\n  - {id: q, kind: queue}\n  - {id: bus, kind: router}\n"
        + "edges:\n  - {from: q, to: bus}\n",
        "edges[0] (q -> bus): a queue delivers only to consumers (they poll it), not to a router",
    ),
    (
        "malformed YAML",
        HEAD + "nodes:\n  - {id: q, kind: queue\n",
        "line 5, column 1: malformed YAML: expected ',' or '}', but got '<stream end>'",
    ),
    (
        "not a topology",
        "name: shopping list\nitems: [milk]\n",
        "not a topology file: 'format' must be 'eventscape/topology', got None",
    ),
    (
        "newer version",
        "format: eventscape/topology\nversion: 7\nnodes: []\n",
        "version: this file is format version 7, but this Eventscape reads up to version 1: "
        "please update Eventscape",
    ),
    (
        "python tag executes nothing",
        HEAD + "name: !!python/object/apply:os.system ['touch /tmp/pwned']\nnodes: []\n",
        "line 3, column 7: malformed YAML: unsupported YAML tag "
        "('tag:yaml.org,2002:python/object/apply:os.system')",
    ),
    (
        "distribution with a bad parameter",
        HEAD + "nodes:\n  - {id: c, kind: consumer, service_time: {dist: exponential, mean: 0}}\n",
        "nodes[0] (c).service_time.mean: must be > 0, got 0",
    ),
    (
        "warmup longer than the run",
        HEAD + "scenario: {duration: 60, warmup: 120}\nnodes: []\n",
        "scenario.warmup: must be < duration (60), got 120",
    ),
    (
        "fault on an unknown node",
        HEAD
        + "scenario:\n  faults: [{node: ghost, kind: outage, start: 0, duration: 5}]\nnodes: []\n",
        "scenario.faults[0].node: unknown node 'ghost'",
    ),
    (
        "unknown generator",
        HEAD + "nodes:\n  - id: web\n    kind: producer\n"
        "    events: [{detail: {n: {$gauss: [0, 1]}}}]\n",
        "nodes[0] (web).events[0].detail.n: unknown generator '$gauss' (known: $choice, "
        "$weighted, $uniform, $randint, $seq)",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_reports_its_message(case: str, text: str, expected: str) -> None:
    """Each broken file is rejected with the message that names where the problem is."""
    assert expected in messages(text)


def test_all_problems_are_reported_at_once() -> None:
    """Several independent problems in one file are all listed, not just the first."""
    text = HEAD + (
        "nodes:\n"
        "  - {id: c, kind: consumer, concurrency: 0, failure_rate: 2}\n"
        "  - {id: q, kind: queue, delay: 1000}\n"
        "edges:\n  - {from: q, to: nowhere}\n"
    )
    found = messages(text)
    assert len(found) == 4, found


def test_malformed_json_reports_line_and_column() -> None:
    """A JSON syntax error names its line and column."""
    text = '{\n  "format": "eventscape/topology",\n  "version": 1,\n  "nodes": [,]\n}\n'
    assert messages(text, "json") == ["line 4, column 13: malformed JSON: Expecting value"]


def test_trailing_comma_in_json_is_named() -> None:
    """A trailing comma in JSON is reported as such, at its line and column."""
    text = '{\n  "format": "eventscape/topology",\n  "version": 1,\n  "nodes": [1,\n  ]\n}\n'
    assert messages(text, "json") == [
        "line 5, column 3: malformed JSON: trailing comma before ']' (JSON allows none)"
    ]


def test_duplicate_yaml_key_is_an_error() -> None:
    """A key written twice in one mapping is reported rather than silently overwritten."""
    found = messages(HEAD + "nodes: []\nnodes: []\n")
    assert found == ["line 4, column 1: malformed YAML: duplicate key 'nodes'"]


def test_norway_stays_a_string() -> None:
    """YAML 1.2 booleans: a country code NO is the string 'NO', not false."""
    text = HEAD + "nodes:\n  - id: web\n    kind: producer\n    events: [{detail: {c: NO}}]\n"
    topology = loads(text)
    assert topology.node("web").params["events"][0]["detail"]["c"] == "NO"


def test_too_many_nodes_is_refused() -> None:
    """A file with more nodes than the cap is rejected before anything is built."""
    nodes = "".join(f"  - {{id: n{i}, kind: queue}}\n" for i in range(5001))
    assert messages(HEAD + "nodes:\n" + nodes) == ["nodes: too many nodes: 5001 (at most 5000)"]
