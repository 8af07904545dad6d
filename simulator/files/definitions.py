"""Checks of a topology's workflow definitions that `validate` makes beyond the document.

A `definition_file` is read next to the topology (the same reader the run uses), and
definitions are scanned for ASL features the simulator does not model.
"""

from __future__ import annotations

from typing import Any

from simulator.model import Node, Topology
from simulator.problems import Problem


def definition_problems(topology: Topology) -> list[Problem]:
    """Each workflow's definition as `validate` checks it beyond the document: a
    definition_file read next to the topology (errors naming the file and state), and
    warnings for ASL features the simulator does not model (naming the state)."""
    if not any(node.kind == "workflow" for node in topology.nodes):
        return []  # the ASL checker (statelint) loads only for designs that need it
    from simulator.model.kinds.workflow_file import file_problems, read_definition
    from simulator.workflow.lint import describe
    from simulator.workflow.unmodelled import unmodelled

    problems: list[Problem] = []
    for node in topology.nodes:
        if node.kind != "workflow":
            continue
        where = f"node {node.id}"
        errors = file_problems(node, topology.nodes, topology.edges, topology.base_dir)
        problems += [Problem(m, where, node=node.id) for m in errors]
        name = node.params.get("definition_file")
        doc = node.params.get("definition")
        if name is not None and not errors:
            doc = read_definition(topology.base_dir, str(name))
        prefix = f"definition_file {name}: " if name is not None else ""
        warnings = [prefix + describe(p) for p in unmodelled(doc)] if not errors else []
        warnings += unused_tasks(node, doc, topology) if not errors else []
        if node.get("type") == "express":
            warnings.append(EXPRESS_ONCE)
        problems += [Problem(m, where, "warning", node=node.id) for m in warnings]
    return problems


def unused_tasks(node: Node, doc: Any, topology: Topology) -> list[str]:
    """Warnings for `tasks` entries the run ignores: no Task state has the name, or the
    Task invokes a consumer (its timing applies) or publishes without waiting."""
    from simulator.workflow import DefinitionError, compile_machine
    from simulator.workflow.resources import bind

    tasks = node.get("tasks") or {}
    try:
        machine = compile_machine(doc)
    except (DefinitionError, TypeError, AttributeError, KeyError):
        return []
    kinds = {n.id: n.kind for n in topology.nodes}
    targets = [e.target for e in topology.edges if e.source == node.id and e.kind == "flow"]
    states = {state.name: state for state in machine.tasks()}
    found = []
    for name in tasks:
        state = states.get(name)
        if state is None:
            found.append(f"tasks entry {name!r} is not used: no Task state has that name")
            continue
        binding = bind(state.resource, state.raw.get("Parameters"), kinds, targets)
        if binding.wait:
            continue
        if binding.invoke is not None:
            why = f"it invokes consumer {binding.invoke!r}, whose own timing applies"
        elif binding.publish is not None:
            why = f"it publishes to {binding.publish!r} and does not wait for a callback"
        else:
            continue
        found.append(f"tasks entry {name!r} is not used: {why}")
    return found


EXPRESS_ONCE = (
    "express: each execution runs exactly once here; AWS runs asynchronous Express "
    "executions at least once, so duplicates are not modelled"
)


__all__ = ["EXPRESS_ONCE", "definition_problems"]
