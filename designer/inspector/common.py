"""Building blocks shared by the inspector's forms: headers, rows, group boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from designer import icons, style
from designer.wraplabel import HelpLabel, WrapLabel


class Form(QWidget):
    """A page of the inspector; `refresh` re-reads the model."""

    def __init__(self) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(10, 10, 10, 10)
        self.layout_.setSpacing(10)

    def refresh(self) -> None:
        """Show the model's current values."""


def header(title: str, subtitle: str, doc: str, kind: str | None = None) -> QWidget:
    """Icon, bold title, muted subtitle and a wrapped description."""
    box = QWidget()
    outer = QVBoxLayout(box)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(3)
    top = QHBoxLayout()
    top.setSpacing(8)
    if kind is not None:
        badge = QLabel()
        badge.setPixmap(icons.kind_icon(kind, 26))
        top.addWidget(badge)
    name = QLabel(title)
    name.setProperty("role", "heading")
    name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    top.addWidget(name, 1)
    outer.addLayout(top)
    if subtitle:
        sub = WrapLabel(subtitle)  # "application (PutEvents / Publish / SendMessage)"
        sub.setProperty("role", "muted")
        outer.addWidget(sub)
    if doc:
        text = WrapLabel(doc)
        outer.addWidget(text)
    return box


def group(title: str) -> tuple[QGroupBox, QFormLayout]:
    """A titled box with a two-column form inside."""
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setContentsMargins(8, 10, 8, 8)
    form.setVerticalSpacing(8)
    return box, form


def with_doc(editor: QWidget, doc: str) -> QWidget:
    """An editor with its parameter's description in small muted text underneath."""
    if not doc:
        return editor
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(editor)
    note = HelpLabel(doc)
    note.setProperty("role", "muted")
    note.setFont(style.font(8))
    layout.addWidget(note)
    return box


def muted(text: str) -> QLabel:
    """A grey explanatory line."""
    label = WrapLabel(text)
    label.setProperty("role", "muted")
    return label
