"""The editor of a `choice` parameter: a drop-down of its allowed values."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from designer.document import UNSET
from designer.inspector.editors import FieldEditor
from simulator.model import Param


class ChoiceEditor(FieldEditor):
    """One of `param.choices`; each pick is an edit of its own."""

    def __init__(self, param: Param) -> None:
        super().__init__()
        self.param = param
        self.combo = QComboBox()
        self.combo.addItems([str(c) for c in param.choices])
        self.combo.setToolTip(param.doc)
        self.combo.activated.connect(self._picked)
        self._outer.addWidget(self.combo)
        self.finish_layout()

    def _picked(self, index: int) -> None:
        self.new_session()
        self.emit_value(self.param.choices[index])

    def set_value(self, value: Any) -> None:
        """Show the model's value (the default when not set)."""
        shown = self.param.default if value is UNSET or value is None else value
        index = self.combo.findText(str(shown))
        self.combo.setCurrentIndex(max(0, index))
        self.show_problems([])
