"""The inspector dock content: shows the form for the selection and keeps it current."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from designer.document import Document, EdgeKey
from designer.editing import Editor
from designer.inspector.common import Form, header, muted
from designer.inspector.edge_form import EdgeForm
from designer.inspector.node_form import NodeForm
from designer.inspector.scenario_form import ScenarioForm
from designer.wheelguard import WheelGuard
from designer.wraplabel import WrapLabel, follow_height


class Inspector(QScrollArea):
    """A scrollable page: node form, edge form, scenario form or a selection summary."""

    def __init__(self, doc: Document, editor: Editor) -> None:
        super().__init__()
        self.doc = doc
        self.editor = editor
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(320)
        self.form: Form | QWidget | None = None
        self.target: tuple[str, object] = ("scenario", None)
        self._pending_refresh = QTimer(self)
        self._pending_refresh.setSingleShot(True)
        self._pending_refresh.setInterval(0)
        self._pending_refresh.timeout.connect(self._refresh)
        doc.nodeChanged.connect(lambda node_id: self._changed("node", node_id))
        doc.nodeRenamed.connect(self._renamed)
        doc.edgeChanged.connect(self._edge_changed)
        doc.scenarioChanged.connect(lambda: self._changed("scenario", None))
        doc.nodeAdded.connect(lambda _id: self._changed("scenario", None))
        doc.nodeRemoved.connect(self._removed)
        doc.edgeRemoved.connect(self._removed)
        doc.topologyReset.connect(self.show_scenario)
        self.show_scenario()

    # --- what to show -------------------------------------------------------------------
    def show_selection(self, node_ids: list[str], edge_keys: list[EdgeKey]) -> None:
        """The form for a single node or edge, the scenario, or a summary."""
        if len(node_ids) == 1 and not edge_keys:
            self.show_node(node_ids[0])
        elif len(edge_keys) == 1 and not node_ids:
            self.show_edge(edge_keys[0])
        elif not node_ids and not edge_keys:
            self.show_scenario()
        else:
            self._show(("many", None), _summary(len(node_ids), len(edge_keys)))

    def show_node(self, node_id: str) -> None:
        """Edit a node."""
        if self.target != ("node", node_id):
            self._show(("node", node_id), NodeForm(self.doc, self.editor, node_id, self._context))

    def show_edge(self, key: EdgeKey) -> None:
        """Edit an edge."""
        if self.target != ("edge", key):
            self._show(("edge", key), EdgeForm(self.doc, self.editor, key))

    def show_scenario(self) -> None:
        """Edit the scenario (nothing selected)."""
        self._show(("scenario", None), ScenarioForm(self.doc, self.editor))

    def _show(self, target: tuple[str, object], form: QWidget) -> None:
        self.target = target
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.form = form
        _narrow_combos(form, self)
        _wrap_row_labels(form)
        self.setWidget(form)

    def _context(self) -> tuple[float, Path | None]:
        """Preview span and base directory for the load editor."""
        return float(self.doc.topology.scenario.duration), self.doc.topology.base_dir

    # --- following the model ------------------------------------------------------------
    def _changed(self, kind: str, ident: object) -> None:
        if self.target[0] == kind and (ident is None or self.target[1] == ident):
            self._pending_refresh.start()

    def _refresh(self) -> None:
        if isinstance(self.form, Form):
            self.form.refresh()

    def _renamed(self, old: str, new: str) -> None:
        if self.target == ("node", old) and isinstance(self.form, NodeForm):
            self.target = ("node", new)
            self.form.node_id = new
            self._pending_refresh.start()

    def _edge_changed(self, old: EdgeKey, new: EdgeKey) -> None:
        if self.target == ("edge", old) and isinstance(self.form, EdgeForm):
            self.target = ("edge", new)
            self.form.key = new
            self._pending_refresh.start()

    def _removed(self, ident: object) -> None:
        if self.target[1] == ident:
            self.show_scenario()
        elif self.target[0] == "scenario":
            self._pending_refresh.start()


def _summary(nodes: int, edges: int) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(10, 10, 10, 10)
    parts = []
    if nodes:
        parts.append(f"{nodes} node{'s' * (nodes != 1)}")
    if edges:
        parts.append(f"{edges} edge{'s' * (edges != 1)}")
    layout.addWidget(header(" and ".join(parts) + " selected", "", ""))
    layout.addWidget(
        muted(
            "Select a single node or edge to edit it. Delete, copy, duplicate "
            "and move work on the whole selection."
        )
    )
    layout.addWidget(QLabel())
    layout.addStretch(1)
    return page


COMBO_CHARS = 10  # a drop-down asks for this many characters at least, not its longest item


def _narrow_combos(form: QWidget, page: QScrollArea) -> None:
    """Drop-downs size to a few characters, not to their longest choice (an AWS Region's
    long name made the form wider than a narrow dock, cutting every help line off at the
    right); the open list still shows whole names. A wheel turn over a drop-down or a
    number box that has not got the focus scrolls the page instead of changing the value
    (scrolling the inspector turned a cold start from uniform to normal)."""
    guard = WheelGuard(page)
    for box in form.findChildren(QAbstractSpinBox):
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        box.installEventFilter(guard)
    for combo in form.findChildren(QComboBox):
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        combo.installEventFilter(guard)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARS)
        view = combo.view()
        if view is not None:
            view.setMinimumWidth(view.sizeHintForColumn(0) + 24)


def _wrap_row_labels(form: QWidget) -> None:
    """Row labels ("Maximum concurrency") may wrap onto two lines, and a field that still
    does not fit beside its label goes under it: a narrow dock fits every row."""
    for layout in form.findChildren(QFormLayout):
        # a field wider than what the label leaves goes under its label
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for row in range(layout.rowCount()):
            item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel) and label.text():
                label.setWordWrap(True)
    for label in form.findChildren(QLabel):  # also the editors' own wrapped notes
        if label.wordWrap() and not isinstance(label, WrapLabel):
            follow_height(label)
