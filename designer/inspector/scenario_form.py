"""The inspector page when nothing is selected: the design's name and its run scenario."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

from designer.document import UNSET, Document
from designer.editing import Editor
from designer.inspector.archive import ReplaysEditor
from designer.inspector.common import Form, group, header, muted, with_doc
from designer.inspector.editors import FieldEditor, NumberEditor, describe_param, editor_for
from designer.inspector.faults import FaultsEditor
from simulator.model import DEFAULT_ACCOUNT, DEFAULT_REGION, Param

SCENARIO_PARAMS = (
    Param(
        "duration",
        "number",
        600,
        minimum=0,
        exclusive_minimum=True,
        unit="s",
        doc="Simulated seconds of load",
    ),
    Param("warmup", "number", 0, minimum=0, unit="s", doc="Seconds excluded from statistics"),
    Param("seed", "int", 1, minimum=0, doc="The same seed reproduces a run exactly"),
)
PLACEMENT_PARAMS = (  # issue 16: where nodes that set no account or Region are
    Param("account", "account", DEFAULT_ACCOUNT, doc="Account of nodes that set none"),
    Param("region", "region", DEFAULT_REGION, doc="Region of nodes that set none"),
)
CONCURRENCY_PARAM = Param(  # issue 15: Lambda's concurrency quota
    "account_concurrency",
    "int",
    1000,
    minimum=100,
    doc="Lambda concurrent executions of each account in each Region, shared by its "
    "functions (reserved concurrency comes out of it)",
)


class ScenarioForm(Form):
    """Name, description, duration, warmup, seed, placement, faults and replays."""

    def __init__(self, doc: Document, editor: Editor) -> None:
        super().__init__()
        self.doc = doc
        self.editor = editor
        self.layout_.addWidget(
            header("Scenario", "Nothing selected", "Select a node or an edge to edit it.")
        )
        box, form = group("Design")
        self.name = QLineEdit()
        self.name.textEdited.connect(lambda t: self._simple("name", t))
        form.addRow("Name", self.name)
        self.name_error = QLabel()
        self.name_error.setProperty("role", "error")
        self.name_error.hide()
        form.addRow("", self.name_error)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(80)
        self.description.textChanged.connect(self._described)
        form.addRow("Description", self.description)
        self.layout_.addWidget(box)
        box, form = group("Run")
        self.fields: dict[str, FieldEditor] = {}
        for param in SCENARIO_PARAMS:
            widget = NumberEditor(param)
            widget.edited.connect(lambda v, s, name=param.name: self._edit(name, v, s))
            self.fields[param.name] = widget
            unit = f" ({param.unit})" if param.unit else ""
            form.addRow(param.name.capitalize() + unit, with_doc(widget, describe_param(param)))
        self.layout_.addWidget(box)
        self._placement()
        box, form = group("Faults")
        form.addRow(muted("Windows in which a node is out, slow or failing."))
        self.faults = FaultsEditor()
        self.faults.edited.connect(self._faults_edited)
        form.addRow(self.faults)
        self.layout_.addWidget(box)
        box, form = group("Replays")
        form.addRow(muted("Re-send a window of a bus's archive into it later (recovery)."))
        self.replays = ReplaysEditor()
        self.replays.edited.connect(self._replays_edited)
        form.addRow(self.replays)
        self.layout_.addWidget(box)
        self.layout_.addStretch(1)
        self._session = object()
        self._loading = False
        self.refresh()

    def _placement(self) -> None:
        """The default account and Region of the design's nodes (issue 16)."""
        box, form = group("Account and Region")
        for param in PLACEMENT_PARAMS:
            widget = editor_for(param)
            widget.edited.connect(lambda v, s, name=param.name: self._edit(name, v, s))
            self.fields[param.name] = widget
            form.addRow(f"Default {param.name}", with_doc(widget, param.doc))
        show_default = getattr(self.fields["region"], "show_default", None)
        if show_default is not None:
            show_default(DEFAULT_REGION, "Default")
        widget = NumberEditor(CONCURRENCY_PARAM)
        widget.edited.connect(lambda v, s: self._edit(CONCURRENCY_PARAM.name, v, s))
        self.fields[CONCURRENCY_PARAM.name] = widget
        form.addRow("Lambda concurrency", with_doc(widget, describe_param(CONCURRENCY_PARAM)))
        self.layout_.addWidget(box)

    def _simple(self, field: str, text: str) -> None:
        problems = self.editor.set_scenario(field, text, ("text", field, id(self)))
        self.name_error.setText("; ".join(problems))
        self.name_error.setVisible(bool(problems))

    def _described(self) -> None:
        if not self._loading:
            self.editor.set_scenario(
                "description", self.description.toPlainText(), ("desc", id(self))
            )

    def _edit(self, name: str, value: object, session: object) -> None:
        if value is UNSET:
            params = (*SCENARIO_PARAMS, *PLACEMENT_PARAMS, CONCURRENCY_PARAM)
            value = next(p.default for p in params if p.name == name)
        problems = self.editor.set_scenario(name, value, session)
        self.fields[name].show_problems(problems)

    def _faults_edited(self, faults: list) -> None:
        problems = self.editor.set_scenario("faults", faults)
        self.faults.show_problems(problems)

    def _replays_edited(self, replays: list) -> None:
        problems = self.editor.set_scenario("replays", replays)
        self.replays.show_problems(problems)

    def refresh(self) -> None:
        """Show the current scenario."""
        topology = self.doc.topology
        self._loading = True
        if not self.name.hasFocus():
            self.name.setText(topology.name)
        if not self.description.hasFocus():
            self.description.setPlainText(topology.description)
        self._loading = False
        for name, widget in self.fields.items():
            widget.set_value(getattr(topology.scenario, name))
        if not self.faults.table.hasFocus():
            self.faults.set_faults(topology.scenario.faults, [n.id for n in topology.nodes])
        if not self.replays.table.hasFocus():
            self.replays.set_replays(topology.scenario.replays, topology)
