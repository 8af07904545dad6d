"""Editors of a node's placement and access (issue 16): its Region from the list of known
Regions, and a router's or topic's resource policy as checked YAML. (An account is typed
text, checked like the file reader checks it: the generic text editor.)"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from designer.document import UNSET
from designer.inspector.editors import FieldEditor
from designer.inspector.structured import StructuredEditor
from simulator.model import Param
from simulator.model.policy import check_policy
from simulator.model.regions import region_codes, region_name

SCENARIO_REGION = "The scenario's Region"
POLICY_EXAMPLE = (
    "- effect: Allow\n  principals: ['111122223333']\n  actions: [publish]\n"
    "- effect: Deny\n  principals: ['444455556666']\n  actions: [publish, subscribe]"
)


class RegionEditor(FieldEditor):
    """A node's Region: the scenario's (unset) or one of the known Region codes."""

    def __init__(self, param: Param) -> None:
        super().__init__()
        self.param = param
        self.combo = QComboBox()
        self.combo.setToolTip(param.doc)
        self.combo.addItem(SCENARIO_REGION, None)
        for code in region_codes():
            self.combo.addItem(f"{code} · {region_name(code)}", code)
        self.combo.setMaxVisibleItems(20)
        self.combo.activated.connect(self._picked)
        self._outer.addWidget(self.combo)
        self.finish_layout()

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


class PolicyEditor(StructuredEditor):
    """A resource policy: statements {effect, principals, actions, condition}, as YAML."""

    def __init__(self, param: Param) -> None:
        super().__init__("yaml", check_policy, POLICY_EXAMPLE, height=150)
        self.param = param
        self.text.setToolTip(param.doc)
