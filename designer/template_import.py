"""File > Import (SAM/CloudFormation): a template opens as a new untitled design.

The import report is shown once; the values the import had to assume (work times, loads
of outside callers) stay as warnings on their nodes -- in the Problems panel and on the
canvas -- until the user changes them (`Assumptions`, a source of issues for the
`Validator`). Opening another design forgets them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from designer.validation import Issue
from simulator.iac import Assumption, ImportReport
from simulator.model import Topology

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from designer.canvas.view import CanvasView
    from designer.document import Document
    from designer.prompts import Prompts
    from designer.validation import Validator


class Window(Protocol):
    """What an import needs of the main window."""

    doc: Document
    view: CanvasView
    prompts: Prompts
    validator: Validator
    _disk: Any

    def maybe_save(self) -> bool: ...

    def statusBar(self) -> QStatusBar: ...


TEMPLATE_FILTER = (
    "AWS SAM / CloudFormation templates (*.yaml *.yml *.json *.template);;All files (*)"
)
SNIFF_BYTES = 64 * 1024
_TOPOLOGY = re.compile(r"""^\s*["']?format["']?\s*:\s*["']?eventscape/topology""", re.M)
_MARKERS = ("Type: AWS::", '"AWS::')


def looks_like_template(path: Path) -> bool:
    """True for a file that is a CloudFormation/SAM template rather than a topology."""
    try:
        if not path.is_file():  # never read a pipe or a device to find out
            return False
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    if "AWSTemplateFormatVersion" in head or "AWS::Serverless-2016-10-31" in head:
        return True  # an Eventscape export too (its metadata names the topology format)
    if _TOPOLOGY.search(head):
        return False
    return "Resources" in head and any(marker in head for marker in _MARKERS)


class Assumptions:
    """Assumed values of the imported design, as warnings while they are unchanged."""

    def __init__(self) -> None:
        self.items: list[Assumption] = []

    def adopt(self, report: ImportReport) -> None:
        """Remember the assumed values of a fresh import (replacing any earlier ones)."""
        self.items = list(report.assumed)

    def clear(self) -> None:
        """Forget them (another design was opened)."""
        self.items = []

    def rename(self, old: str, new: str) -> None:
        """Follow a node renamed in the designer."""
        self.items = [_renamed(a, old, new) for a in self.items]

    def issues(self, topology: Topology) -> list[Issue]:
        """A warning per assumed value its node still has."""
        nodes = {n.id: n for n in topology.nodes}
        found = []
        for item in self.items:
            node = nodes.get(item.node)
            if node is None or node.spec.param(item.param) is None:
                continue
            if node.get(item.param) == item.value:
                where = f"{item.node}.{item.param}"
                value = _shown(item.value)
                message = f"{item.param} = {value} assumed by the import ({item.reason}): set it"
                found.append(Issue("warning", message, where, node=item.node))
        return found


def _shown(value: Any) -> str:
    """A value as it reads in a warning (long ones shortened)."""
    import json

    text = "none" if value is None else json.dumps(value, separators=(", ", ": "))
    return text if len(text) <= 60 else text[:57] + "..."


def _renamed(item: Assumption, old: str, new: str) -> Assumption:
    if item.node != old:
        return item
    return Assumption(new, item.param, item.value, item.reason, item.kind)


def assumptions_of(window: Window) -> Assumptions:
    """The window's assumptions, created and hooked up on first use."""
    found: Any = getattr(window, "_import_assumptions", None)
    if isinstance(found, Assumptions):
        return found
    assumptions = Assumptions()
    window._import_assumptions = assumptions  # type: ignore[attr-defined]
    window.validator.sources.append(assumptions.issues)
    window.doc.topologyReset.connect(assumptions.clear)
    window.doc.nodeRenamed.connect(assumptions.rename)
    return assumptions


def import_dialog(window: Window) -> bool:
    """Ask for a template and import it."""
    from PySide6.QtWidgets import QFileDialog

    if not window.maybe_save():
        return False
    start = str(window.doc.path.parent) if window.doc.path else ""
    name, _ = QFileDialog.getOpenFileName(
        window,  # type: ignore[arg-type]  # the main window is a QWidget
        "Import SAM/CloudFormation template",
        start,
        TEMPLATE_FILTER,
    )
    return import_file(window, Path(name), ask=False) if name else False


def import_file(window: Window, path: Path, ask: bool = True) -> bool:
    """Import `path` as a new untitled design; show the report; False when it cannot be."""
    from simulator.iac import TemplateError, import_template

    if ask and not window.maybe_save():
        return False
    try:
        result = import_template(path)
    except TemplateError as exc:
        summary = f"{path.name} cannot be imported."
        window.statusBar().showMessage(summary, 8000)
        window.prompts.show_problems("Cannot import template", summary, str(exc).splitlines())
        return False
    assumptions = assumptions_of(window)
    window.doc.reset(result.topology, None)  # untitled, like New from Example: Save asks a name
    window._disk = None
    assumptions.adopt(result.report)
    window.validator.run_now()
    window.view.fit()
    report = result.report
    summary = (
        f"Imported {path.name} as a new design: {len(result.topology.nodes)} nodes, "
        f"{len(result.topology.edges)} edges; {len(report.assumed)} assumed value(s) are "
        f"warnings on their nodes until you set them; {len(report.skipped)} resource(s) "
        "not modelled."
    )
    window.statusBar().showMessage(summary, 8000)
    window.prompts.show_problems("Imported template", summary, report.text().splitlines())
    return True
