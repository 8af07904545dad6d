"""The inspector page of one node: identity, then an editor per parameter of its kind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QVBoxLayout

from designer.document import Document
from designer.editing import Editor
from designer.experiments.menu import attach, attach_field
from designer.inspector.common import Form, group, header, with_doc
from designer.inspector.editors import (
    FieldEditor,
    NumberEditor,
    describe_param,
    editor_for,
    title_of,
)

BOXED = ("load", "events", "policy", "archive")  # types that get a box of their own
PLACED = ("account", "region")  # in the "Account and Region" box (issue 16)


class NodeForm(Form):
    """Edits one node; built from its kind's parameter specs alone."""

    def __init__(
        self,
        doc: Document,
        editor: Editor,
        node_id: str,
        context: Callable[[], tuple[float, Path | None]],
    ) -> None:
        super().__init__()
        self.doc = doc
        self.editor = editor
        self.node_id = node_id
        node = doc.node(node_id)
        spec = node.spec
        self.layout_.addWidget(header(spec.title, spec.aws, spec.doc, node.kind))
        self._identity()
        self.fields: dict[str, FieldEditor] = {}
        box, form = group("Parameters")
        place_box, place_form = group("Account and Region")
        for param in spec.params:
            widget = editor_for(param, context)
            widget.edited.connect(
                lambda value, session, name=param.name: self._edit(name, value, session)
            )
            self.fields[param.name] = widget
            unit = f" ({param.unit})" if param.unit == "s" and param.type != "distribution" else ""
            if param.type in BOXED:
                own = QGroupBox(title_of(param.name) + unit)
                inner = QVBoxLayout(own)
                inner.addWidget(with_doc(widget, describe_param(param)))
                self.layout_.addWidget(own)
                if param.type == "load":  # right-click: sweep or seek the load's rate
                    attach(own, lambda: self.node_id, "load.rate")
            elif param.name in PLACED:
                label = QLabel(title_of(param.name))
                label.setToolTip(param.doc)
                place_form.addRow(label, with_doc(widget, describe_param(param)))
            else:
                label = QLabel(title_of(param.name) + unit)
                label.setToolTip(param.doc)
                if param.type in ("int", "number"):  # right-click: Sweep this… / Find…
                    attach(label, lambda: self.node_id, param.name)
                    if isinstance(widget, NumberEditor):  # on the value field too
                        attach_field(widget.line, lambda: self.node_id, param.name)
                form.addRow(label, with_doc(widget, describe_param(param)))
        if form.rowCount():
            self.layout_.insertWidget(2, box)
        if place_form.rowCount():  # right under the parameters
            self.layout_.insertWidget(3 if form.rowCount() else 2, place_box)
        self.layout_.addStretch(1)
        self.refresh()

    def _identity(self) -> None:
        box, form = group("Identity")
        self.id_edit = QLineEdit()
        self.id_edit.editingFinished.connect(self._rename)
        self.id_error = QLabel()
        self.id_error.setProperty("role", "error")
        self.id_error.hide()
        form.addRow("Id", self.id_edit)
        form.addRow("", self.id_error)
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText("shown on the canvas (default: the id)")
        self.label_session = object()
        self.label_edit.textEdited.connect(self._relabel)
        self.label_edit.editingFinished.connect(self._new_label_session)
        form.addRow("Label", self.label_edit)
        self.layout_.addWidget(box)

    def _new_label_session(self) -> None:
        self.label_session = object()

    def _rename(self) -> None:
        new = self.id_edit.text().strip()
        if new == self.node_id:
            return
        problems = self.editor.rename(self.node_id, new)
        self.id_error.setText("; ".join(problems))
        self.id_error.setVisible(bool(problems))

    def _relabel(self, text: str) -> None:
        self.editor.set_label(self.node_id, text, self.label_session)

    def _edit(self, name: str, value: object, session: object) -> None:
        problems = self.editor.set_param(self.node_id, name, value, session)
        self.fields[name].show_problems(problems)

    def refresh(self) -> None:
        """Show the node's current values."""
        if not self.doc.topology.has_node(self.node_id):
            return
        node = self.doc.node(self.node_id)
        if not self.id_edit.hasFocus():
            self.id_edit.setText(node.id)
            self.id_error.hide()
        if not (self.label_edit.hasFocus() and self.label_edit.text() == node.label):
            self.label_edit.setText(node.label)
        for name, widget in self.fields.items():
            widget.set_value(self.doc.node_value(self.node_id, name))
        self._show_placement_defaults()

    def _show_placement_defaults(self) -> None:
        """What an unset account or Region means: the scenario's (issue 16)."""
        scenario = self.doc.topology.scenario
        show_default = getattr(self.fields.get("region"), "show_default", None)
        if show_default is not None:
            show_default(str(scenario.region))
        account = getattr(self.fields.get("account"), "line", None)
        if account is not None:
            account.setPlaceholderText(f"the scenario's: {scenario.account}")
