"""Live validation: the model's rules and the graph checks on the current model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from designer.document import Document, EdgeKey
from simulator.model import Problem, Topology, problems

DELAY_MS = 250


@dataclass(frozen=True)
class Issue:
    """One problem, tied to the node or edge that causes it (if any)."""

    severity: str
    message: str
    where: str = ""
    node: str | None = None
    edge: EdgeKey | None = None

    @property
    def text(self) -> str:
        """Location and message in one line."""
        return f"{self.where}: {self.message}" if self.where else self.message


def find_issues(topology: Topology) -> list[Issue]:
    """Format errors first, then the graph checks' errors and warnings (and, as `validate`
    makes them, the workflows' definition_file and unmodelled-ASL checks)."""
    from simulator.checks import check  # networkx loads after the window is up
    from simulator.files import definition_problems

    issues = [_issue(p, topology) for p in _format_problems(topology)]
    try:
        issues += [_issue(p, topology) for p in definition_problems(topology) + check(topology)]
    except Exception as exc:
        issues.append(Issue("warning", f"graph checks could not run: {exc}"))
    issues.sort(key=lambda i: i.severity != "error")
    return issues


def _format_problems(topology: Topology) -> list[Problem]:
    try:
        return problems(topology)
    except Exception as exc:
        return [Problem(f"validation failed: {exc}")]


def _issue(problem: Problem, topology: Topology) -> Issue:
    edge: EdgeKey | None = None
    if problem.edge is not None and 0 <= problem.edge < len(topology.edges):
        edge = topology.edges[problem.edge].key
    return Issue(problem.severity, problem.message, problem.path, problem.node, edge)


class Validator(QObject):
    """Re-checks the document shortly after each change and announces the issues.

    `sources` holds extra checks (such as an import's assumed values) whose issues are
    listed with the model's.
    """

    updated = Signal(list)

    def __init__(self, doc: Document, delay_ms: int = DELAY_MS) -> None:
        super().__init__()
        self.doc = doc
        self.issues: list[Issue] = []
        self.sources: list[Callable[[Topology], list[Issue]]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.run_now)
        doc.changed.connect(self._timer.start)

    def run_now(self) -> list[Issue]:
        """Check immediately."""
        self._timer.stop()
        topology = self.doc.topology
        issues = find_issues(topology)
        for source in self.sources:
            issues += source(topology)
        issues.sort(key=lambda i: i.severity != "error")
        self.issues = issues
        self.updated.emit(self.issues)
        return self.issues

    @property
    def pending(self) -> bool:
        """True while a check is scheduled."""
        return self._timer.isActive()
