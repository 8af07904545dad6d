"""Import an AWS SAM or CloudFormation template as a topology, with a report.

    result = import_template("template.yaml")
    result.topology      # a valid Topology, laid out left to right
    result.report        # what was read, assumed, approximated and left out

Steps: decode with cfn-lint (`cfn_decode`); expand SAM with samtranslator (`sam_expand`);
make nodes (`import_nodes`) and edges (`import_wiring`); for a template exported by
Eventscape read the design back from its metadata (`import_metadata`), otherwise add the
callers, publishing and sources the template implies (`import_entries`); lay out; check.
Nothing raises but `TemplateError`, whose message names the file, line or resource.

Stated defaults (each one is in the report, as `assumed` or `aws-default`):
- a function's service_time 0.1 s, failure_rate 0, no cold starts (assumed: no template
  says how code behaves); without ReservedConcurrentExecutions (which is read as
  reserved_concurrency and concurrency) concurrency 1000, no cap of its own (assumed: the
  account's default quota, shared; `import_concurrency`); `scenario.account_concurrency`
  raised to what the template's reserved and provisioned concurrency need with 100 left
  unreserved, when that is above 1000 (assumed); Timeout 3 s and an SQS BatchSize of 10
  when left out (AWS defaults);
- a producer invented for an outside caller (API Gateway, another service, or whatever
  feeds a node nothing in the template feeds): Poisson 1 event/s, with events made to
  pass the patterns of the routes it feeds (assumed);
- a FIFO queue's message groups: one shared group (assumed: senders choose them);
- a `cron(...)` schedule: its average rate (assumed); `rate(...)` is exact.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.iac import METADATA_KEY
from simulator.iac.cfn_decode import Template, TemplateError, decode_template, read_template
from simulator.iac.cfn_refs import Refs
from simulator.iac.import_concurrency import settle_concurrency
from simulator.iac.import_context import Context
from simulator.iac.import_draft import Draft
from simulator.iac.import_entries import add_entries
from simulator.iac.import_nodes import read_nodes
from simulator.iac.import_report import ImportReport
from simulator.iac.import_skipped import report_unmodelled
from simulator.iac.import_wiring import read_wiring
from simulator.model import Scenario, Topology

__all__ = ["ImportResult", "TemplateError", "import_template", "import_text"]


@dataclass
class ImportResult:
    """The imported design and the report that explains it."""

    topology: Topology
    report: ImportReport


def import_template(path: str | Path) -> ImportResult:
    """Import the template file at `path`; TemplateError when it cannot be read."""
    template = read_template(path)
    result = _import(template)
    result.topology.base_dir = template.base_dir
    return result


def import_text(text: str, source: str = "<template>") -> ImportResult:
    """Import template text (YAML or JSON)."""
    return _import(decode_template(text, source))


def _import(template: Template) -> ImportResult:
    try:
        return _build(template)
    except TemplateError:
        raise
    except RecursionError:
        raise TemplateError(f"{template.source}: nested too deeply to import") from None
    except Exception as exc:  # a template nobody anticipated: say where, never a traceback
        raise TemplateError(
            f"{template.source}: cannot import ({type(exc).__name__}: {exc})"
        ) from None


def _build(template: Template) -> ImportResult:
    report = ImportReport(source=template.source)
    resources = _expanded(template, report)
    ctx = Context(
        template,
        resources,
        Refs(resources, template.data.get("Parameters")),
        Draft(report),
        report,
        eventscape=_is_export(template),
    )
    report.eventscape = ctx.eventscape
    for logical_id, resource in template.resources.items():
        if "Condition" in resource:
            report.note(template.where(logical_id), "has a Condition: imported as if it holds")
    read_nodes(ctx)
    read_wiring(ctx)
    if ctx.draft.pending_workflows:
        from simulator.iac.import_workflow import wire_workflows

        wire_workflows(ctx)
    settle_concurrency(ctx)
    if ctx.eventscape:
        from simulator.iac.import_metadata import apply_metadata

        topology = apply_metadata(ctx)
    else:
        add_entries(ctx)
        topology = _topology(ctx)
    report_unmodelled(ctx)
    from simulator.iac.import_finish import finish

    return ImportResult(finish(topology, report, template), report)


def _expanded(template: Template, report: ImportReport) -> dict[str, dict[str, Any]]:
    """The resources to read: SAM expanded to CloudFormation, or as written."""
    if not template.is_sam:
        return copy.deepcopy(template.resources)
    from simulator.iac.sam_expand import expand_sam

    resources, refused = expand_sam(template)
    for logical_id, message in refused:
        type_ = template.resources.get(logical_id, {}).get("Type", "template")
        report.skip(logical_id or "(template)", type_, f"the SAM transform refused it: {message}")
    return resources


def _is_export(template: Template) -> bool:
    """True when the template carries the Eventscape metadata of an export."""
    metadata = template.data.get("Metadata")
    entry = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    return isinstance(entry, dict) and entry.get("format") == "eventscape/topology"


def _topology(ctx: Context) -> Topology:
    """The draft as a topology named after the template."""
    scenario = Scenario()
    if ctx.draft.account_concurrency is not None:  # the template reserves more than 900
        scenario.account_concurrency = ctx.draft.account_concurrency
    return Topology(
        name=_name(ctx.template),
        nodes=list(ctx.draft.nodes.values()),
        edges=list(ctx.draft.edges.values()),
        scenario=scenario,
        description=_description(ctx.template),
    )


def _name(template: Template) -> str:
    stem = Path(template.source).stem
    parent = Path(template.source).parent.name
    return (parent if stem == "template" and parent else stem) or "Imported template"


def _description(template: Template) -> str:
    text = template.data.get("Description")
    imported = f"Imported from {Path(template.source).name}."
    return f"{text.strip()}\n{imported}" if isinstance(text, str) and text.strip() else imported
