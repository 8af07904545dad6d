"""Results of runs: analytic check, replications, compare, export, screenshot mode."""

from __future__ import annotations

import json

from conftest import open_example, run_and_wait
from PySide6.QtGui import QImage

from designer.app import main
from designer.paths import EXAMPLES


def test_analytic_check_warns_before_running(window, ui):
    """Before any run, the analytic check lists consumers whose peak load exceeds capacity."""
    open_example(window, "ecommerce")
    ui._update_check()
    check = ui.results.check
    assert ui.results.tabs.currentWidget() is check
    assert any(p.node == "payments" for p in check.problems)
    assert "payments" in check.warnings.text()
    assert check.table.rowCount() == 4


def test_replications_report_confidence_intervals(window, ui):
    """With three replications the summary shows means with 95% half-widths."""
    open_example(window, "ecommerce")
    record = run_and_wait(ui, duration=60, replications=3)
    assert len(record.results()) == 3
    assert "±" in ui.results.headline.text()
    assert "3 replications" in ui.results.status.text()
    cells = [ui.results.table.item(r, 2).text() for r in range(ui.results.table.rowCount())]
    assert any("±" in c for c in cells)


def test_compare_overlays_two_runs_and_shows_the_difference(window, ui):
    """Two runs before and after raising a consumer's concurrency: both curves overlaid,
    the change named, and the utilization difference in the table."""
    open_example(window, "ecommerce")
    first = run_and_wait(ui, duration=60)
    window.editor.set_param("payments", "concurrency", 48)
    second = run_and_wait(ui, duration=60)
    compare = ui.compare
    compare.choose(first.number, second.number, "payments.busy")
    assert len(compare.plot.listDataItems()) == 2
    assert "payments.concurrency: 24 → 48" in compare.changes.text()
    rows = {compare.table.item(r, 0).text(): r for r in range(compare.table.rowCount())}
    row = rows["payments utilization"]
    assert compare.table.item(row, 4).text().startswith("-")


def test_exports_write_summary_series_traces_and_charts(window, ui, prompts, tmp_path):
    """Exports write the CLI's summary JSON, series CSV and traces JSONL, and PNG/SVG charts."""
    open_example(window, "ecommerce")
    record = run_and_wait(ui, duration=60)
    names = ["summary.json", "series.csv", "traces.jsonl", "latency.png", "depth.svg"]
    prompts.export_paths = [tmp_path / n for n in names]
    for what in ("summary", "series", "traces"):
        ui.export_result(what)
    ui.export_chart("latency")
    ui.export_chart("depth")
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["events"] == record.result.to_json_dict()["events"]
    lines = (tmp_path / "series.csv").read_text().splitlines()
    assert lines[0].startswith("t,") and len(lines) == record.series.rows + 1
    traces = (tmp_path / "traces.jsonl").read_text().splitlines()
    assert len(traces) == len(record.result.traces)
    assert not QImage(str(tmp_path / "latency.png")).isNull()
    assert (tmp_path / "depth.svg").read_text().lstrip().startswith("<?xml")
    assert not prompts.errors


def test_screenshot_mode_runs_the_scenario_to_the_end(tmp_path):
    """`eventscape FILE --run --screenshot OUT.png` runs the scenario and saves 1400x900."""
    out = tmp_path / "run.png"
    code = main([str(EXAMPLES / "bank-account-opening.yaml"), "--run", "--screenshot", str(out)])
    assert code == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
