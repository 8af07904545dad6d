"""The inspector's note under a parameter says what it does to the price."""

from __future__ import annotations

from designer.inspector.editors import describe_param
from simulator.model import KINDS, Param


def note(kind: str, name: str) -> str:
    """The inspector's note under parameter `name` of `kind`."""
    param = KINDS[kind].param(name)
    assert isinstance(param, Param)
    return describe_param(param)


def test_memory_and_architecture_notes_give_the_table_prices() -> None:
    """memory_mb's note gives both per-GB-second prices; architecture's the arm64 saving."""
    memory = note("consumer", "memory_mb")
    assert "$0.0000166667" in memory and "$0.0000133334" in memory
    assert "20% less" in note("consumer", "architecture")


def test_queue_and_workflow_notes_price_their_choices() -> None:
    """fifo's note compares FIFO and standard request prices; a workflow's type its two bills."""
    assert "$0.50, standard $0.40 per million" in note("queue", "fifo")
    text = note("workflow", "type")
    assert "per 1,000 state transitions" in text and "Express" in text


def test_parameters_without_a_price_effect_have_no_price_note() -> None:
    """A queue's visibility timeout does not change the bill: no price note."""
    assert "Price:" not in note("queue", "visibility_timeout")
