"""The inspector page of one edge: kind, pattern or filter, emits and latency."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QVBoxLayout

from designer.document import Document, EdgeKey
from designer.editing import Editor
from designer.inspector.common import Form, group, header, muted
from designer.inspector.distribution import DistributionEditor
from designer.inspector.editors import FieldEditor
from designer.inspector.pattern import PatternEditor
from designer.inspector.structured import emits_editor
from designer.samples import sample_for
from simulator.model import EDGE_KINDS, Param

KIND_HELP = {
    "flow": "Events flow from source to target.",
    "dead-letter": "Where the queue moves a message after max_receive_count failed receives.",
    "on-failure": "Where the consumer sends an event that finally failed (after retries).",
}
LATENCY = Param(
    "latency", "distribution", None, optional=True, unit="s", doc="Network latency of the hop"
)
KEY_TITLES = {
    "pattern": "Event pattern (rule)",
    "filter": "Filter policy (subscription)",
    "emits": "Emits",
}
KEY_HELP = {
    "pattern": "EventBridge event pattern, JSON. Empty: every event is delivered.",
    "filter": "SNS filter policy on the event's detail, JSON. Empty: every event is delivered.",
    "emits": "Envelope fields of the event the consumer publishes on success, YAML.",
}


class EdgeForm(Form):
    """Edits one edge; only the keys its source kind allows are offered."""

    def __init__(self, doc: Document, editor: Editor, key: EdgeKey) -> None:
        super().__init__()
        self.doc = doc
        self.editor = editor
        self.key = key
        edge = doc.edge(key)
        source = doc.node(edge.source)
        target = doc.node(edge.target)
        subtitle = f"{source.spec.title} → {target.spec.title}"
        self.layout_.addWidget(header(f"{source.title} → {target.title}", subtitle, ""))
        box, form = group("Connection")
        self.kind_combo = QComboBox()
        for kind in EDGE_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.kind_combo.activated.connect(self._kind_chosen)
        form.addRow("Kind", self.kind_combo)
        self.kind_help = muted("")
        form.addRow("", self.kind_help)
        self.kind_error = QLabel()
        self.kind_error.setProperty("role", "error")
        self.kind_error.setWordWrap(True)
        self.kind_error.hide()
        form.addRow("", self.kind_error)
        self.latency = DistributionEditor(LATENCY)
        self.latency.edited.connect(lambda v, s: self._edit("latency", v, s))
        form.addRow("Latency", self.latency)
        self.layout_.addWidget(box)
        self.fields: dict[str, FieldEditor] = {"latency": self.latency}
        for field in ("pattern", "filter", "emits"):
            if field in source.spec.edge_keys:
                self._add_structured(field, edge)
        self.layout_.addStretch(1)
        self.refresh()

    def _add_structured(self, field: str, edge) -> None:
        own = QGroupBox(KEY_TITLES[field])
        inner = QVBoxLayout(own)
        inner.addWidget(muted(KEY_HELP[field]))
        if field == "emits":
            widget: FieldEditor = emits_editor()
        else:
            sns = field == "filter"
            sample = sample_for(self.doc.topology, edge.source, getattr(edge, field), sns)
            widget = PatternEditor(sns, sample)
        widget.edited.connect(lambda v, s, f=field: self._edit(f, v, s))
        inner.addWidget(widget)
        self.fields[field] = widget
        self.layout_.addWidget(own)

    def _kind_chosen(self, _index: int) -> None:
        kind = self.kind_combo.currentData()
        problems = self.editor.set_edge(self.key, "kind", kind)
        self.kind_error.setText("Refused: " + "; ".join(problems) if problems else "")
        self.kind_error.setVisible(bool(problems))
        if problems:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(self.key[2]))

    def _edit(self, field: str, value: object, session: object) -> None:
        from designer.document import UNSET

        problems = self.editor.set_edge(self.key, field, None if value is UNSET else value, session)
        self.fields[field].show_problems(problems)

    def refresh(self) -> None:
        """Show the edge's current values."""
        if not self.doc.has_edge(self.key):
            return
        edge = self.doc.edge(self.key)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(edge.kind))
        self.kind_help.setText(KIND_HELP.get(edge.kind, ""))
        for field, widget in self.fields.items():
            widget.set_value(getattr(edge, field))
        self._show_default_latency(edge.source, edge.target)

    def _show_default_latency(self, source: str, target: str) -> None:
        """Between Regions, an edge without its own latency takes the typical one-way
        latency between them (issue 16): say so in the latency list's "none" entry."""
        from designer.inspector.distribution import NONE_CHOICE
        from simulator.model import is_measured, one_way_seconds

        topology = self.doc.topology
        a, b = topology.region_of(source), topology.region_of(target)
        index = self.latency.combo.findData(NONE_CHOICE)
        if index < 0:
            return
        if not hasattr(self, "_plain_default"):
            self._plain_default = self.latency.combo.itemText(index)
        text = self._plain_default
        if a != b:
            how = "typical" if is_measured(a, b) else "estimated"
            text = f"none set: {one_way_seconds(a, b) * 1000:.1f} ms, {how} {a} → {b}"
        self.latency.combo.setItemText(index, text)
