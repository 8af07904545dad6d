"""A node's second dead-letter or on-failure edge is never used (issue 15, silent no-ops):
the engine sends over the first only, so `validate` warns, naming the unused edge."""

from __future__ import annotations

from simulator.checks import check
from simulator.files import loads

TEXT = """
format: eventscape/topology
version: 1
name: t
nodes:
  - {id: p, kind: producer}
  - {id: bus, kind: router}
  - {id: q, kind: queue}
  - {id: c, kind: consumer}
  - {id: dlq, kind: queue}
  - {id: dlq2, kind: queue}
  - {id: r, kind: consumer}
edges:
  - {from: p, to: bus}
  - {from: bus, to: c}
  - {from: bus, to: dlq, kind: dead-letter}
  - {from: bus, to: dlq2, kind: dead-letter}
  - {from: c, to: dlq, kind: on-failure}
  - {from: c, to: dlq2, kind: on-failure}
  - {from: p, to: q}
  - {from: q, to: r}
  - {from: q, to: dlq, kind: dead-letter}
  - {from: dlq, to: r}
  - {from: dlq2, to: r}
"""


def test_a_second_dead_letter_or_on_failure_edge_is_named() -> None:
    """Each second edge gets a warning at its own place naming the edge actually used."""
    warnings = [p for p in check(loads(TEXT)) if "never used" in p.message]
    assert [(p.edge, p.severity, p.message) for p in warnings] == [
        (
            3,
            "warning",
            "edge bus -(dead-letter)-> dlq2 is never used: bus sends over its first "
            "dead-letter edge only (bus -(dead-letter)-> dlq, edges[2])",
        ),
        (
            5,
            "warning",
            "edge c -(on-failure)-> dlq2 is never used: c sends over its first on-failure "
            "edge only (c -(on-failure)-> dlq, edges[4])",
        ),
    ]


def test_one_edge_of_each_kind_gets_no_warning() -> None:
    """A queue's, a router's and a function's single dead-letter/on-failure edges are fine."""
    text = TEXT.replace("  - {from: bus, to: dlq2, kind: dead-letter}\n", "")
    text = text.replace("  - {from: c, to: dlq2, kind: on-failure}\n", "")
    assert not [p for p in check(loads(text)) if "never used" in p.message]
