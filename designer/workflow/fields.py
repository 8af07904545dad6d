"""Inspector fields of a workflow node: its definition (summary and the button that opens the
state machine window) and its `tasks` timing (YAML, checked as you type)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton

from designer.document import UNSET
from designer.inspector.editors import FieldEditor
from designer.inspector.structured import StructuredEditor
from designer.workflow.asl_text import state_names
from simulator.model import Param

TASKS_EXAMPLE = (
    "Check:\n  service_time: {dist: exponential, mean: 1.0}\n  failure_rate: 0.1\n"
    "  error: Checks.Failed\nApprove:\n  service_time: {dist: lognormal, mean: 3600, sd: 1800}"
)


class DefinitionField(FieldEditor):
    """What the state machine holds, and `Edit State Machine…` (the diagram and the text)."""

    def __init__(self, param: Param) -> None:
        super().__init__()
        self.param = param
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.button = QPushButton("Edit State Machine…")
        self.button.setToolTip("Open the state machine as a diagram beside its ASL text")
        self.button.clicked.connect(self.open_window)
        self._outer.addWidget(self.summary)
        self._outer.addWidget(self.button)
        self.finish_layout()

    def open_window(self) -> None:
        """Open the state machine window of the node the inspector shows (the selected one)."""
        workflows = getattr(self.window(), "workflows", None)
        if workflows is not None:
            workflows.open_selected()

    def set_value(self, value: Any) -> None:
        """Show how many states the definition has and where it starts."""
        if value is UNSET or value is None:
            self.summary.setText("No definition in the node (see definition_file, or edit one)")
            return
        names = state_names(value)
        start = value.get("StartAt") if isinstance(value, dict) else None
        count = len(names)
        self.summary.setText(f"{count} state{'s' * (count != 1)}, starting at {start}")


class TasksEditor(StructuredEditor):
    """Timing of Task states that invoke no node, as YAML: state -> service_time, ..."""

    def __init__(self, param: Param) -> None:
        super().__init__("yaml", param.check, TASKS_EXAMPLE, height=130)
        self.param = param
        self.text.setToolTip(param.doc)
