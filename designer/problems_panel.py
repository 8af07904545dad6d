"""The problems panel: validation errors and graph checks; click one to select its culprit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from designer import icons, style
from designer.validation import Issue


class ProblemsPanel(QTreeWidget):
    """One row per issue: severity, message, where."""

    issueActivated = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(2)
        self.setHeaderLabels(["Problem", "Where"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(False)
        self.setMinimumWidth(300)  # stays readable when other docks share the bottom row
        self.issues: list[Issue] = []
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def show_issues(self, issues: list[Issue]) -> None:
        """Replace the list."""
        self.issues = list(issues)
        self.clear()
        error_icon = icons.icon("error", style.ERROR)
        warning_icon = icons.icon("warning", style.WARNING)
        for index, issue in enumerate(issues):
            row = QTreeWidgetItem([issue.message, _where(issue)])
            row.setIcon(0, error_icon if issue.severity == "error" else warning_icon)
            row.setToolTip(0, issue.text)
            row.setData(0, Qt.ItemDataRole.UserRole, index)
            self.addTopLevelItem(row)
        if not issues:
            row = QTreeWidgetItem(["No problems found", ""])
            row.setIcon(0, icons.icon("ok", style.OK))
            row.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(row)

    def counts(self) -> tuple[int, int]:
        """(errors, warnings)."""
        errors = sum(1 for i in self.issues if i.severity == "error")
        return errors, len(self.issues) - errors

    def _clicked(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        index = row.data(0, Qt.ItemDataRole.UserRole)
        if index is not None:
            self.issueActivated.emit(self.issues[index])

    def activate(self, index: int) -> None:
        """Act as if row `index` was clicked."""
        item = self.topLevelItem(index)
        if item is not None:
            self._clicked(item)


def _where(issue: Issue) -> str:
    if issue.node:
        return f"node {issue.node}"
    if issue.edge:
        return f"edge {issue.edge[0]} → {issue.edge[1]}"
    return issue.where or "design"
