"""How a workflow node looks on the canvas and in the run panel (its presentation entry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from designer.workflow.asl_text import state_names

if TYPE_CHECKING:
    from designer.look.registry import BadgeFacts
    from simulator.model import Node, Topology

COLOR = "#AE3EC9"


def workflow_lines(node: Node, topology: Topology) -> list[str]:
    """Type and states count, then where the definition is (or what it starts with)."""
    kind = str(node.get("type"))
    name = node.params.get("definition_file")
    if name is not None:
        return [f"{kind} · from file", str(name)]
    definition = node.params.get("definition")
    count = len(state_names(definition))
    if not count:
        return [kind, "no definition yet"]
    start = definition.get("StartAt") if isinstance(definition, dict) else None
    return [f"{kind} · {count} state{'s' * (count != 1)}", f"starts at {start}"]


def workflow_badge(facts: BadgeFacts) -> tuple[str, str]:
    """Executions running and failed so far, red once any failed."""
    from designer.look.badges import heat

    fig = facts.figures
    text = f"{fig.busy:,.0f} running"
    if fig.failures > 0:
        text += f" · ✖{fig.failures:,.0f}"
    return text, heat(1.0 if fig.failures > 0 else 0.0)
