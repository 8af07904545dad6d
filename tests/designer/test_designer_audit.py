"""The Audit view (issue 16): the last run's decisions, filtered, and the selected record's
event path highlighted on the canvas like a trace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from designer.audit.log import ACTION, NODE, AuditLog, audit_path
from designer.audit.panel import NO_RECORDS, AuditPanel
from designer.main_window import MainWindow
from designer.paths import EXAMPLES
from designer.run.screenshot import wait_until


@pytest.fixture
def run_window(qtbot, tmp_path):
    """A shown main window with the run panel and the e-commerce example open."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings, None, tmp_path / "recovery", restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_file(EXAMPLES / "ecommerce.yaml", ask=False)
    yield win
    win.run_ui.controller.shutdown()
    win.doc.undo_stack.setClean()
    win.autosave_timer.stop()


def _run(window, duration: float = 60.0):
    ui = window.run_ui
    ui.bar.duration.setValue(duration)
    ui.bar.run_action.trigger()
    record = ui.controller.history.current
    assert wait_until(lambda: record.finished, 60.0), "the run did not finish"
    return record


def test_audit_view_filters_by_action_and_highlights_the_path(run_window):
    """With the Audit view open, a run's records arrive in it; choosing an action keeps
    only that action's records, and selecting one lights exactly its root event's edges."""
    window = run_window
    window.audit_dock.show()
    record = _run(window)
    panel: AuditPanel = window.audit_panel
    total = len(panel.log)
    assert total > 100 and panel.model.rowCount() == total
    assert {"publish", "deliver", "complete"} <= set(panel.log.values(ACTION))
    panel.action.setCurrentIndex(panel.action.findData("publish"))
    shown = panel.model.shown
    assert 0 < len(shown) < total
    assert all(panel.log.rows[i][ACTION] == "publish" for i in shown)
    assert panel.count.text().startswith(f"{len(shown):,} of {total:,} records")
    panel.action.setCurrentIndex(panel.action.findData(None))
    panel.node.setCurrentIndex(panel.node.findData("inventory"))
    assert {panel.log.rows[i][NODE] for i in panel.model.shown} == {"inventory"}
    panel.select_row(0)
    path = audit_path(panel.log.related(panel.model.shown[0]), record.topology)
    lit = {key for key, item in window.scene.edge_items.items() if item.highlight_color}
    assert lit == path.edges
    expected = {("bus", "orders", "flow"), ("orders", "payments", "flow")}
    expected |= {("payments", "bus", "flow"), ("bus", "inventory", "flow")}
    assert expected <= lit
    assert window.scene.node_items["inventory"].overlay_text.startswith("hop ")
    chosen = panel.model.shown[0]
    panel.node.setCurrentIndex(panel.node.findData(None))
    panel.select_row(panel.model.shown.index(chosen))
    panel.only_event.setChecked(True)  # every decision about that root event
    rows = [panel.log.rows[i] for i in panel.model.shown]
    assert {row[5] for row in rows} == {panel.log.rows[chosen][5]}
    assert rows == panel.log.related(chosen) and rows[0][6] == "publish"
    assert panel._chosen() == chosen
    panel.only_event.setChecked(False)
    assert len(panel.model.shown) == total
    panel.table.clearSelection()
    lit = {key for key, item in window.scene.edge_items.items() if item.highlight_color}
    assert lit == set()


def test_time_range_filter(run_window):
    """The time range keeps only records whose time lies inside it."""
    window = run_window
    window.audit_dock.show()
    _run(window, 30.0)
    panel: AuditPanel = window.audit_panel
    panel.start.setValue(10.0)
    panel.end.setValue(20.0)
    times = [panel.log.rows[i][0] for i in panel.model.shown]
    assert times and all(10.0 <= t <= 20.0 for t in times)
    assert len(times) < len(panel.log)


def test_run_with_the_view_closed_is_not_audited(run_window):
    """A run made while the Audit view is closed records nothing and the view says so."""
    window = run_window
    record = _run(window, 10.0)
    assert record.audit is None
    assert window.audit_panel.count.text() == NO_RECORDS


def test_capped_records_are_announced(qtbot):
    """When the run had more decisions than the cap, the view says how many were left out."""
    panel = AuditPanel()
    qtbot.addWidget(panel)
    rows = [(float(i), "q", "1", "us-east-1", f"e{i}", f"e{i}", "deliver", None) for i in range(5)]
    panel.show_log(AuditLog(rows, dropped=7, cap=5), None)
    assert "Capped" in panel.count.text() and "7 later ones were left out" in panel.count.text()


POLICY_YAML = """\
format: eventscape/topology
version: 1
name: Partners
scenario: {duration: 60, warmup: 0, seed: 3}
nodes:
  - id: partner
    kind: producer
    account: '444455556666'
    position: [0, 0]
    load: {profile: constant, rate: 5}
  - id: bus
    kind: router
    position: [260, 0]
    policy:
      - {effect: Deny, principals: ['444455556666'], actions: [publish]}
  - {id: work, kind: consumer, position: [520, 0], service_time: 0.05}
edges:
  - {from: partner, to: bus}
  - {from: bus, to: work, pattern: {source: [{prefix: ''}]}}
"""


def test_denied_events_show_in_results_and_the_audit(run_window, tmp_path):
    """Events a bus's policy refuses are counted as denied in Results (in red), in the
    loss call-outs and in the bus's Denied cell of the per-node table (a column shown only
    when some node denied); the Audit view lists them as `deny`, decided by the
    statement."""
    path = tmp_path / "partners.yaml"
    path.write_text(POLICY_YAML, encoding="utf-8")
    window = run_window
    assert window.open_file(path, ask=False)
    window.audit_dock.show()
    record = _run(window)
    denied = record.result.events["denied"]
    assert denied == record.result.events["produced"] > 0
    results = window.run_ui.results
    assert f"{denied:,} denied" in results.headline.text()
    assert "denied (100.00% of produced)" in results.callout.text()
    table = results.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    denied_col = headers.index("Denied")
    assert not table.isColumnHidden(denied_col)
    assert table.isColumnHidden(headers.index("Replayed"))  # no node replayed
    cells = {table.item(r, 0).text(): table.item(r, denied_col).text() for r in range(3)}
    assert cells["bus"] == f"{denied:,}"  # per node, as --json's nodes.bus.denied
    panel: AuditPanel = window.audit_panel
    panel.action.setCurrentIndex(panel.action.findData("deny"))
    rows = [panel.log.rows[i] for i in panel.model.shown]
    assert len(rows) == denied
    assert all("statement" in str(row[-1]) for row in rows)


def test_only_the_selected_event_shows_its_every_decision_whatever_the_filters(run_window):
    """Ticking "Only the selected event" on a record found by its action shows every
    decision about that event (as its tooltip says), not just those the action filter
    keeps (a publish record listed only itself); the other filters are greyed out until
    it is unticked, which brings the filtered list back."""
    window = run_window
    window.audit_dock.show()
    _run(window, 30.0)
    panel: AuditPanel = window.audit_panel
    panel.action.setCurrentIndex(panel.action.findData("publish"))
    published = list(panel.model.shown)
    panel.select_row(0)
    chosen = panel._chosen()
    assert chosen is not None
    panel.only_event.setChecked(True)
    rows = [panel.log.rows[i] for i in panel.model.shown]
    assert rows == panel.log.related(chosen) and len(rows) > 1
    assert not panel.action.isEnabled() and not panel.start.isEnabled()
    panel.only_event.setChecked(False)
    assert panel.model.shown == published and panel.action.isEnabled()
