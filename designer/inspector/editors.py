"""Field editors: each shows one value, emits `edited(value, session)` and shows refusals.

An editor never changes the model. The form that owns it passes the value to the Editor,
which refuses invalid values with reasons; the field then shows them in red and keeps
the user's text, so nothing is silently clamped or lost.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from designer.document import UNSET
from designer.look.prices import price_hint
from simulator.model import Param, fmt


class FieldEditor(QWidget):
    """Base: a value editor with a reason line under it."""

    edited = Signal(object, object)  # value, session (edits in one session merge)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = object()
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(2)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()

    def finish_layout(self) -> None:
        """Add the reason line under the editor's own widgets."""
        self._outer.addWidget(self.error)

    def new_session(self) -> None:
        """The next edit starts a new undo step."""
        self._session = object()

    def emit_value(self, value: Any) -> None:
        """Report a user edit."""
        self._emitted = value
        self.edited.emit(value, self._session)

    def is_typing_over(self, value: Any) -> bool:
        """True while the user edits this field and the model holds what they typed last.

        The form then leaves the text alone, so a refresh caused by the user's own edit
        never clobbers what they are still typing (an invalid intermediate text included).
        """
        focus = self.window().focusWidget()
        focused = focus is not None and (focus is self or self.isAncestorOf(focus))
        return focused and getattr(self, "_emitted", _NOTHING) == value

    def set_value(self, value: Any) -> None:
        """Show `value` from the model (UNSET: the default applies)."""
        raise NotImplementedError

    def show_problems(self, problems: list[str]) -> None:
        """Show why the last edit was refused (empty list clears)."""
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
        for widget in self.findChildren(QLineEdit):
            widget.setProperty("invalid", bool(problems))
            widget.style().unpolish(widget)
            widget.style().polish(widget)


_NOTHING = object()


class _SessionFilter(QObject):
    """Starts a new undo session whenever the watched widget gains focus."""

    def __init__(self, editor: FieldEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Focus in: new session."""
        if event.type() == QEvent.Type.FocusIn:
            self.editor.new_session()
        return False


def parse_number(text: str, integer: bool) -> tuple[Any, str | None]:
    """(number, None) or (None, reason) for typed text."""
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        return None, f"not a number: {text!r}"
    if not math.isfinite(value):
        return None, "must be a finite number"
    if integer:
        if not value.is_integer():
            return None, f"must be a whole number, got {text}"
        return int(value), None
    return (
        int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value
    ), None


def range_text(param: Param) -> str:
    """`0–43200 s` style hint of a parameter's range."""
    low = param.minimum
    high = param.maximum
    unit = f" {param.unit}" if param.unit else ""
    if low is not None and high is not None:
        op = ">" if param.exclusive_minimum else ""
        return (
            f"{op}{fmt(low)}–{fmt(high)}{unit}" if not op else f"> {fmt(low)}, ≤ {fmt(high)}{unit}"
        )
    if low is not None:
        return f"{'>' if param.exclusive_minimum else '≥'} {fmt(low)}{unit}"
    if high is not None:
        return f"≤ {fmt(high)}{unit}"
    return unit.strip()


class NumberEditor(FieldEditor):
    """An int or number parameter: typed text, checked, unit and range shown."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit()
        default = "none" if param.default is None else fmt(param.default)
        self.line.setPlaceholderText(f"default {default}")
        self.line.setToolTip(f"{param.doc}\nRange: {range_text(param) or 'any'}\nEmpty: default")
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self.new_session)
        self.line.installEventFilter(_SessionFilter(self))
        row.addWidget(self.line, 1)
        if param.unit and param.unit != "s":
            unit = QLabel(param.unit)
            unit.setProperty("role", "muted")
            row.addWidget(unit)
        self._outer.addLayout(row)
        self.finish_layout()

    def _typed(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.emit_value(UNSET)
            return
        value, reason = parse_number(text, self.param.type == "int")
        if reason:
            self.show_problems([reason])
            return
        problems = self.param.check(value)
        if problems:
            self.show_problems(problems)
            return
        self.emit_value(value)

    def set_value(self, value: Any) -> None:
        """Show the model's value, unless the field already says the same."""
        if self.is_typing_over(value):
            return
        self.line.setText("" if value is UNSET or value is None else fmt(value))
        self.show_problems([])


class BoolEditor(FieldEditor):
    """A true/false parameter."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self.box = QCheckBox()
        self.box.setToolTip(param.doc)
        self.box.clicked.connect(self._clicked)
        self._outer.addWidget(self.box)
        self.finish_layout()

    def _clicked(self, checked: bool) -> None:
        self.new_session()
        self.emit_value(checked)

    def set_value(self, value: Any) -> None:
        """Tick the box when true (or when unset and true by default)."""
        self.box.setChecked(bool(self.param.default if value is UNSET else value))
        self.show_problems([])


class TextEditor(FieldEditor):
    """A string or field-path parameter (empty: unset)."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self.line = QLineEdit()
        self.line.setPlaceholderText(
            "none" if param.default is None else f"default {param.default}"
        )
        self.line.setToolTip(param.doc)
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self.new_session)
        self.line.installEventFilter(_SessionFilter(self))
        self._outer.addWidget(self.line)
        self.finish_layout()

    def _typed(self, text: str) -> None:
        if not text.strip():
            self.emit_value(UNSET)
            return
        problems = self.param.check(text.strip())
        if problems:
            self.show_problems(problems)
            return
        self.emit_value(text.strip())

    def set_value(self, value: Any) -> None:
        """Show the model's text."""
        if self.is_typing_over(value):
            return
        self.line.setText("" if value is UNSET or value is None else str(value))
        self.show_problems([])


def editor_for(param: Param, context: Any = None) -> FieldEditor:
    """The editor for a parameter, chosen by its type alone (no per-kind code)."""
    from designer.inspector.distribution import DistributionEditor
    from designer.inspector.load import LoadEditor
    from designer.inspector.structured import EventsEditor

    if param.type in ("int", "number"):
        return NumberEditor(param)
    if param.type == "bool":
        return BoolEditor(param)
    if param.type == "distribution":
        return DistributionEditor(param, context=context)
    if param.type == "load":
        return LoadEditor(param, context)
    if param.type == "events":
        return EventsEditor(param)
    if param.type == "choice":
        from designer.inspector.choice import ChoiceEditor

        return ChoiceEditor(param)
    if param.type == "region":  # placement and access (issue 16)
        from designer.inspector.access import RegionEditor

        return RegionEditor(param)
    if param.type == "policy":
        from designer.inspector.policy import PolicyEditor

        return PolicyEditor(param)
    if param.type == "archive":  # a router's archive (issue 16)
        from designer.inspector.archive import ArchiveEditor

        return ArchiveEditor(param)
    if param.type in ("definition", "tasks"):  # a workflow's state machine and task timing
        from designer.workflow.fields import DefinitionField, TasksEditor

        return DefinitionField(param) if param.type == "definition" else TasksEditor(param)
    return TextEditor(param)


ACRONYMS = {"fifo": "FIFO", "id": "id", "dlq": "DLQ", "kms": "KMS", "cpu": "CPU", "mb": "(MB)"}


def title_of(name: str) -> str:
    """`visibility_timeout` -> `Visibility timeout`, `fifo` -> `FIFO`, `memory_mb` ->
    `Memory (MB)`."""
    words = name.replace("-", "_").split("_")
    text = " ".join(ACRONYMS.get(w, w) for w in words)
    return text[:1].upper() + text[1:]


def describe_param(param: Param) -> str:
    """The parameter's description, its range and what it does to the price, for the note
    under its editor."""
    limits = range_text(param) if param.type in ("int", "number") else ""
    if limits and param.optional:
        limits += "; empty: none"
    text = f"{param.doc}. Range {limits}." if limits and param.doc else (param.doc or limits)
    hint = price_hint(param.name)  # what the parameter does to the price, if anything
    return f"{text}\n{hint}" if hint else text
