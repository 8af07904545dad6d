"""The last steps of an import: lay the design out, prove it valid, run the graph checks."""

from __future__ import annotations

from simulator.checks import check
from simulator.files.validate import build_topology
from simulator.files.write import to_dict
from simulator.iac.cfn_decode import Template, TemplateError
from simulator.iac.import_report import ImportReport
from simulator.layout import ROW, layered_positions
from simulator.model import Topology
from simulator.problems import TopologyError


def finish(topology: Topology, report: ImportReport, template: Template) -> Topology:
    """Positions for unplaced nodes (not in an export: it keeps its own); then validated."""
    if not report.eventscape:
        place(topology)
    try:
        valid = build_topology(to_dict(topology))
    except TopologyError as exc:
        if not _pass_through_workflows(topology, exc, report):
            raise TemplateError(  # a reader let through what the model refuses: say what
                f"{template.source}: the imported design is not valid:\n{exc.report()}"
            ) from None
        return finish(topology, report, template)
    report.checks = [f"{p.severity}: {p}" for p in check(valid)]
    return valid


def _pass_through_workflows(topology: Topology, exc: TopologyError, report: ImportReport) -> bool:
    """Workflows whose definition the model refuses pass events on instead (reported)."""
    from simulator.iac.import_workflow import PASS_THROUGH

    changed = False
    for problem in exc.problems:
        node = next((n for n in topology.nodes if n.id == problem.node), None)
        if node is None or node.kind != "workflow" or node.params.get("definition") == PASS_THROUGH:
            continue
        report.note(node.id, f"definition not simulated: {problem}")
        node.params = {"definition": PASS_THROUGH}
        report.assumptions[:] = [a for a in report.assumptions if a.node != node.id]
        report.assume(node.id, "definition", PASS_THROUGH, "its definition cannot be simulated")
        changed = True
    return changed


def place(topology: Topology) -> None:
    """Lay out every node without a position; below the placed ones when some have one."""
    unplaced = [n for n in topology.nodes if n.position is None]
    if not unplaced:
        return
    positions = layered_positions(topology)
    placed = [n.position for n in topology.nodes if n.position is not None]
    shift = max(y for _, y in placed) + 2 * ROW if placed else 0.0
    for node in unplaced:
        x, y = positions[node.id]
        node.position = (x, y + shift)
