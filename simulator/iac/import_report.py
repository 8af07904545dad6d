"""What an import read, assumed and left out: nothing of a template is dropped silently."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from simulator.model.params import fmt

AssumptionKind = Literal["assumed", "aws-default"]


@dataclass(frozen=True)
class Assumption:
    """A parameter value the template did not state.

    `assumed`: no template can say it (work times, loads); the designer warns until the
    user sets it. `aws-default`: the template left the property out and AWS's documented
    default applies, which differs from the model's own default.
    """

    node: str
    param: str
    value: Any
    reason: str
    kind: AssumptionKind = "assumed"


@dataclass(frozen=True)
class Skipped:
    """A resource (or part of one) that is not modelled, and why."""

    logical_id: str
    type: str
    reason: str


@dataclass(frozen=True)
class Note:
    """Something approximated or dropped while reading a modelled resource."""

    where: str
    message: str


@dataclass
class ImportReport:
    """Everything the reader of an imported design should know about it."""

    source: str = "<template>"
    origins: dict[str, str] = field(default_factory=dict)  # node id -> "Type LogicalId (line)"
    assumptions: list[Assumption] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # graph check findings of the result
    eventscape: bool = False  # the template carries Eventscape metadata (an export)

    def assume(self, node: str, param: str, value: Any, reason: str) -> None:
        """Record a value no template states."""
        self.assumptions.append(Assumption(node, param, value, reason, "assumed"))

    def default(self, node: str, param: str, value: Any, reason: str) -> None:
        """Record an AWS default applied for a property the template left out."""
        self.assumptions.append(Assumption(node, param, value, reason, "aws-default"))

    def skip(self, logical_id: str, type_: str, reason: str) -> None:
        """Record a resource or part that is not modelled."""
        self.skipped.append(Skipped(logical_id, type_, reason))

    def note(self, where: str, message: str) -> None:
        """Record an approximation."""
        self.notes.append(Note(where, message))

    @property
    def assumed(self) -> list[Assumption]:
        """Only the values no template states (shown as warnings on the nodes)."""
        return [a for a in self.assumptions if a.kind == "assumed"]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (JSON-ready)."""
        return {
            "source": self.source,
            "eventscape": self.eventscape,
            "nodes": dict(self.origins),
            "assumptions": [asdict(a) for a in self.assumptions],
            "skipped": [asdict(s) for s in self.skipped],
            "notes": [asdict(n) for n in self.notes],
            "checks": list(self.checks),
        }

    def text(self, nodes: int | None = None, edges: int | None = None) -> str:
        """The report for people: sections with one line per item."""
        size = "" if nodes is None else f": {nodes} nodes, {edges} edges"
        out = [f"Imported {self.source}{size}"]
        if self.eventscape:
            out.append("  (an Eventscape export: the design's own metadata was read back)")
        out += _section("Nodes", [f"{n}  <-  {o}" for n, o in self.origins.items()])
        out += _section(
            "Assumed values (no template states them: set them before trusting a run)",
            [_assumption(a) for a in self.assumed],
        )
        out += _section(
            "AWS defaults applied (the template leaves the property out)",
            [_assumption(a) for a in self.assumptions if a.kind == "aws-default"],
        )
        out += _section(
            "Not modelled", [f"{s.logical_id} ({s.type}): {s.reason}" for s in self.skipped]
        )
        out += _section("Notes", [f"{n.where}: {n.message}" for n in self.notes])
        out += _section("Checks of the imported design", self.checks)
        return "\n".join(out) + "\n"


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"{title}:", *(f"  {line}" for line in lines)] if lines else []


def _assumption(a: Assumption) -> str:
    return f"{a.node}.{a.param} = {_value(a.value)}  ({a.reason})"


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, separators=(", ", ": "))
    return fmt(value)
