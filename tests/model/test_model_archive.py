"""Archive and replay keys (issue 16): checked with paths, warned about, saved and read back."""

from __future__ import annotations

import pytest

from simulator import checks
from simulator.files import dumps, loads
from simulator.model import problems
from simulator.model.archive import Replay
from simulator.problems import TopologyError

TEXT = """\
format: eventscape/topology
version: 1
name: archive
scenario:
  duration: 900
  replays:
{replays}
nodes:
  - {{id: p, kind: producer, load: {{profile: constant, rate: 2}}}}
  - {{id: bus, kind: router, archive: {archive}}}
  - {{id: plain, kind: router}}
  - {{id: q, kind: queue}}
  - {{id: c, kind: consumer}}
edges:
  - {{from: p, to: bus}}
  - {{from: bus, to: plain}}
  - {{from: plain, to: q}}
  - {{from: q, to: c}}
"""


def _text(replays: str = "    - {router: bus, from: 0, to: 300, at: 600}", archive: str = "{}"):
    return TEXT.format(replays=replays, archive=archive)


def _errors(text: str) -> list[str]:
    with pytest.raises(TopologyError) as caught:
        loads(text)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def test_a_valid_archive_and_replay_round_trip() -> None:
    """Archive and replays are read into the model and written back unchanged."""
    topology = loads(_text(archive="{pattern: {source: [p]}, retention: 3600}"))
    assert topology.scenario.replays == [Replay("bus", 0, 300, 600)]
    assert topology.node("bus").params["archive"] == {"pattern": {"source": ["p"]},
                                                      "retention": 3600}  # fmt: skip
    again = loads(dumps(topology))
    assert again == topology
    assert problems(topology) == []


def test_replay_rules_round_trip() -> None:
    """A replay's `rules` (FilterArns) is read, checked against the bus and written back."""
    replays = "    - {router: bus, from: 0, to: 300, at: 600, rules: [plain]}"
    topology = loads(_text(replays))
    assert topology.scenario.replays == [Replay("bus", 0, 300, 600, rules=("plain",))]
    assert loads(dumps(topology)) == topology
    assert problems(topology) == []


@pytest.mark.parametrize(
    ("replays", "archive", "expected"),
    [
        ("    - {router: nope, from: 0, to: 1, at: 2}", "{}",
         "scenario.replays[0].router: unknown node 'nope'"),
        ("    - {router: q, from: 0, to: 1, at: 2}", "{}",
         "scenario.replays[0].router: 'q' is a queue; only a router has an archive"),
        ("    - {router: plain, from: 0, to: 1, at: 2}", "{}",
         "scenario.replays[0].router: router 'plain' has no archive to replay from"),
        ("    - {router: bus, from: 60, to: 60, at: 200}", "{}",
         "scenario.replays[0].to: must be > from (60), got 60"),
        ("    - {router: bus, from: 0, to: 300, at: 200}", "{}",
         "scenario.replays[0].at: must be >= to (300): a replay re-sends events archived "
         "before it starts, got 200"),
        ("    - {router: bus, from: -1, to: 300, at: 400}", "{}",
         "scenario.replays[0].from: must be >= 0 s, got -1"),
        ("    - {router: bus, from: 0, to: 300, at: 400, when: 1}", "{}",
         "scenario.replays[0].when: unknown key (allowed: router, from, to, at, name, rules)"),
        ("    - {router: bus, from: 0, to: 300, at: 400, rules: []}", "{}",
         "scenario.replays[0].rules: must be a non-empty list of the bus's rule targets"),
        ("    - {router: bus, from: 0, to: 300, at: 400, rules: [plain, plain]}", "{}",
         "scenario.replays[0].rules: lists a rule twice"),
        ("    - {router: bus, from: 0, to: 300, at: 400, rules: [q]}", "{}",
         "scenario.replays[0].rules[0]: router 'bus' has no rule to 'q' (its rules: plain)"),
        ("    - {router: bus, from: 0, to: 300, at: 400, name: 'a b'}", "{}",
         "scenario.replays[0].name: must be 1-64 letters, digits, '.', '-' or '_', got 'a b'"),
        ("    - {router: bus, from: 0, to: 300, at: 400}", "{retention: 0}",
         "nodes[1] (bus).archive.retention: must be > 0 s, got 0"),
        ("    - {router: bus, from: 0, to: 300, at: 400}", "{pattern: {source: p}}",
         "nodes[1] (bus).archive.pattern"),
        ("    - {router: bus, from: 0, to: 300, at: 400}", "{keep: 1}",
         "nodes[1] (bus).archive.keep: unknown key (allowed: pattern, retention)"),
        ("    {router: bus}", "{}", "scenario.replays: must be a list, got object"),
    ],
)  # fmt: skip
def test_bad_archive_and_replay_values_name_where(
    replays: str, archive: str, expected: str
) -> None:
    """Each bad value is one error naming the replay or the router's archive key."""
    errors = _errors(_text(replays, archive))
    assert any(e.startswith(expected) for e in errors), errors


def test_retention_shorter_than_the_replay_reach_is_a_warning() -> None:
    """A replay reaching back past the archive's retention is warned about, naming it."""
    topology = loads(_text(archive="{retention: 400}"))
    warnings = [p for p in checks.check(topology) if p.path == "scenario.replays[0]"]
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "those archived before t=200 are gone" in warnings[0].message
    assert not [p for p in checks.check(loads(_text())) if p.path.startswith("scenario.repl")]


def test_a_replay_after_the_run_is_a_warning() -> None:
    """A replay starting at or after the run's end replays nothing: a warning says so."""
    topology = loads(_text("    - {router: bus, from: 0, to: 300, at: 900}"))
    messages = [p.message for p in checks.check(topology) if p.path == "scenario.replays[0]"]
    assert messages == ["starts at t=900, not before the run ends (900 s): nothing is replayed"]
