"""Hostile inputs found by the fuzz in other areas, still open (strict xfail: a fix flips them)."""

from __future__ import annotations

import pytest

from simulator.files import loads
from simulator.problems import TopologyError

WORKFLOW_START_AT_LIST = """\
format: eventscape/topology
version: 1
name: wf
nodes:
  - id: b
    kind: workflow
    definition: {StartAt: [1], States: {Done: {End: true, Type: Pass}}}
"""


def test_workflow_start_at_list_is_a_clear_error() -> None:
    """A list where a state name belongs in a workflow definition is a validation error."""
    with pytest.raises(TopologyError):
        loads(WORKFLOW_START_AT_LIST)
