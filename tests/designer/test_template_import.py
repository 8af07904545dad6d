"""File > Import (SAM/CloudFormation) in the designer: a new untitled design with warnings."""

from __future__ import annotations

from pathlib import Path

from designer.template_import import import_file, looks_like_template

TEMPLATES = Path(__file__).parents[1] / "iac" / "templates"
FANOUT = TEMPLATES / "sns-sqs-fanout" / "template.yaml"


def _warned(window) -> set[tuple[str | None, str]]:
    return {
        (i.node, i.where) for i in window.validator.issues if "assumed by the import" in i.message
    }


def test_import_opens_an_untitled_design_and_shows_the_report(window, prompts, ui) -> None:
    """The template becomes the document (untitled) and the report is shown once."""
    assert import_file(window, FANOUT, ask=False)
    ui.process()
    assert window.doc.path is None  # untitled: Save asks for a name
    assert {n.id for n in window.doc.topology.nodes} >= {"MetricsSnsTopic", "AllMetricsSqsQueue"}
    title, summary, lines = prompts.problems_shown[-1]
    assert title == "Imported template" and "assumed value" in summary
    assert any(line.startswith("Assumed values") for line in lines)
    assert "MetricsSnsTopic" in window.scene.node_items


def test_assumed_values_warn_on_their_nodes_until_set(window, ui) -> None:
    """Each assumed value is a warning on its node (Problems panel and canvas mark) until
    the user sets the parameter; other designs do not inherit the warnings."""
    assert import_file(window, TEMPLATES / "sqs-lambda" / "template.yaml", ask=False)
    ui.process()
    warned = _warned(window)
    assert ("QueueConsumerFunction", "QueueConsumerFunction.service_time") in warned
    assert ("MySqsQueue-source", "MySqsQueue-source.load") in warned
    item = window.scene.node_items["QueueConsumerFunction"]
    assert item.severity == "warning"
    assert any("assumed by the import" in p for p in item.problems)
    window.doc.set_node_value("QueueConsumerFunction", "service_time", 0.25)
    window.validator.run_now()
    warned = _warned(window)
    assert ("QueueConsumerFunction", "QueueConsumerFunction.service_time") not in warned
    assert ("QueueConsumerFunction", "QueueConsumerFunction.failure_rate") in warned
    window.new_document()
    window.validator.run_now()
    assert not _warned(window)


def test_a_broken_template_changes_nothing_and_says_why(window, prompts, tmp_path) -> None:
    """A template that cannot be imported leaves the open design alone and names the line."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources:\n  A: {Type: AWS::SQS::Queue\n", encoding="utf-8")
    before = list(window.doc.topology.nodes)
    assert not import_file(window, bad, ask=False)
    assert window.doc.topology.nodes == before
    title, _summary, lines = prompts.problems_shown[-1]
    assert title == "Cannot import template" and "line" in lines[0]


def test_templates_are_told_from_topologies(tmp_path) -> None:
    """A SAM/CloudFormation template is recognised; a topology file is not taken for one."""
    assert looks_like_template(FANOUT)
    example = Path(__file__).parents[2] / "assets" / "examples" / "ecommerce.yaml"
    assert not looks_like_template(example)
    assert not looks_like_template(tmp_path / "missing.yaml")
    from simulator.files import load
    from simulator.iac.sam_export import to_sam

    exported = tmp_path / "exported.yaml"
    exported.write_text(to_sam(load(example)), encoding="utf-8")
    assert looks_like_template(exported)  # its metadata names the topology format


def test_file_menu_offers_import_and_open_takes_templates(window, prompts, ui) -> None:
    """File has Import SAM/CloudFormation; opening (or dropping) a template imports it."""
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Import SAM/CloudFormation…" in titles
    assert window.open_file(TEMPLATES / "eventbridge-sqs" / "template.yaml", ask=False)
    ui.process()
    assert window.doc.path is None
    assert {n.kind for n in window.doc.topology.nodes} == {"router", "queue", "producer"}
    assert prompts.problems_shown[-1][0] == "Imported template"
