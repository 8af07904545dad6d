"""What `export --to sam|asyncapi` and File > Export say besides the file itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.iac.lint import Finding
from simulator.model import Topology

IAC_FORMATS = ("sam", "asyncapi")


@dataclass
class ExportReport:
    """Notes of the export (approximations, what has no AWS home) and lint findings."""

    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """Findings of severity error (the template would not deploy)."""
        return [f for f in self.findings if f.severity == "error"]

    def lines(self) -> list[str]:
        """The report as text lines (empty when there is nothing to say)."""
        lines = [f"note: {n}" for n in self.notes]
        return lines + [str(f) for f in self.findings]


def sides(topology: Topology) -> list[tuple[str, str]]:
    """The (account, Region) pairs the design's resources run in: one SAM template each."""
    pairs = {
        (topology.account_of(n.id), topology.region_of(n.id))
        for n in topology.nodes
        if n.kind != "producer"
    }
    return sorted(pairs)


def export_with_report(
    topology: Topology, fmt: str, account: str | None = None, region: str | None = None
) -> tuple[str, ExportReport]:
    """The text of a `sam` or `asyncapi` export and its report (lint or schema check);
    a SAM template holds the side of `account` and `region` (default: the scenario's)."""
    if fmt == "sam":
        from simulator.iac.lint import lint_template
        from simulator.iac.sam_export import export_sam

        exported = export_sam(topology, account, region)
        return exported.text, ExportReport(exported.notes, lint_template(exported.text))
    if fmt == "asyncapi":
        import yaml

        from simulator.iac.asyncapi import asyncapi_document, validate

        document = asyncapi_document(topology)
        problems = [Finding("error", "AsyncAPI", p) for p in validate(document)]
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        return text, ExportReport([], problems)
    raise ValueError(f"not an infrastructure export format: {fmt!r}")
