"""The distribution editor's hyperexponential and empirical families and their preview."""

from __future__ import annotations

from pathlib import Path


def test_hyperexponential_is_typed_as_phase_lists(shop, window):
    """Phases typed as comma lists store {dist: hyperexponential, probs, means}; the preview
    shows the mixture's mean and spread."""
    shop.click_node("inventory")
    editor = shop.form().fields["service_time"]
    shop.choose(editor.combo, "hyperexponential")
    shop.type_into(editor.fields[0], "0.9, 0.1")
    shop.type_into(editor.fields[1], "0.1, 2")
    assert window.doc.node("inventory").params["service_time"] == {
        "dist": "hyperexponential",
        "probs": [0.9, 0.1],
        "means": [0.1, 2],
    }
    assert editor.summary.text().startswith("mean 0.29 s, sd 0.8")


def test_hyperexponential_probabilities_must_add_up(shop, window):
    """Probabilities that do not add up to 1 are refused with the reason."""
    shop.click_node("inventory")
    editor = shop.form().fields["service_time"]
    shop.choose(editor.combo, "hyperexponential")
    shop.type_into(editor.fields[1], "0.1, 2")
    shop.type_into(editor.fields[0], "0.5, 0.6")
    assert "must add up to 1" in editor.error.text()


def test_empirical_preview_reads_the_file_beside_the_design(shop, window, tmp_path: Path):
    """An empirical file next to the design is previewed: samples, mean and median."""
    (tmp_path / "d.csv").write_text("0.1\n0.1\n0.4\n")
    window.doc.topology.base_dir = tmp_path
    shop.click_node("inventory")
    editor = shop.form().fields["service_time"]
    shop.choose(editor.combo, "empirical")
    shop.type_into(editor.fields[0], "d.csv")
    assert window.doc.node("inventory").params["service_time"] == {
        "dist": "empirical",
        "file": "d.csv",
    }
    assert "mean 0.2 s" in editor.summary.text() and "3 samples" in editor.summary.text()
    shop.type_into(editor.fields[0], "missing.csv")
    assert "no preview" in editor.summary.text()


def test_fault_table_edits_an_az_failure_share(shop, window):
    """Choosing az-failure in the faults table and typing a value stores it as `share`."""
    from PySide6.QtWidgets import QComboBox

    shop.click_empty()
    shop.form().faults.add_button.click()
    shop.process()

    def cell(col: int):  # the table is rebuilt from the model after each accepted edit
        return shop.form().faults.table.cellWidget(0, col)

    shop.choose(cell(0), "payments")  # a consumer (a producer has no zones to lose)
    shop.form().faults.table.item(0, 4).setText("0.33")  # an outage ignores the value
    assert isinstance(cell(1), QComboBox)
    shop.choose(cell(1), "az-failure")
    shop.process()
    fault = window.doc.topology.scenario.faults[0]
    assert (fault.node, fault.kind, fault.share) == ("payments", "az-failure", 0.33)
    assert fault.failure_rate is None and fault.factor is None


def test_only_durations_are_labelled_in_seconds(shop):
    """A service time's keys that are durations say "(s)"; probabilities, shapes and the
    sample file's keys do not (they read "probs (s)", "shape (s)" before)."""
    shop.click_node("inventory")
    editor = shop.form().fields["service_time"]
    shown = {}
    for family in ("hyperexponential", "weibull", "pareto", "gamma", "empirical"):
        shop.choose(editor.combo, family)
        shown[family] = [label.text() for label in editor.labels if label.isVisibleTo(editor)]
    assert shown["hyperexponential"] == ["probs", "means (s)"]
    assert shown["weibull"] == shown["pareto"] == ["shape", "scale (s)"]
    assert shown["gamma"] == ["mean (s)", "sd (s)"]
    assert shown["empirical"][0] == "file"


def test_heavy_tailed_previews_show_their_spread() -> None:
    """gamma, weibull and pareto previews give sd and cv beside the mean (a heavy tail is
    what they are chosen for); a pareto without finite variance or mean says so."""
    from designer.inspector.distribution import preview

    assert preview({"dist": "gamma", "mean": 1, "sd": 2}, "s", None) == "mean 1 s, sd 2 (cv 2)"
    weibull = preview({"dist": "weibull", "shape": 0.5, "scale": 1}, "s", None)
    assert weibull == "mean 2 s, sd 4.472136 (cv 2.2)"  # Γ(3) = 2, Γ(5) - 4 = 20
    pareto = {"dist": "pareto", "shape": 2.5, "scale": 0.1}
    assert preview(pareto, "s", None) == "mean 0.166667 s, sd 0.149071 (cv 0.89)"
    assert "sd infinite" in preview({**pareto, "shape": 1.5}, "s", None)
    assert preview({**pareto, "shape": 0.8}, "s", None).startswith("mean infinite")
