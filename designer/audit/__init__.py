"""The Audit view (issue 16): every decision of the last run, filterable, linked to the canvas.

Decision (documented in the README): runs are audited while the Audit view is open
(View > Panels > Audit, or Run > Audit View), because recording costs time and memory on
every decision; the designer keeps the first `designer.run.child.AUDIT_CAP` records of
the streamed run (replications are not audited) and says so in the view when it capped
them. A run made with the view closed shows a note to run again with it open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from designer.audit.log import AuditLog
from designer.audit.panel import AuditPanel

if TYPE_CHECKING:
    from designer.main_window import MainWindow
    from designer.run.history import RunRecord


def install(window: MainWindow) -> AuditPanel | None:
    """Add the Audit dock (closed at first) to a window that has the run panel."""
    ui = getattr(window, "run_ui", None)
    if ui is None:
        return None
    panel = AuditPanel()
    dock = window.add_dock("Audit", panel, Qt.DockWidgetArea.RightDockWidgetArea)
    inspector = getattr(window, "inspector_dock", None)
    if inspector is not None:
        window.tabifyDockWidget(inspector, dock)
        inspector.raise_()
    dock.hide()
    opener = dock.toggleViewAction()
    opener.setText("&Audit View")
    ui.menu.addSeparator()
    ui.menu.addAction(opener)
    ui.controller.want_audit = lambda: not dock.isHidden()

    def opened(shown: bool) -> None:
        if shown:  # room for the table: most of the right column's height
            dock.raise_()
            window.resizeDocks([dock], [int(window.height() * 0.6)], Qt.Orientation.Vertical)

    opener.toggled.connect(opened)

    def finished(record: RunRecord) -> None:
        if record is ui.shown:
            panel.show_log(_log(record), record.topology)

    def path_selected(path) -> None:
        if path is None:
            ui.overlay.clear_trace()
            if ui.shown is not None:
                ui.scrub(ui.bar.slider.value())
            return
        ui.overlay.show_trace(path.nodes, path.edges, path.bad)

    ui.controller.runStarted.connect(lambda record: panel.clear(f"{record.label}: running…"))
    ui.controller.runFinished.connect(finished)
    window.doc.topologyReset.connect(panel.clear)
    panel.pathSelected.connect(path_selected)
    window.audit_panel = panel  # type: ignore[attr-defined]
    window.audit_dock = dock  # type: ignore[attr-defined]
    return panel


def _log(record: RunRecord) -> AuditLog | None:
    message = record.audit
    if message is None:
        return None
    return AuditLog(message.records, message.dropped, message.cap)


__all__ = ["AuditLog", "AuditPanel", "install"]
