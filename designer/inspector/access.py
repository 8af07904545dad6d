"""The editor of a node's Region (issue 16): the scenario's, or one from the list of known
Regions. (An account is typed text, checked as the file reader checks it: the generic text
editor; a policy has its own editor, designer.inspector.policy.)"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget

from designer.document import UNSET
from designer.inspector.editors import FieldEditor
from simulator.model import Param, region_codes, region_name

SCENARIO_REGION = "The scenario's Region"


class RegionEditor(FieldEditor):
    """A node's Region: the scenario's (unset) or one of the known Region codes."""

    def __init__(self, param: Param) -> None:
        super().__init__()
        self.param = param
        self.combo = FocusCombo()
        self.combo.setToolTip(param.doc)
        self.combo.addItem(SCENARIO_REGION, None)
        for code in region_codes():
            self.combo.addItem(f"{code} · {region_name(code)}", code)
        self.combo.setMaxVisibleItems(20)
        self.combo.activated.connect(self._picked)
        self._outer.addWidget(self.combo)
        self.finish_layout()

    def show_default(self, code: str, text: str = SCENARIO_REGION) -> None:
        """Name the Region an unset value means in the first entry (a node's: the
        scenario's; the scenario's: the built-in default)."""
        self.combo.setItemText(0, f"{text} ({code})")

    def _picked(self, index: int) -> None:
        self.new_session()
        code = self.combo.itemData(index)
        self.emit_value(UNSET if code is None else code)

    def set_value(self, value: Any) -> None:
        """Select the node's Region (the first entry when it has none)."""
        code = None if value is UNSET else value
        index = self.combo.findData(code)
        if index < 0:  # a code the list does not know (the Problems panel says why)
            self.combo.addItem(f"{code} (unknown)", code)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)
        self.show_problems([])


class FocusCombo(QComboBox):
    """A drop-down that a wheel turn changes only once it has the focus: scrolling the
    inspector over it scrolls the page instead of changing the value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Change the value when focused; else leave the turn to the scrolling page."""
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()
