"""The inspector: typed editors built from the parameter specs, edges and the scenario."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QLineEdit

from designer.inspector.edge_form import EdgeForm
from designer.inspector.node_form import NodeForm
from designer.inspector.scenario_form import ScenarioForm
from simulator.model import KINDS


def test_inspector_edit_changes_model(shop, window):
    """Typing a concurrency into the inspector sets the consumer's parameter."""
    shop.click_node("payments")
    shop.type_param("concurrency", "42")
    assert window.doc.node("payments").params["concurrency"] == 42
    assert window.scene.node_items["payments"].lines[0].startswith("concurrency 42")


def test_invalid_value_is_refused_with_reason(shop, window):
    """An out-of-range value is not clamped: the model keeps its value, the field says why."""
    shop.click_node("orders")
    editor = shop.form().fields["visibility_timeout"]
    shop.paste_into(editor.line, "50000")
    assert window.doc.node("orders").params["visibility_timeout"] == 30
    assert editor.error.isVisibleTo(window) and "must be <= 43200" in editor.error.text()
    assert editor.line.text() == "50000"
    shop.type_into(editor.line, "abc")
    assert "not a number" in editor.error.text()
    assert window.doc.node("orders").params["visibility_timeout"] == 30


def test_typing_merges_into_one_undo_step(shop, window):
    """Typing several characters in one field is a single undo step."""
    shop.click_node("payments")
    before = window.doc.undo_stack.count()
    shop.type_param("concurrency", "123")
    assert window.doc.undo_stack.count() == before + 1
    window.doc.undo_stack.undo()
    assert window.doc.node("payments").params["concurrency"] == 24


def test_every_kind_gets_an_editor_per_parameter(ui, window):
    """The node form has one editor for each parameter the kind declares."""
    for i, (name, kind) in enumerate(KINDS.items()):
        node_id = ui.drop_kind(name, QPointF(i * 250, 0))
        form = ui.form()
        assert isinstance(form, NodeForm) and form.node_id == node_id
        assert list(form.fields) == [p.name for p in kind.params]


def test_distribution_editor_sets_family_and_numbers(shop, window):
    """Choosing exponential and typing a mean stores {dist: exponential, mean: ...}."""
    shop.click_node("inventory")
    editor = shop.form().fields["service_time"]
    shop.choose(editor.combo, "exponential")
    shop.type_into(editor.fields[0], "0.25")
    assert window.doc.node("inventory").params["service_time"] == {
        "dist": "exponential",
        "mean": 0.25,
    }


def test_load_editor_changes_profile_and_draws_preview(shop, window):
    """Switching the web shop to a ramp updates the model and the rate preview."""
    shop.click_node("web")
    editor = shop.form().fields["load"]
    shop.choose(editor.combo, "ramp")
    load = window.doc.node("web").params["load"]
    assert load["profile"] == "ramp" and load["rate"] == 8
    shop.type_into(editor.fields["end_rate"], "60")
    assert window.doc.node("web").params["load"]["end_rate"] == 60
    curve = editor.plot.getPlotItem().listDataItems()[0]
    assert max(curve.yData) == 60


def test_events_editor_validates_yaml(shop, window):
    """Event templates are edited as YAML; invalid templates are refused with the reason."""
    shop.click_node("mobile")
    editor = shop.form().fields["events"]
    shop.set_text(editor, "- source: shop.mobile\n  detail-type: OrderPlaced\n  weight: -1\n")
    assert "weight" in editor.error.text()
    assert window.doc.node("mobile").params["events"][0].get("weight") is None
    shop.set_text(editor, "- source: shop.app\n  detail-type: Ping\n")
    assert window.doc.node("mobile").params["events"] == [
        {"source": "shop.app", "detail-type": "Ping"}
    ]


def test_pattern_editor_validates_and_tests_sample(shop, window):
    """A pattern is checked as typed, and the sample-event box says whether it matches."""
    shop.click_edge("bus", "orders")
    form = shop.form()
    assert isinstance(form, EdgeForm)
    editor = form.fields["pattern"]
    assert "matches" in editor.verdict.text()
    shop.set_text(editor, '{"detail-type": ["OrderPlaced"')
    assert "not valid JSON" in editor.error.text()
    assert window.doc.edge(("bus", "orders", "flow")).pattern == {"detail-type": ["OrderPlaced"]}
    shop.set_text(editor, '{"detail-type": ["Refund"]}')
    assert window.doc.edge(("bus", "orders", "flow")).pattern == {"detail-type": ["Refund"]}
    assert "does not match" in editor.verdict.text()


def test_edge_kind_change_refused_when_forbidden(shop, window):
    """Turning a router rule into an on-failure edge is refused with the wiring reason
    (a router may have a dead-letter edge to a queue since issue 15, not an on-failure one)."""
    shop.click_edge("bus", "orders")
    form = shop.form()
    shop.choose(form.kind_combo, "on-failure")
    assert window.doc.has_edge(("bus", "orders", "flow"))
    assert "must leave a consumer" in form.kind_error.text()
    assert form.kind_combo.currentData() == "flow"


def test_scenario_editable_when_nothing_selected(shop, window):
    """With no selection the inspector edits the scenario; warmup >= duration is refused."""
    shop.click_empty()
    form = shop.form()
    assert isinstance(form, ScenarioForm)
    shop.type_into(form.fields["duration"].line, "1200")
    assert window.doc.topology.scenario.duration == 1200
    shop.paste_into(form.fields["warmup"].line, "5000")
    assert window.doc.topology.scenario.warmup == 60
    assert "must be < duration" in form.fields["warmup"].error.text()


def test_fault_added_from_scenario_form(shop, window):
    """'Add fault' adds an outage that the model stores; undo removes it."""
    shop.click_empty()
    form = shop.form()
    form.faults.add_button.click()
    shop.process()
    faults = window.doc.topology.scenario.faults
    assert len(faults) == 1 and faults[0].kind == "outage"
    window.doc.undo_stack.undo()
    assert window.doc.topology.scenario.faults == []


def test_rename_id_in_inspector_updates_edges(shop, window):
    """Changing a node's id renames it in every edge; a taken id is refused."""
    shop.click_node("orders")
    form = shop.form()
    shop.type_into(form.id_edit, "payments")
    assert window.doc.topology.has_node("orders") and "already" in form.id_error.text()
    shop.type_into(form.id_edit, "order-queue")
    assert window.doc.topology.has_node("order-queue")
    assert ("order-queue", "payments", "flow") in window.scene.edge_items
    assert window.doc.topology.edges[2].target == "order-queue"


def test_fifo_off_refused_while_group_by_set(ui, window):
    """Cross-field rules of the format refuse an edit: no group_by without FIFO."""
    queue = ui.drop_kind("queue", QPointF(0, 0))
    form = ui.form()
    form.fields["fifo"].box.click()
    ui.process()
    ui.type_into(form.fields["group_by"].findChild(QLineEdit), "detail.customer")
    assert window.doc.node(queue).params == {"fifo": True, "group_by": "detail.customer"}
    form.fields["fifo"].box.click()
    ui.process()
    assert window.doc.node(queue).params["fifo"] is True
    assert "FIFO" in form.fields["fifo"].error.text()


def test_account_concurrency_is_edited_in_the_scenario(shop, window):
    """The scenario's Lambda concurrency (account_concurrency) is edited with nothing
    selected; a value that leaves fewer than 100 beside a reservation is refused."""
    shop.click_empty()
    form = shop.form()
    field = form.fields["account_concurrency"]
    shop.type_into(field.line, "3000")
    assert window.doc.topology.scenario.account_concurrency == 3000
    window.doc.node("inventory").params["reserved_concurrency"] = 400
    shop.paste_into(field.line, "450")
    assert window.doc.topology.scenario.account_concurrency == 3000
    assert "must leave at least 100" in field.error.text()


def test_renaming_nodes_a_workflow_calls_rewrites_its_tasks_and_undo_restores(window, ui, tmp_path):
    """In the bank example, renaming (in the inspector) a function a Task invokes by its
    Lambda ARN and the queue a callback Task sends to by QueueUrl rewrites the workflow's
    definition, so it still validates; undo puts the definition back as it was."""
    import copy as copying

    from designer.paths import EXAMPLES
    from designer.validation import find_issues

    bank = tmp_path / "bank.yaml"
    bank.write_text((EXAMPLES / "bank-account-opening.yaml").read_text(encoding="utf-8"))
    assert window.open_file(bank, ask=False)
    ui.process()
    doc = window.doc
    before = copying.deepcopy(doc.node("account-flow").params["definition"])
    for old, new in (("identity", "id-check"), ("review-queue", "reviews")):
        ui.click_node(old)
        ui.type_into(ui.form().id_edit, new)
    text = str(doc.node("account-flow").params["definition"])
    assert "function:id-check" in text and "/reviews" in text
    assert "function:identity" not in text and "/review-queue" not in text
    assert not [i for i in find_issues(doc.topology) if i.severity == "error"]
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.node("account-flow").params["definition"] == before


def test_parameter_labels_spell_units_and_acronyms(shop):
    """A consumer's labels read 'Memory (MB)', 'CPU share' and 'Measured at (MB)', and an
    encrypted queue's 'KMS latency' (not 'Memory mb', 'Kms latency')."""
    from PySide6.QtWidgets import QLabel

    shop.click_node("payments")
    labels = {label.text() for label in shop.form().findChildren(QLabel)}
    assert {"Memory (MB)", "CPU share", "Measured at (MB)"} <= labels
    assert not {"Memory mb", "Cpu share"} & labels
    shop.click_node("orders")
    labels = {label.text() for label in shop.form().findChildren(QLabel)}
    assert any(text.startswith("KMS latency") for text in labels)
