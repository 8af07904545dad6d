"""What an experiment may vary: paths, values, grids and their checks."""

from __future__ import annotations

import pytest
from experiment_topologies import mmc

from simulator.experiments import apply, grid, parse_setting, parse_values, resolve_path
from simulator.model import TopologyError


def test_values_are_lists_or_inclusive_ranges() -> None:
    """A comma list and LO:HI:STEP (HI included when a step lands on it) give numbers."""
    assert parse_values("10,20,40") == (10, 20, 40)
    assert parse_values("1:9:4") == (1, 5, 9)
    assert parse_values("0.5:1:0.25") == (0.5, 0.75, 1.0)
    assert parse_values("1:10:4") == (1, 5, 9)


@pytest.mark.parametrize("text", ["", "1,,2", "a,b", "1:2", "5:1:1", "1:5:0", "nan"])
def test_bad_values_are_refused_with_a_message(text: str) -> None:
    """A value list that is not numbers, or a range that goes nowhere, is a TopologyError."""
    with pytest.raises(TopologyError) as caught:
        parse_setting(f"c.concurrency={text}")
    assert caught.value.problems[0].path.startswith("--set")


def test_several_settings_make_a_grid() -> None:
    """Two settings give every combination, the first varying slowest."""
    points = grid([parse_setting("a.x=1,2"), parse_setting("b.y=5:6:1")])
    assert points == [
        {"a.x": 1, "b.y": 5},
        {"a.x": 1, "b.y": 6},
        {"a.x": 2, "b.y": 5},
        {"a.x": 2, "b.y": 6},
    ]


def test_paths_name_a_parameter_a_load_key_or_the_duration() -> None:
    """`c.concurrency`, `p.load.rate` and `scenario.duration` change what they name."""
    topology = apply(mmc(2.0), {"c.concurrency": 4, "p.load.rate": 3.5, "scenario.duration": 500})
    assert topology.node("c").params["concurrency"] == 4
    assert topology.node("p").params["load"]["rate"] == 3.5
    assert topology.scenario.duration == 500.0


def test_apply_leaves_the_original_untouched() -> None:
    """Overrides change a copy, never the design they start from."""
    original = mmc(2.0, servers=2)
    apply(original, {"c.concurrency": 9})
    assert original.node("c").params["concurrency"] == 2


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("nope.concurrency", "no node or scenario value"),
        ("c.colour", "has no such number"),
        ("c.service_time", "is not a number"),
        ("p.load.spike_rate", "has no 'spike_rate'"),
    ],
)
def test_unknown_paths_are_named(path: str, words: str) -> None:
    """A path that names nothing settable is refused, naming the path."""
    with pytest.raises(TopologyError) as caught:
        apply(mmc(2.0), {path: 1})
    problem = caught.value.problems[0]
    assert problem.path == path
    assert words in problem.message


def test_out_of_range_values_get_the_model_message() -> None:
    """A concurrency of 0 is refused by the model's own rule, saying which override."""
    with pytest.raises(TopologyError) as caught:
        apply(mmc(2.0), {"c.concurrency": 0})
    problem = caught.value.problems[0]
    assert "concurrency" in problem.path
    assert "with c.concurrency=0" in problem.message


def test_node_ids_with_dots_resolve_to_the_longest_id() -> None:
    """A node called `c.x` is found for the path `c.x.concurrency`."""
    topology = mmc(2.0)
    topology.node("c").id = "c.x"
    topology.edges[0].target = "c.x"
    assert resolve_path(topology, "c.x.concurrency") == ("c.x", "concurrency", None)
